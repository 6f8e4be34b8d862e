# gen's promises about files: byte-identical reruns, mtime kept when
# unchanged, foreign files refused unless --force, --check-only for CI.
B=$FIXTURES/boards/valid/full.yaml
$MEMFIT gen --board "$B" -o out; echo "rc=$?"
cp -r out first
touch -d '2001-01-01 00:00' out/*
$MEMFIT gen --board "$B" -o out; echo "rc=$?"
for f in first/*; do cmp "$f" "out/${f#first/}" && echo "identical: ${f#first/}"; done
ls -l --time-style=+%Y out | awk 'NR > 1 { print "mtime " $6 ": " $7 }'
$MEMFIT gen --check-only --board "$B" -o out; echo "check-only fresh rc=$?"
echo "/* edited */" >> out/sections.ld
$MEMFIT gen --check-only -q --board "$B" -o out; echo "check-only stale rc=$?"
echo "MEMORY { X : ORIGIN = 0, LENGTH = 1 }" > out/memory.ld
$MEMFIT gen -q --board "$B" -o out; echo "foreign rc=$?"
grep -c MEMORY out/memory.ld
$MEMFIT gen -q --force --board "$B" -o out; echo "force rc=$?"
cmp out/memory.ld first/memory.ld && echo "memory.ld regenerated"
$MEMFIT gen -q --board "$B" --ld ld/mem.ld --header inc/board.h; echo "paths rc=$?"
mkdir ld inc
$MEMFIT gen -q --board "$B" --ld ld/mem.ld --header inc/board.h; echo "paths rc=$?"
ls ld inc
ls -a out | grep -c tmp
$MEMFIT gen -o out; echo "no board rc=$?"
$MEMFIT gen --board no-such-board; echo "unknown board rc=$?"
cp "$FIXTURES/boards/invalid/overlap.yaml" .
$MEMFIT gen --board overlap.yaml -o bad; echo "invalid rc=$?"
test -e bad && echo "bad/ was created" || echo "nothing written"
# Outputs change only when what they say changes: comments and blank
# lines in the board rewrite nothing; a stack size only what states it.
cp "$B" edit.yaml
$MEMFIT gen -q --board edit.yaml -o e; echo "edit rc=$?"
{ echo "# a comment at the top"; sed 's/^regions:/\n# regions follow\nregions:/' "$B"; } > edit.yaml
$MEMFIT gen --board edit.yaml -o e; echo "comments rc=$?"
sed 's/^stack: { region: RAM, size: 4K }/stack: { region: RAM, size: 8K }/' "$B" > edit.yaml
grep -c "size: 8K" edit.yaml
$MEMFIT gen --board edit.yaml -o e; echo "stack size rc=$?"

# memfit diff of the golden clean and grown builds (ELF + map each) in
# every format: table (ASCII, UTF-8), JSON (schemas/diff.schema.json via
# tests/schema/check_diff.py), CSV and Markdown; the formats agree.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
set -- --old-map clean.map --new-map grown.map clean.elf grown.elf
for f in "table --ascii" "table --utf8" json csv markdown; do
	echo "== memfit diff $* --format $f"
	$MEMFIT diff "$@" --format $f; echo "rc=$?"
done
$MEMFIT diff "$@" --format json -o "$out/diff.json"
/usr/bin/python3 "$ROOT/tests/schema/check_diff.py" "$out/diff.json" |
    sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" diff "$@"
echo "== maps alone: symbols come from the maps"
$MEMFIT diff --format csv clean.map grown.map; echo "rc=$?"

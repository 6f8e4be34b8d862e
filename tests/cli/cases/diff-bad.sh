# memfit diff's usage errors and bad inputs: exit 2 with one message each.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
printf '{"memfit": 1, "kind": "size"' >"$out/broken.json"
printf '{"memfit": 2}' >"$out/future.json"
printf 'not a map\n' >"$out/junk.map"
run() {
	echo "== diff $*" | sed "s|$out/||g"
	$MEMFIT diff "$@" >"$out/out" 2>&1
	rc=$?
	sed "s|$out/||g" "$out/out"
	echo "rc=$rc"
}
run clean.elf
run
run clean.map grown.map cf.map
run missing.elf grown.elf
run clean.map grown.map --fail-on-growth 2KB
run clean.map grown.map --fail-on-growth 0.125%
run clean.map grown.map --fail-on-growth 150%
run clean.map grown.map --fail-on-growth 1K:
run clean.map grown.map --fail-on-growth 1K:CCM
run --old-map clean.map clean.map grown.map
run --new-map grown.map clean.map "$out/broken.json"
run clean.map "$out/broken.json"
run "$out/future.json" grown.map
run clean.map "$out/junk.map"
# Issue 14: a diff report given to diff; a region twice; JSON deeper than
# the reader goes; used near 2^64 (signed overflow before: UBSan's abort
# exited 1, as if a growth limit were exceeded).
$MEMFIT diff --format json clean.map grown.map >"$out/d.json"
run "$out/d.json" grown.map
$MEMFIT size --format json --map clean.map >"$out/s.json"
sed 's/"name": "CCMRAM"/"name": "RAM"/' "$out/s.json" >"$out/dup.json"
run "$out/dup.json" grown.map
python3 -c 'print("{\"memfit\": 1, \"x\": " + "[" * 5000 + "]" * 5000 + "}")' >"$out/deep.json"
run "$out/deep.json" grown.map
sed 's/"used": [0-9]*/"used": 18446744073709551615/; s/"length": [0-9]*/"length": 1/' "$out/s.json" >"$out/huge.json"
run "$out/huge.json" "$out/s.json" --format csv
run "$out/s.json" "$out/huge.json" --format csv
run clean.map grown.map --format sarif
run clean.map grown.map --color sometimes
run clean.map grown.map --frob
$MEMFIT diff --help; echo "rc=$?"

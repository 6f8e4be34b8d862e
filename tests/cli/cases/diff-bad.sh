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
run clean.map grown.map --format sarif
run clean.map grown.map --color sometimes
run clean.map grown.map --frob
$MEMFIT diff --help; echo "rc=$?"

# --fail-on-growth on clean -> grown (FLASH +556, RAM +256, CCMRAM +1024 of
# 65536 = 1.5625 %): "beyond" is strictly more, percentages are of the
# region's length, :REGION limits one region; exit 1 when any is exceeded.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
limits() {
	$MEMFIT diff clean.map grown.map "$@" >"$out/diff.txt"
	rc=$?
	echo "== $*"
	grep '^growth limit' "$out/diff.txt"
	echo "rc=$rc"
}
limits --fail-on-growth 1K
limits --fail-on-growth 1023
limits --fail-on-growth 0x400 --fail-on-growth 2K:CCMRAM
limits --fail-on-growth 1.57%
limits --fail-on-growth 1.56%
limits --fail-on-growth 0.5%:RAM --fail-on-growth 0.1%:FLASH
limits --fail-on-growth 0.19%:RAM
limits --fail-on-growth 0:FLASH --fail-on-growth 1M
echo "== shrinking never fails"
$MEMFIT diff grown.map clean.map --fail-on-growth 0 >/dev/null; echo "rc=$?"
echo "== markdown and json show the limits"
$MEMFIT diff clean.map grown.map --fail-on-growth 300:RAM \
    --fail-on-growth 0.5% --format markdown; echo "rc=$?"
$MEMFIT diff clean.map grown.map --fail-on-growth 300:RAM \
    --fail-on-growth 0.5% --format json -o "$out/diff.json"; echo "rc=$?"
/usr/bin/python3 "$ROOT/tests/schema/check_diff.py" "$out/diff.json" |
    sed "s|$out/||"

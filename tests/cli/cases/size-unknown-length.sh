# Without a board or a map, memfit size knows where the ELF puts things
# but not how big the memory is: regions are the ELF's address ranges,
# their length unknown, so no format shows a free space or a Used %, and
# nothing overflows. A map alone keeps its Memory Configuration's lengths;
# a map without one (no MEMORY in the script) is like no map. diff of two
# such builds, and of a report written before lengths could be unknown
# (clean-elf-0.1.0.json: length = used) against one without lengths.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
for f in "table --ascii" json csv markdown; do
	echo "== memfit size --symbols --top 2 clean.elf --format $f"
	$MEMFIT size --symbols --top 2 clean.elf --format $f; echo "rc=$?"
done
$MEMFIT size clean.elf --format json -o "$out/clean.json"
/usr/bin/python3 "$ROOT/tests/schema/check_report.py" "$out/clean.json" \
    2>&1 | sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" size --symbols clean.elf
echo "== a map alone keeps its lengths"
$MEMFIT size --map clean.map --format csv | sed -n 2p
echo "== a map without MEMORY: regions as from the ELF alone"
sed '/^\(FLASH\|RAM\|CCMRAM\)  *0x/d' clean.map > "$out/nomem.map"
$MEMFIT size --ascii --map "$out/nomem.map"; echo "rc=$?"
$MEMFIT size --map "$out/nomem.map" --format csv | sed -n 2p
echo "== diff of two ELFs without a board"
for f in "table --ascii" json csv markdown; do
	echo "== memfit diff clean.elf grown.elf --fail-on-growth 1K --format $f"
	$MEMFIT diff clean.elf grown.elf --fail-on-growth 1K --format $f
	echo "rc=$?"
done
$MEMFIT diff clean.elf grown.elf --format json -o "$out/diff.json"
/usr/bin/python3 "$ROOT/tests/schema/check_diff.py" "$out/diff.json" |
    sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" diff clean.elf grown.elf
echo "== a percentage of an unknown length cannot apply"
$MEMFIT diff clean.elf grown.elf --fail-on-growth 1%; echo "rc=$?"
$MEMFIT diff clean.elf grown.elf --fail-on-growth 1%:0x20000000
echo "rc=$?"
echo "== an old report with lengths against a new one without"
$MEMFIT size grown.elf --format json -o "$out/grown.json"
cd "$out" || exit 1
cp "$ROOT/fixtures/golden/clean-elf-0.1.0.json" old.json
for f in "table --ascii" json csv markdown; do
	echo "== memfit diff old.json grown.json --format $f"
	$MEMFIT diff old.json grown.json --format $f; echo "rc=$?"
done
$MEMFIT diff old.json grown.json --format json -o diff2.json
/usr/bin/python3 "$ROOT/tests/schema/check_diff.py" diff2.json
echo "== a report without lengths against a map: 1% holds the map's regions"
$MEMFIT diff --ascii clean.json "$ROOT/fixtures/golden/grown.map" \
    --fail-on-growth 1% > mixed.txt
echo "rc=$?"
tail -n 1 mixed.txt
$MEMFIT diff clean.json "$ROOT/fixtures/golden/grown.map" \
    --fail-on-growth 1% --format markdown | tail -n 1

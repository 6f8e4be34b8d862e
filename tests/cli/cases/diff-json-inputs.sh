# JSON reports as diff inputs, told apart from ELFs and maps by content:
# a size report and a check report (a baseline kept by CI) against a
# build; a report without breakdowns leaves them out (null in JSON).
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
$MEMFIT size --board crazyflie-2 --map clean.map --archives --objects \
    --symbols clean.elf --format json -o "$out/clean.json"
$MEMFIT check --board crazyflie-2 --map clean.map clean.elf \
    --json "$out/clean-check.json" >/dev/null
cp "$out/clean.json" "$out/baseline"
echo "== size report (any name) vs ELF + map"
$MEMFIT diff --board crazyflie-2 --new-map grown.map "$out/baseline" \
    grown.elf --format csv; echo "rc=$?"
echo "== check report vs map"
$MEMFIT diff "$out/clean-check.json" grown.map --format json \
    -o "$out/diff.json"; echo "rc=$?"
/usr/bin/python3 "$ROOT/tests/schema/check_diff.py" "$out/diff.json" |
    sed "s|$out/||"
sed -n '/^  "old"/,/^  "regions"/p' "$out/diff.json" | sed "s|$out/||"
grep -E '"(archives|objects|symbols)"' "$out/diff.json"
echo "== a report against itself"
cd "$out" || exit 1
$MEMFIT diff clean.json clean.json --fail-on-growth 0 --format markdown
echo "rc=$?"
echo "== pipes: each input read once (diff <(...) <(...))"
g="$ROOT/fixtures/golden"
$MEMFIT diff --format csv /dev/stdin "$g/grown.map" < "$g/clean.map" |
    head -n 3
cat "$g/clean.elf" | $MEMFIT diff --format csv /dev/stdin "$g/grown.elf" |
    head -n 3

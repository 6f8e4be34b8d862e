# --format html (issue 19) on the golden Crazyflie links, no browser: the
# page is well formed and self-contained (tests/link/html_check.py), its
# embedded data is the JSON report memfit writes (size with every
# breakdown, check's --json beside it, diff's three documents) and
# validates against the schema; the check page's data is golden below.
# Bad uses: an unknown format, an unwritable -o, a cut map: one line,
# exit 2, nothing written. The browser half is tests/link/html_report.py.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
hc() { /usr/bin/python3 "$ROOT/tests/link/html_check.py" "$@" | sed "s|$out/||g"; }
set -- --board crazyflie-2 --map clean.map clean.elf
$MEMFIT size "$@" --format html -o "$out/size.html"; echo "size rc=$?"
$MEMFIT size "$@" --archives --objects --symbols --format json \
    -o "$out/size.json"
hc "$out/size.html" "$out/size.json"
set -- --board crazyflie-2 --map cf.map cf.elf
$MEMFIT check "$@" --format html -o "$out/check.html" --json "$out/check.json"
echo "check rc=$?"
hc "$out/check.html" "$out/check.json"
/usr/bin/python3 "$ROOT/tests/schema/check_report.py" "$out/check.json" |
    sed "s|$out/||"
$MEMFIT diff --old-map clean.map --new-map grown.map clean.elf grown.elf \
    --fail-on-growth 512 --format html -o "$out/diff.html"; echo "diff rc=$?"
$MEMFIT diff --old-map clean.map --new-map grown.map clean.elf grown.elf \
    --fail-on-growth 512 --format json -o "$out/diff.json"
$MEMFIT size --map grown.map grown.elf --archives --objects --symbols \
    --format json -o "$out/new.json"
$MEMFIT size --map clean.map clean.elf --archives --objects --symbols \
    --format json -o "$out/old.json"
hc --any-order "$out/diff.html" "$out/new.json" "$out/old.json" "$out/diff.json"
# The check page's data, as golden (pretty-printed by Python).
/usr/bin/python3 -c '
import json, re, sys
t = open(sys.argv[1]).read()
m = re.search(r"<script type=\"application/json\" id=\"memfit-data\">(.*?)</script>", t)
print(json.dumps(json.loads(m.group(1)), indent=1))' "$out/check.html"
# Errors.
$MEMFIT size --map clean.map --format htm; echo "htm rc=$?"
$MEMFIT diff --format sarif clean.elf grown.elf; echo "diff sarif rc=$?"
$MEMFIT size --map clean.map --format html -o "$out/no/such/dir/r.html" \
    2>&1 | sed "s|$out/||"
[ -e "$out/no" ] && echo "no/ made" || echo "no/ not made"
head -c 3000 clean.map > "$out/cut.map"
$MEMFIT size --map "$out/cut.map" --format html -o "$out/cut.html" 2>&1 |
    sed "s|$out/||"
[ -e "$out/cut.html" ] && echo "cut.html written" || echo "cut.html not written"
ls "$out" | grep -v '\.\(html\|json\|map\)$'

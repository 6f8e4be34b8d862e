# memfit check in every format on the golden Crazyflie faults (two error
# findings with file:line from DWARF): table, JSON (schema), CSV, Markdown
# and SARIF (SARIF 2.1.0, tests/schema/check_sarif.py); then
# with a waiver, the SARIF note and its suppression; the formats agree.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
# SARIF names the source root by its absolute file: URI.
here() { sed "s|file://$ROOT/|file://ROOT/|"; }
set -- --board crazyflie-2 --map cf.map cf.elf
for f in table json csv markdown sarif; do
	echo "== memfit check $* --format $f"
	$MEMFIT check "$@" --format $f > "$out/o.txt"; rc=$?
	here < "$out/o.txt"; echo "rc=$rc"
done
$MEMFIT check "$@" --format json -o "$out/check.json"
/usr/bin/python3 "$ROOT/tests/schema/check_report.py" "$out/check.json" |
    sed "s|$out/||"
$MEMFIT check "$@" --format sarif -o "$out/check.sarif"
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" "$out/check.sarif" |
    sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" check "$@"
set -- "$@" --allow dma-unreachable
for f in markdown sarif; do
	echo "== memfit check $* --format $f"
	$MEMFIT check "$@" --format $f > "$out/o.txt"; rc=$?
	here < "$out/o.txt"; echo "rc=$rc"
done
$MEMFIT check "$@" --format sarif -o "$out/waived.sarif"
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" "$out/waived.sarif" |
    sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" check "$@"
# The Markdown verdict counts --werror: warnings alone pass without it.
cd "$ROOT/fixtures/golden" || exit 1
for w in "" --werror; do
	$MEMFIT check --board "$ROOT/fixtures/boards/valid/tiny-budget.yaml" \
	    --map clean.map clean.elf --allow region-budget --format markdown $w |
	    grep '^\*\*'
	echo "rc=$?"
done
# SARIF paths under --source-root are relative to it (%SRCROOT%); others
# are absolute file: URIs; a missing root is an error.
for root in ../.. ../../src; do
	$MEMFIT check --board crazyflie-2 --map cf.map cf.elf --format sarif \
	    --source-root $root -o "$out/root.sarif"
	here < "$out/root.sarif" | grep -E '"uri"|uriBaseId'
	/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" "$out/root.sarif" |
	    sed "s|$out/||"
done
$MEMFIT check --board crazyflie-2 --map cf.map cf.elf --format sarif \
    --source-root nowhere
echo "rc=$?"

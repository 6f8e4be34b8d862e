# memfit size --archives: one table of the archives across regions (a
# column per region and the total, as idf.py size --archives shows it)
# before the tables per region, in every format. *fill* and *data* are
# rows of their own kind: after the archives, below a rule, never ranked
# among them even when they are larger (grown.map's *fill* is), and
# marked synthetic in JSON and CSV. The Total row counts what --filter
# matches, including what --top leaves out.
out=$PWD
cd "$ROOT/fixtures/unit/map" || exit 1
for f in "table --ascii" "table --utf8" json csv markdown; do
	echo "== memfit size --archives --map fw.map --format $f"
	$MEMFIT size --archives --map fw.map --format $f 2>/dev/null
	echo "rc=$?"
done
$MEMFIT size --archives --map fw.map --format json -o "$out/fw.json" \
    2>/dev/null
/usr/bin/python3 "$ROOT/tests/schema/check_report.py" "$out/fw.json" \
    2>&1 | sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" size --archives \
    --map fw.map 2>/dev/null
for o in "--top 1" "--filter lib*" "--sort name"; do
	echo "== memfit size --archives $o"
	$MEMFIT size --ascii --archives $o --map fw.map 2>/dev/null |
	    sed -n '/Archives in all regions/,/^$/p'
done
echo "== a larger *fill* still comes after the archives"
cd "$ROOT/fixtures/golden" || exit 1
$MEMFIT size --ascii --archives --map grown.map grown.elf |
    sed -n '/Archives in all regions/,/^$/p'
$MEMFIT size --archives --map grown.map grown.elf --format csv |
    grep '^archive'
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" size --archives \
    --top 2 --map grown.map grown.elf
echo "== a filter that matches nothing: the sums alone"
cd "$ROOT/fixtures/unit/map" || exit 1
$MEMFIT size --ascii --archives --filter 'nomatch*' --map fw.map \
    2>/dev/null | sed -n '/Archives in all regions/,/^$/p'

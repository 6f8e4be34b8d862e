# memfit size --archives --objects --symbols --top 3 in every format, no
# board (regions from the map), on the golden grown build; the formats
# agree on every breakdown row too.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
set -- --map grown.map --archives --objects --symbols --top 3 grown.elf
for f in "table --ascii" json csv markdown; do
	echo "== memfit size $* --format $f"
	$MEMFIT size "$@" --format $f; echo "rc=$?"
done
$MEMFIT size "$@" --format json -o "$out/size.json"
/usr/bin/python3 "$ROOT/tests/schema/check_report.py" "$out/size.json" |
    sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" size "$@"
echo "== memfit size --format sarif (check only)"
$MEMFIT size --map grown.map --format sarif grown.elf; echo "rc=$?"
# Archive rows are named by file name, as idf.py size names them, unless
# two archives of the link share one; fill and data rows come last.
$MEMFIT size --ascii --archives --map "$FIXTURES/unit/map/fw.map" 2>/dev/null |
    sed -n '/Archives in FLASH/,/^$/p'
sed 's|[^ (]*/libc_nano\.a|/other/dir/libhelper.a|g' "$FIXTURES/unit/map/fw.map" \
    > "$out/twin.map"
$MEMFIT size --ascii --archives --map "$out/twin.map" 2>/dev/null |
    sed -n '/Archives in FLASH/,/^$/p'

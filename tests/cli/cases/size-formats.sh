# memfit size in every format on the golden clean build with its board:
# table (ASCII, UTF-8), JSON (against schemas/report.schema.json), CSV
# (RFC 4180, CRLF) and Markdown; then table, JSON, CSV and Markdown must
# agree on every number (tests/link/formats_agree.py).
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
set -- --board crazyflie-2 --map clean.map clean.elf
for f in "table --ascii" "table --utf8" json csv markdown; do
	echo "== memfit size $* --format $f"
	$MEMFIT size "$@" --format $f; echo "rc=$?"
done
$MEMFIT size "$@" --format json -o "$out/size.json"
/usr/bin/python3 "$ROOT/tests/schema/check_report.py" "$out/size.json" |
    sed "s|$out/||"
/usr/bin/python3 "$ROOT/tests/link/formats_agree.py" size "$@"
# A map given where the ELF goes is read as the map, from a pipe too.
$MEMFIT size --board crazyflie-2 --map clean.map --format json > "$out/m1.json"
$MEMFIT size --board crazyflie-2 clean.map --format json > "$out/m2.json"
cat clean.map | $MEMFIT size --board crazyflie-2 --format json /dev/stdin > "$out/m3.json"
cmp "$out/m1.json" "$out/m2.json" && echo "size MAP = size --map MAP"
sed 's|"/dev/stdin"|"clean.map"|' "$out/m3.json" | cmp - "$out/m1.json" &&
    echo "size /dev/stdin (a pipe) = size --map MAP"

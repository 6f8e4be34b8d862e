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

# --format html in headless Chromium over the example's real link and the
# golden faults; see tests/link/html_report.py (skips without Chromium).
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/html_report.py" >out.txt; rc=$?
[ $rc -eq 77 ] && { cat out.txt; exit 77; }
sed -E 's/ in [0-9.]+ s$//; s/^example: .*/example: page ready/' out.txt
exit $rc

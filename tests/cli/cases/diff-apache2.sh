# memfit diff on ESP-IDF's apache2 pair of ESP32 maps shows the deltas the
# reference tool's summary_diff.text shows (tests/link/diff_apache2.py says
# how the figures map onto regions). Skipped without ../shared.
/usr/bin/python3 "$ROOT/tests/link/diff_apache2.py"

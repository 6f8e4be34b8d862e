# The shipped esp32s3 and esp32c6 boards on firmware linked like ESP-IDF
# links it (fixtures/fw/esp): each region's use is ld's in every input
# mode, and check --werror is quiet; see tests/link/esp_shaped.py.
/usr/bin/python3 "$ROOT/tests/link/esp_shaped.py"

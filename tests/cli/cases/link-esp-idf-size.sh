# memfit size against idf.py size on ESP-IDF's own esp32c3 link (needs
# ../shared); see tests/link/esp_idf_size.py.
/usr/bin/python3 "$ROOT/tests/link/esp_idf_size.py"

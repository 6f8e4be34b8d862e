# The shipped ESP boards on ESP-IDF's own links (needs ../shared): each
# region's use is ld's, idf.py size's figures are memfit's sections, and
# check is quiet; see tests/link/esp_boards.py.
/usr/bin/python3 "$ROOT/tests/link/esp_boards.py"

# memfit init on third-party links (needs ../shared): the board validates,
# check on the same build is quiet but for what the fixtures lack, usage is
# ld's; see tests/link/init_boards.py.
/usr/bin/python3 "$ROOT/tests/link/init_boards.py"

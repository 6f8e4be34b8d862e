# gen -> compile -> link every shipped board; see tests/link/fullcircle.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/fullcircle.py"

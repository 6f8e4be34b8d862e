# check on real links: usage equals ld's in every mode, planted faults are
# found with rule, symbol, address and line; see tests/link/check_link.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/check_link.py"

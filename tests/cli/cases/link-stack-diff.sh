# memfit diff's worst-case stack on fixtures/stack built twice, against
# GCC's frames along hand-worked paths; the stack growth gate; SARIF code
# flows. See tests/link/stack_diff.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/stack_diff.py"

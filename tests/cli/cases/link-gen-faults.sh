# Compile and link failures gen promises, vendor scripts, the init table,
# the header on five compilers, RISC-V; see tests/link/gen_faults.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/gen_faults.py"

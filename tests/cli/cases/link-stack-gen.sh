# stack: { size: auto }: gen's reservation equals GCC's frames along the
# hand-worked paths plus the margin, links, checks clean, and follows the
# worst case when it grows; see tests/link/stack_gen.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/stack_gen.py"

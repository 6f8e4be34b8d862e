# Worst-case stack against hand-worked paths and GCC's frames, and the .su
# frames against objdump's prologues; see tests/link/stack_truth.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/stack_truth.py"

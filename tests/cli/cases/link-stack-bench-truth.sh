# Worst-case stack of the bench firmware at 120 units against the graph
# and frames of GCC's .ci files read by the test itself, and .su frames
# against objdump; see tests/link/stack_bench_truth.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/stack_bench_truth.py"

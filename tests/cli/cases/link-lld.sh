# The generated scripts under ld.lld against GNU ld: placement, budgets,
# INSERT order, memory.x; see tests/link/lld_gen.py (which prints SKIP and
# exits 77 without clang or ld.lld).
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/lld_gen.py"

# README's worst-case stack table is the example's: examples/stm32f405-ccm
# is built with its Makefile (-fstack-usage -fcallgraph-info=su), the
# README's memfit size line is run in it, and the table and the lines
# after it must equal the README's (the note's library directory, which
# depends on the toolchain's install, shortened to "..." as there).
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
unset MAKEFLAGS MFLAGS MAKELEVEL
cp -R "$ROOT/examples/stm32f405-ccm" src && rm -rf src/build
make -C src --no-print-directory MEMFIT="$MEMFIT" \
    MEMFIT_MK="$ROOT/share/memfit.mk" build/firmware.elf >log 2>&1 ||
    { cat log; exit 1; }
sed -n '/^<!-- stack-table:/,$p' "$ROOT/README.md" | sed -n '3,/^```$/p' >readme
cmd=$(sed -n '1s/^\$ memfit //p' readme)
[ -n "$cmd" ] || { echo "README: no memfit size line in the stack table"; exit 1; }
(cd src && $MEMFIT $cmd >../out 2>../err)
echo "memfit size: exit $?"
sed -n '/Worst-Case Stack/,/^```$/p' readme | sed '$d' >want
cat out err | sed -n '/Worst-Case Stack/,$p' |
    sed 's|(the first: [^ ]*/\([^/ ]*\.a(\)|(the first: .../\1|' >got
[ -s want ] || { echo "README: no stack table"; exit 1; }
diff -u want got && echo "README stack table: the example's ($(wc -l <want) lines)"

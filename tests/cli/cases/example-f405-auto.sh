# memfit.mk with an automatic stack: examples/stm32f405-ccm built with
# stack: { size: auto } and MEMFIT_STACK_USAGE. static_mem.h is generated
# before the compiler runs (--header-only), the scripts after it, from
# the objects' .su/.ci files; check runs with --stack-usage. newlib's
# malloc has no stack data, so the worst case is a lower bound and the
# board's min is reserved, with a warning. A function with a 3000-byte
# frame added to main's path grows the stack at the next make. The check
# runs without the example's --werror: malloc's unknown stays a warning.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
unset MAKEFLAGS MFLAGS MAKELEVEL
cp -R "$ROOT/examples/stm32f405-ccm" src && rm -rf src/build
sed -i '/^stack:/s/size: 4K }/size: auto, margin: 25%, min: 1K }/' src/board.yaml
grep '^stack:' src/board.yaml
mk() { make -C src --no-print-directory MEMFIT="$MEMFIT" \
    MEMFIT_MK="$ROOT/share/memfit.mk" BUILD="$PWD/build" \
    MEMFIT_STACK_USAGE="$PWD/build" MEMFIT_CHECK_FLAGS= \
    MEMFIT_STACK_OBJS="$PWD/build/startup.o $PWD/build/main.o" >log 2>&1; }
size() { sed -n 's/^__memfit_stack_size = \(0x[0-9a-f]*\);$/\1/p' build/memfit/memory.ld; }
mk || { cat log; exit 1; }
# In order: the header, the two compiles, the scripts, the link, the check.
grep -o -e 'gen -q .*--header-only' -e 'gen -q .*--stack-usage' \
    -e 'arm-none-eabi-gcc .* -c -o [^ ]*' -e ' check --board .*--stack-usage' \
    -e 'arm-none-eabi-gcc .* -o [^ ]*firmware.elf' log |
    sed -e 's/^gen.*--header-only$/gen --header-only/' \
	-e 's/^gen.*--stack-usage$/gen --stack-usage/' \
	-e 's/^arm-none-eabi-gcc .* -c -o [^ ]*\/\([^/ ]*\)$/compile \1/' \
	-e 's/^arm-none-eabi-gcc .*firmware.elf$/link/' \
	-e 's/^ check .*/check --stack-usage/'
grep -o 'warning: worst-case stack of Reset_Handler is only known.*' log | sed 's/ (malloc).*/ (malloc)/'
echo "stack: $(($(size))) bytes"
grep -c 'size: auto, from GCC' build/memfit/memory.ld build/memfit/sections.ld
before=$(size)
# A deeper path: main calls a function with 3000 bytes of locals.
cat >>src/main.c <<'C'

__attribute__((noinline)) int
deep_scratch(int x)
{
	volatile char buf[3000];

	buf[0] = (char)x;
	return buf[x & 1];
}
C
sed -i 's/^main(void)$/main(void)/; /^main(void)$/,/^{/{/^{/a\
	(void)deep_scratch(1);
}' src/main.c
sed -i '/^#define LOG_BYTES/i int	deep_scratch(int);' src/main.c
mk || { cat log; exit 1; }
after=$(size)
frame=$(sed -n 's/.*:deep_scratch\t\([0-9]*\)\tstatic$/\1/p' build/main.su)
echo "deep_scratch's frame (main.su): at least 3000: $([ "$frame" -ge 3000 ] && echo yes)"
echo "grown: $([ $((after)) -gt $((before)) ] && echo yes), to at least the frame and its 25%: $([ $((after)) -ge $((frame + frame / 4)) ] && echo yes)"
top=$(arm-none-eabi-nm build/firmware.elf | sed -n 's/^\([0-9a-f]*\) . __memfit_stack_top$/\1/p')
bottom=$(arm-none-eabi-nm build/firmware.elf | sed -n 's/^\([0-9a-f]*\) . __memfit_stack_bottom$/\1/p')
echo "linked stack: $([ $((0x$top - 0x$bottom)) -eq $((after)) ] && echo "as gen sized it" || echo "$((0x$top - 0x$bottom)), not $((after))")"
# Nothing changed: no gen, no compile, no link.
mk || { cat log; exit 1; }
echo "no-op make: $(grep -c -e ' gen ' -e arm-none-eabi-gcc log) commands"

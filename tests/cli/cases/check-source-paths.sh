# A finding's source file from DWARF is relative to the source root in
# SARIF (%SRCROOT%) and in Markdown, however the compiler named it: by an
# absolute path, or by ../src/fw.c from a build directory (DWARF's
# directory entry "../src" is relative to the unit's DW_AT_comp_dir, not
# to where memfit runs). Both builds of one DMA buffer in CCM.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
mkdir src build
cat > src/fw.c <<'SRC'
__attribute__((section(".bss.memfit.CCMRAM"))) char uart_dma_buf[64];
int main(void) { return uart_dma_buf[1]; }
void Reset_Handler(void) { main(); for (;;); }
SRC
$MEMFIT gen -q --board crazyflie-2 -o gen
top=$(pwd -P)
link_fw() {
	arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O1 -g -ffreestanding \
	    -nostdlib -T "$top/gen/memory.ld" -T "$top/gen/sections.ld" \
	    -T "$top/gen/link.ld" "$@"
}
link_fw "$PWD/src/fw.c" -o abs.elf -Wl,-Map=abs.map
(cd build && link_fw ../src/fw.c -o ../up.elf -Wl,-Map=../up.map)
for e in abs up; do
	echo "== $e.elf"
	$MEMFIT check --board crazyflie-2 --map $e.map $e.elf --format sarif \
	    -o $e.sarif
	grep -E '"uri"|uriBaseId' $e.sarif | sed "s|file://$top/|file://SCRATCH/|"
	/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" $e.sarif
	$MEMFIT check --board crazyflie-2 --map $e.map $e.elf \
	    --format markdown | grep '^- \*\*'
done

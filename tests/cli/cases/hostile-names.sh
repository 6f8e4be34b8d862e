# Symbol names are the firmware's, not memfit's: a name that closes a
# Markdown code span and opens a link and an image, a CSV formula, and
# control characters (ESC, BEL, CR) must come out inert in every format.
# The names are given to real symbols with objcopy --redefine-sym.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
cat > fw.c <<'SRC'
__attribute__((section(".bss.memfit.CCMRAM"))) char md_dma_buf[64];
__attribute__((section(".bss.memfit.CCMRAM"))) char csv_dma_buf[64];
__attribute__((section(".bss.memfit.CCMRAM"))) char esc_dma_buf[64];
int main(void) { return md_dma_buf[1] + csv_dma_buf[1] + esc_dma_buf[1]; }
void Reset_Handler(void) { main(); for (;;); }
SRC
$MEMFIT gen -q --board crazyflie-2 -o .
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O1 -ffreestanding -c fw.c -o fw.o
arm-none-eabi-objcopy \
    --redefine-sym 'md_dma_buf=x``](https://evil.example/x)![i](https://evil.example/i.png)``_dma_buf' \
    --redefine-sym 'csv_dma_buf==HYPERLINK("https://evil.example")_dma_buf' \
    --redefine-sym "esc_dma_buf=esc$(printf '\033')[2J$(printf '\007')$(printf '\r')fake.c:1: error: forged_dma_buf" \
    fw.o fw2.o
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostdlib -T memory.ld -T sections.ld -T link.ld fw2.o -o fw.elf -Wl,-Map=fw.map
for f in table markdown csv; do
	echo "== $f"
	$MEMFIT check --board crazyflie-2 --map fw.map fw.elf --format $f -q
	echo "rc=$?"
done > out.txt 2>&1
echo "== size --symbols --format markdown" >> out.txt
$MEMFIT size --board crazyflie-2 --map fw.map fw.elf --symbols --format markdown >> out.txt 2>&1
$MEMFIT check --board crazyflie-2 --map fw.map fw.elf --format json |
    /usr/bin/python3 -c 'import json, sys; json.load(sys.stdin)' &&
    echo "json: valid JSON" >> out.txt
$MEMFIT check --board crazyflie-2 --map fw.map fw.elf --format sarif \
    -o fw.sarif
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" fw.sarif >> out.txt
cat out.txt
printf 'raw ESC, BEL or lone CR: '; sed 's/\r$//' out.txt | tr -cd '\033\007\015' | wc -c

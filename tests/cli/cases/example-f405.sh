# examples/stm32f405-ccm built with this memfit and the in-tree memfit.mk:
# the build ends in memfit check; CCM, DMA and stack placement land where
# the macros say; malloc() gets memfit's bounded _sbrk and a heap below the
# stack; gen reruns only when the board changes. The example's board is
# the shipped crazyflie-2 with a heap; with crazyflie-2 itself (heap 0) the
# link fails, and without MEMFIT_SBRK memfit check does.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
unset MAKEFLAGS MFLAGS MAKELEVEL
cp -R "$ROOT/examples/stm32f405-ccm" src && rm -rf src/build
cp src/board.yaml board.yaml
# The example's board describes the shipped board's memory, plus a heap.
/usr/bin/python3 - "$ROOT/boards/crazyflie-2.yaml" board.yaml <<'PY'
import sys, yaml
a, b = (yaml.safe_load(open(f)) for f in sys.argv[1:])
print("board.yaml: heap %s, shipped crazyflie-2: heap %s" %
      (b["heap"]["size"], a["heap"]["size"]))
for d in (a, b):
    for k in ("board", "description", "heap"):
        d.pop(k)
print("board.yaml: %s memory as crazyflie-2" %
      ("same" if a == b else "NOT the same"))
PY
mk() { make -C src --no-print-directory MEMFIT="$MEMFIT" \
    MEMFIT_MK="$ROOT/share/memfit.mk" MEMFIT_BOARD="$PWD/board.yaml" \
    BUILD="$PWD/build" "$@" >log 2>&1; }
gen_ran() { grep -q ' gen -q --board' log && echo "gen ran" || echo "gen did not run"; }
mk || { cat log; exit 1; }
echo "build: ok, $(gen_ran); check: $(grep -c '^[A-Z]* .* ok$' log) regions ok"
/usr/bin/python3 - build/memfit.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("memfit.json: %d findings" % len(r["findings"]))
PY
arm-none-eabi-nm build/firmware.elf | while read -r addr type name; do
	case $name in
	filter_hist|filter_out|sensor_stack|adc_dma_buf|uart_tx_dma_buf|filter_gain)
		a=$((0x$addr))
		if [ $a -ge $((0x10000000)) ] && [ $a -lt $((0x10010000)) ]; then
			r=CCMRAM
		elif [ $a -ge $((0x20000000)) ] && [ $a -lt $((0x20020000)) ]; then
			r=RAM
		else
			r=other
		fi
		echo "$name: $r" ;;
	esac
done | sort
# malloc's _sbrk is memfit's (the alias of __memfit_sbrk), the heap lies in
# RAM below the stack reservation, and newlib-nano's malloc is linked.
arm-none-eabi-nm build/firmware.elf | /usr/bin/python3 -c '
import sys
s = {}
for line in sys.stdin:
    f = line.split()
    if len(f) == 3:
        s[f[2]] = int(f[0], 16)
print("_sbrk is __memfit_sbrk: %s" % (s.get("_sbrk") is not None and
      s.get("_sbrk") == s.get("__memfit_sbrk")))
print("malloc linked: %s" % ("malloc" in s and "_malloc_r" in s))
hs, he = s["__memfit_heap_start"], s["__memfit_heap_end"]
sb, st = s["__memfit_stack_bottom"], s["__memfit_stack_top"]
print("heap: %d bytes, in RAM: %s, below the stack: %s" % (he - hs,
      0x20000000 <= hs and he <= 0x20020000, he <= sb < st))
'
# Variants, each in its own build directory.
mkv() { make -C src --no-print-directory MEMFIT="$MEMFIT" \
    MEMFIT_MK="$ROOT/share/memfit.mk" "$@" >vlog 2>&1; }
# The shipped board has no heap: asking for memfit's _sbrk stops the build
# at static_mem.h, naming the board.
! mkv MEMFIT_BOARD="$ROOT/boards/crazyflie-2.yaml" BUILD="$PWD/heap0" ||
    echo "heap 0: builds"
grep -o 'MEMFIT_SBRK: board [^ ]* has no heap' vlog | head -n 1 |
    sed 's/^/heap 0: static_mem.h: /'
# Without MEMFIT_SBRK, libnosys's unbounded _sbrk is linked: the link
# succeeds and memfit check fails.
cp -R src nosbrk
sed -i '/#define MEMFIT_SBRK/d' nosbrk/startup.c
! make -C nosbrk --no-print-directory MEMFIT="$MEMFIT" \
    MEMFIT_MK="$ROOT/share/memfit.mk" MEMFIT_BOARD="$PWD/board.yaml" \
    BUILD="$PWD/nosbrk-build" LIBC="--specs=nano.specs --specs=nosys.specs" \
    >vlog 2>&1 || echo "no MEMFIT_SBRK: builds"
[ -f nosbrk-build/firmware.elf ] && echo "no MEMFIT_SBRK: links"
grep -o '_sbrk at 0x[0-9a-f]* is not memfit.s.*\[heap-reaches-stack\]' vlog |
    sed 's/0x[0-9a-f]*/ADDR/g; s/^/no MEMFIT_SBRK: /'
# Code scanning shows it on the board's heap line, not on newlib's
# declaration of _sbrk in a header outside the source root.
$MEMFIT check --board board.yaml --map nosbrk-build/firmware.map \
    --format sarif -o nosbrk.sarif nosbrk-build/firmware.elf
/usr/bin/python3 - nosbrk.sarif board.yaml <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
loc = res[0]["locations"][0]["physicalLocation"]
line = open(sys.argv[2]).read().split("\n")[loc["region"]["startLine"] - 1]
print("no MEMFIT_SBRK, SARIF: %s at %s:%s" % (res[0]["ruleId"],
      loc["artifactLocation"]["uri"], line.split("#")[0].strip()))
PY
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" nosbrk.sarif |
    sed 's/^/no MEMFIT_SBRK, SARIF: /'
# And with the heap-less board, libnosys's _sbrk fails the link at
# sections.ld's ASSERT, naming the board.
! make -C nosbrk --no-print-directory MEMFIT="$MEMFIT" \
    MEMFIT_MK="$ROOT/share/memfit.mk" \
    MEMFIT_BOARD="$ROOT/boards/crazyflie-2.yaml" BUILD="$PWD/nosbrk-heap0" \
    LIBC="--specs=nano.specs --specs=nosys.specs" >vlog 2>&1 ||
    echo "heap 0, no MEMFIT_SBRK: links"
grep -o 'memfit: _sbrk (malloc) is linked but board .*' vlog |
    sed 's/^/heap 0, nosys.specs: /'
sleep 1
touch src/main.c
mk || { cat log; exit 1; }
echo "touch main.c: $(gen_ran)"
touch board.yaml
mk || { cat log; exit 1; }
echo "touch board.yaml: $(gen_ran), $(grep -c arm-none-eabi-gcc log) compiler runs"
sed -i '/^stack:/s/size: 4K }/size: 8K }/' board.yaml
mk || { cat log; exit 1; }
echo "stack 4K -> 8K: $(gen_ran), $(grep -c arm-none-eabi-gcc log) compiler runs"
mk || { cat log; exit 1; }
echo "no-op make: $(gen_ran), check $(grep -q ' check --board' log && echo ran || echo did not run)"
# Another board file, older than the outputs: still generated anew.
sed '/^stack:/s/size: 8K }/size: 6K }/' board.yaml > other.yaml
touch -d '2001-01-01' other.yaml
mk MEMFIT_BOARD="$PWD/other.yaml" || { cat log; exit 1; }
echo "MEMFIT_BOARD=other.yaml (older): $(gen_ran), check $(grep -q ' check --board' log && echo ran || echo did not run)"
grep -c '6144' build/memfit/memory.ld | sed 's/^/stack of 6K in memory.ld: /'
# A failed check is not taken as passed: the next make checks again.
for i in 1 2; do
	! make -C nosbrk --no-print-directory MEMFIT="$MEMFIT" \
	    MEMFIT_MK="$ROOT/share/memfit.mk" MEMFIT_BOARD="$PWD/board.yaml" \
	    BUILD="$PWD/nosbrk-build" LIBC="--specs=nano.specs --specs=nosys.specs" \
	    >vlog 2>&1 || echo "no MEMFIT_SBRK, make $i: passes"
	echo "no MEMFIT_SBRK, make $i: check $(grep -q ' check --board' vlog && echo ran || echo did not run)"
done

# examples/stm32f405-ccm built with this memfit and the in-tree memfit.mk:
# the build ends in memfit check; CCM, DMA and stack placement land where
# the macros say; gen reruns only when the board changes.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
unset MAKEFLAGS MFLAGS MAKELEVEL
cp -R "$ROOT/examples/stm32f405-ccm" src && rm -rf src/build
cp "$ROOT/boards/crazyflie-2.yaml" board.yaml
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
sleep 1
touch src/main.c
mk || { cat log; exit 1; }
echo "touch main.c: $(gen_ran)"
touch board.yaml
mk || { cat log; exit 1; }
echo "touch board.yaml: $(gen_ran), $(grep -c arm-none-eabi-gcc log) compiler runs"
sed -i 's/size: 4K }/size: 8K }/' board.yaml
mk || { cat log; exit 1; }
echo "stack 4K -> 8K: $(gen_ran), $(grep -c arm-none-eabi-gcc log) compiler runs"

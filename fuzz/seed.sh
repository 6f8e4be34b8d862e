#!/bin/sh
# Build the seed corpus of one fuzz target from the repo's fixtures:
#   fuzz/seed.sh TARGET DIR     (TARGET: board, ldmap, elf, report_json,
#                                ldscript or stack_usage)
# Firmware, objects and maps are built here with the cross compilers the
# tests use (skipped when missing); large maps are cut to their first 64 KiB
# so that the fuzzer stays fast. Nothing here is committed.
set -eu

target=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
ext=$root/../shared/fixtures-external
MEMFIT=${MEMFIT:-$root/memfit}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

have() { command -v "$1" >/dev/null 2>&1; }

# Copy $1 into the corpus under a name built from its path.
put() {
	cp "$1" "$out/$(echo "$1" | sed "s|^$root/||; s|^$work/||; s|/|_|g")"
}

# Cut $1 to 64 KiB into the corpus.
put_head() {
	head -c 65536 "$1" >"$out/$(basename "$1").head"
}

# The arm and riscv links of fixtures/map/fw and fixtures/fw/usage, each
# with its map, plus objects and an archive.
build() {
	fw=$root/fixtures/map/fw
	arm="arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -g \
	    -ffunction-sections -fdata-sections -fcommon"
	if have arm-none-eabi-gcc; then
		$arm -c "$fw/helper.c" -o "$work/helper.o"
		$arm -c "$fw/main.c" -o "$work/main.o"
		(cd "$work" && arm-none-eabi-ar rcs libhelper.a helper.o main.o)
		$arm -specs=nano.specs -nostartfiles -T "$fw/fw.ld" \
		    -Wl,--gc-sections,--cref,-Map="$work/fw.map" \
		    -o "$work/fw.elf" "$work/main.o" "$work/libhelper.a"
		arm-none-eabi-gcc -g -mcpu=cortex-m4 -mthumb -mbig-endian \
		    -nostdlib -T "$root/fixtures/elf/fw.ld" \
		    -o "$work/fw-be.elf" "$root/fixtures/elf/fw.c"
		u=$root/fixtures/fw/usage
		arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O1 -g \
		    -ffreestanding -nostdlib -T "$u/usage.ld" \
		    -Wl,-Map="$work/usage.map" -o "$work/usage.elf" \
		    "$u/usage.c" 2>/dev/null || true
	fi
	if have riscv64-unknown-elf-gcc; then
		riscv64-unknown-elf-gcc -nostdlib -O2 -g -mcmodel=medany \
		    -ffunction-sections -fdata-sections \
		    -Wl,--gc-sections,--cref \
		    -Wl,-Ttext=0x80000000,-Map="$work/rv.map" \
		    -o "$work/rv.elf" "$fw/rv.c"
		riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 -Os -g \
		    -c -o "$work/rv32.o" "$fw/rv.c"
	fi
}

case $target in
ldscript)
	for f in "$root"/fixtures/init/*.ld "$root"/fixtures/fw/*/*.ld \
	    "$root"/fixtures/elf/*.ld "$ext"/pico-sdk/*/*.ld; do
		[ -f "$f" ] && put "$f"
	done
	;;
board)
	for f in "$root"/boards/*.yaml "$root"/fixtures/boards/*/*.yaml \
	    "$root"/fixtures/fw/usage/usage.yaml; do
		[ -f "$f" ] && put "$f"
	done
	;;
ldmap)
	build
	for f in "$work"/*.map "$root"/fixtures/map/*.map \
	    "$root"/fixtures/unit/lldmap/*.map "$root"/fixtures/unit/map/*.map; do
		[ -f "$f" ] && put "$f"
	done
	for f in "$ext"/*/*.map "$ext"/*/*/*.map; do
		[ -f "$f" ] && put_head "$f"
	done
	;;
elf)
	build
	for f in "$work"/*.o "$work"/*.a "$work"/*.elf; do
		[ -f "$f" ] || continue
		# Stripped copies keep the corpus small; debug info once.
		case $f in
		*/fw.elf|*/rv32.o|*/libhelper.a) put "$f" ;;
		esac
		if have arm-none-eabi-strip; then
			arm-none-eabi-strip -g -o "$f.s" "$f" 2>/dev/null &&
			    put "$f.s"
		fi
	done
	;;
stack_usage)
	if have arm-none-eabi-gcc; then
		for f in "$root"/fixtures/stack/*.c; do
			[ -f "$f" ] || continue
			b=$(basename "$f" .c)
			arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O1 \
			    -fstack-usage -fcallgraph-info=su -c "$f" \
			    -o "$work/$b.o" 2>/dev/null || continue
			put "$work/$b.su"
			put "$work/$b.ci"
		done
	fi
	;;
report_json)
	build
	[ -x "$MEMFIT" ] || make -C "$root" -s --no-print-directory memfit \
	    >/dev/null 2>&1 || true
	if [ -x "$MEMFIT" ] && [ -f "$work/usage.elf" ]; then
		u=$root/fixtures/fw/usage/usage.yaml
		"$MEMFIT" check -q --board "$u" --map "$work/usage.map" \
		    --json "$work/usage-check.json" "$work/usage.elf" \
		    >/dev/null 2>&1 || true
		"$MEMFIT" check -q --board "$u" --map "$work/usage.map" \
		    --json "$work/usage-map.json" \
		    >/dev/null 2>&1 || true
		"$MEMFIT" check -q --board crazyflie-2 --map "$work/fw.map" \
		    --json "$work/fw-cf.json" "$work/fw.elf" \
		    >/dev/null 2>&1 || true
		"$MEMFIT" check -q --board stm32h743zi \
		    --json "$work/fw-h7.json" "$work/fw-be.elf" \
		    >/dev/null 2>&1 || true
	fi
	for f in "$work"/*.json; do
		[ -f "$f" ] && put "$f"
	done
	;;
*)
	echo "seed.sh: unknown target '$target'" >&2
	exit 2
	;;
esac
echo "seed.sh: $target: $(ls "$out" | wc -l) inputs in $out"

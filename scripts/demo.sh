#!/bin/sh
# make demo: validate the board, build examples/stm32f405-ccm with this
# memfit (gen -> compile -> link), then show its size and check summary.
# The board is the example's own (the shipped crazyflie-2 with a heap, as
# the example calls malloc()); DEMO_BOARD=ID|PATH for another.
# Then, with clang and ld.lld installed, the same example built by them.
set -eu
memfit=$1
root=$(cd "$(dirname "$0")/.." && pwd)
board=${DEMO_BOARD:-$root/examples/stm32f405-ccm/board.yaml}
show=${board#"$root/"}
build=$root/build/demo/stm32f405-ccm
MEMFIT_DATA_DIR=$root
export MEMFIT_DATA_DIR

echo "\$ memfit validate -v $show"
(cd "$root" && "$memfit" validate -v "$show")
echo
echo "\$ make -C examples/stm32f405-ccm   # memfit gen, arm-none-eabi-gcc"
make -s -C "$root/examples/stm32f405-ccm" MEMFIT="$memfit" \
    MEMFIT_MK="$root/share/memfit.mk" MEMFIT_BOARD="$board" BUILD="$build" \
    "$build/firmware.elf"
cd "$build"
echo
echo "\$ memfit size --board $show --map firmware.map firmware.elf"
"$memfit" size --board "$board" --map firmware.map firmware.elf
echo
echo "\$ memfit check --board $show --map firmware.map firmware.elf"
rc=0
"$memfit" check --board "$board" --map firmware.map firmware.elf || rc=$?
echo "memfit check: exit $rc"
if ! command -v clang >/dev/null 2>&1 || ! command -v ld.lld >/dev/null 2>&1
then
	echo
	echo "(no clang or no ld.lld: the LLVM build of the example is skipped)"
	exit $rc
fi
# The same sources with clang and ld.lld, checked with lld's ELF and map.
echo
echo "\$ make -C examples/stm32f405-ccm TOOLCHAIN=llvm   # clang, ld.lld"
make -s -C "$root/examples/stm32f405-ccm" MEMFIT="$memfit" \
    MEMFIT_MK="$root/share/memfit.mk" MEMFIT_BOARD="$board" \
    BUILD="$build-llvm" TOOLCHAIN=llvm "$build-llvm/firmware.elf"
echo
cd "$build-llvm"
echo "\$ memfit check --board $show --map firmware.map firmware.elf   # ld.lld"
rc2=0
"$memfit" check --board "$board" --map firmware.map firmware.elf || rc2=$?
echo "memfit check: exit $rc2"
[ $rc -ne 0 ] || rc=$rc2
exit $rc

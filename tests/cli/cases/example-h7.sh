# examples/stm32h743-dma: its own test (test.sh): the example passes
# check --werror; broken/ fails with exactly its planted findings.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
unset MAKEFLAGS MFLAGS MAKELEVEL
cp -R "$ROOT/examples/stm32h743-dma" h7 && rm -rf h7/build h7/broken/build
MEMFIT_MK=$ROOT/share/memfit.mk \
MEMFIT_SHIPPED_BOARD=$ROOT/boards/stm32h743zi.yaml sh h7/test.sh

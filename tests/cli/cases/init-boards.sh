# memfit init: a first board file from what a project has. From a
# CubeMX-shaped script alone (MEMORY with expressions, NOLOAD sections,
# DMA facts from the shipped board at the same addresses); from the h7
# vendor link (map, ELF and script), whose board validates and with which
# check finds the two planted init faults and nothing else, with ld's
# numbers; from a map given where the ELF goes; from an lld map, which
# lists no regions, with the script.
schema() { sed 's|schema=.*/schemas/|schema=DATADIR/schemas/|'; }
s=$(pwd)
echo "--- init -T cubemx-f405.ld"
(cd "$FIXTURES/init" && "$MEMFIT" init -T cubemx-f405.ld) | schema
echo "--- init h7vendor"
cd "$FIXTURES/h7vendor" || exit 1
"$MEMFIT" init --map fw.map -T ../fw/h7vendor/h7.ld -o "$s/h7.yaml" fw.elf \
    2>&1 | sed "s|$s/||"
schema <"$s/h7.yaml"
"$MEMFIT" validate "$s/h7.yaml" | sed "s|$s/||"
"$MEMFIT" check --board "$s/h7.yaml" --map fw.map fw.elf
echo "check: exit $?"
cat ld-usage.txt
echo "--- init fw.map (positional)"
cd "$FIXTURES/unit/map" && "$MEMFIT" init --id unit-fw fw.map 2>&1 | schema
echo "--- init from an LLVM lld map: needs the script for its regions"
cd "$FIXTURES/unit/lldmap" || exit 1
"$MEMFIT" init --map fw.map fw.elf; echo "exit $?"
"$MEMFIT" init --map fw.map -T ../../map/fw/fw.ld -o "$s/lld.yaml" fw.elf \
    2>&1 | sed "s|$s/||"
"$MEMFIT" check --werror --board "$s/lld.yaml" --map fw.map fw.elf
echo "check: exit $?"

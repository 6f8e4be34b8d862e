# check's usage errors and bad inputs: one line each, exit 2.
$MEMFIT check; echo "rc=$?"
$MEMFIT check --board crazyflie-2; echo "rc=$?"
$MEMFIT check --board crazyflie-2 a.elf b.elf; echo "rc=$?"
$MEMFIT check --bogus; echo "rc=$?"
echo "not an elf" > notelf.elf
$MEMFIT check --board "$ROOT/boards/crazyflie-2.yaml" notelf.elf; echo "rc=$?"
: > empty.map
$MEMFIT check --board "$ROOT/boards/crazyflie-2.yaml" --map empty.map; echo "rc=$?"
$MEMFIT check --board "$ROOT/boards/crazyflie-2.yaml" missing.elf; echo "rc=$?"
$MEMFIT check --board nope notelf.elf; echo "rc=$?"
$MEMFIT check --board crazyflie-2 --allow dma-unreachble fw.elf; echo "rc=$?"

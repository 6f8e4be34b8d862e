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
# --budget: a budget for one run, over the board's; bad ones exit 2.
cd "$ROOT/fixtures/golden" || exit 1
for s in RAM:1% RAM:1%:3K RAM::1% NOPE:1% RAM:200% RAM:4G RAM:x RAM; do
	echo "== --budget $s"
	$MEMFIT check --board ../../boards/crazyflie-2.yaml --map clean.map clean.elf -q \
	    --budget "$s"
	echo "rc=$?"
done

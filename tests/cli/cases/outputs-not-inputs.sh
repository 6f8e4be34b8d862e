# An output never replaces a file memfit reads, or another output: the
# same inode (a hard link, a symbolic link, another spelling of the path)
# counts, not only the same string. Each is refused with exit 2 and the
# inputs are left as they were.
cp "$ROOT/fixtures/golden/cf.map" fw.map
cp "$ROOT/fixtures/golden/cf.elf" fw.elf
B="$ROOT/boards/crazyflie-2.yaml"
sum() { md5sum fw.map fw.elf | awk '{print $1}' | tr '\n' ' '; echo; }
before=$(sum)
$MEMFIT size --map fw.map -o fw.map; echo "size -o map rc=$?"
$MEMFIT check --board "$B" --map fw.map fw.elf -o fw.elf -q; echo "check -o elf rc=$?"
$MEMFIT check --board "$B" --map fw.map fw.elf --json ./fw.map -q; echo "check --json map rc=$?"
ln fw.map hard.map
$MEMFIT size --map fw.map -o hard.map; echo "hard link rc=$?"
ln -s fw.elf soft.elf
$MEMFIT size fw.elf -o soft.elf; echo "symbolic link rc=$?"
$MEMFIT diff fw.map fw.elf -o fw.map; echo "diff -o old rc=$?"
$MEMFIT check --board "$B" fw.elf --json out.json -o ./out.json -q; echo "--json X -o X rc=$?"
cp "$B" board.yaml
$MEMFIT gen -q --board board.yaml -o . --header board.yaml; echo "gen over the board rc=$?"
$MEMFIT gen -q --force --board board.yaml -o . --header board.yaml; echo "gen --force over the board rc=$?"
mkdir g
$MEMFIT gen -q --board "$B" -o g --header g/memory.ld; echo "gen --header DIR/memory.ld rc=$?"
ls g | wc -l | sed 's/^/gen wrote: /'
[ "$(sum)" = "$before" ] && echo "inputs intact"
cmp -s board.yaml "$B" && echo "board intact"

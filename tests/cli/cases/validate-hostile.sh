# Generated hostile boards: 10 000-deep nesting, 2 000 regions, a 2 MB file
# (refused before parsing: libyaml takes ~80 bytes of memory a byte), a
# directory, a missing file. Each gives one located error and exit 2,
# quickly. A directory named like a shipped board does not shadow it.
awk 'BEGIN { printf "memfit: 1\nboard: deep\nregions: "; for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; printf "\n" }' > deep.yaml
$MEMFIT validate deep.yaml; echo "rc=$?"
awk 'BEGIN { printf "memfit: 1\nboard: many\nregions:\n"; for (i = 0; i < 2000; i++) printf "  - { name: R%d, kind: ram, origin: %d, length: 16 }\n", i, i * 16 }' > many.yaml
$MEMFIT validate many.yaml; echo "rc=$?"
awk 'BEGIN { printf "memfit: 1\nboard: big\n"; for (i = 0; i < 40000; i++) printf "# %050d\n", i }' > big.yaml
$MEMFIT validate big.yaml; echo "rc=$?"
mkdir crazyflie-2
$MEMFIT validate -q crazyflie-2; echo "shadowed rc=$?"
mkdir dir.yaml
$MEMFIT validate dir.yaml; echo "rc=$?"
$MEMFIT validate missing.yaml; echo "rc=$?"
$MEMFIT validate no-such-board-id; echo "rc=$?"

# Generated hostile boards: 10 000-deep nesting, 100 000 regions, a directory,
# a missing file. Each gives one located error and exit 2, quickly.
awk 'BEGIN { printf "memfit: 1\nboard: deep\nregions: "; for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; printf "\n" }' > deep.yaml
$MEMFIT validate deep.yaml; echo "rc=$?"
awk 'BEGIN { printf "memfit: 1\nboard: many\nregions:\n"; for (i = 0; i < 100000; i++) printf "  - { name: R%d, kind: ram, origin: %d, length: 16 }\n", i, i * 16 }' > many.yaml
$MEMFIT validate many.yaml; echo "rc=$?"
mkdir dir.yaml
$MEMFIT validate dir.yaml; echo "rc=$?"
$MEMFIT validate missing.yaml; echo "rc=$?"
$MEMFIT validate no-such-board-id; echo "rc=$?"

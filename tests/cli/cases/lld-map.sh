# An LLVM lld map (fixtures/unit/lldmap, clang + ld.lld 14) read as a GNU
# ld map is: size from the map alone (no board: its sections grouped into
# runs, lld having no MEMORY) with *fill* for lld's unlisted padding,
# *linker* for its <internal> sections and the archive member; the same
# usage from the ELF and map with a board; a failed link's map gives the
# overflow; diff reads two lld maps.
cp "$FIXTURES"/unit/lldmap/fw.map "$FIXTURES"/unit/lldmap/fail.map \
    "$FIXTURES"/unit/lldmap/fw.elf .
cat >fw.yaml <<'YAML'
memfit: 1
board: lld-fw
regions:
  - { name: FLASH, kind: flash, origin: 0x08000000, length: 128K }
  - { name: RAM, kind: ram, origin: 0x20000000, length: 20K, default: true }
  - { name: CCMRAM, kind: ram, origin: 0x10000000, length: 8K }
YAML
sed 's/length: 20K/length: 16/' fw.yaml >small.yaml
echo "== size fw.map"
$MEMFIT size --ascii --archives --objects --symbols fw.map; echo "rc=$?"
echo "== size --board --map fw.map fw.elf"
$MEMFIT size --ascii --board fw.yaml --map fw.map fw.elf; echo "rc=$?"
echo "== check --board --map fw.map"
$MEMFIT check --board fw.yaml --map fw.map; echo "rc=$?"
echo "== check --board small --map fail.map"
$MEMFIT check -q --board small.yaml --map fail.map; echo "rc=$?"
echo "== diff fw.map fail.map"
$MEMFIT diff --ascii --board fw.yaml fw.map fail.map; echo "rc=$?"

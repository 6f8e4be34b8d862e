# gen honours a region's sections entries on its own output sections, and
# refuses, at the entry, a mode a generated section cannot have (validate
# fails on the same board; its messages are the same).
cat > bad.yaml <<'YAML'
memfit: 1
board: bad-startup
dma_masters: [DMA1]
regions:
  - { name: FLASH, kind: flash, origin: 0x08000000, length: 512K }
  - name: RAM
    kind: ram
    origin: 0x20000000
    length: 64K
    default: true
    sections:
      .memfit_stack: zero
      .memfit_heap: load
  - name: CCM
    kind: ram
    origin: 0x10000000
    length: 32K
    dma: [DMA1]
    sections:
      .memfit_CCM_data: { init: zero }
      .memfit_CCM_bss: load
      ".memfit_*": load
stack: { region: RAM, size: 2K }
heap: { region: RAM, size: 1K }
YAML
$MEMFIT validate -q bad.yaml 2>/dev/null; echo "validate rc=$?"
$MEMFIT gen --board bad.yaml -o out; echo "gen rc=$?"
test -e out && echo "out/ was created" || echo "nothing written"
$MEMFIT gen -q --board "$FIXTURES/boards/valid/section-startup.yaml" -o ok; echo "gen rc=$?"
grep -E '^		LONG\(' ok/sections.ld | grep -E 'CCMRAM|RETRAM|heap|dma'
grep -E '^#define MEMFIT_(CCM|RET)RAM_' ok/static_mem.h

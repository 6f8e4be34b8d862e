# memory.x maps a board onto cortex-m-rt's FLASH and RAM: a board it
# cannot map is an error located in the board, and nothing is written.
cat > clash.yaml <<'YAML'
memfit: 1
board: clash
regions:
  - name: FLASH
    kind: flash
    origin: 0x08000000
    length: 256K
  - name: SRAM
    kind: ram
    origin: 0x20000000
    length: 64K
  - name: RAM
    kind: ram
    origin: 0x20010000
    length: 16K
YAML
$MEMFIT gen --board clash.yaml -o out --memory-x out/memory.x; echo "clash rc=$?"
test -e out && echo "out/ was created" || echo "nothing written"
sed 's/  - name: FLASH/  - name: CODE/; s/    kind: flash/    kind: ram/' clash.yaml > noflash.yaml
$MEMFIT gen --board noflash.yaml -o out --memory-x out/memory.x; echo "no flash rc=$?"
test -e out && echo "out/ was created" || echo "nothing written"

# Merged string inputs are listed at their size before merging and
# overlap: each is charged only up to where the next one starts, so the
# archive and object rows add up to the section totals (0x80 in FLASH).
cd "$ROOT/fixtures/map" || exit 1
$MEMFIT size --map merged-strings.map --archives --objects --format csv
echo "rc=$?"

# A board's memory_types (as ESP-IDF's idf.py size counts memory): their
# own table after the regions, then how each differs from ld's count of
# its regions (sections in them it does not count, sections it counts
# elsewhere, gaps). A type naming an unknown region, or twice the same
# name, is a board error.
cd "$FIXTURES/unit/map" || exit 1
"$MEMFIT" size --ascii --board "$FIXTURES/boards/valid/memory-types.yaml" \
    --map fw.map fw.elf
echo "exit $?"
sed 's/regions: \[RAM, CCMRAM\]/regions: [RAM, SRAM2]/; s/name: Vectors/name: Code/' \
    "$FIXTURES/boards/valid/memory-types.yaml" >"$OLDPWD/bad.yaml"
cd "$OLDPWD" && "$MEMFIT" validate bad.yaml
echo "exit $?"

# A 64-bit region that ends at 2^64: its END would wrap to 0, so the
# header gives its last byte instead (and the header compiles).
cat > top.yaml <<'YAML'
memfit: 1
board: top
address_bits: 64
regions:
  - { name: FLASH, kind: flash, origin: 0x1000, length: 4K }
  - { name: TOP, kind: ram, origin: 0xffffffffffff0000, length: 64K }
YAML
$MEMFIT gen -q --board top.yaml -o out; echo "rc=$?"
grep -E 'MEMFIT_TOP_(ORIGIN|LENGTH|END|LAST)|2\^64' out/static_mem.h
printf '#include "static_mem.h"\n_Static_assert(MEMFIT_TOP_LAST == 0xffffffffffffffffull, "last");\n' > t.c
cc -std=c11 -Wall -Werror -Iout -c t.c -o t.o && echo "header compiles"

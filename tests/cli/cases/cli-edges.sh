# Small command-line edges: an unknown short option is not "missing an
# argument", a flag given a value says so; output that cannot be written
# (a full device) fails every command, --help and --version included;
# TERM=dumb gets no colour on a terminal (script(1) gives one).
$MEMFIT size -z 2>&1 | head -n 1
$MEMFIT check --werror=1 --board crazyflie-2 x.elf 2>&1 | head -n 1
$MEMFIT check --board 2>&1 | head -n 1
# --objects pointing nowhere would leave every object quietly unread.
$MEMFIT check --board crazyflie-2 --objects nowhere "$FIXTURES/golden/cf.elf"; echo "rc=$?"
$MEMFIT check --board crazyflie-2 --objects "$ROOT/README.md" "$FIXTURES/golden/cf.elf" 2>&1 | sed "s|$ROOT/||"
cp "$ROOT/boards/rp2040.yaml" board.yaml
for args in "--version" "--help" "help check" "validate board.yaml" \
    "gen --board board.yaml -o out"; do
	$MEMFIT $args >/dev/full 2>err.txt; echo "$args >/dev/full: rc=$?"
	cat err.txt
done
# A device as an output is written, never read as "foreign": twice the same.
$MEMFIT gen -q --board board.yaml -o gen1 --memory-x /dev/null; echo "memory.x to /dev/null: rc=$?"
$MEMFIT gen -q --board board.yaml -o gen1 --memory-x /dev/null; echo "again: rc=$?"
# validate -v aligns region names longer than 12 characters.
sed 's/name: RAM$/name: RAM_WITH_A_LONG_NAME/; s/region: RAM,/region: RAM_WITH_A_LONG_NAME,/' board.yaml > long.yaml
$MEMFIT validate -v long.yaml | tail -n +2
command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 77; }
for t in xterm dumb; do
	TERM=$t script -qec "$MEMFIT size --board $FIXTURES/boards/valid/tiny-budget.yaml $FIXTURES/golden/cf.elf" /dev/null >tty.txt
	printf 'TERM=%s: escape sequences: ' $t
	grep -c "$(printf '\033')\[" tty.txt
done

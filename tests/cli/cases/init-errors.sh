# memfit init refuses what it cannot use, in one located line, exit 2,
# and writes nothing: no input, an ELF alone (no regions), expressions it
# cannot evaluate, an unterminated comment, a broken MEMORY block, an
# existing output without --force, an unknown --like board.
cd "$FIXTURES/init" || exit 1
"$MEMFIT" init; echo "exit $?"
"$MEMFIT" init ../unit/map/fw.elf; echo "exit $?"
"$MEMFIT" init -T bad-expr.ld; echo "exit $?"
"$MEMFIT" init -T bad-comment.ld; echo "exit $?"
printf 'MEMORY\n{\n  RAM (rw) ORIGIN = 0x20000000, LENGTH = 4K\n}\n' >/tmp/memfit-init-$$.ld
"$MEMFIT" init -T /tmp/memfit-init-$$.ld 2>&1 | sed "s|/tmp/memfit-init-$$|broken|"
rm -f /tmp/memfit-init-$$.ld
cd "$OLDPWD" || exit 1
echo "hand-written" >board.yaml
"$MEMFIT" init -T "$FIXTURES/init/cubemx-f405.ld" -o board.yaml; echo "exit $?"
cat board.yaml
"$MEMFIT" init -T "$FIXTURES/init/cubemx-f405.ld" --like nosuch -o new.yaml
echo "exit $?"
ls
"$MEMFIT" init -T "$FIXTURES/init/cubemx-f405.ld" --force -o board.yaml
echo "exit $?"
grep -c GUESS board.yaml

# size on a terminal: box drawing and colour under a real pseudo-terminal
# (script(1)) with a UTF-8 locale, none with NO_COLOR or --color=never;
# C++ symbols demangled.
command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 77; }
B=$FIXTURES/boards/valid/tiny-budget.yaml
E=$FIXTURES/golden/clean.elf
tty() { LANG=C.UTF-8 script -qec "$*" /dev/null | tr -d '\r'; }
tty "$MEMFIT size --board $B $E" > auto.out
grep -c '┏' auto.out | sed 's/^/box drawing rows: /'
grep -c "$(printf '\033\\[31m')" auto.out | sed 's/^/red rows (over budget): /'
tty "NO_COLOR=1 $MEMFIT size --board $B $E" > nocolor.out
grep -c "$(printf '\033')" nocolor.out | sed 's/^/escapes with NO_COLOR: /'
tty "$MEMFIT size --color=never --ascii --board $B $E" > never.out
grep -c '┏' never.out | sed 's/^/box drawing with --ascii: /'
grep -c "$(printf '\033')" never.out | sed 's/^/escapes with --color=never: /'
$MEMFIT size --color=always --ascii --board $B $E | grep -c "$(printf '\033\\[31m')" | sed 's/^/red rows, --color=always into a pipe: /'
$MEMFIT size --board $B $E | grep -c "$(printf '\033')" | sed 's/^/escapes into a pipe: /'
command -v arm-none-eabi-g++ >/dev/null || exit 0
arm-none-eabi-g++ -mcpu=cortex-m4 -mthumb -O1 -fno-exceptions -fno-rtti \
    -nostdlib -T "$FIXTURES/fw/usage/usage.ld" "$FIXTURES/fw/cxx/app.cpp" -o cxx.elf
$MEMFIT size --symbols --filter 'app::*' --sort name --ascii cxx.elf | sed -n '/Symbol/,$p' |
    awk -F'|' 'NF > 3 { gsub(/^ +| +$/, "", $2); print $2 }'

# stack: { size: auto }: gen --stack-usage reserves the worst case before
# the link plus the margin, from the .su/.ci files GCC wrote for
# fixtures/stack (fixtures/stack/su, see its README). Thread root
# Reset_Handler 488 bytes; with the board's handler globs the deepest
# handler is USART1_IRQHandler (312) plus the 32-byte frame; without them
# every uncalled function may be a handler, dead unused_big included.
su=$FIXTURES/stack/su
sed -e 's/size: 1K, warn: 50%/size: auto, margin: 25%/' \
    -e 's/frame: 32 }/frame: 32, handlers: ["*_Handler", "*_IRQHandler"] }/' \
    "$FIXTURES/stack/board.yaml" >auto.yaml
show() { sed -n '/^\/\*$/,/^__memfit_stack_size/p' "$1" | sed -n '/size: auto/,$p'; }
$MEMFIT gen -q --board auto.yaml -o out --stack-usage "$su"; echo "gen: exit $?"
show out/memory.ld
grep -A3 '/\* stack:' out/sections.ld
# The same, run again: nothing changes.
$MEMFIT gen --board auto.yaml -o out --stack-usage "$su" | grep -c unchanged
# memory.x carries it too.
$MEMFIT gen -q --board auto.yaml -o out --memory-x out/memory.x --stack-usage "$su"
sed -n '/^\/\* Stack/,/^_stack_start/p' out/memory.x | sed -n '1p;$p'
# A margin in bytes, and a min above the figure.
sed 's/margin: 25%/margin: 100/' auto.yaml >bytes.yaml
$MEMFIT gen -q --board bytes.yaml -o b --stack-usage "$su"
grep '^__memfit_stack_size' b/memory.ld
sed 's/margin: 25%/margin: 0, min: 2K/' auto.yaml >min.yaml
$MEMFIT gen -q --board min.yaml -o m --stack-usage "$su"
grep '^__memfit_stack_size' m/memory.ld
# Without handler globs: any uncalled function may be a handler.
sed 's/, handlers: \[[^]]*\]//' auto.yaml >nohandlers.yaml
$MEMFIT gen -q --board nohandlers.yaml -o nh --stack-usage "$su"
grep 'interrupts:' nh/memory.ld
# No stack data: an error, and nothing is written.
$MEMFIT gen -q --board auto.yaml -o none; echo "no --stack-usage: exit $?"
mkdir empty
$MEMFIT gen -q --board auto.yaml -o none --stack-usage empty; echo "empty dir: exit $?"
[ -e none ] && echo "none: written"
# The header does not need it.
$MEMFIT gen --board auto.yaml -o hdr --header-only; echo "--header-only: exit $?"
# A lower bound: without the indirect-call targets main's call through a
# pointer is unknown; an error, or with a min a warning.
sed '/^indirect_calls:/,$d' auto.yaml >lower.yaml
$MEMFIT gen -q --board lower.yaml -o low --stack-usage "$su"; echo "lower bound: exit $?"
sed 's/margin: 25%/margin: 25%, min: 3K/' lower.yaml >lowermin.yaml
$MEMFIT gen -q --board lowermin.yaml -o low --stack-usage "$su"; echo "lower bound, min: exit $?"
grep '^__memfit_stack_size' low/memory.ld
# A board with a fixed size ignores --stack-usage, and says so.
cp "$FIXTURES/stack/board.yaml" fixed.yaml
$MEMFIT gen -q --board fixed.yaml -o fixed --stack-usage "$su"; echo "fixed: exit $?"
grep '^__memfit_stack_size' fixed/memory.ld
# A board without a stack; a .ci that is not GCC's: located, exit 2.
printf 'memfit: 1\nboard: t\nregions:\n  - { name: RAM, kind: ram, origin: 0x20000000, length: 16K }\n' >nostack.yaml
$MEMFIT gen -q --board nostack.yaml -o ns --stack-usage "$su"; echo "no stack: exit $?"
mkdir bad && printf 'graph: { title: "x.c"\nnode: { bogus }\n}\n' >bad/x.ci
$MEMFIT gen -q --board auto.yaml -o bad-out --stack-usage bad; echo "bad .ci: exit $?"
[ -e bad-out ] && echo "bad .ci: written"
# README shows this board's memory.ld: the same lines.
sed -n "/^\\$ grep -B8 '^__memfit_stack_size'/,/^\`\`\`\$/p" "$ROOT/README.md" |
    sed '1d;$d' >readme
grep -B8 '^__memfit_stack_size' out/memory.ld | diff readme - &&
    echo "README: memory.ld's auto stack as generated"

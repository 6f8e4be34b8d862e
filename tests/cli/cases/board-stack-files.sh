# stack_files: stack_frames and indirect_calls from files beside the board
# (a vendor library's table, shared by boards); the board's own entries
# win, two files may not give one function, and a bad file is an error
# located in it. Sized with gen's auto stack on fixtures/stack/su, where
# main's call through a pointer needs its targets (1040 bytes with them).
su=$FIXTURES/stack/su
mkdir -p boards/lib
sed -e 's/size: 1K, warn: 50%/size: auto, margin: 25%/' \
    -e 's/frame: 32 }/frame: 32, handlers: ["*_Handler", "*_IRQHandler"] }/' \
    -e '/^indirect_calls:/,$d' "$FIXTURES/stack/board.yaml" >boards/lower.yaml
cat >boards/lib/hooks.yaml <<'Y'
description: main's hook pointer
indirect_calls:
  main: [hook_small, hook_big]
Y
{ cat boards/lower.yaml; echo "stack_files: [lib/hooks.yaml]"; } >boards/files.yaml
gen() { $MEMFIT gen -q --board "$1" -o "out$2" --stack-usage "$su"; echo "$1: exit $?"
	grep -h '^__memfit_stack_size' "out$2/memory.ld" 2>/dev/null; }
gen boards/files.yaml 1
# The board's own entry wins over the file's: hook_small alone is smaller.
{ cat boards/files.yaml; echo "indirect_calls: { main: [hook_small] }"; } >boards/own.yaml
gen boards/own.yaml 2
# A board that extends it: the base's file, relative to the base.
mkdir other
printf 'extends: ../boards/files.yaml\nboard: other\n' >other/ext.yaml
gen other/ext.yaml 3
# A frame from a file: vla_sum's dynamic frame does not matter here, so
# give an assembly function; validate reads the file too.
cat >boards/lib/asm.yaml <<'Y'
stack_frames: { asm_delay: 24, memcpy: 16 }
Y
{ cat boards/files.yaml | sed 's|\[lib/hooks.yaml\]|[lib/hooks.yaml, lib/asm.yaml]|'; } >boards/two.yaml
$MEMFIT validate boards/two.yaml; echo "two files: exit $?"
# Errors, each located in the file at fault; exit 2, nothing written.
bad() { printf '%s\n' "$2" >"boards/lib/$1.yaml"
	sed "s|lib/hooks.yaml|lib/$1.yaml|" boards/files.yaml >"boards/b-$1.yaml"
	$MEMFIT gen -q --board "boards/b-$1.yaml" -o "bad-$1" --stack-usage "$su"
	echo "$1: exit $?"; [ -e "bad-$1" ] && echo "$1: written"; }
bad syntax 'stack_frames: { memcpy: 16'
bad key 'stack_frame: { memcpy: 16 }'
bad size 'stack_frames: { memcpy: lots }'
bad list '- memcpy'
bad empty ''
bad targets 'indirect_calls: { main: hook_big }'
bad huge 'stack_frames: { memcpy: 0x100000001 }'
bad two '---
stack_frames: {}
---
stack_frames: {}'
sed 's|\[lib/hooks.yaml\]|[lib/nope.yaml]|' boards/files.yaml >boards/missing.yaml
$MEMFIT validate boards/missing.yaml; echo "missing: exit $?"
printf 'stack_frames: { memcpy: 8 }\nindirect_calls: { main: [hook_small] }\n' >boards/lib/dup.yaml
sed 's|\[lib/hooks.yaml\]|[lib/hooks.yaml, lib/asm.yaml, lib/dup.yaml]|' boards/files.yaml >boards/dup.yaml
$MEMFIT validate boards/dup.yaml; echo "dup: exit $?"
sed 's|\[lib/hooks.yaml\]|lib/hooks.yaml|' boards/files.yaml >boards/scalar.yaml
$MEMFIT validate boards/scalar.yaml; echo "not a list: exit $?"
sed 's|\[lib/hooks.yaml\]|[lib]|' boards/files.yaml >boards/dir.yaml
$MEMFIT validate boards/dir.yaml; echo "a directory: exit $?"

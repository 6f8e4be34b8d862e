# The bad-input catalog (see memfit(1) DIAGNOSTICS): each bad map or ELF
# gives one located line and exit 2; CRLF, Windows-path, space and
# non-UTF-8 twins of a map read exactly like the plain map; a map from
# another link and a stripped ELF are warnings.
/usr/bin/python3 "$ROOT/tests/cli/tools/hostile.py" "$FIXTURES"
G=$FIXTURES/golden
B=crazyflie-2
for m in empty truncated long-line lld binary mold iar keil gold \
    gold-archive cut-regions cut-memory cut-output; do
	$MEMFIT size --ascii --map $m.map; echo "$m.map rc=$?"
done
for e in truncated-ehdr truncated-phdr truncated-shdr bad-shstrndx shdr-outside not-elf \
    object core no-sections; do
	$MEMFIT check --board $B $e.elf; echo "$e.elf rc=$?"
done
# A host program: refused for its dynamic loader, whatever its machine.
# (The golden message is x86-64's: other hosts name their own machine.)
cp /bin/true host-program
$MEMFIT check --board $B host-program 2>host.err; rc=$?
sed -E 's/error: an? [^ ]+ program/error: an x86-64 program/' host.err >&2
echo "host program rc=$rc"
mkdir adir
$MEMFIT check --board $B --map adir; echo "directory as map rc=$?"
$MEMFIT check --board $B --map /dev/zero; echo "device as map rc=$?"
# Twins: identical reports.
cp "$G/clean.map" plain.map
$MEMFIT size --ascii --archives --objects --map plain.map > plain.out
for t in crlf windows; do
	$MEMFIT size --ascii --archives --objects --map $t.map > $t.out
	echo "$t.map rc=$?"
done
cmp plain.out crlf.out && echo "crlf twin: identical report"
# The region table is the same; the breakdowns hold the same sizes.
$MEMFIT size --ascii --map plain.map > plain-regions.out
sizes() { awk -F'|' 'NF > 4 { gsub(/ /, "", $3); print $3 }' "$1" | sort; }
$MEMFIT size --ascii --map windows.map | cmp -s - plain-regions.out &&
	echo "windows twin: identical region table"
sizes windows.out > w.sizes; sizes plain.out > p.sizes
cmp -s w.sizes p.sizes && echo "windows twin: identical breakdown sizes"
grep -c 'C:\\fw\\build dir\\' windows.out | sed 's/^/windows twin: rows with the Windows path: /'
# Warnings, exit 0.
$MEMFIT check -q --board $B --map "$G/clean.map" "$G/grown.elf" 2>&1 | sed "s|$G/||g"; echo "mismatch rc=$?"
arm-none-eabi-strip -o stripped.elf "$G/clean.elf" 2>/dev/null || cp "$G/clean.elf" stripped.elf
$MEMFIT check -q --board $B stripped.elf; echo "stripped rc=$?"
# A FIFO where the map names an object: refused, never waited on.
mkdir fifo && cp "$G/cf.map" "$G/cf.elf" "$G/startup.o" fifo/ && mkfifo fifo/cf_faults.o
(cd fifo && timeout 20 $MEMFIT check --board $B --map cf.map cf.elf | grep init-data)
echo "fifo object rc=$?"
mkfifo fifo.elf
timeout 20 $MEMFIT check --board $B fifo.elf; echo "fifo ELF rc=$?"
# The clean map cut at every line boundary: refused up to its OUTPUT line,
# read as the whole map after it (only debug sections follow).
$MEMFIT size --ascii --map "$G/clean.map" > whole.out
n=$(wc -l < "$G/clean.map"); out=$(grep -n '^OUTPUT(' "$G/clean.map" | cut -d: -f1)
i=1 refused=0 same=0
while [ $i -le "$n" ]; do
	head -n $i "$G/clean.map" > cut.map
	$MEMFIT size --ascii --map cut.map > cut.out 2>/dev/null; rc=$?
	if [ $i -lt "$out" ] && [ $rc -eq 2 ]; then refused=$((refused + 1)); fi
	if [ $i -ge "$out" ] && [ $rc -eq 0 ] && cmp -s cut.out whole.out; then
		same=$((same + 1)); fi
	i=$((i + 1))
done
echo "cut clean.map: $refused of $((out - 1)) cuts before OUTPUT refused, $same of $((n - out + 1)) after it read as the whole map"
# An object rebuilt after the link (newer than the map): the rule still
# reports what it finds, and a warning says the object cannot be trusted.
mkdir rebuilt && cp "$G/cf.map" "$G/cf.elf" "$G/startup.o" "$G/cf_faults.o" rebuilt/
touch -d '2020-01-01 00:00:00' rebuilt/cf.map rebuilt/startup.o
(cd rebuilt && $MEMFIT check -q --board $B --map cf.map cf.elf >/dev/null)
echo "rebuilt object rc=$?"

# The bad-input catalog (see memfit(1) DIAGNOSTICS): each bad map or ELF
# gives one located line and exit 2; CRLF, Windows-path, space and
# non-UTF-8 twins of a map read exactly like the plain map; a map from
# another link and a stripped ELF are warnings.
/usr/bin/python3 "$ROOT/tests/cli/tools/hostile.py" "$FIXTURES"
G=$FIXTURES/golden
B=crazyflie-2
for m in empty truncated long-line lld binary; do
	$MEMFIT size --ascii --map $m.map; echo "$m.map rc=$?"
done
for e in truncated-ehdr truncated-phdr truncated-shdr bad-shstrndx shdr-outside not-elf; do
	$MEMFIT check --board $B $e.elf; echo "$e.elf rc=$?"
done
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

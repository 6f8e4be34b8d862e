# --stack-usage with bad input: a .ci or .su that is not what GCC writes is
# one located error and exit 2; a directory with no data is a warning; a
# missing directory an error. The good path is tests/link/stack_truth.py.
B="$ROOT/boards/crazyflie-2.yaml"
mkdir -p empty broken su
printf 'graph: { title: "x.c"\nnode: { title: "f" label: "f\\nx.c:1:1\\n8 bytes (odd)" }\n}\n' >broken/x.ci
printf 'x.c:1:1:f\t8\n' >su/y.su
cp "$ROOT/fixtures/golden/clean.elf" clean.elf
$MEMFIT check -q --board "$B" --stack-usage empty clean.elf 2>&1 | grep stack-usage; echo "rc=$?"
$MEMFIT check -q --board "$B" --stack-usage broken clean.elf; echo "rc=$?"
$MEMFIT size --board "$B" --stack-usage su clean.elf >/dev/null; echo "rc=$?"
$MEMFIT check -q --board "$B" --stack-usage missing clean.elf; echo "rc=$?"
$MEMFIT size --board "$B" --stack-usage clean.elf clean.elf; echo "rc=$?"

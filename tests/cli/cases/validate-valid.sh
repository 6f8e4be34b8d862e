# Valid boards validate with a one-line summary, -v adds the region table,
# -q prints nothing; several boards in one run.
cd "$FIXTURES/boards"
$MEMFIT validate valid/minimal.yaml; echo "rc=$?"
$MEMFIT validate -v valid/full.yaml; echo "rc=$?"
$MEMFIT validate -q valid/full.yaml valid/minimal.yaml; echo "rc=$?"
$MEMFIT validate valid/minimal.yaml invalid/overlap.yaml 2>&1; echo "rc=$?"

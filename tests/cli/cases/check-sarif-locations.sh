# SARIF locations of findings that have no source line: a region's
# findings point at the board file's line for the region (a budget's at
# the budget's line, unless --budget set it), a region or an output
# section only the map has at the map's line; all relative to the source
# root; Markdown names the same lines. The board and the map are in the
# scratch directory, the root.
# Each log is checked by check_sarif.py (against the SARIF schema too).
cp "$ROOT/fixtures/golden/clean.map" fw.map
cat > board.yaml <<'YAML'
memfit: 1
board: located
mcu: STM32F405RG
regions:
  - name: FLASH
    kind: flash
    origin: 0x08004000
    length: 256
  - name: RAM
    kind: ram
    origin: 0x20000000
    length: 112K
    budget: { warn: 2K }
    default: true
  - name: SRAM2
    kind: ram
    origin: 0x20020000
    length: 16K
    required: true
YAML
# One line per result: rule, level, uriBaseId, uri, startLine.
results() {
	/usr/bin/python3 -c '
import json, sys
for r in json.load(sys.stdin)["runs"][0]["results"]:
    p = r["locations"][0]["physicalLocation"]
    a = p["artifactLocation"]
    print(r["ruleId"], r["level"], a.get("uriBaseId", "-"), a["uri"],
          p.get("region", {}).get("startLine", "-"))'
}
$MEMFIT check --board board.yaml --map fw.map --format sarif -o o.sarif
echo "rc=$?"
results < o.sarif
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" o.sarif
echo "== Markdown: the same lines"
$MEMFIT check --board board.yaml --map fw.map --format markdown |
    grep '^- \*\*'
echo "== --budget RAM:3K: the budget has no line, the region has"
$MEMFIT check --board board.yaml --map fw.map --format sarif \
    --budget RAM:3K -o budget.sarif
results < budget.sarif | grep region-budget
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" budget.sarif
echo "== from a subdirectory, --source-root ..: the same paths"
mkdir sub && cd sub || exit 1
$MEMFIT check --board ../board.yaml --map ../fw.map --format sarif \
    --source-root .. -o up.sarif
results < up.sarif
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" up.sarif
echo "== --source-root sub: board and map lie outside it, file: URIs"
$MEMFIT check --board ../board.yaml --map ../fw.map --format sarif \
    -o sub.sarif
results < sub.sarif | sed "s|file://$(cd .. && pwd -P)/|file://SCRATCH/|"
/usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" sub.sarif

#!/bin/sh
# The H7 example's own test:
#   1. board.yaml is the shipped stm32h743zi board plus naming rules;
#   2. the example builds and passes memfit check --werror, no findings;
#   3. broken/ builds, and its check fails (exit 1) with exactly the four
#      planted findings, by rule and symbol.
# Usage: sh test.sh, with the example Makefile's variables in the
# environment if memfit is not installed in /usr/local (MEMFIT_PREFIX, or
# MEMFIT and MEMFIT_MK), and MEMFIT_SHIPPED_BOARD when not run in the
# source tree (default ../../boards/stm32h743zi.yaml).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
python=/usr/bin/python3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
MEMFIT=${MEMFIT:-${MEMFIT_PREFIX:-/usr/local}/bin/memfit}
export MEMFIT

shipped=${MEMFIT_SHIPPED_BOARD:-../../boards/stm32h743zi.yaml}
$python - "$shipped" board.yaml <<'PY'
import sys, yaml
a, b = (yaml.safe_load(open(p)) for p in sys.argv[1:3])
keys = ("memfit", "dma_masters", "cache_line", "regions", "stack", "heap")
diff = [k for k in keys if a.get(k) != b.get(k)]
if diff:
    sys.exit("board.yaml differs from %s in: %s" % (sys.argv[1], diff))
print("board.yaml: same memory as %s" % a["board"])
PY

findings() {
	$python - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for f in sorted(r["findings"], key=lambda f: (f["rule"], f["symbol"] or "")):
    print("  %s %s %s" % (f["severity"], f["rule"], f["symbol"]))
PY
}

make -s clean >/dev/null
if ! make -s >"$log" 2>&1; then
	cat "$log"
	echo "FAIL: the example does not build or its check fails"
	exit 1
fi
echo "example: builds, memfit check --werror passes with" \
    "$(findings build/memfit.json | wc -l) findings"

make -s -C broken clean >/dev/null
make -s -C broken elf >"$log" 2>&1 || { cat "$log"; exit 1; }
rc=0
(cd broken && "$MEMFIT" check --board ../board.yaml \
    --map build/firmware.map --json build/memfit.json build/firmware.elf \
    >build/check.txt 2>&1) || rc=$?
echo "broken: memfit check exits $rc; findings:"
findings broken/build/memfit.json | tee broken/build/findings.txt
cat >broken/build/expected.txt <<'TXT'
  warning dma-cache-line uart_dma2_buf
  error dma-unreachable adc_dma1_buf
  error dma-unreachable sd_sdmmc1_buf
  error dma-unreachable spi6_bdma_buf
TXT
if [ $rc -ne 1 ] || ! cmp -s broken/build/expected.txt broken/build/findings.txt
then
	echo "FAIL: broken/ must fail its check with exactly:"
	cat broken/build/expected.txt
	exit 1
fi
echo "broken: fails with exactly the planted findings"

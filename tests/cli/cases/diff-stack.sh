# diff's worst-case stack from JSON reports, and its errors. The reports
# are clean.map's size report with stack roots written in by hand (the
# real stack data, from GCC, is tests/link/stack_diff.py's): every format
# shows the roots paired by kind and name, added and removed ones, a lower
# bound as such; --fail-on-growth LIMIT:stack[:ROOT] names the root; bad
# specs, a limit nothing can apply to and bad stacks in a report are one
# line each and exit 2.
out=$PWD
cd "$ROOT/fixtures/golden" || exit 1
$MEMFIT size --board crazyflie-2 --map clean.map --format json \
    -o "$out/plain.json"
cd "$out" || exit 1
/usr/bin/python3 - <<'PY'
import json
def root(name, kind, total, reserved, lower=False):
    return {"root": name, "kind": kind, "worst": total, "total": total,
            "reserved": reserved, "warn": None, "lower_bound": lower,
            "why": "recursion (walk -> walk)" if lower else None,
            "path": [{"function": name, "frame": total, "known": True,
                      "file": "main.c", "line": 7}]}
doc = json.load(open("plain.json"))
doc["stacks"] = [root("Reset_Handler", "thread", 832, 4096),
                 root("SysTick_Handler", "interrupt", 16, None),
                 root("task_b", "task", 40, 256, True)]
json.dump(doc, open("old.json", "w"), indent=2)
doc["stacks"] = [root("Reset_Handler", "thread", 960, 4096),
                 root("EXTI0_IRQHandler", "interrupt", 8, None),
                 root("task_b", "task", 72, 512, True)]
json.dump(doc, open("new.json", "w"), indent=2)
PY
run() {
	echo "== diff $*"
	$MEMFIT diff "$@" 2>&1
	echo "rc=$?"
}
run --ascii --fail-on-growth 127:stack --fail-on-growth 50%:stack \
    old.json new.json
run --fail-on-growth 128:stack:Reset_Handler --format markdown \
    old.json new.json
run --format csv old.json new.json
$MEMFIT diff --format json -o diff.json --fail-on-growth 3.12%:stack:Reset_Handler \
    old.json new.json
echo "rc=$?"
/usr/bin/python3 "$ROOT/tests/schema/check_diff.py" diff.json
sed -n '/"stacks"/,/"failed"/p' diff.json | head -n 30
echo "== one side without stack data"
run --ascii plain.json new.json | tail -n 2
$MEMFIT diff --format json plain.json new.json | grep '"stacks"'
echo "== errors"
run old.json new.json --fail-on-growth 64:stack:
run old.json new.json --fail-on-growth 64:stack:main
run old.json new.json --fail-on-growth 1%:stack:SysTick_Handler
run plain.json new.json --fail-on-growth 64:stack
run plain.json plain.json --fail-on-growth 64:stack
run --old-stack-usage . old.json new.json
sed 's/"kind": "task"/"kind": "fiber"/' old.json >bad-kind.json
run bad-kind.json new.json
sed '0,/"frame": 832/s//"frame": -832/' old.json >bad-frame.json
run bad-frame.json new.json

#!/usr/bin/python3
"""memfit diff's worst-case stack, on fixtures/stack built twice.

OLD is the firmware of stack_truth.py; NEW is the same built with
-DDEEPER, which grows util.c's deep (on the thread's and on USART1's
deepest path), takes SysTick_Handler out of the vector table and puts
EXTI0_IRQHandler in. The deepest paths do not change, so each root's
worst case on either side is the sum of GCC's own .su frames along the
path worked out by hand in stack_truth.py, and the growth diff must show
is the difference of those sums: the thread's total grows twice (its own
path and USART1's on top), USART1's once, the tasks not at all.

Checked: the growth of every root in diff's JSON from the ELFs; the same
from the size reports in JSON (report -> JSON -> diff), and from one of
each; the table, CSV and Markdown against the JSON; --fail-on-growth
LIMIT:stack[:ROOT] exits 1 one byte (one hundredth of a percent of the
reserved stack) below the growth and 0 at it, naming the root; and the
SARIF of a check whose thread overflows: valid (check_sarif.py, with the
SARIF 2.1.0 schema when it is there) and with the thread's frames, GCC's
frames and source lines, as its code flow.

Exits 77 without arm-none-eabi-gcc.
"""
import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, ROOT, Checker, run
import stack_truth as st

BOARD = os.path.join(st.SRC, "board.yaml")
CHECK_DIFF = os.path.join(ROOT, "tests", "schema", "check_diff.py")
CHECK_SARIF = os.path.join(ROOT, "tests", "schema", "check_sarif.py")


def by_hand(su):
    """{root: total} of the roots whose worst case the paths give."""
    usart = st.frames(su, st.USART)
    return {"Reset_Handler": st.frames(su, st.THREAD) + usart + st.EXC_FRAME,
            "USART1_IRQHandler": usart,
            "task_a": st.frames(su, st.TASK_A),
            "task_b": st.frames(su, st.TASK_B)}


def elf_args(work):
    return ["--board", BOARD, "--old-map", "old/fw.map", "--new-map",
            "new/fw.map", "--old-stack-usage", "old/obj",
            "--new-stack-usage", "new/obj", "old/fw.elf", "new/fw.elf"]


def diff(work, args, extra=()):
    return run([MEMFIT, "diff"] + list(extra) + args, cwd=work, check=False)


def diff_json(c, work, args, name):
    p = diff(work, args, ["--format", "json", "-o", name])
    c.check(p.returncode == 0, "diff %s: rc %d %s" % (name, p.returncode,
                                                      p.stderr))
    v = run(["/usr/bin/python3", CHECK_DIFF, name], cwd=work, check=False)
    c.check(v.returncode == 0, "check_diff.py %s:\n%s" % (name, v.stdout))
    with open(os.path.join(work, name)) as f:
        return {s["root"]: s for s in json.load(f)["stacks"]}


def check_growth(c, got, old, new):
    for root in old:
        s = got.get(root, {})
        c.check(s.get("delta") == new[root] - old[root] and
                s.get("old", {}).get("total") == old[root] and
                s.get("new", {}).get("total") == new[root],
                "%s: diff %s, by hand %d -> %d" % (root, s, old[root],
                                                   new[root]))
    c.check(new["Reset_Handler"] - old["Reset_Handler"] == 2 * (
        new["USART1_IRQHandler"] - old["USART1_IRQHandler"]) > 0,
        "the thread grows by twice USART1's growth")
    a = got.get("task_a", {})
    c.check(a.get("change") == "same" and a["old"]["lower_bound"] and
            a["new"]["lower_bound"], "task_a: a lower bound, same: %s" % a)
    c.check(got.get("SysTick_Handler", {}).get("change") == "removed" and
            got.get("EXTI0_IRQHandler", {}).get("change") == "added",
            "SysTick_Handler removed, EXTI0_IRQHandler added")


def size_json(work, side):
    p = run([MEMFIT, "size", "--board", BOARD, "--map", side + "/fw.map",
             "--stack-usage", side + "/obj", "--format", "json", "-o",
             side + ".json", side + "/fw.elf"], cwd=work)
    return p


def check_json_inputs(c, work, from_elf):
    for side in ("old", "new"):
        size_json(work, side)
    got = diff_json(c, work, ["old.json", "new.json"], "j.json")
    c.check(got == from_elf, "diff of the JSON reports differs from the "
            "ELFs':\n%s\n%s" % (got, from_elf))
    got = diff_json(c, work, ["--board", BOARD, "--new-map", "new/fw.map",
                              "--new-stack-usage", "new/obj", "old.json",
                              "new/fw.elf"], "m.json")
    c.check(got == from_elf, "JSON against ELF differs: %s" % got)


def check_formats(c, work, from_elf):
    want = {r: (s["old"] or {}).get("total") for r, s in from_elf.items()}
    p = diff(work, elf_args(work), ["--format", "csv"])
    got = {}
    for row in csv.DictReader(io.StringIO(p.stdout)):
        if row["type"] == "stack":
            got[row["name"]] = int(row["old"].lstrip(">=")) \
                if row["old"] else None
    c.check(got == want, "csv %s, json %s" % (got, want))
    want = {r: s["delta"] for r, s in from_elf.items()}
    p = diff(work, elf_args(work), ["--format", "markdown"])
    got = {m.group(1): int(m.group(2).replace("**", "")) for m in
           re.finditer(r"^\| `([^`]+)`(?: \(\w+\))? \| \w+ \|[^|]*\|[^|]*\| "
                        r"([-+*0-9]+) \|", p.stdout, re.M)}
    c.check(got == want, "markdown %s, json %s" % (got, want))
    p = diff(work, elf_args(work), ["--ascii"])
    got = {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^\| (\w+)(?: \(\w+\))? +\| \w+ +\|[^|]*\|[^|]*\| +([-+0-9]+) \|",
        p.stdout.partition("Worst-Case Stack Diff")[2], re.M)}
    c.check(got == want, "table %s, json %s" % (got, want))


def gate(c, work, spec, rc, line=None):
    p = diff(work, elf_args(work), ["--fail-on-growth", spec])
    c.check(p.returncode == rc and (line is None or line in p.stdout),
            "--fail-on-growth %s: rc %d, want %d%s\n%s%s" % (
                spec, p.returncode, rc, ", and " + line if line else "",
                p.stdout[-400:], p.stderr))


def check_gates(c, work, old, new):
    g = new["Reset_Handler"] - old["Reset_Handler"]
    u = new["USART1_IRQHandler"] - old["USART1_IRQHandler"]
    gate(c, work, "%d:stack" % g, 0)
    gate(c, work, "%d:stack" % (g - 1), 1, "growth limit %d:stack: exceeded "
         "by the stack of Reset_Handler (+%d bytes)" % (g - 1, g))
    gate(c, work, "%d:stack:USART1_IRQHandler" % u, 0)
    gate(c, work, "%d:stack:USART1_IRQHandler" % (u - 1), 1,
         "exceeded by the stack of USART1_IRQHandler (+%d bytes)" % u)
    gate(c, work, "0:stack:task_a", 0)
    # Percent of the thread's 1024-byte stack: the least hundredths of a
    # percent g does not exceed, then one less.
    h = -(-g * 10000 // 1024)
    pct = lambda v: "%d.%02d%%:stack:Reset_Handler" % (v // 100, v % 100)
    gate(c, work, pct(h), 0)
    gate(c, work, pct(h - 1), 1, "exceeded by the stack of Reset_Handler")


def check_sarif(c, work, su):
    board = st.board(work, "s.yaml", stack="512")
    run([MEMFIT, "check", "--board", board, "--map", "fw.map",
         "--stack-usage", "obj", "--format", "sarif", "-o", "../o.sarif",
         "fw.elf"], cwd=os.path.join(work, "old"), check=False)
    p = run(["/usr/bin/python3", CHECK_SARIF, "o.sarif"], cwd=work,
            check=False)
    c.check(p.returncode == 0, "SARIF:\n" + p.stdout + p.stderr)
    with open(os.path.join(work, "o.sarif")) as f:
        results = json.load(f)["runs"][0]["results"]
    flows = [r["codeFlows"] for r in results if "codeFlows" in r and
             "Reset_Handler" in r["message"]["text"]]
    c.check(len(flows) == 1, "one code flow for the thread: %d" % len(flows))
    locs = flows[0][0]["threadFlows"][0]["locations"] if flows else []
    got = [(x["location"]["logicalLocations"][0]["name"],
            x["location"]["message"]["text"], x["nestingLevel"])
           for x in locs]
    want = [(fn, "%s: %d bytes" % (fn, su[(u, fn)][0]), i)
            for i, (u, fn) in enumerate(st.THREAD)]
    c.check(got == want, "code flow %s, want %s" % (got, want))
    c.check(all(x["location"]["physicalLocation"]["region"]["startLine"] > 0
                and x["location"]["physicalLocation"]["artifactLocation"][
                    "uri"].endswith("/fixtures/stack/%s.c" % u)
                for x, (u, _) in zip(locs, st.THREAD)),
            "each frame at its unit's source line: %s" % locs)


def main():
    if shutil.which("arm-none-eabi-gcc") is None:
        print("SKIP: no arm-none-eabi-gcc")
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as work:
        st.build(os.path.join(work, "old"))
        st.build(os.path.join(work, "new"), ["-DDEEPER"])
        old = by_hand(st.read_su(os.path.join(work, "old")))
        new = by_hand(st.read_su(os.path.join(work, "new")))
        from_elf = diff_json(c, work, elf_args(work), "d.json")
        check_growth(c, from_elf, old, new)
        check_json_inputs(c, work, from_elf)
        check_formats(c, work, from_elf)
        check_gates(c, work, old, new)
        check_sarif(c, work, st.read_su(os.path.join(work, "old")))
    print("stack diff: %s" % ("ok" if c.failures == 0 else
                              "%d failed" % c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Worst-case stack against ground truth, on fixtures/stack compiled here.

The firmware (fixtures/stack: vectors.c, main.c, util.c, irq.c) is built
with arm-none-eabi-gcc -O1 -ffunction-sections -fstack-usage
-fcallgraph-info=su and linked with --gc-sections. The deepest path of
every root was worked out by hand from the sources and is written below
as a list of functions; the test adds up the frames GCC's own .su files
give those functions (read here, not by memfit) and compares with what
memfit reports. Frames come from GCC, the paths from reading the code:

- thread: Reset_Handler -> main -> hook_big (through the pointer `hook`,
  targets from the board) -> filter -> deep -> util.c's static scale. Not
  util.c's weak board_init (512 bytes of locals; main.c's strong one
  wins); with the deepest handler, USART1_IRQHandler -> filter -> deep ->
  scale, and the board's 32-byte exception frame on top.
- task_a -> main.c's static scale (not util.c's 104-byte one); vla_sum's
  VLA makes it a lower bound that names vla_sum.
- task_b -> walk, which recurses: a lower bound that names walk -> walk.
- unused_big (4008 bytes, never called) is dropped by --gc-sections and
  appears nowhere.
- the tasks' stacks are the sizes of stack_a (1024) and stack_b (256).

Then: without the board's indirect-call targets the thread is a lower
bound that names main; with a 512-byte stack it is a stack-overflow error
(exit 1) whose path is printed frame by frame; a waiver for the thread's
root leaves the tasks' warnings; CSV and Markdown agree with the JSON;
linked without ENTRY() the vector table is still found.
Last, each function's frame in the .su
equals its prologue in arm-none-eabi-objdump -d (push, vpush, sub sp).

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

SRC = os.path.join(ROOT, "fixtures", "stack")
UNITS = ["vectors", "main", "util", "irq"]
CPU = ["-mcpu=cortex-m4", "-mthumb"]
EXC_FRAME = 32

# (unit, function): the unit matters for the two static scale()s.
THREAD = [("main", "Reset_Handler"), ("main", "main"), ("main", "hook_big"),
          ("util", "filter"), ("util", "deep"), ("util", "scale")]
USART = [("irq", "USART1_IRQHandler"), ("util", "filter"),
         ("util", "deep"), ("util", "scale")]
TASK_A = [("main", "task_a"), ("main", "scale")]
TASK_B = [("main", "task_b"), ("util", "walk")]


def build(work, cflags=()):
    """fixtures/stack into WORK/obj and WORK/fw.elf (stack_diff.py adds
    -DDEEPER)."""
    os.makedirs(os.path.join(work, "obj"))
    for u in UNITS:
        run(["arm-none-eabi-gcc"] + CPU + list(cflags) + [
            "-O1", "-ffunction-sections", "-fstack-usage",
            "-fcallgraph-info=su", "-c", os.path.join(SRC, u + ".c"),
            "-o", os.path.join("obj", u + ".o")], cwd=work)
    run(["arm-none-eabi-gcc"] + CPU + [
        "-nostdlib", "-T", os.path.join(SRC, "fw.ld"),
        "-Wl,--gc-sections,-Map=fw.map", "-o", "fw.elf"] +
        [os.path.join("obj", u + ".o") for u in UNITS], cwd=work)


def check_no_entry(c, work):
    """Linked without ENTRY(), e_entry is not the reset handler: the
    vector table is still found, by its section's name."""
    script = os.path.join(work, "noentry.ld")
    with open(os.path.join(SRC, "fw.ld")) as f, open(script, "w") as o:
        o.write(f.read().replace("ENTRY(Reset_Handler)\n", ""))
    run(["arm-none-eabi-gcc"] + CPU + [
        "-nostdlib", "-T", script, "-Wl,--gc-sections,-Map=ne.map",
        "-o", "ne.elf"] + [os.path.join("obj", u + ".o") for u in UNITS],
        cwd=work)
    p = run([MEMFIT, "size", "--board", os.path.join(SRC, "board.yaml"),
             "--map", "ne.map", "--stack-usage", "obj", "--format", "json",
             "ne.elf"], cwd=work, check=False)
    kinds = {s["root"]: s["kind"] for s in json.loads(p.stdout)["stacks"]}
    c.check(kinds.get("USART1_IRQHandler") == "interrupt" and
            kinds.get("Reset_Handler") == "thread",
            "without ENTRY: roots %s" % kinds)


def read_su(work):
    """{(unit, function): (bytes, kind)} from GCC's .su files."""
    su = {}
    for u in UNITS:
        with open(os.path.join(work, "obj", u + ".su")) as f:
            for line in f:
                loc, n, kind = line.rstrip("\n").split("\t")
                su[(u, loc.rsplit(":", 1)[1])] = (int(n), kind)
    return su


def frames(su, path):
    return sum(su[p][0] for p in path)


def board(work, name, stack="1K", indirect=True, waive=False,
          task_b="stack_b"):
    text = open(os.path.join(SRC, "board.yaml")).read()
    text = text.replace("stack: stack_b", "stack: " + task_b)
    text = text.replace("size: 1K, warn: 50%", "size: %s, warn: 50%%" % stack)
    if not indirect:
        text = re.sub(r"indirect_calls:\n(  .*\n)+", "", text)
    if waive:
        text += ("waivers:\n  - { rule: stack-overflow, symbol: "
                 "Reset_Handler, reason: measured on the bench }\n")
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def memfit(work, cmd, b, extra=()):
    return run([MEMFIT, cmd, "--board", b, "--map", "fw.map",
                "--stack-usage", "obj"] + list(extra) + ["fw.elf"],
               cwd=work, check=False)


def stacks(work, b):
    p = memfit(work, "size", b, ["--format", "json"])
    return {s["root"]: s for s in json.loads(p.stdout)["stacks"]}


def check_roots(c, work, su):
    s = stacks(work, board(work, "b.yaml"))
    thread = frames(su, THREAD)
    usart = frames(su, USART)
    t = s.get("Reset_Handler", {})
    c.check(t.get("worst") == thread and not t.get("lower_bound"),
            "thread worst %s, by hand %d" % (t.get("worst"), thread))
    c.check(t.get("total") == thread + usart + EXC_FRAME,
            "thread total %s, by hand %d" % (t.get("total"),
                                             thread + usart + EXC_FRAME))
    c.check([f["function"] for f in t.get("path", [])] ==
            [p[1] for p in THREAD], "thread path %s" % t.get("path"))
    c.check(t.get("reserved") == 1024 and t.get("warn") == 512,
            "thread reserved %s warn %s" % (t.get("reserved"), t.get("warn")))
    c.check(s.get("USART1_IRQHandler", {}).get("worst") == usart,
            "USART1 worst, by hand %d" % usart)
    a, b = s.get("task_a", {}), s.get("task_b", {})
    c.check(a.get("worst") == frames(su, TASK_A) and a.get("lower_bound")
            and "vla_sum" in (a.get("why") or "") and
            a.get("reserved") == 1024, "task_a %s" % a)
    c.check(b.get("worst") == frames(su, TASK_B) and b.get("lower_bound")
            and "walk -> walk" in (b.get("why") or "") and
            b.get("reserved") == 256, "task_b %s" % b)
    names = {f["function"] for r in s.values() for f in r["path"]}
    c.check("unused_big" not in names and "board_init" not in names,
            "dropped or overridden functions on a path: %s" % names)
    return thread + usart + EXC_FRAME


def check_formats(c, work):
    """CSV and Markdown give each root the JSON's worst case."""
    b = board(work, "b.yaml")
    want = {k: v["total"] for k, v in stacks(work, b).items()}
    p = memfit(work, "size", b, ["--format", "csv"])
    got = {}
    for row in csv.reader(io.StringIO(p.stdout)):
        if row and row[0] == "stack":
            got[row[2]] = int(row[6])
    c.check(got == want, "csv %s, json %s" % (got, want))
    p = memfit(work, "size", b, ["--format", "markdown"])
    got = {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^\| `([^`]+)` \| \w+ \| ≥?(\d+) \|", p.stdout, re.M)}
    c.check(got == want, "markdown %s, json %s" % (got, want))


def check_findings(c, work, total):
    p = memfit(work, "check", board(work, "n.yaml", indirect=False))
    c.check(p.returncode == 0 and re.search(
        r"stack of Reset_Handler is at least \d+ bytes: a call through a "
        r"pointer \(main\)", p.stdout),
        "without targets: a lower bound naming main:\n" + p.stdout)
    p = memfit(work, "check", board(work, "s.yaml", stack="512"))
    c.check(p.returncode == 1 and ("error: worst-case stack of "
            "Reset_Handler is %d bytes, above its 512-byte stack by %d "
            "[stack-overflow]" % (total, total - 512)) in p.stdout,
            "512-byte stack: an error:\n" + p.stdout)
    c.check(re.search(r"\n +104  scale  .*util\.c:3\n", p.stdout),
            "the path frame by frame with its source line:\n" + p.stdout)
    p = memfit(work, "check", board(work, "w.yaml", stack="512",
                                     waive=True), ["-q"])
    c.check(p.returncode == 0 and "waived: measured on the bench" in
            p.stdout and p.stdout.count("[stack-overflow]") == 3,
            "the thread's waiver, the tasks still warned:\n" + p.stdout)
    p = memfit(work, "check", board(work, "x.yaml", task_b="stack_x"),
               ["-q"])
    c.check("warning: task task_b: its stack is unknown (the ELF has no "
            "object 'stack_x') [stack-overflow]" in p.stdout,
            "a task's stack symbol the ELF lacks:\n" + p.stdout)


# objdump writes a 32-bit push of many registers as its other name,
# "stmdb sp!, {...}".
PUSH = re.compile(r"^\s*[0-9a-f]+:\s+(v?push|stmdb(?=\s+sp!))(?:\.w)?\s+"
                  r"(?:sp!,\s*)?\{([^}]*)\}")
SUB = re.compile(r"^\s*[0-9a-f]+:\s+sub(?:\.w)?\s+sp,\s*(?:sp,\s*)?#(\d+)")


def prologue_bytes(lines):
    """Bytes a function's prologue takes: push, vpush, sub sp, #N."""
    n = 0
    for line in lines:
        m, s = PUSH.match(line), SUB.match(line)
        if m:
            regs = 0
            for r in m.group(2).split(","):
                lo, _, hi = r.strip().partition("-")
                regs += int(hi[1:]) - int(lo[1:]) + 1 if hi else 1
            n += regs * (8 if m.group(1) == "vpush" else 4)
        elif s:
            n += int(s.group(1))
        else:
            break
    return n


def check_objdump(c, work, su):
    checked = 0
    for u in UNITS:
        out = run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn",
                   os.path.join(work, "obj", u + ".o")]).stdout
        for m in re.finditer(r"<([^>]+)>:\n((?:\s+[0-9a-f]+:.*\n)+)", out):
            fn = m.group(1)
            if (u, fn) not in su or su[(u, fn)][1] != "static":
                continue
            got = prologue_bytes(m.group(2).splitlines())
            c.check(got == su[(u, fn)][0], "%s.c %s: objdump %d, .su %d" %
                    (u, fn, got, su[(u, fn)][0]))
            checked += 1
    c.check(checked >= 15, "objdump compared %d functions" % checked)


def main():
    if shutil.which("arm-none-eabi-gcc") is None:
        print("SKIP: no arm-none-eabi-gcc")
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as work:
        build(work)
        su = read_su(work)
        total = check_roots(c, work, su)
        check_findings(c, work, total)
        check_formats(c, work)
        check_no_entry(c, work)
        check_objdump(c, work, su)
    print("stack ground truth: %s" % ("ok" if c.failures == 0 else
                                      "%d failed" % c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

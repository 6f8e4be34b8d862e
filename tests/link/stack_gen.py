#!/usr/bin/python3
"""stack: { size: auto }: gen's reservation against GCC's own frames.

fixtures/stack is compiled as in stack_truth.py (-fstack-usage
-fcallgraph-info=su). The board asks for size: auto with a 25% margin and
names its handlers (interrupts.handlers). Before the link, gen reserves
the thread's deepest path (Reset_Handler -> main -> hook_big -> filter ->
deep -> util.c's scale) plus the deepest handler (USART1_IRQHandler ->
filter -> deep -> scale) and the 32-byte exception frame, plus 25% of
that rounded up, rounded up to 8: the frames are read here from GCC's .su
files, not from memfit. Then:

- the firmware links with gen's memory.ld, sections.ld and link.ld; the
  .memfit_stack reservation (nm) is that size, and check --stack-usage
  takes it as the thread's stack: no stack-overflow for the thread, exit
  0, and the worst case check computes after the link is the one gen
  used (the handler globs match the vector table here);
- without handler globs every uncalled function may be a handler: gen
  takes unused_big (dead, dropped by --gc-sections), by hand too, and
  stays above what check finds;
- stack_files: the indirect-call targets from a file give the same size;
- a task's switch_frame is added to its worst case;
- the worst case grows (USART1_IRQHandler's buffer 20 -> 200 ints): the
  old link fails check with stack-overflow, gen --check-only says the
  scripts are out of date, and gen again reserves the new worst case by
  hand, with which the firmware links and checks clean.

Exits 77 without arm-none-eabi-gcc.
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, Checker, run
from stack_truth import (CPU, SRC, THREAD, UNITS, USART, build, frames,
                         read_su)

EXC_FRAME = 32
UNUSED = [("util", "unused_big"), ("util", "filter"), ("util", "deep"),
          ("util", "scale")]
TASK_A = [("main", "task_a"), ("main", "scale")]
SWITCH = 68


def reservation(worst, percent=25):
    """Worst case plus PERCENT of it, rounded up, then up to 8 bytes."""
    size = worst + (worst * percent + 99) // 100
    return (size + 7) // 8 * 8


def board(work, name, handlers=True, indirect_file=False):
    text = open(os.path.join(SRC, "board.yaml")).read()
    text = text.replace("size: 1K, warn: 50%", "size: auto, margin: 25%")
    text = text.replace("{ entry: task_a, stack: stack_a }",
                        "{ entry: task_a, stack: stack_a, switch_frame: %d }"
                        % SWITCH)
    if handlers:
        text = text.replace("frame: 32 }", 'frame: 32, handlers: '
                            '["*_Handler", "*_IRQHandler"] }')
    if indirect_file:
        m = re.search(r"indirect_calls:\n(  .*\n)+", text)
        with open(os.path.join(work, "hooks.yaml"), "w") as f:
            f.write(m.group(0))
        text = text.replace(m.group(0), "stack_files: [hooks.yaml]\n")
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def gen(work, b, out, extra=()):
    p = run([MEMFIT, "gen", "-q", "--board", b, "-o", out, "--stack-usage",
             "obj"] + list(extra), cwd=work, check=False)
    m = None
    if p.returncode == 0:
        m = re.search(r"^__memfit_stack_size = 0x([0-9a-f]+);$", open(
            os.path.join(work, out, "memory.ld")).read(), re.M)
    return p, int(m.group(1), 16) if m else None


def link(work, out, name):
    scripts = []
    for s in ("memory.ld", "sections.ld", "link.ld"):
        scripts += ["-T", os.path.join(out, s)]
    run(["arm-none-eabi-gcc"] + CPU + ["-nostdlib"] + scripts + [
        "-Wl,--gc-sections,-Map=%s.map" % name, "-o", name + ".elf"] +
        [os.path.join("obj", u + ".o") for u in UNITS], cwd=work)
    syms = {}
    for line in run(["arm-none-eabi-nm", name + ".elf"],
                    cwd=work).stdout.splitlines():
        f = line.split()
        if len(f) == 3:
            syms[f[2]] = int(f[0], 16)
    return syms["__memfit_stack_top"] - syms["__memfit_stack_bottom"]


def check(work, b, name):
    p = run([MEMFIT, "check", "--board", b, "--map", name + ".map",
             "--stack-usage", "obj", "--json", name + ".json", name + ".elf"],
            cwd=work, check=False)
    rep = json.load(open(os.path.join(work, name + ".json")))
    return p, {s["root"]: s for s in rep["stacks"]}


def check_auto(c, work, su):
    b = board(work, "auto.yaml")
    worst = frames(su, THREAD) + frames(su, USART) + EXC_FRAME
    p, size = gen(work, b, "g")
    c.check(size == reservation(worst), "gen reserved %s, by hand %d (%s)"
            % (size, reservation(worst), p.stderr.strip()))
    linked = link(work, "g", "fw1")
    c.check(linked == reservation(worst), "linked stack %d" % linked)
    p, s = check(work, b, "fw1")
    t = s.get("Reset_Handler", {})
    c.check(p.returncode == 0 and "error:" not in p.stdout and
            "of Reset_Handler" not in p.stdout,
            "check of the auto board:\n" + p.stdout + p.stderr)
    c.check(t.get("reserved") == linked and t.get("total") == worst,
            "check: thread %s, reserved %s; by hand %d, %d" % (
                t.get("total"), t.get("reserved"), worst, linked))
    a = s.get("task_a", {})
    c.check(a.get("total") == frames(su, TASK_A) + SWITCH,
            "task_a with its switch frame: %s, by hand %d" % (
                a.get("total"), frames(su, TASK_A) + SWITCH))
    c.check(re.search(r"\n +%d  \(its context switch\)\n" % SWITCH,
                      p.stdout), "task_a's path ends in its switch frame:\n"
            + p.stdout)
    _, same = gen(work, board(work, "file.yaml", indirect_file=True), "f")
    c.check(same == size, "indirect calls from a stack file: %s" % same)
    return size


def check_no_handlers(c, work, su):
    worst = frames(su, THREAD) + frames(su, UNUSED) + EXC_FRAME
    p, size = gen(work, board(work, "nh.yaml", handlers=False), "nh")
    c.check(size == reservation(worst), "without handler globs: %s, by "
            "hand %d" % (size, reservation(worst)))
    c.check("the deepest: unused_big" in open(os.path.join(
        work, "nh", "memory.ld")).read(), "the comment names unused_big")


def check_growth(c, work, old):
    src = open(os.path.join(SRC, "irq.c")).read()
    grown = src.replace("volatile int buf[20];", "volatile int buf[200];")
    c.check(grown != src, "irq.c has USART1_IRQHandler's buf[20]")
    with open(os.path.join(work, "irq.c"), "w") as f:
        f.write(grown)
    run(["arm-none-eabi-gcc"] + CPU + [
        "-O1", "-ffunction-sections", "-fstack-usage", "-fcallgraph-info=su",
        "-c", "irq.c", "-o", os.path.join("obj", "irq.o")], cwd=work)
    su = read_su(work)
    worst = frames(su, THREAD) + frames(su, USART) + EXC_FRAME
    b = os.path.join(work, "auto.yaml")
    link(work, "g", "fw2")
    p, _ = check(work, b, "fw2")
    c.check(p.returncode == 1 and re.search(
        r"error: worst-case stack of Reset_Handler is %d bytes, above its "
        r"%d-byte stack by %d \[stack-overflow\]" % (worst, old, worst - old),
        p.stdout), "grown, old scripts: stack-overflow:\n" + p.stdout)
    p, _ = gen(work, b, "g", ["--check-only"])
    c.check(p.returncode == 1 and "g/memory.ld: out of date" in p.stdout,
            "gen --check-only after the growth:\n" + p.stdout)
    p, size = gen(work, b, "g")
    c.check(size == reservation(worst), "grown: gen reserved %s, by hand "
            "%d" % (size, reservation(worst)))
    link(work, "g", "fw3")
    p, _ = check(work, b, "fw3")
    c.check(p.returncode == 0 and "[stack-overflow]" not in p.stdout.split(
        "task_a")[0], "grown, new scripts: clean:\n" + p.stdout)


def main():
    if shutil.which("arm-none-eabi-gcc") is None:
        print("SKIP: no arm-none-eabi-gcc")
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as work:
        build(work)
        su = read_su(work)
        size = check_auto(c, work, su)
        check_no_handlers(c, work, su)
        check_growth(c, work, size)
    print("stack gen: %s" % ("ok" if c.failures == 0 else
                             "%d failed" % c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Worst-case stack of a larger build against a reading of GCC's own data.

    stack_bench_truth.py                       build and check (the test)
    stack_bench_truth.py --elf E --map M --objs DIR --board B [--sample N]
                                               check a build made elsewhere

The test builds the bench's synthetic firmware (bench/gen_firmware.py) at
UNITS translation units, compiled with -fstack-usage -fcallgraph-info=su:
8 archives, calls across units and archives, a static `mix` and `clamp`
in every unit, pointer tables (the board lists the targets of units 0 and
50, not of unit 100's), a recursive pair, a VLA, 5 interrupt handlers in
the vector table and 2 tasks. Then it computes the worst case of every
root itself, from GCC's files read here (no memfit code), the way
memfit(1) documents it, and compares with `memfit size --format json`:

- the whole-program graph: one node per function a .ci gives a frame and
  `arm-none-eabi-nm` lists in the ELF; a call goes to a static of the
  caller's unit when the .ci title carries the unit's prefix (and the ELF
  has the name as a local), else to the global of that name (a strong
  definition before a weak one); `__indirect_call` goes to the board's
  `indirect_calls` targets of the caller, or is unknown; a callee without
  a node has no data (a lower bound) unless the board's `stack_frames`
  gives it;
- the roots: the reset handler (the vector table's second word, read with
  objdump), each distinct handler after it, each board task;
- a root's worst case is the longest simple path (frames summed), and it is
  a lower bound when it reaches recursion, an unknown indirect call, a
  dynamic frame or a function without data. The generated recursion is
  entered at one function only, so the longest simple path is what any
  depth-first order gives (memfit's memo included);
- the thread's total adds the deepest handler and the board's exception
  frame (nesting 1).

memfit's path for each root must be a path of this graph whose frames are
the .ci frames and add up to the worst case. Last, for a sample of units,
each static frame in the .su is compared with the prologue of the function
in `arm-none-eabi-objdump -d` (push, vpush, sub sp), as stack_truth.py
does on the hand-written fixture.

A real project: the same comparison runs on any GCC build with .ci files,
for instance the Crazyflie firmware (github.com/bitcraze/crazyflie-firmware,
not part of this repository): build it with
`make EXTRA_CFLAGS="-fstack-usage -fcallgraph-info=su"` (objects and their
.ci/.su land in build/), write a board for it (boards/crazyflie-2.yaml,
with its FreeRTOS tasks under `tasks` and the pointer targets it knows
under `indirect_calls`), and run

    tests/link/stack_bench_truth.py --elf build/cf2.elf --map build/cf2.map \\
        --objs build --board cf2-stack.yaml

Functions written in assembly and the C library have no .ci: they are
"no data" leaves on both sides. Roots whose worst case differs, and
frames that disagree with objdump, are printed; the exit status is 1 then.

Exits 77 without arm-none-eabi-gcc.
"""
import argparse
import contextlib
import glob
import io
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "bench"))
from memfit_test import MEMFIT, ROOT, Checker, run  # noqa: E402
from stack_truth import prologue_bytes  # noqa: E402

UNITS = 120             # ~10 s to build on two cores
OBJDUMP_EVERY = 10      # units whose prologues are read
NODE = re.compile(r'^node: \{ title: "((?:[^"\\]|\\.)*)" label: '
                  r'"((?:[^"\\]|\\.)*)"( shape : ellipse)? \}$')
EDGE = re.compile(r'^edge: \{ sourcename: "((?:[^"\\]|\\.)*)" targetname: '
                  r'"((?:[^"\\]|\\.)*)" label: "([^"]*)" \}$')
FRAME = re.compile(r"^(\d+) bytes \((static|dynamic|dynamic,bounded)\)$")
REASONS = {"recursion": "recursion", "indirect": "a call through a pointer",
           "dynamic": "a dynamic frame", "nodata": "no stack data"}


def read_ci(path):
    """(graph title, {title: (frame, kind, file) or None}, [(from, to)])"""
    nodes, edges, title = {}, [], None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r'^graph: \{ title: "(.*)"$', line)
            if m:
                title = m.group(1)
            m = NODE.match(line)
            if m:
                lab = m.group(2).split("\\n")
                fm = FRAME.match(lab[2]) if len(lab) > 2 else None
                nodes[m.group(1)] = ((int(fm.group(1)), fm.group(2),
                                      lab[1].rsplit(":", 2)[0])
                                     if fm else None)
            m = EDGE.match(line)
            if m:
                edges.append((m.group(1), m.group(2)))
    return title, nodes, edges


def elf_functions(elf):
    """{name: set of nm types} of the ELF's defined functions, and
    {address: [names]}."""
    types, at = {}, {}
    out = run(["arm-none-eabi-nm", "--defined-only", elf]).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tTwW":
            continue
        types.setdefault(parts[2], set()).add(parts[1])
        at.setdefault(int(parts[0], 16) & ~1, []).append(parts[2])
    return types, at


def vector_words(elf):
    """The words of the vector table section, from objdump -s."""
    for sec in (".isr_vector", ".vectors"):
        out = run(["arm-none-eabi-objdump", "-s", "-j", sec, elf],
                  check=False).stdout
        words = []
        for line in out.splitlines():
            m = re.match(r"^ [0-9a-f]+ ((?:[0-9a-f]{8} ?){1,4})", line)
            if m:
                words += [int.from_bytes(bytes.fromhex(w), "little")
                          for w in m.group(1).split()]
        if words:
            return words
    return []


class Graph:
    """The whole-program call graph, built from the .ci files alone."""

    def __init__(self, cis, funcs, board):
        self.frame, self.kind, self.file = {}, {}, {}
        self.calls, self.indirect = {}, set()
        self.glob = {}          # name -> node, the strong one first
        self.extra = board.get("stack_frames") or {}
        targets = board.get("indirect_calls") or {}
        units = [read_ci(p) for p in cis]
        for u, (title, nodes, _) in enumerate(units):
            for t, info in nodes.items():
                if info is not None:
                    self.add_node(u, title, t, info, funcs)
        for u, (title, nodes, edges) in enumerate(units):
            for src, dst in edges:
                a = self.node_of(u, title, src, funcs)
                if a is None:
                    continue
                if dst == "__indirect_call":
                    name = a[1]
                    if name not in targets:
                        self.indirect.add(a)
                    for t in targets.get(name, []):
                        self.calls[a].append(self.lookup(u, t))
                    continue
                self.calls[a].append(self.node_of(u, title, dst, funcs) or
                                     self.lookup(u, dst))

    def add_node(self, u, title, t, info, funcs):
        static = t.startswith(title + ":")
        name = t[len(title) + 1:] if static else t
        if name not in funcs:
            return          # not linked (--gc-sections)
        weak = static and "t" not in funcs[name]    # GCC prefixes weak ones
        key = (u, name) if static and not weak else (None, name)
        n = (u, name)
        self.frame[n], self.kind[n], self.file[n] = info
        self.calls[n] = []
        if key[0] is None:
            cur = self.glob.get(name)
            if cur is None or (self.is_weak(cur, funcs) and not weak):
                self.glob[name] = n
        else:
            self.glob.setdefault(("static", u, name), n)

    @staticmethod
    def is_weak(n, funcs):
        return "T" not in funcs.get(n[1], ())

    def node_of(self, u, title, t, funcs):
        if t.startswith(title + ":"):
            name = t[len(title) + 1:]
            n = self.glob.get(("static", u, name))
            return n if n is not None else self.glob.get(name)
        return None if t == "__indirect_call" else self.glob.get(t)

    def lookup(self, u, name):
        """A callee by name from unit U: its static, the global, or a leaf
        without a node (no data unless the board gives a frame)."""
        n = self.glob.get(("static", u, name)) or self.glob.get(name)
        return n if n is not None else (None, name)

    def frame_of(self, n):
        if n in self.frame:
            return self.frame[n]
        return self.extra.get(n[1], 0)


def sccs(g, roots):
    """Nodes on a cycle (Tarjan, iterative), among those ROOTS reach."""
    index, low, on, stack, cyc, counter = {}, {}, set(), [], set(), [0]
    for r in roots:
        if r in index:
            continue
        work = [(r, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter[0]
                counter[0] += 1
                stack.append(v)
                on.add(v)
            succ = g.calls.get(v, [])
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            for w in succ:
                if w in on:
                    low[v] = min(low[v], low[w])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in succ:
                    cyc.update(comp)
    return cyc


def worst(g, root, cyc, memo):
    """(longest simple path's frames, set of reasons) from ROOT."""
    if root in memo:
        return memo[root]
    res = longest(g, root, cyc, memo, frozenset())
    return res


def longest(g, n, cyc, memo, onpath):
    if n in memo and n not in cyc:
        return memo[n]
    why = set()
    if n not in g.frame and n[1] not in g.extra:
        why.add("nodata")
    if g.kind.get(n) == "dynamic":
        why.add("dynamic")
    if n in g.indirect:
        why.add("indirect")
    if n in cyc:
        why.add("recursion")
    best = 0
    for c in g.calls.get(n, []):
        if c in onpath or c == n:
            continue
        d, w = longest(g, c, cyc, memo, onpath | {n})
        best = max(best, d)
        why |= w
    res = (g.frame_of(n) + best, why)
    if n not in cyc:
        memo[n] = res
    return res


def roots_of(g, elf, funcs, at, board):
    """[(root name, kind, node)]: the reset handler, handlers, tasks."""
    words = vector_words(elf)
    out = []

    def func(addr):
        names = at.get(addr & ~1, [])
        with_data = [x for x in names if x in g.glob]
        return (with_data or names or [None])[0]
    reset = func(words[1]) if len(words) > 1 else "Reset_Handler"
    out.append((reset, "thread", g.lookup(None, reset)))
    seen = {words[1]}
    for w in words[2:]:
        if w == 0 or w in seen:
            continue
        seen.add(w)
        name = func(w)
        if name is None:
            break
        out.append((name, "interrupt", g.lookup(None, name)))
    for t in board.get("tasks") or []:
        out.append((t["entry"], "task", g.lookup(None, t["entry"])))
    return out


def compare(c, elf, mapf, objs, board_path, cwd=None):
    """memfit's stacks against the computation above; returns the roots."""
    import yaml
    with open(board_path) as f:
        board = yaml.safe_load(f)
    funcs, at = elf_functions(elf)
    cis = sorted(glob.glob(os.path.join(objs, "**", "*.ci"), recursive=True))
    g = Graph(cis, funcs, board)
    roots = roots_of(g, elf, funcs, at, board)
    cyc = sccs(g, [r[2] for r in roots])
    p = run([MEMFIT, "size", "--board", board_path, "--map", mapf,
             "--stack-usage", objs, "--format", "json", elf], cwd=cwd)
    got = {s["root"]: s for s in json.loads(p.stdout)["stacks"]}
    c.check(sorted(got) == sorted(r[0] for r in roots),
            "roots: memfit %s, GCC's data %s" % (sorted(got),
                                                 sorted(r[0] for r in roots)))
    memo, mine = {}, {}
    for name, kind, node in roots:
        d, why = worst(g, node, cyc, memo)
        mine[name] = (d, why)
        s = got.get(name, {})
        c.check(s.get("kind") == kind and s.get("worst") == d,
                "%s (%s): memfit %s, GCC's data %d" % (name, kind,
                                                       s.get("worst"), d))
        text = s.get("why") or ""
        c.check(bool(s.get("lower_bound")) == bool(why) and
                all((REASONS[k] in text) == (k in why) for k in REASONS),
                "%s: memfit says %r, GCC's data gives %s" % (
                    name, text, sorted(why)))
        check_path(c, g, name, s.get("path") or [], d)
    irq = [mine[r[0]][0] for r in roots if r[1] == "interrupt"]
    frame = (board.get("interrupts") or {}).get("frame", 0)
    nest = (board.get("interrupts") or {}).get("nesting", 1)
    top = sum(sorted(irq, reverse=True)[:nest]) + frame * min(nest, len(irq))
    t = got.get(roots[0][0], {})
    c.check(t.get("total") == mine[roots[0][0]][0] + top,
            "thread total: memfit %s, GCC's data %d + %d" % (
                t.get("total"), mine[roots[0][0]][0], top))
    return mine


def check_path(c, g, root, path, depth):
    """memfit's path: frames as the .ci gives them, adding up to DEPTH,
    each step a call the graph has."""
    c.check(sum(s["frame"] for s in path) == depth and path and
            path[0]["function"] == root,
            "%s: path frames add up to %d, not %d" % (
                root, sum(s["frame"] for s in path), depth))
    prev = None
    for s in path:
        cand = [n for n in g.frame if n[1] == s["function"] and
                g.file[n] == s.get("file")]
        n = cand[0] if len(cand) == 1 else (None, s["function"])
        c.check(g.frame_of(n) == s["frame"],
                "%s: %s's frame %d, the .ci's %d" % (
                    root, s["function"], s["frame"], g.frame_of(n)))
        if prev is not None:
            c.check(n in g.calls.get(prev, []), "%s: %s does not call %s" %
                    (root, prev[1], s["function"]))
        prev = n


def check_objdump(c, objs, every):
    """.su static frames against the prologue in the object's code."""
    checked = 0
    for k, su in enumerate(sorted(glob.glob(os.path.join(objs, "**", "*.su"),
                                            recursive=True))):
        if k % every:
            continue
        frames = {}
        with open(su) as f:
            for line in f:
                loc, n, kind = line.rstrip("\n").split("\t")
                if kind == "static":
                    frames[loc.rsplit(":", 1)[1]] = int(n)
        out = run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn",
                   su[:-3] + ".o"]).stdout
        for m in re.finditer(r"<([^>]+)>:\n((?:\s+[0-9a-f]+:.*\n)+)", out):
            if m.group(1) in frames:
                got = prologue_bytes(m.group(2).splitlines())
                c.check(got == frames[m.group(1)], "%s %s: objdump %d, .su %d"
                        % (su, m.group(1), got, frames[m.group(1)]))
                checked += 1
    return checked


def bench_board(work):
    """bench/board.yaml without the targets of unit 100's pointer table,
    so that one call through a pointer stays unknown."""
    with open(os.path.join(ROOT, "bench", "board.yaml")) as f:
        text = f.read()
    text = re.sub(r"\n  m00100_dispatch: .*", "", text)
    path = os.path.join(work, "board.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def test():
    import gen_firmware
    if shutil.which("arm-none-eabi-gcc") is None:
        print("SKIP: no arm-none-eabi-gcc")
        return 77
    gen_firmware.MEMFIT = MEMFIT
    c = Checker()
    with tempfile.TemporaryDirectory() as work:
        board = bench_board(work)
        with contextlib.redirect_stdout(io.StringIO()):    # timings
            gen_firmware.build(UNITS, work, board, os.cpu_count() or 2,
                               True)
        d = os.path.join(work, str(UNITS))
        mine = compare(c, os.path.join(d, "fw.elf"), os.path.join(d, "fw.map"),
                       os.path.join(d, "obj"), board, cwd=d)
        # The shapes the generator promises, so that the comparison
        # above has every case to compare.
        t = mine.get("Reset_Handler", (0, set()))
        c.check(t[1] == {"recursion", "indirect", "dynamic"} and
                len(mine) == 8 and not mine["m00005_isr"][1] and
                not mine["m00002_task"][1],
                "roots and reasons: %s" % sorted(mine.items()))
        n = check_objdump(c, os.path.join(d, "obj"), OBJDUMP_EVERY)
        c.check(n >= 100, "objdump compared %d functions" % n)
    print("stack of the bench firmware against GCC's data: %s" % (
        "ok" if c.failures == 0 else "%d failed" % c.failures))
    return 1 if c.failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--elf")
    ap.add_argument("--map")
    ap.add_argument("--objs")
    ap.add_argument("--board")
    ap.add_argument("--sample", type=int, default=OBJDUMP_EVERY,
                    help="read the prologues of every Nth unit")
    a = ap.parse_args()
    if a.elf is None:
        return test()
    c = Checker()
    mine = compare(c, a.elf, a.map, a.objs, a.board)
    n = check_objdump(c, a.objs, a.sample)
    print("%d roots, %d prologues: %s" % (len(mine), n, "ok" if c.failures
                                           == 0 else "%d failed" % c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

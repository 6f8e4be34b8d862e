#!/usr/bin/python3
"""The cost of findings (issue 13, point 8): memfit check on a -g3 ELF.

    findings.py [--dir DIR] [--runs N] [--out BENCHMARKS.md]

On the 200-unit synthetic firmware built with -g3 (gen_firmware.py --out
build/bench-g3 --debug=-g3 200), the same check with bench/board.yaml (no
findings) and bench/board-findings.yaml (58 dma-unreachable findings, CCM
variables spread over the units, each with a source line to look up in
DWARF), with and without the map, next to arm-none-eabi-size -A. Goal: a
check with findings costs at most 2x the same check without, and at most
5x size -A. Replaces the "Check with findings" section of BENCHMARKS.md.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(__file__))
import run as bench  # noqa: E402

HEAD = "## Check with findings"


def measure(d, runs):
    clean = os.path.join(bench.ROOT, "bench", "board.yaml")
    found = os.path.join(bench.ROOT, "bench", "board-findings.yaml")
    cases = []
    for label, extra in (("ELF + map", ["--map", "fw.map"]), ("ELF", [])):
        for what, board in (("no findings", clean), ("58 findings", found)):
            cases.append(("memfit check (%s, %s)" % (label, what),
                          [bench.MEMFIT, "check", "--board", board] + extra +
                          ["fw.elf"]))
    cases.append(("arm-none-eabi-size -A", [bench.SIZE, "-A", "fw.elf"]))
    times = {c[0]: [] for c in cases}
    cpu = {c[0]: [] for c in cases}
    rcs, irs = {}, {}
    for _ in range(runs):           # the tools take turns
        for label, argv in cases:
            t, u, rc = bench.timed(argv, d)
            times[label].append(t * 1000)
            cpu[label].append(u * 1000)
            rcs[label] = rc
    for label, argv in cases:
        irs[label] = (bench.callgrind(argv, d, os.devnull)
                      if argv[0] == bench.MEMFIT else None)
    return [(l, statistics.median(times[l]), min(times[l]), max(times[l]),
             statistics.median(cpu[l]), irs[l], rcs[l]) for l, _ in cases]


def section(rows, d):
    med = {r[0]: r[1] for r in rows}
    size = med["arm-none-eabi-size -A"]
    out = [HEAD, "",
           "Written by bench/findings.py (`make bench`), %d KB ELF built "
           "with -g3 (%s). Wall ms, median (min-max); exit 1 means "
           "findings." % (os.path.getsize(os.path.join(d, "fw.elf")) // 1024,
                          os.path.relpath(d, bench.ROOT)), "",
           "| tool | wall ms | min-max ms | / size -A | CPU ms | Ir (M) | "
           "exit |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for l, m, lo, hi, u, ir, rc in rows:
        out.append("| %s | %.1f | %.1f-%.1f | %.2f | %.1f | %s | %d |" % (
            l, m, lo, hi, m / size, u,
            "%.1f" % (ir / 1e6) if isinstance(ir, int) else "-", rc))
    out.append("")
    irs = {r[0]: r[5] for r in rows}
    for label in ("ELF + map", "ELF"):
        a = "memfit check (%s, no findings)" % label
        b = "memfit check (%s, 58 findings)" % label
        out.append("- %s: findings / no findings %.2f in wall time (goal "
                   "at most 2), %.2f in instructions; findings / size -A "
                   "%.2f (goal at most 5)" % (
                       label, med[b] / med[a],
                       irs[b] / irs[a] if irs[a] and irs[b] else 0,
                       med[b] / size))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.path.join(bench.ROOT, "build",
                                                  "bench-g3", "200"))
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("--out", default=os.path.join(bench.ROOT,
                                                  "BENCHMARKS.md"))
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.dir, "fw.elf")):
        sys.exit("findings: no %s/fw.elf: run bench/gen_firmware.py --out "
                 "build/bench-g3 --debug=-g3 200" % a.dir)
    text = section(measure(a.dir, a.runs), a.dir)
    load = bench.load_average()
    text += ("\nLoad average (1, 5, 15 min) after: %s; the machine is "
             "shared, so wall times are noisy, instructions (callgrind) "
             "are not.\n" % load)
    bench.replace_section(a.out, HEAD, text)
    print(text)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The HTML report of the largest synthetic firmware (issue 19): its size,
and how soon it is interactive in Chromium.

    html.py [--dir build/bench/8000] [--runs N] [--out BENCHMARKS.md]

memfit size --format html (every breakdown: 264 000 symbols at 8 000
units) is timed, its file measured, and the page opened RUNS times in
headless Chromium (tests/link/webdriver.py, the network off): the time
from navigation start to the mark the page's script sets once it has
drawn everything (performance mark "memfit-ready"), then, in the page,
the time of each click into the largest region, its largest output
section (where the region's symbols are first sorted into sections),
and that section's largest archive. Goal: interactive within 2 s.
The pages of the 200- and 2 000-unit builds, where built, are measured
too, for how the page's costs grow with its size (a quadratic step shows
as about 4 per doubling). Replaces the "HTML report" section of
BENCHMARKS.md; skips (exit 0, nothing written) without Chromium and
chromedriver.
"""
import argparse
import math
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "link"))
import run as bench  # noqa: E402
import webdriver  # noqa: E402

HEAD = "## HTML report"
# Open the largest box of the treemap; the milliseconds the click took
# (it lays out the next level synchronously).
CLICK = """
var c = document.querySelector('#tm .cell:not(.leaf)');
if (!c) return null;
var t = performance.now();
c.click();
return [c.dataset.name, performance.now() - t];
"""


def chromium_version():
    """Debian's wrapper script may print warnings first: the last line."""
    lines = bench.sh([webdriver.find(webdriver.CHROMIUM_NAMES),
                      "--version"]).strip().splitlines()
    return lines[-1].strip() if lines else "Chromium"


def page(d, out):
    argv = [bench.MEMFIT, "size", "--board", bench.BOARD, "--map", "fw.map",
            "fw.elf", "--format", "html", "-o", out]
    times = []
    for _ in range(3):
        t, _u, rc = bench.timed(argv, d)
        if rc != 0:
            sys.exit("html: memfit size --format html failed")
        times.append(t * 1000)
    return statistics.median(times)


def browse(path, runs):
    ready, clicks, fetched = [], [], 0
    with webdriver.Browser(1200, 900) as b:
        for _ in range(runs):
            b.open(path)
            ready.append(b.js(
                "var m = performance.getEntriesByName('memfit-ready');"
                "return m.length ? m[0].startTime : null"))
            fetched += b.js("return performance.getEntriesByType("
                            "'resource').length")
            clicks.append([b.js(CLICK) for _ in range(3)])
    return ready, clicks, fetched


def section(d, size, gen_ms, ready, clicks, fetched):
    med = statistics.median(ready)
    lines = [HEAD, "",
             "`memfit size --board bench/board.yaml --map fw.map fw.elf "
             "--format html` on the %s firmware (`bench/html.py`): one "
             "self-contained page with every breakdown, opened in headless "
             "Chromium (%s) with the network off." % (
                 os.path.basename(d.rstrip("/")) + "-unit",
                 chromium_version()),
             "",
             "| what | value |", "|---|---|",
             "| file size | %d bytes (%.1f MiB) |" % (size, size / 2 ** 20),
             "| memfit size --format html (median of 3) | %.0f ms |" % gen_ms,
             "| navigation start to interactive (median of %d; min-max) | "
             "%.0f ms (%.0f-%.0f) |" % (len(ready), med, min(ready),
                                         max(ready)),
             "| resources fetched | %d |" % fetched]
    for i, what in enumerate(("open the largest region",
                              "open its largest section (sorts its symbols)",
                              "open that section's largest archive")):
        ms = [c[i][1] for c in clicks if c[i]]
        if ms:
            lines.append("| click: %s (%s; median) | %.0f ms |" % (
                what, clicks[0][i][0], statistics.median(ms)))
    lines += ["", "Goal (issue 19): interactive within 2 s: %s." % (
        "met" if med <= 2000 else "**not met**"), ""]
    return "\n".join(lines)


def scaling(d, runs):
    """The page of each smaller bench firmware built beside D (200 and
    2 000 units), for how the page's costs grow: a line per size, or
    nothing when none is built."""
    rows = []
    base = os.path.dirname(d.rstrip("/"))
    for n in ("200", "2000", os.path.basename(d.rstrip("/"))):
        sub = os.path.join(base, n)
        if not os.path.exists(os.path.join(sub, "fw.elf")):
            continue
        with tempfile.TemporaryDirectory() as t:
            out = os.path.join(t, "fw.html")
            page(sub, out)
            ready, clicks, _ = browse(out, runs)
            rows.append((n, os.path.getsize(out), statistics.median(ready),
                         statistics.median(c[1][1] for c in clicks
                                           if c[1])))
    if len(rows) < 2:
        return []
    lines = ["", "How the page's costs grow with its size (no step may be "
             "quadratic): time to interactive and the click into the "
             "largest section, per doubling of the file, "
             "(t2 / t1) ^ (1 / log2(size2 / size1)); 2.0 is linear.", "",
             "| units | file MiB | interactive ms | section click ms | "
             "growth per doubling (interactive, click) |",
             "|---:|---:|---:|---:|---|"]
    for i, (n, size, ready, click) in enumerate(rows):
        grow = "-"
        if i:
            p = rows[i - 1]
            k = 1 / math.log2(size / p[1])
            grow = "%.2f, %.2f" % ((ready / p[2]) ** k, (click / p[3]) ** k)
        lines.append("| %s | %.1f | %.0f | %.0f | %s |" % (
            n, size / 2 ** 20, ready, click, grow))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.path.join(bench.ROOT, "build",
                                                  "bench", "8000"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(bench.ROOT,
                                                  "BENCHMARKS.md"))
    a = ap.parse_args()
    if webdriver.missing():
        print("html: skipped, no %s" % webdriver.missing())
        return
    if not os.path.exists(os.path.join(a.dir, "fw.elf")):
        sys.exit("html: no %s/fw.elf: run bench/gen_firmware.py 8000" %
                 a.dir)
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, "fw.html")
        gen_ms = page(a.dir, out)
        ready, clicks, fetched = browse(out, a.runs)
        text = section(a.dir, os.path.getsize(out), gen_ms, ready, clicks,
                       fetched)
    text += "\n".join(scaling(a.dir, a.runs)) + "\n"
    bench.replace_section(a.out, HEAD, text)
    print(text)


if __name__ == "__main__":
    main()

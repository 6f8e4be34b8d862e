#!/usr/bin/python3
"""Time memfit against binutils on the firmware bench/gen_firmware.py built,
and write BENCHMARKS.md.

    run.py [--sizes 200 2000 8000] [--runs N] [--no-callgrind] [--out FILE]

For each size, side by side in the same run (the tools take turns in every
round, after one warm-up run each so that every file is in the page cache):

  memfit check --board B --map fw.map fw.elf --json out.json  (all rules)
  memfit check ... --stack-usage obj     (the same, with the stack analysis)
  memfit check --board B --map fw.map                        (map only)
  memfit size --board B --symbols --format json fw.elf  } when ./memfit has
  memfit size --board B fw.elf                          } a size command
  memfit size --board B --map fw.map --stack-usage obj fw.elf  (stack table)
  arm-none-eabi-size -A fw.elf
  arm-none-eabi-nm -S --size-sort fw.elf

and the map parser alone (build/rel/mapbench, bench/mapbench.c): ldmap_parse
on fw.map as check calls it, over the bytes it reads (all but the Cross
Reference Table, where the parser stops).

Standard output goes to /dev/null for every tool. Wall time is the median
and min-max of the runs; peak RSS comes from /usr/bin/time -f %M (one more
run each); instruction counts from valgrind --tool=callgrind (one run each,
memfit only). The callgrind profile of the largest memfit check gives the
"Profile" section. bench/notes.md (hand-written: fixes with their
before/after numbers) is copied into BENCHMARKS.md as is.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MEMFIT = os.path.join(ROOT, "memfit")
MAPBENCH = os.path.join(ROOT, "build", "rel", "mapbench")
BOARD = os.path.join(ROOT, "bench", "board.yaml")
NOTES = os.path.join(ROOT, "bench", "notes.md")
SIZE = "arm-none-eabi-size"
NM = "arm-none-eabi-nm"
TIME = "/usr/bin/time"
CALLGRIND_LIMIT = 600  # seconds per valgrind run before it is given up
# The memfit commands the scaling target applies to.
SCALED = ("check", "check_stack", "check_map", "size_sym", "size",
          "size_stack")


def sh(cmd, **kw):
    """Output of a command, or '' if it is missing or fails."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, **kw)
    except OSError:
        return ""
    return p.stdout if p.returncode == 0 else ""


def timed(cmd, cwd):
    """Wall seconds, CPU seconds (user + sys) and exit status of one run,
    output discarded. posix_spawn (vfork and exec in glibc) keeps the
    harness's own cost out of a run of a few milliseconds: a Python fork
    added about a millisecond to every tool."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    here = os.getcwd()
    try:
        os.chdir(cwd)
        t0 = time.perf_counter()
        pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, ru = os.wait4(pid, 0)
        t = time.perf_counter() - t0
    finally:
        os.chdir(here)
        os.close(devnull)
    return t, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def peak_rss(cmd, cwd):
    """Peak resident set size in bytes, from /usr/bin/time -f %M."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
        subprocess.run([TIME, "-f", "%M", "-o", f.name] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lines = [l for l in f.read().split() if l.isdigit()]
    return int(lines[-1]) * 1024 if lines else None


def callgrind(cmd, cwd, out):
    """Instructions executed (Ir) of one run under callgrind, or None."""
    try:
        p = subprocess.run(["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + out] + cmd, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, timeout=CALLGRIND_LIMIT)
    except subprocess.TimeoutExpired:
        return "timeout"
    m = re.search(r"Collected : (\d+)", p.stderr)
    return int(m.group(1)) if m else None


def has_size_command():
    p = subprocess.run([MEMFIT, "size", "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode == 0 and "unknown command" not in p.stdout


def tools(has_size, board):
    """(key, label, argv, is memfit), run in the build directory."""
    t = [("check", "memfit check (ELF + map, --json)",
          [MEMFIT, "check", "--board", board, "--map", "fw.map", "fw.elf",
           "--json", "out.json"], True),
         ("check_stack", "memfit check --stack-usage (ELF + map, --json)",
          [MEMFIT, "check", "--board", board, "--map", "fw.map", "fw.elf",
           "--json", "out-stack.json", "--stack-usage", "obj"], True),
         ("check_map", "memfit check (map only)",
          [MEMFIT, "check", "--board", board, "--map", "fw.map"], True)]
    if has_size:
        t += [("size_sym", "memfit size --symbols --format json",
               [MEMFIT, "size", "--board", board, "--symbols", "--format",
                "json", "fw.elf"], True),
              ("size", "memfit size", [MEMFIT, "size", "--board", board,
                                       "fw.elf"], True),
              ("size_stack", "memfit size --stack-usage (ELF + map)",
               [MEMFIT, "size", "--board", board, "--map", "fw.map",
                "--stack-usage", "obj", "fw.elf"], True)]
    t += [("bu_size", "arm-none-eabi-size -A", [SIZE, "-A", "fw.elf"], False),
          ("bu_nm", "arm-none-eabi-nm -S --size-sort",
           [NM, "-S", "--size-sort", "fw.elf"], False)]
    return t


def parse_rate(d, runs):
    """Median and min parse seconds of fw.map as check parses it, and the
    bytes the parser reads, from mapbench; None without it."""
    if not os.access(MAPBENCH, os.X_OK):
        return None
    p = subprocess.run([MAPBENCH, "fw.map", str(runs)], cwd=d,
                       stdout=subprocess.PIPE, text=True)
    rows = p.stdout.split()
    if p.returncode != 0 or len(rows) < 2:
        return None
    ts = [float(t) for t in rows[1:]]
    return {"runs": len(ts), "bytes": int(rows[0]),
            "check": statistics.median(ts), "check_min": min(ts)}


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def bench_size(info, d, tl, runs, use_cg, profile_out):
    res = {}
    print("run: %d TUs: warm-up" % info["tus"], flush=True)
    for key, label, cmd, _ in tl:
        t, _, rc = timed(cmd, d)
        res[key] = {"label": label, "times": [], "cpu": [], "rc": rc,
                    "warm": t}
    if res["check"]["warm"] > 5:
        runs = min(runs, 3)
    for r in range(runs):
        for key, _, cmd, _ in tl:
            t, cpu, rc = timed(cmd, d)
            res[key]["times"].append(t)
            res[key]["cpu"].append(cpu)
            res[key]["rc"] = rc
    for key, _, cmd, _ in tl:
        res[key]["rss"] = peak_rss(cmd, d)
    print("run: %d TUs: %d timed rounds done" % (info["tus"], runs),
          flush=True)
    for key, _, cmd, is_memfit in tl:
        if not (use_cg and is_memfit):
            continue
        out = os.path.join(d, "callgrind.%s.out" % key)
        t0 = time.monotonic()
        res[key]["ir"] = callgrind(cmd, d, out)
        res[key]["cg_seconds"] = time.monotonic() - t0
        print("run: %d TUs: callgrind %s: %s (%.0f s)" % (
            info["tus"], key, res[key]["ir"], res[key]["cg_seconds"]),
            flush=True)
        if key == "check" and profile_out is not None and \
                isinstance(res[key]["ir"], int):
            shutil.copyfile(out, profile_out)
    for key in res:
        ts = res[key]["times"]
        res[key]["median"] = statistics.median(ts)
        res[key]["min"] = min(ts)
        res[key]["max"] = max(ts)
        res[key]["cpu_median"] = statistics.median(res[key]["cpu"])
    res["_runs"] = runs
    res["_parse"] = parse_rate(d, runs)
    return res


def ms(s):
    return "%.1f" % (s * 1e3) if s < 10 else "%.0f" % (s * 1e3)


def mb(b):
    return "%.1f" % (b / 1e6)


def machine():
    model = ""
    for line in sh(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    except OSError:
        pass
    return [("CPUs (nproc)", sh(["nproc"]).strip()),
            ("CPU model (lscpu)", model or "?"),
            ("Memory", mem or "?"),
            ("Kernel", platform.release())]


def first_line(cmd):
    out = sh(cmd)
    return out.splitlines()[0].strip() if out else "?"


def toolchain():
    head = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
    dirty = sh(["git", "-C", ROOT, "status", "--porcelain", "--", "src",
                "include"]).strip()
    return [("memfit", "%s (git %s%s)" % (
        first_line([MEMFIT, "--version"]), head or "?",
        ", src/ modified" if dirty else "")),
        ("C compiler used for memfit", first_line(["cc", "--version"])),
        ("arm-none-eabi-gcc", first_line(["arm-none-eabi-gcc", "--version"])),
        ("arm-none-eabi-ld", first_line(["arm-none-eabi-ld", "--version"])),
        ("arm-none-eabi-nm / size", first_line([NM, "--version"])),
        ("valgrind", first_line(["valgrind", "--version"])),
        ("python3", platform.python_version())]


def per_doubling(t_a, t_b, in_a, in_b):
    """Growth of time per doubling of the input between two sizes."""
    import math
    steps = math.log2(in_b / in_a)
    return (t_b / t_a) ** (1 / steps) if steps > 0 and t_a > 0 else None


def profile_table(path, n=15):
    """Top functions by self and inclusive Ir, from callgrind_annotate."""
    rows = {}
    for mode in ("no", "yes"):
        out = sh(["callgrind_annotate", "--inclusive=" + mode,
                  "--threshold=100", path])
        total = None
        got = []
        for line in out.splitlines():
            m = re.match(r"\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(?:PROGRAM "
                         r"TOTALS|\*\s+PROGRAM TOTALS)", line)
            if m and total is None:
                total = int(m.group(1).replace(",", ""))
                continue
            m = re.match(r"\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(?:\*\s+)?"
                         r"(\S.*?):(\S+?)(?: \[.*\])?$", line)
            if m and total:
                ir = int(m.group(1).replace(",", ""))
                where, fn = os.path.basename(m.group(2)), m.group(3)
                # Inclusive mode lists a function once per object path.
                # and counts recursive sorts ("msort'2") many times over.
                if fn.startswith("0x") or (mode == "yes" and "'" in fn) or \
                        any(g[1] == fn and g[2] == where for g in got):
                    continue
                got.append((ir, fn, where))
        rows[mode] = (total, got[:n])
    return rows


def replace_section(path, head, text):
    """Put TEXT, a section starting with the heading HEAD, at the end of
    the Markdown file PATH in place of the section of that heading there
    (up to the next "## "), the rest kept: how the scripts that measure
    one thing each (findings.py, html.py) update BENCHMARKS.md."""
    old = open(path).read() if os.path.exists(path) else ""
    if head in old:
        start = old.index(head)
        nxt = old.find("\n## ", start + len(head))
        old = old[:start] + (old[nxt + 1:] if nxt >= 0 else "")
    with open(path, "w") as f:
        f.write(old.rstrip("\n") + "\n\n" + text)


def write_md(path, sizes, results, has_size, use_cg, profile, started,
             load_before, load_after, total_seconds):
    L = []
    w = L.append
    w("# memfit benchmarks")
    w("")
    w("Written by `make bench` (bench/gen_firmware.py, then bench/run.py) "
      "on %s, in %.0f s of measuring. Do not edit by hand: rerun `make "
      "bench`; hand-written notes go in bench/notes.md." % (
          started, total_seconds))
    w("")
    w("What is measured is issue 7: memfit's cost after every link, on "
      "synthetic firmware of 200, 2 000 and 8 000 translation units, side by "
      "side with the binutils tools a developer would otherwise run on the "
      "same ELF; and issue 18: what the stack analysis (`--stack-usage`, "
      "GCC's .su and .ci files of every unit) adds to a check.")
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    for k, v in machine():
        w("| %s | %s |" % (k, v))
    w("| Load average (1, 5, 15 min) before / after | %s / %s |" % (
        load_before, load_after))
    w("")
    w("The machine is shared (other jobs may run at the same time), so wall "
      "times are noisy; the instruction counts (callgrind) are not.")
    w("")
    w("## Toolchain")
    w("")
    w("| | |")
    w("|---|---|")
    for k, v in toolchain():
        w("| %s | %s |" % (k, v))
    w("")
    w("## Sizes")
    w("")
    w("Built by bench/gen_firmware.py with arm-none-eabi-gcc `-g "
      "-ffunction-sections -fdata-sections -mcpu=cortex-m4 -mthumb -O1 "
      "-nostdlib -ffreestanding -fstack-usage -fcallgraph-info=su` into 8 "
      "static archives (with the call graph bench/gen_firmware.py "
      "describes: a tree of entries, calls across archives, a static of "
      "the same name in every unit, pointer tables, recursion, VLAs, 8 "
      "interrupt handlers, 2 tasks), linked with the "
      "`memfit gen` scripts of bench/board.yaml (the Crazyflie 2.x layout "
      "with 64M flash, 16M RAM, 8M CCM: the real 1008K/128K are too small "
      "for 8 000 units) and `-Map=fw.map,--cref,--print-memory-usage`, no "
      "--gc-sections. Symbols: lines of `arm-none-eabi-nm fw.elf`.")
    w("")
    w("| TUs | ELF MB | map MB | map lines | symbols | build s |")
    w("|---:|---:|---:|---:|---:|---:|")
    for info in sizes:
        w("| %d | %s | %s | %d | %d | %s |" % (
            info["tus"], mb(info["elf_bytes"]), mb(info["map_bytes"]),
            info.get("map_lines", 0), info["nm_symbols"],
            info["build_seconds"]))
    w("")
    w("`make bench` from a fresh clone: %.0f s building these sizes (the "
      "build s column: the first run builds, later ones reuse build/bench/) "
      "and %.0f s measuring, %.1f minutes in all." % (
          sum(i["build_seconds"] for i in sizes), total_seconds,
          (sum(i["build_seconds"] for i in sizes) + total_seconds) / 60))
    w("")
    w("## Results")
    w("")
    w("Wall time in ms: median (min-max) of the rounds; CPU ms: median "
      "user + sys time of the same runs (less sensitive to a busy machine); "
      "peak RSS in MB "
      "(/usr/bin/time -f %M); Ir: instructions executed, millions "
      "(valgrind --tool=callgrind, one run). Exit: the tool's exit status "
      "(memfit check: 0, the synthetic firmware is clean).")
    if not has_size:
        w("")
        w("`memfit size --symbols --format json` and `memfit size`: not "
          "available yet (./memfit has no size command).")
    w("")
    w("| TUs | tool | runs | wall ms | min-max ms | CPU ms | RSS MB | Ir (M) "
      "| exit |")
    w("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for info, res in zip(sizes, results):
        for key, r in res.items():
            if key.startswith("_"):
                continue
            ir = r.get("ir")
            irs = ("%.1f" % (ir / 1e6) if isinstance(ir, int) else
                   "> %d s, skipped" % CALLGRIND_LIMIT if ir == "timeout"
                   else "-")
            w("| %d | %s | %d | %s | %s-%s | %s | %s | %s | %d |" % (
                info["tus"], r["label"], len(r["times"]), ms(r["median"]),
                ms(r["min"]), ms(r["max"]), ms(r["cpu_median"]),
                mb(r["rss"]) if r["rss"] else "?", irs, r["rc"]))
    w("")
    w("## Ratios and throughput")
    w("")
    w("Map MB/s: map bytes / median wall time of the whole check (ELF and "
      "map read, all rules, JSON written), and of the map-only check. "
      "Parse MB/s: the bytes the parser reads (all of the map before its "
      "Cross Reference Table, where it stops) / median time of the parser "
      "alone (bench/mapbench.c: `ldmap_parse` as check runs it, file "
      "mapping included). Ratios: memfit's median wall time over "
      "binutils' on the same ELF.")
    w("")
    cols = ["check / nm -S", "check / size -A"]
    if has_size:
        cols += ["size --symbols json / nm -S", "size / size -A"]
    w("| TUs | check map MB/s | map-only MB/s | parse MB/s | %s | check RSS / (ELF + map) |"
      % " | ".join(cols))
    w("|---:|---:|---:|---:|%s---:|" % ("---:|" * len(cols)))
    for info, res in zip(sizes, results):
        mbytes = info["map_bytes"] / 1e6
        vals = [res["check"]["median"] / res["bu_nm"]["median"],
                res["check"]["median"] / res["bu_size"]["median"]]
        if has_size:
            vals += [res["size_sym"]["median"] / res["bu_nm"]["median"],
                     res["size"]["median"] / res["bu_size"]["median"]]
        rss = res["check"]["rss"]
        pr = res.get("_parse")
        w("| %d | %.0f | %.0f | %s | %s | %s |" % (
            info["tus"], mbytes / res["check"]["median"],
            mbytes / res["check_map"]["median"],
            "%.0f" % (pr["bytes"] / 1e6 / pr["check"]) if pr else "-",
            " | ".join("%.2f" % v for v in vals),
            "%.2f" % (rss / (info["elf_bytes"] + info["map_bytes"]))
            if rss else "?"))
    w("")
    w("## Scaling")
    w("")
    w("Growth per doubling of the input (ELF + map bytes) between "
      "consecutive sizes: (t2 / t1) ^ (1 / log2(in2 / in1)). 2.0 is linear; "
      "the target is at most 2.2. Below 2.0 means fixed costs (process "
      "start, board) still weigh at the smaller size.")
    w("")
    w("| tool | measure | %s |" % " | ".join(
        "%d -> %d TUs" % (a["tus"], b["tus"])
        for a, b in zip(sizes, sizes[1:])))
    w("|---|---|%s" % ("---:|" * (len(sizes) - 1)))
    keys = [k for k in results[0] if not k.startswith("_")]
    for key in keys:
        for measure in ("median", "ir"):
            vals = []
            for (a, ra), (b, rb) in zip(zip(sizes, results),
                                        zip(sizes[1:], results[1:])):
                ta, tb = ra[key].get(measure), rb[key].get(measure)
                if not (isinstance(ta, (int, float)) and
                        isinstance(tb, (int, float))):
                    vals.append("-")
                    continue
                g = per_doubling(ta, tb, a["elf_bytes"] + a["map_bytes"],
                                 b["elf_bytes"] + b["map_bytes"])
                vals.append("%.2f" % g if g else "-")
            if all(v == "-" for v in vals):
                continue
            w("| %s | %s | %s |" % (results[0][key]["label"],
                                    "wall" if measure == "median" else "Ir",
                                    " | ".join(vals)))
    w("")
    w("## Targets (issues 7 and 18)")
    w("")
    w("| target | measured | result |")
    w("|---|---|---|")
    for t in targets(sizes, results, has_size):
        w("| %s | %s | %s |" % t)
    w("")
    w("## Profile")
    w("")
    if profile:
        big = sizes[-1]
        w("callgrind of `memfit check` (ELF + map, --json) on the %d-TU "
          "firmware, the whole run (`valgrind --tool=callgrind`, then "
          "`callgrind_annotate`); the output file stays in "
          "build/bench/%d/callgrind.check.out." % (big["tus"], big["tus"]))
        for mode, title in (("no", "Self (exclusive) instructions"),
                            ("yes", "Inclusive instructions")):
            total, rows = profile[mode]
            if not total:
                continue
            w("")
            w("%s, top %d of %.1f M:" % (title, len(rows), total / 1e6))
            w("")
            w("| Ir (M) | % | function | file |")
            w("|---:|---:|---|---|")
            for ir, fn, where in rows:
                w("| %.1f | %.1f | `%s` | %s |" % (ir / 1e6, 100.0 * ir /
                                                   total, fn, where))
    else:
        w("Not profiled in this run (--no-callgrind, or callgrind gave up on "
          "the largest size).")
    w("")
    if os.path.exists(NOTES):
        with open(NOTES) as f:
            w(f.read().rstrip())
        w("")
    w("## How to reproduce")
    w("")
    w("```sh")
    w("scripts/install-deps.sh      # once: toolchains, valgrind, time")
    w("make bench                   # builds memfit, the three firmware "
      "sizes (cached\n                             # in build/bench/<TUs>/), "
      "runs the tools, writes BENCHMARKS.md")
    w("```")
    w("")
    w("Pieces: `bench/gen_firmware.py 200 2000 8000` (build only; `--force` "
      "rebuilds), `bench/run.py --sizes 200 2000 8000 [--runs N] "
      "[--no-callgrind]` (measurements also go to "
      "build/bench/results.json; `bench/run.py --render` rewrites this file "
      "from them). `make bench` is not part of `make test`: tests "
      "never time anything.")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def targets(sizes, results, has_size):
    big, rbig = sizes[-1], results[-1]
    small, rsmall = sizes[0], results[0]
    out = []

    def verdict(ok):
        return "**pass**" if ok else "**FAIL**"

    c, nm_ = rbig["check"]["median"], rbig["bu_nm"]["median"]
    cc, cn = rbig["check"]["cpu_median"], rbig["bu_nm"]["cpu_median"]
    out.append(("%d TUs: memfit check <= 1.0x the wall time of nm -S "
                "--size-sort" % big["tus"],
                "%s ms vs %s ms: %.2fx (%s; CPU time %.2fx)" % (
                    ms(c), ms(nm_), c / nm_,
                    "%.0f%% under" % (100 * (1 - c / nm_)) if c <= nm_
                    else "%.0f%% over" % (100 * (c / nm_ - 1)),
                    cc / cn if cn else 0),
                verdict(c <= nm_)))
    rate = big["map_bytes"] / 1e6 / c
    rate_map = big["map_bytes"] / 1e6 / rbig["check_map"]["median"]
    pr = rbig.get("_parse")
    if pr:
        prate = pr["bytes"] / 1e6 / pr["check"]
        out.append(("%d TUs: map parsing >= 500 MB/s (bytes read / time of "
                    "the parser, which stops at the cross reference table)"
                    % big["tus"],
                    "%.0f MB/s (%.2fx the target) over %.0f of %.0f MB; "
                    "whole check, ELF and rules included: %.0f MB/s "
                    "(map-only check: %.0f MB/s)" % (
                        prate, prate / 500, pr["bytes"] / 1e6,
                        big["map_bytes"] / 1e6, rate, rate_map),
                    verdict(prate >= 500)))
    else:
        out.append(("%d TUs: map parsing >= 500 MB/s" % big["tus"],
                    "parser not timed (build/rel/mapbench missing); whole "
                    "check: %.0f MB/s" % rate, "not measured"))
    rss = rbig["check"]["rss"]
    lim = 2 * (big["elf_bytes"] + big["map_bytes"])
    out.append(("%d TUs: memfit check peak RSS <= 2x (ELF + map)" %
                big["tus"],
                "%s MB vs limit %s MB: %.2fx (ELF + map)" % (
                    mb(rss or 0), mb(lim), (rss or 0) / (lim / 2)),
                verdict(rss is not None and rss <= lim)))
    worst = None
    for key in [k for k in results[0] if not k.startswith("_") and
                k in SCALED]:
        for (a, ra), (b, rb) in zip(zip(sizes, results),
                                    zip(sizes[1:], results[1:])):
            g = per_doubling(ra[key]["median"], rb[key]["median"],
                             a["elf_bytes"] + a["map_bytes"],
                             b["elf_bytes"] + b["map_bytes"])
            if g is not None and (worst is None or g > worst[0]):
                worst = (g, results[0][key]["label"], a["tus"], b["tus"])
    worst_ir = None
    for key in [k for k in results[0] if not k.startswith("_") and
                k in SCALED]:
        for (a, ra), (b, rb) in zip(zip(sizes, results),
                                    zip(sizes[1:], results[1:])):
            ia, ib = ra[key].get("ir"), rb[key].get("ir")
            if not (isinstance(ia, int) and isinstance(ib, int)):
                continue
            g = per_doubling(ia, ib, a["elf_bytes"] + a["map_bytes"],
                             b["elf_bytes"] + b["map_bytes"])
            if g is not None and (worst_ir is None or g > worst_ir[0]):
                worst_ir = (g, results[0][key]["label"], a["tus"], b["tus"])
    if worst:
        out.append(("Scaling: time grows <= 2.2x per doubling of the input, "
                    "every memfit command, every step",
                    "wall: worst %.2fx (%s, %d -> %d TUs)" % worst +
                    ("; instructions: worst %.2fx (%s, %d -> %d TUs)" %
                     worst_ir if worst_ir else ""),
                    verdict(worst[0] <= 2.2 and
                            (worst_ir is None or worst_ir[0] <= 2.2))))
    out += stack_targets(sizes, results)
    c, sz = rsmall["check"]["median"], rsmall["bu_size"]["median"]
    out.append(("%d TUs (%s MB map, %s MB ELF): memfit check < 10 ms" % (
        small["tus"], mb(small["map_bytes"]), mb(small["elf_bytes"])),
        "%s ms (min %s ms, CPU %s ms)" % (ms(c), ms(rsmall["check"]["min"]),
                                          ms(rsmall["check"]["cpu_median"])),
        verdict(c < 0.010)))
    out.append(("%d TUs: memfit check <= 5x size -A" % small["tus"],
                "%s ms vs %s ms: %.2fx" % (ms(c), ms(sz), c / sz),
                verdict(c <= 5 * sz)))
    if not has_size:
        out.append(("memfit size targets (scaling, ratios)",
                    "memfit size not available yet", "not measured"))
    return out


def stack_targets(sizes, results):
    """Issue 18: the stack analysis (check --stack-usage minus the same
    check without) costs at most the rest of check, at every size; wall
    time (median) decides, CPU time and instructions are shown."""
    out = []
    for info, res in zip(sizes, results):
        if "check_stack" not in res:
            continue
        w, ws = res["check"]["median"], res["check_stack"]["median"]
        c, cs = res["check"]["cpu_median"], res["check_stack"]["cpu_median"]
        ir, irs = res["check"].get("ir"), res["check_stack"].get("ir")
        irt = ("; Ir %.0f M of %.0f M (%.2fx)" % (
            (irs - ir) / 1e6, ir / 1e6, (irs - ir) / ir)
            if isinstance(ir, int) and isinstance(irs, int) else "")
        out.append(("%d TUs: stack analysis (check --stack-usage minus "
                    "check) <= check" % info["tus"],
                    "wall %s of %s ms (%.2fx); CPU %s of %s ms (%.2fx)%s" % (
                        ms(ws - w), ms(w), (ws - w) / w, ms(cs - c), ms(c),
                        (cs - c) / c if c else 0, irt),
                    "**pass**" if ws - w <= w else "**FAIL**"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 8000])
    ap.add_argument("--dir", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--board", default=BOARD)
    ap.add_argument("--runs", type=int, default=0,
                    help="timed rounds per size (default: 31, 9, 5 by size)")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    ap.add_argument("--render", action="store_true",
                    help="only rewrite the report from the last run's "
                    "results.json (after editing bench/notes.md)")
    a = ap.parse_args()
    a.dir = os.path.abspath(a.dir)
    if a.render:
        with open(os.path.join(a.dir, "results.json")) as f:
            render(a.out, json.load(f))
        return
    if not os.access(TIME, os.X_OK):
        sys.exit("run: %s missing: run scripts/install-deps.sh" % TIME)
    use_cg = not a.no_callgrind and shutil.which("valgrind") is not None
    # Time one binary throughout, even if ./memfit is rebuilt meanwhile.
    global MEMFIT
    if not os.access(MEMFIT, os.X_OK):
        sys.exit("run: %s not built (run make)" % MEMFIT)
    os.makedirs(a.dir, exist_ok=True)
    snap = os.path.join(a.dir, "memfit")
    shutil.copy2(MEMFIT, snap)
    MEMFIT = snap
    global MAPBENCH
    if os.access(MAPBENCH, os.X_OK):
        shutil.copy2(MAPBENCH, os.path.join(a.dir, "mapbench"))
        MAPBENCH = os.path.join(a.dir, "mapbench")
    board = os.path.abspath(a.board)
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    load_before = load_average()
    t0 = time.monotonic()
    has_size = has_size_command()
    tl = tools(has_size, board)
    sizes, results, profile = [], [], None
    sizes_sorted = sorted(a.sizes)
    for idx, n in enumerate(sizes_sorted):
        d = os.path.join(a.dir, str(n))
        try:
            with open(os.path.join(d, "build.json")) as f:
                info = json.load(f)
        except OSError:
            sys.exit("run: no build for %d TUs in %s: run "
                     "bench/gen_firmware.py %d" % (n, d, n))
        with open(os.path.join(d, "fw.map"), "rb") as f:
            info["map_lines"] = sum(1 for _ in f)
        runs = a.runs or (31 if idx == 0 else 9 if idx == 1 else 5)
        last = idx == len(sizes_sorted) - 1
        prof = os.path.join(d, "callgrind.profile.out") if last else None
        res = bench_size(info, d, tl, runs, use_cg, prof)
        sizes.append(info)
        results.append(res)
        if last and prof and os.path.exists(prof):
            profile = profile_table(prof)
    saved = {"sizes": sizes, "results": results, "has_size": has_size,
             "use_cg": use_cg, "profile": profile, "started": started,
             "load_before": load_before, "load_after": load_average(),
             "seconds": time.monotonic() - t0}
    with open(os.path.join(a.dir, "results.json"), "w") as f:
        json.dump(saved, f, indent=1)
    render(a.out, saved)


def render(out, sv):
    write_md(out, sv["sizes"], sv["results"], sv["has_size"], sv["use_cg"],
             sv["profile"], sv["started"], sv["load_before"],
             sv["load_after"], sv["seconds"])
    print("run: wrote %s" % out)
    for t in targets(sv["sizes"], sv["results"], sv["has_size"]):
        print("  %-8s %s: %s" % (t[2].strip("*"), t[0], t[1]))


if __name__ == "__main__":
    main()

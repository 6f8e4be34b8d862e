#!/usr/bin/python3
"""memfit on firmware linked by clang and ld.lld, read through lld's map.

The C sources and scripts are the GNU ld tests' own (fixtures/fw/usage,
fixtures/fw/h7vendor), compiled with clang --target=arm-none-eabi and
linked by ld.lld at test time. ld.lld 14 prints no usage of its own
(no --print-memory-usage), so the answer is computed here from the ELF,
by readelf: per board region, the highest end of a section placed in it
by VMA, or of a load image by LMA, minus the region's origin (or the
alias window's).

Checked: usage equals that accounting for every region from the ELF and
lld's map, the ELF alone and the map alone; .extra is outside every
region, and an lld map (no MEMORY) raises no map-board-mismatch. Every
planted fault of the vendor-style H743 build is found, with the symbol's
address (nm) and, with the ELF, its declaration line (clang's DWARF 5),
in every mode that can see it; the cache-line hazards are exactly those
the ELF's layout has (clang orders .bss differently from GCC); the init
rule also finds its faults through an archive member. A failed link
(DTCM overflows): lld writes no ELF but the whole map, and check --map
reports lld's overflow to the byte. size --objects rows add up to the
sections, lld's unlisted padding included; diff of two lld maps gives
the ELF accounting's growth.
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import (MEMFIT, ROOT, Checker, check, clang_build,
                         clang_cc, elf_accounting as accounting,
                         elf_sections, lld_usage_script, load_board, run)

FW = os.path.join(ROOT, "fixtures", "fw")
H7 = os.path.join(FW, "h7vendor")
H7_BOARD = os.path.join(H7, "h7.yaml")
M4, M7 = ["-mcpu=cortex-m4", "-mthumb"], ["-mcpu=cortex-m7", "-mthumb"]
CFLAGS = ["-O1", "-g", "-ffreestanding", "-fdata-sections",
          "-ffunction-sections"]


def tool(*names):
    for n in names:
        if shutil.which(n):
            return n
    return None


NM = tool("arm-none-eabi-nm", "llvm-nm")
AR = tool("llvm-ar", "arm-none-eabi-ar")


def build(d, name, cpu, srcs, script, cflags=(), objs_extra=(),
          link_extra=()):
    """clang -c each source, ld.lld -T SCRIPT -Map: (process, elf, map)."""
    return clang_build(d, name, cpu, srcs, [script], CFLAGS + list(cflags) +
                       ["-I", H7], objs_extra, link_extra)


def nm(elf):
    out = {}
    for line in run([NM, "-S", elf]).stdout.splitlines():
        f = line.split()
        if len(f) == 4:
            out[f[3]] = (int(f[0], 16), int(f[1], 16))
    return out


def decl_line(path, var):
    """The first line naming VAR: its declaration, in these sources
    (loadDmaBuffer is a function pointer, "(*loadDmaBuffer)(void)")."""
    with open(path) as f:
        for i, line in enumerate(f, 1):
            if re.search(r"\b%s\b" % re.escape(var), line):
                return i
    raise KeyError(var)


MODES = (("elf+map", True, True), ("elf", True, False),
         ("map", False, True))


def mode_args(elf, mapf, with_elf, with_map):
    return (["--map", mapf] if with_map else []) + ([elf] if with_elf
                                                     else [])


def usage(c, d):
    board_path = os.path.join(FW, "usage", "usage.yaml")
    board = load_board(board_path)
    p, elf, mapf = build(d, "usage", M4,
                         [os.path.join(FW, "usage", "usage.c")],
                         lld_usage_script(os.path.join(FW, "usage",
                                                       "usage.ld"), d))
    if not c.check(p.returncode == 0, "usage: link failed " + p.stderr):
        return
    want, outside = accounting(elf, board)
    c.check(outside == {".extra"}, "usage: outside by readelf: %s" %
            outside)
    for mode, e, m in MODES:
        r, table, findings = check(["--board", board_path] +
                                   mode_args(elf, mapf, e, m))
        c.check(table == want, "usage %s: memfit %s, ELF %s" % (
            mode, table, want))
        rules = sorted(f["rule"] for f in findings)
        c.check(rules == ["outside-regions"] and ".extra" in
                findings[0]["msg"], "usage %s: want .extra outside every "
                "region, nothing else: %s" % (mode, findings))


def cache_hazards(elf, syms, board):
    """DMA buffers in cacheable RAM sharing a cache line with another
    symbol, by the ELF's own layout: {buffer: [neighbours]}."""
    ram = [r for r in board["regions"] if r["name"] == "RAM"][0]
    line = board["cache_line"]
    secs = elf_sections(elf)
    out = {}
    for name, (addr, size) in syms.items():
        if "DmaBuffer" not in name or not (
                ram["origin"] <= addr < ram["origin"] + ram["length"]):
            continue
        sec = [s[0] for s in secs if s[1] <= addr < s[1] + s[3]]
        if sec and sec[0].startswith(".DMA_R"):
            continue    # an MPU window: not cacheable
        lo, hi = addr // line * line, -(-(addr + size) // line) * line
        near = sorted(n for n, (a, s) in syms.items() if n != name and
                      s > 0 and a < hi and a + s > lo)
        if near:
            out[name] = near
    return out


def faults_found(c, d, findings, syms, hazards, mode, with_elf, with_map):
    want = [("dma-unreachable", "imuDmaBuffer", "error")]
    if with_map:
        want += [("init-data-in-zero-region", "lostFastInit", "error"),
                 ("init-data-in-zero-region", "lostDmaInit", "error")]
    for buf in hazards:
        want.append(("dma-cache-line", buf,
                     "note" if buf == "loadDmaBuffer" else "warning"))
    for rule, sym, sev in want:
        hits = [f for f in findings if f["rule"] == rule and
                re.match(r"(DMA buffer )?%s \(" % sym, f["msg"])]
        if not c.check(len(hits) == 1, "h7 %s: want one %s for %s: %s" % (
                mode, rule, sym, findings)):
            continue
        f = hits[0]
        c.check(f["sev"] == sev and "0x%x" % syms[sym][0] in f["msg"],
                "h7 %s: %s: %s" % (mode, sym, f))
        if rule == "dma-cache-line":
            c.check(any(n in f["msg"] for n in hazards[sym]),
                    "h7 %s: %s names none of %s" % (mode, sym,
                                                    hazards[sym]))
        src = os.path.join(H7, "faults.c" if sym in (
            "imuDmaBuffer", "lostFastInit", "lostDmaInit", "adcDmaBuffer")
            else "app.c")
        loc = "%s:%d" % (src, decl_line(src, sym)) if with_elf else \
            os.path.join(d, os.path.basename(src) + ".o")
        c.check(f["loc"] == loc, "h7 %s: %s located at %s, want %s" % (
            mode, sym, f["loc"], loc))
    c.check(len(findings) == len(want), "h7 %s: want %d findings: %s" % (
        mode, len(want), findings))


def h7(c, d):
    board = load_board(H7_BOARD)
    srcs = [os.path.join(H7, s + ".c") for s in ("startup", "app",
                                                "faults")]
    p, elf, mapf = build(d, "h7", M7, srcs, os.path.join(H7, "h7.ld"))
    if not c.check(p.returncode == 0, "h7: link failed " + p.stderr):
        return None
    want, _ = accounting(elf, board)
    syms = nm(elf)
    hazards = cache_hazards(elf, syms, board)
    c.check("adcDmaBuffer" in hazards, "h7: the planted hazard is not in "
            "the ELF: %s" % hazards)
    for mode, e, m in MODES:
        r, table, findings = check(["--board", H7_BOARD] +
                                   mode_args(elf, mapf, e, m))
        c.check(r.returncode == 1, "h7 %s: rc %d" % (mode, r.returncode))
        c.check(table == want, "h7 %s: memfit %s, ELF %s" % (
            mode, table, want))
        faults_found(c, d, findings, syms, hazards, mode, e, m)
        c.check("note:" not in r.stderr, "h7 %s: nothing to assume with "
                "the board's sections: %s" % (mode, r.stderr))
    return elf, mapf, want


def archive(c, d):
    """The init rule reads an archive member the lld map names as
    lib.a(member)."""
    o = os.path.join(d, "faults.o")
    run(clang_cc(M7) + CFLAGS + ["-I", H7, "-c", os.path.join(H7, "faults.c"),
                               "-o", o])
    lib = os.path.join(d, "libfaults.a")
    run([AR, "rcs", lib, o])
    os.remove(o)
    p, elf, mapf = build(d, "ar", M7, [os.path.join(H7, s + ".c") for s in
                                       ("startup", "app")],
                         os.path.join(H7, "h7.ld"),
                         objs_extra=["--whole-archive", lib,
                                     "--no-whole-archive"])
    if not c.check(p.returncode == 0, "ar: link failed " + p.stderr):
        return
    c.check("libfaults.a(faults.o):(" in open(mapf).read(),
            "ar: the map names no libfaults.a(faults.o)")
    for mode, e, m in MODES[0], MODES[2]:
        r, _, findings = check(["--board", H7_BOARD] +
                               mode_args(elf, mapf, e, m))
        hits = sorted(re.search(r"^(\w+)", f["msg"]).group(1) for f in
                      findings if f["rule"] == "init-data-in-zero-region")
        c.check(hits == ["lostDmaInit", "lostFastInit"], "ar %s: want both "
                "init faults through the member: %s" % (mode, findings))


def build_h7_plus(d, name, var, size):
    """The h7 vendor firmware plus a SIZE-byte array VAR in DTCM's
    .fastram_bss, linked as NAME: (process, elf, map)."""
    extra = os.path.join(d, name + "-extra.c")
    with open(extra, "w") as f:
        f.write("__attribute__((section(\".fastram_bss\"))) "
                "char %s[%d];\n"
                "int %s_use(void) { return %s[5]; }\n" % (var, size, var,
                                                         var))
    srcs = [os.path.join(H7, s + ".c") for s in ("startup", "app",
                                                "faults")] + [extra]
    return build(d, name, M7, srcs, os.path.join(H7, "h7.ld"))


def failed_link(c, d):
    p, elf, mapf = build_h7_plus(d, "ovf", "hugeFast", 130000)
    # One error per section that does not fit, per pass: the largest is
    # the region's overflow.
    over = [int(n) for n in re.findall(r"will not fit in region 'DTCM_RAM'"
                                       r": overflowed by (\d+) bytes",
                                       p.stderr)]
    if not c.check(p.returncode != 0 and over, "ovf: lld must fail: " +
                   p.stderr):
        return
    c.check(not os.path.exists(elf) and os.path.exists(mapf),
            "ovf: lld 14 writes the map and no ELF")
    r, table, findings = check(["--board", H7_BOARD, "--map", mapf])
    c.check(r.returncode == 1 and any(
        f["rule"] == "region-overflow" and "DTCM_RAM overflowed by %d "
        "bytes" % max(over) in f["msg"] for f in findings),
        "ovf: want lld's overflow: %s" % findings)
    c.check(table.get("DTCM_RAM") == 128 * 1024 + max(over),
            "ovf: DTCM_RAM used %s" % table.get("DTCM_RAM"))


def objects(c, elf, mapf):
    """size --objects: every region's rows add up to its sections, lld's
    unlisted padding as *fill*."""
    p = run([MEMFIT, "size", "--board", H7_BOARD, "--map", mapf,
             "--objects", "--archives", "--format", "json", elf])
    for r in json.loads(p.stdout)["regions"]:
        for k in ("objects", "archives"):
            c.check(sum(o["size"] for o in r[k]) == r["sections_total"],
                    "objects: %s %s do not add up" % (r["name"], k))
    rows = {(r["name"], o["name"]): o["size"] for r in
            json.loads(p.stdout)["regions"] for o in r["objects"]}
    c.check(rows.get(("RAM", "*fill*"), 0) > 0, "objects: no *fill* in "
            "RAM: %s" % rows)


def diff(c, d, mapf, want):
    """Two lld maps, map only: each region's delta is the ELF's."""
    board = load_board(H7_BOARD)
    p, elf2, map2 = build_h7_plus(d, "more", "moreFast", 1000)
    if not c.check(p.returncode == 0, "diff: link failed " + p.stderr):
        return
    want2, _ = accounting(elf2, board)
    p = run([MEMFIT, "diff", "--board", H7_BOARD, "--format", "json",
             mapf, map2])
    got = {r["name"]: r["new"]["used"] - r["old"]["used"]
           for r in json.loads(p.stdout)["regions"]}
    c.check(got == {k: want2[k] - want[k] for k in want},
            "diff: %s, ELF %s -> %s" % (got, want, want2))


def main():
    missing = [t for t in ("clang", "ld.lld") if not shutil.which(t)]
    if not NM or not AR:
        missing.append("readelf, nm or ar (binutils or llvm)")
    if missing:
        print("SKIP: no %s" % ", ".join(missing))
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("usage", "h7", "ar", "ovf", "diff"):
            os.makedirs(os.path.join(tmp, name))
        usage(c, os.path.join(tmp, "usage"))
        got = h7(c, os.path.join(tmp, "h7"))
        if got:
            objects(c, got[0], got[1])
            diff(c, os.path.join(tmp, "diff"), got[1], got[2])
        archive(c, os.path.join(tmp, "ar"))
        failed_link(c, os.path.join(tmp, "ovf"))
    print("lld_maps: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

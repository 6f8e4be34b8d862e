#!/usr/bin/python3
"""memfit check on firmware shaped like a real flight controller's.

fixtures/fw/h7vendor is an STM32H743 build with its own vendor linker
script and startup: one RAM holds copied .data, zeroed .bss and NOLOAD
.DMA_RAM/.persistent_data; DTCM holds copied .fastram_data next to zeroed
.fastram_bss; code is copied to ITCM at address 0, where the debug
sections (-g) also sit. The board says what startup does per section.

Checked: every planted fault is found once, with its output section, and
nothing else (no finding from debug sections over ITCM, none for buffers
padded to their cache line); usage equals ld's --print-memory-usage for
every region from the ELF and map, the ELF, and the map alone, also on a
failed link; waivers and --allow match symbols, output sections and
regions; --explain-dma; without the board's sections a map-only check
says what it had to assume; an LTO link whose partitions are gone says so
in one line, and -save-temps makes it checkable.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import (ARM_CC, MEMFIT, ROOT, Checker, check, ld_usage,
                         nm, run)
import yaml

FW = os.path.join(ROOT, "fixtures", "fw", "h7vendor")
BOARD = os.path.join(FW, "h7.yaml")
CPU = ["-mcpu=cortex-m7", "-mthumb"]
# Declaration order keeps rxCount right after adcDmaBuffer.
CFLAGS = ["-O1", "-g", "-ffreestanding", "-fdata-sections",
          "-ffunction-sections", "-fno-toplevel-reorder", "-I", FW]
WANT = [("init-data-in-zero-region", "lostFastInit", "error",
         "in .fastram_bss of DTCM_RAM, which startup only zeroes"),
        ("init-data-in-zero-region", "lostDmaInit", "error",
         "in .DMA_RAM of RAM, which startup never initialises"),
        ("dma-unreachable", "imuDmaBuffer", "error", "DMA1 cannot reach"),
        ("dma-cache-line", "adcDmaBuffer", "warning",
         "shares a 32-byte cache line of cacheable RAM with rxCount"),
        ("dma-cache-line", "loadDmaBuffer", "note", "with loopCounter")]


def build(d, name, srcs, extra_cflags=(), link_extra=()):
    objs = []
    for s in srcs:
        o = os.path.join(d, s + ".o")
        run([ARM_CC] + CPU + CFLAGS + list(extra_cflags) + [
            "-c", os.path.join(FW, s + ".c") if not os.path.isabs(s) else
            s + ".c", "-o", o])
        objs.append(o)
    elf = os.path.join(d, name + ".elf")
    p = run([ARM_CC] + CPU + list(extra_cflags) + [
        "-nostdlib", "-T", os.path.join(FW, "h7.ld"), "-o", elf] + objs +
        ["-Wl,--print-memory-usage,-Map=%s.map" % elf[:-4]] +
        list(link_extra), check=False, cwd=d)
    return p, elf, elf[:-4] + ".map"


def findings_ok(c, findings, syms, what):
    for rule, sym, sev, text in WANT:
        hits = [f for f in findings if f["rule"] == rule and
                re.search(r"\b%s\b" % sym, f["msg"])]
        if not c.check(len(hits) == 1, "%s: want one %s for %s: %s" % (
                what, rule, sym, findings)):
            continue
        c.check(hits[0]["sev"] == sev and text in hits[0]["msg"] and
                "0x%x" % syms[sym][0] in hits[0]["msg"],
                "%s: %s: %s" % (what, sym, hits[0]))
    c.check(len(findings) == len(WANT), "%s: want exactly %d findings, "
            "got %s" % (what, len(WANT), findings))


def main_build(c, d):
    p, elf, mapf = build(d, "fw", ["startup", "app", "faults"])
    if not c.check(p.returncode == 0, "link failed: " + p.stderr):
        return None
    syms = nm(elf)
    ld = {k: v[0] for k, v in ld_usage(p.stdout).items()}
    for mode, args in (("elf+map", ["--map", mapf, elf]),
                       ("map", ["--map", mapf])):
        r, table, findings = check(["--board", BOARD] + args)
        c.check(r.returncode == 1, "%s: rc %d" % (mode, r.returncode))
        c.check(table == ld, "%s: memfit %s, ld %s" % (mode, table, ld))
        findings_ok(c, findings, syms, mode)
        c.check("note:" not in r.stderr, "%s: nothing to assume with the "
                "board's sections: %s" % (mode, r.stderr))
    r, table, _ = check(["--board", BOARD, elf])
    c.check(table == ld, "elf: memfit %s, ld %s" % (table, ld))
    return elf, mapf, ld


def waivers(c, d, elf, mapf):
    base = ["--board", BOARD, "--map", mapf, elf, "-q"]
    allow = ["--allow", "init-data-in-zero-region:.fastram_bss",
             "--allow", "init-data-in-zero-region:.DMA_RAM",
             "--allow", "dma-unreachable:DTCM_RAM",
             "--allow", "dma-cache-line:adcDmaBuffer"]
    r, _, findings = check(base + allow)
    c.check(r.returncode == 0 and len(findings) == len(WANT) and
            all(f["sev"] == "note" for f in findings),
            "--allow by section, region and symbol: rc %d %s" % (
                r.returncode, findings))
    r, _, _ = check(base + ["--allow", "init-data-in-zero-region:.data"])
    c.check(r.returncode == 1, "--allow NAME must match something")
    # A region the map lacks is a note, not a finding, even under
    # --werror: a whole-chip board describes memory a firmware may not use.
    b = yaml.safe_load(open(BOARD))
    b["regions"].append({"name": "SRAM4", "kind": "ram",
                         "origin": 0x38000000, "length": "64K"})
    bpath = os.path.join(d, "extra.yaml")
    yaml.safe_dump(b, open(bpath, "w"))
    args = ["--board", bpath, "--map", mapf, elf, "-q", "--werror"] + allow
    r, _, findings = check(args)
    c.check(r.returncode == 0 and not any(
        f["rule"] == "map-board-mismatch" for f in findings) and
        "note: the map has no region SRAM4: nothing is linked there" in
        r.stderr, "unused region: rc %d %s %s" % (r.returncode, findings,
                                                  r.stderr))
    # Unless the board requires it: map-board-mismatch for it alone.
    b["regions"][-1]["required"] = True
    yaml.safe_dump(b, open(bpath, "w"))
    r, _, findings = check(args)
    c.check(r.returncode == 1 and [f["msg"] for f in findings if
            f["rule"] == "map-board-mismatch" and f["sev"] == "warning"] ==
            ["the board has region SRAM4, the map has none"],
            "required region: %s" % findings)
    r, _, findings = check(args + ["--allow", "map-board-mismatch:SRAM4"])
    c.check(r.returncode == 0, "map-board-mismatch:SRAM4 waives it: %s" %
            findings)


def explain(c, d, elf, mapf):
    b = yaml.safe_load(open(BOARD))
    b["dma_buffers"].append({"sections": [".no_such_dma*"]})
    bpath = os.path.join(d, "explain.yaml")
    yaml.safe_dump(b, open(bpath, "w"))
    r = run([MEMFIT, "check", "--board", bpath, "--map", mapf, elf, "-q",
             "--explain-dma"], check=False)
    out = r.stdout
    c.check(re.search(r"symbol +loadDmaBuffer .* RAM +shares a cache line "
                      r"with loopCounter", out) is not None,
            "explain: the pointer variable is listed: " + out)
    c.check(re.search(r"symbol +imuDmaBuffer .* DTCM_RAM +DMA1 cannot "
                      r"reach it", out) is not None, "explain: imu: " + out)
    c.check(re.search(r"symbol +spiDmaBuffer .* RAM +ok", out) is not None,
            "explain: spi ok: " + out)
    c.check("initDmaBuffer" not in out, "explain: a function matched: " +
            out)
    c.check(re.search(r"explain\.yaml:\d+:\d+: warning: dma_buffers entry 2 "
                      r"matches no symbol or section", r.stderr) is not None,
            "explain: empty entry not reported: " + r.stderr)


def no_sections(c, d, mapf, ld):
    """Without the board's per-section startup a map-only check has to
    guess for .DMA_RAM and says so."""
    b = yaml.safe_load(open(BOARD))
    for reg in b["regions"]:
        reg.pop("sections", None)
    bpath = os.path.join(d, "plain.yaml")
    yaml.safe_dump(b, open(bpath, "w"))
    r, table, _ = check(["--board", bpath, "--map", mapf, "-q"])
    c.check(re.search(r"note: without the ELF, assumed that .*\.DMA_RAM",
                      r.stderr) is not None, "no note: " + r.stderr)


def failed_link(c, d):
    with open(os.path.join(d, "big.c"), "w") as f:
        f.write("__attribute__((section(\".fastram_bss\"))) "
                "char hugeFast[130000];\n"
                "int big_use(void) { return hugeFast[5]; }\n")
    p, elf, mapf = build(d, "ovf", ["startup", "app", "faults",
                                    os.path.join(d, "big")])
    m = re.search(r"region `DTCM_RAM' overflowed by (\d+) bytes", p.stderr)
    if not c.check(p.returncode != 0 and m, "ovf: ld must fail"):
        return
    ld = {k: v[0] for k, v in ld_usage(p.stdout).items()}
    r, table, findings = check(["--board", BOARD, "--map", mapf])
    c.check(table == ld, "failed link, map only: memfit %s, ld %s" % (
        table, ld))
    c.check(any(f["rule"] == "region-overflow" and "DTCM_RAM overflowed by "
                "%s bytes" % m.group(1) in f["msg"] for f in findings),
            "failed link: overflow: %s" % findings)


def lto(c, d):
    lto = ["-flto"]
    p, elf, mapf = build(d, "lto", ["startup", "app", "faults"], lto)
    if not c.check(p.returncode == 0, "lto: link failed " + p.stderr):
        return
    r, _, findings = check(["--board", BOARD, "--map", mapf, elf, "-q"])
    gone = [f for f in findings if "LTO link" in f["msg"]]
    c.check(len(gone) == 1 and gone[0]["sev"] == "warning" and
            "-save-temps" in gone[0]["msg"], "lto: %s" % findings)
    p, elf, mapf = build(d, "lto-kept", ["startup", "app", "faults"],
                         lto + ["-save-temps"])
    if not c.check(p.returncode == 0, "lto -save-temps: " + p.stderr):
        return
    r, _, findings = check(["--board", BOARD, "--map", mapf, elf, "-q"])
    for sym in ("lostFastInit", "lostDmaInit"):
        c.check(any(f["rule"] == "init-data-in-zero-region" and sym in
                    f["msg"] for f in findings),
                "lto -save-temps: %s not found: %s" % (sym, findings))
    c.check(not any("could not check" in f["msg"] for f in findings),
            "lto -save-temps: objects unread: %s" % findings)


def main():
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        got = main_build(c, tmp)
        if got:
            elf, mapf, ld = got
            waivers(c, tmp, elf, mapf)
            explain(c, tmp, elf, mapf)
            no_sections(c, tmp, mapf, ld)
        failed_link(c, tmp)
        lto(c, tmp)
    print("vendor_fw: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

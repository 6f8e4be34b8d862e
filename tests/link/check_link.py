#!/usr/bin/python3
"""memfit check on real links.

Usage: for firmware built with arm-none-eabi-gcc (little and big endian)
and riscv64-unknown-elf-gcc (ELF32 and ELF64) from fixtures/fw/usage (a .data load image, an ALIGN(64) gap, NOLOAD, a
zero-length region, memory reached through two ld regions that the board
calls one region with an alias, a section outside every region), memfit's
"used" must equal ld's --print-memory-usage for every region, from the ELF
and map, the ELF alone, and the map alone.

Faults: planted faults in fixtures/fw/faults must each be found with the
right rule, symbol, address (nm) and declaration line (grep of the source);
a clean firmware gives none; a failed link's map gives the overflow ld
reported. The table, JSON, CSV and Markdown of size (with every
breakdown), check and diff of a fresh link agree (formats_agree.py).

Under clang and ld.lld (the lld-* tests; one "lld: skipped" line without
them) the same sources and checks run, with ld's figures replaced by the
ELF's own accounting (memfit_test.elf_accounting; under GNU ld it must
equal ld's), since ld.lld 14 has no --print-memory-usage. What differs,
each said where it is checked: no Memory Configuration in an lld map (so
no CCM_S drift), .extra needs a region of its own, big-endian builds go
without -g, RISC-V is rv32imac/rv64imac for clang 14, a failed link needs
--error-limit=0 for its map, LTO's object is lto.tmp (an LTO temporary
to memfit, as GCC's ltrans objects are) and clang names a function-local
static drv_poll.rx_dma_buf.
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import (ARM_CC, CLANG, LLD_SKIP, MEMFIT, ROOT, RV_CC,
                         Checker, check, clang_build, clang_cc,
                         elf_accounting, ld_usage, llvm_missing,
                         lld_usage_script, load_board, nm, run)
import yaml

FW = os.path.join(ROOT, "fixtures", "fw")
M4 = ["-mcpu=cortex-m4", "-mthumb"]
M7 = ["-mcpu=cortex-m7", "-mthumb"]


def build(tmp, name, cc, cpu, srcs, scripts, extra=(), cflags=()):
    """Compile each source to an object in TMP, then link with a map. CC
    CLANG: clang and ld.lld (EXTRA's -Wl, dropped), with no usage on
    stdout: see usage_figures."""
    if cc == CLANG:
        return clang_build(tmp, name, cpu, srcs, scripts, [
            "-O1", "-g", "-ffreestanding", "-I", tmp] + list(cflags),
            [x[4:] if x.startswith("-Wl,") else x for x in extra])
    objs = []
    for s in srcs:
        o = os.path.join(tmp, os.path.basename(s) + ".o")
        run([cc] + cpu + ["-O1", "-g", "-ffreestanding", "-I", tmp, "-c",
                          s, "-o", o] + list(cflags))
        objs.append(o)
    elf = os.path.join(tmp, name + ".elf")
    args = [cc] + cpu + ["-nostdlib", "-o", elf] + objs
    for s in scripts:
        args += ["-T", s]
    args += ["-Wl,--print-memory-usage,-Map=%s.map" % elf[:-4]]
    p = run(args + list(extra), check=False)
    return p, elf, elf[:-4] + ".map"


def usage_figures(c, p, elf, board, label):
    """{region: used} as the linker counts: ld's --print-memory-usage, or
    for ld.lld (none in 14) the ELF's own accounting (elf_accounting).
    Under GNU ld that accounting must equal ld's figure too, so the
    stand-in is checked where both exist."""
    acct, _ = elf_accounting(elf, load_board(board))
    if p.stdout.strip() == "":
        return acct
    ld = ld_usage(p.stdout)
    want = {r: ld[r][0] for r in ld if r != "CCM_S"}
    if "CCM_S" in ld:
        want["CCMRAM"] = max(ld["CCMRAM"][0], ld["CCM_S"][0])
    c.check(acct == want, "%s: the ELF's accounting %s, ld %s" % (
        label, acct, want))
    return want


def usage(c, tmp, cc, cpu, label, nm_tool, cflags=()):
    if "-g0" in cflags:
        print("%s: built without -g: ld.lld 14 rejects big-endian Arm "
              "DWARF (.debug_str: offset is outside the section)" % label)
    board = os.path.join(FW, "usage", "usage.yaml")
    script = os.path.join(FW, "usage", "usage.ld")
    if cc == CLANG:
        script = lld_usage_script(script, tmp)
    p, elf, mapf = build(tmp, "usage-" + label, cc, cpu,
                         [os.path.join(FW, "usage", "usage.c")], [script],
                         cflags=cflags)
    if not c.check(p.returncode == 0, label + ": link failed " + p.stderr):
        return
    want = usage_figures(c, p, elf, board, label)
    for mode, args in (("elf+map", ["--map", mapf, elf]), ("elf", [elf]),
                       ("map", ["--map", mapf])):
        r, table, findings = check(["--board", board] + args)
        c.check(table == want, "%s %s: memfit %s, ld %s" % (
            label, mode, table, want))
        outside = [f for f in findings if f["rule"] == "outside-regions"]
        c.check(len(outside) == 1 and ".extra" in outside[0]["msg"],
                "%s %s: want .extra outside every region: %s" % (
                    label, mode, findings))
        c.check(r.returncode == 1, "%s %s: rc %d" % (label, mode,
                                                    r.returncode))
        # An lld map has no Memory Configuration: no CCM_S to compare.
        drift = [f for f in findings if f["rule"] == "map-board-mismatch"]
        c.check(len(drift) == (0 if mode == "elf" or cc == CLANG else 1)
                and all(
            "CCM_S" in f["msg"] and f["sev"] == "warning" for f in drift),
            "%s %s: want the map's CCM_S reported as drift: %s" % (
                label, mode, drift))


def decl_line(path, var):
    with open(path) as f:
        for i, line in enumerate(f, 1):
            if re.search(r"\b%s\b *(\[|=|;)" % re.escape(var), line):
                return i
    raise KeyError(var)


def expect(c, findings, rule, sym, syms, src, what, text=None):
    """One finding of RULE for SYM, at SYM's address and source line."""
    hits = [f for f in findings if f["rule"] == rule and
            re.search(r"\b%s\b" % re.escape(sym), f["msg"])]
    if not c.check(len(hits) == 1, "%s: want one %s for %s, got %s" % (
            what, rule, sym, findings)):
        return
    f = hits[0]
    c.check("0x%x" % syms[sym][0] in f["msg"], "%s: %s address %#x not in "
            "%r" % (what, sym, syms[sym][0], f["msg"]))
    want_loc = "%s:%d" % (src, decl_line(src, sym))
    c.check(f["loc"] == want_loc, "%s: %s located at %s, want %s" % (
        what, sym, f["loc"], want_loc))
    if text is not None:
        c.check(text in f["msg"], "%s: %r not in %r" % (what, text,
                                                         f["msg"]))


def json_agrees(c, path, table, what, findings=()):
    """The JSON report validates and says what the table said."""
    p = run(["/usr/bin/python3", os.path.join(ROOT, "tests", "schema",
                                              "check_report.py"), path],
            check=False)
    c.check(p.returncode == 0, "%s: JSON fails the schema: %s" % (
        what, p.stdout))
    doc = json.load(open(path))
    c.check({r["name"]: r["used"] for r in doc["regions"]} == table,
            "%s: JSON used differs from the table" % what)
    c.check(sorted((f["rule"], f["message"]) for f in doc["findings"]) ==
            sorted((f["rule"], f["msg"]) for f in findings),
            "%s: JSON findings differ from the text" % what)


def gen(tmp, board):
    run([MEMFIT, "gen", "-q", "--board", board, "-o", tmp])
    with open(os.path.join(tmp, "startup.c"), "w") as f:
        f.write(open(os.path.join(FW, "faults", "startup.c")).read())
    return [tmp + "/memory.ld", tmp + "/sections.ld"]


def crazyflie(c, tmp, cc=ARM_CC):
    d = os.path.join(tmp, "cf")
    os.makedirs(d)
    scripts = gen(d, "crazyflie-2")
    src = os.path.join(FW, "faults", "cf_faults.c")
    p, elf, mapf = build(d, "cf", cc, M4, [d + "/startup.c", src],
                         scripts + [os.path.join(FW, "faults",
                                                 "cf_vendor.ld")])
    if not c.check(p.returncode == 0, "cf: link failed " + p.stderr):
        return
    syms = nm(elf)
    jpath = os.path.join(d, "cf.json")
    r, table, findings = check(["--board", "crazyflie-2", "--map", mapf,
                                elf, "--json", jpath])
    c.check(r.returncode == 1, "cf: rc %d, want 1" % r.returncode)
    json_agrees(c, jpath, table, "cf", findings)
    expect(c, findings, "init-data-in-zero-region", "boot_count", syms, src,
           "cf", "initial value 17")
    expect(c, findings, "dma-unreachable", "spi_dma_buf", syms, src, "cf",
           "no DMA master reaches")
    c.check(len(findings) == 2, "cf: want exactly 2 findings: %s" %
            findings)
    # Without its object the rule cannot see the value: it must say so.
    os.rename(d + "/cf_faults.c.o", d + "/moved.o")
    r, _, findings = check(["--board", "crazyflie-2", "--map", mapf, elf])
    c.check(any(f["rule"] == "init-data-in-zero-region" and
                f["sev"] == "warning" and "could not check" in f["msg"]
                for f in findings), "cf: missing object not reported: %s" %
            findings)


def archive(c, tmp, cc=ARM_CC):
    """The faulty object inside a static library: the map names it as
    lib(member) and the rule reads the member through libelf."""
    d = os.path.join(tmp, "ar")
    os.makedirs(d)
    scripts = gen(d, "crazyflie-2")
    src = os.path.join(FW, "faults", "cf_faults.c")
    obj = d + "/faults.o"
    run(([ARM_CC] + M4 if cc == ARM_CC else clang_cc(M4)) + [
        "-O1", "-g", "-ffreestanding", "-I", d, "-c", src, "-o", obj])
    run(["arm-none-eabi-ar", "rcs", d + "/libfaults.a", obj])
    os.remove(obj)
    p, elf, mapf = build(d, "ar", cc, M4, [d + "/startup.c"],
                         scripts + [os.path.join(FW, "faults",
                                                 "cf_vendor.ld")],
                         extra=["-Wl,--whole-archive", d + "/libfaults.a",
                                "-Wl,--no-whole-archive"])
    if not c.check(p.returncode == 0, "ar: link failed " + p.stderr):
        return
    r, _, findings = check(["--board", "crazyflie-2", "--map", mapf, elf])
    hit = [f for f in findings if f["rule"] == "init-data-in-zero-region"]
    c.check(len(hit) == 1 and "boot_count" in hit[0]["msg"] and
            "initial value 17" in hit[0]["msg"],
            "ar: want boot_count found through libfaults.a(faults.o): %s" %
            findings)


def waivers(c, tmp, cc=ARM_CC):
    """Waivers and --allow keep findings listed but passing; --werror
    makes warnings fail; -q drops the table."""
    d = os.path.join(tmp, "w")
    os.makedirs(d)
    board = yaml.safe_load(open(os.path.join(ROOT, "boards",
                                             "crazyflie-2.yaml")))
    board["waivers"] = [{"rule": "dma-unreachable", "symbol": "spi_*",
                         "reason": "polled, never DMA"}]
    bpath = os.path.join(d, "cf.yaml")
    with open(bpath, "w") as f:
        yaml.safe_dump(board, f)
    scripts = gen(d, bpath)
    p, elf, mapf = build(d, "w", cc, M4, [
        d + "/startup.c", os.path.join(FW, "faults", "cf_faults.c")],
        scripts + [os.path.join(FW, "faults", "cf_vendor.ld")])
    base = ["--board", bpath, "--map", mapf, elf]
    r, table, findings = check(base)
    waived = [f for f in findings if f["sev"] == "note"]
    c.check(r.returncode == 1 and len(waived) == 1 and
            "spi_dma_buf" in waived[0]["msg"], "waiver: %s" % findings)
    r, _, findings = check(base + ["--allow", "init-data-in-zero-region"])
    c.check(r.returncode == 0 and len(findings) == 2 and
            all(f["sev"] == "note" for f in findings),
            "--allow: rc %d %s" % (r.returncode, findings))
    r, _, _ = check(base + ["--allow", "init-data-in-zero-region:other*"])
    c.check(r.returncode == 1, "--allow RULE:SYM must match the symbol")
    os.rename(d + "/cf_faults.c.o", d + "/gone.o")
    r, _, findings = check(base + ["--allow", "init-data-in-zero-region:"
                                   "boot_count"])
    c.check(r.returncode == 0, "a warning passes without --werror: %s" %
            findings)
    r, table, findings = check(base + ["--werror", "-q", "--allow",
                                       "init-data-in-zero-region:x"])
    c.check(r.returncode == 1 and table == {}, "--werror -q: rc %d %s" % (
        r.returncode, table))


def clean(c, tmp, cc=ARM_CC):
    d = os.path.join(tmp, "clean")
    os.makedirs(d)
    scripts = gen(d, "crazyflie-2")
    p, elf, mapf = build(d, "clean", cc, M4, [
        d + "/startup.c", os.path.join(FW, "faults", "cf_clean.c")],
        scripts + [d + "/link.ld"])
    if not c.check(p.returncode == 0, "clean: link failed " + p.stderr):
        return
    jpath = os.path.join(d, "clean.json")
    r, table, findings = check(["--board", "crazyflie-2", "--werror",
                                "--map", mapf, elf, "--json", jpath])
    c.check(r.returncode == 0 and findings == [],
            "clean: rc %d findings %s" % (r.returncode, findings))
    json_agrees(c, jpath, table, "clean")
    ld = usage_figures(c, p, elf, os.path.join(ROOT, "boards",
                                               "crazyflie-2.yaml"), "clean")
    c.check(table == ld, "clean: memfit %s, ld %s" % (table, ld))


def formats(c, tmp, cc=ARM_CC):
    """The breakdowns of a fresh link, not only the committed golden
    ones: table, JSON, CSV and Markdown of size --archives --objects
    --symbols, of check and of diff (tests/link/formats_agree.py) agree
    on every number, the breakdown rows add up to the sections."""
    d = os.path.join(tmp, "fmt")
    os.makedirs(d)
    scripts = gen(d, "crazyflie-2")
    builds = []
    for name, src, script in (
            ("clean", "cf_clean.c", d + "/link.ld"),
            ("cf", "cf_faults.c", os.path.join(FW, "faults",
                                               "cf_vendor.ld"))):
        p, elf, mapf = build(d, name, cc, M4, [
            d + "/startup.c", os.path.join(FW, "faults", src)],
            scripts + [script])
        if not c.check(p.returncode == 0, "formats: link failed " +
                       p.stderr):
            return
        builds.append((elf, mapf))
    agree = os.path.join(ROOT, "tests", "link", "formats_agree.py")
    (elf, mapf), (elf2, map2) = builds
    for args in (["size", "--board", "crazyflie-2", "--map", mapf,
                  "--archives", "--objects", "--symbols", elf],
                 ["check", "--board", "crazyflie-2", "--map", map2, elf2],
                 ["diff", "--board", "crazyflie-2", "--old-map", mapf,
                  "--new-map", map2, elf, elf2]):
        q = run(["/usr/bin/python3", agree] + args, check=False)
        c.check(q.returncode == 0 and q.stdout.startswith("agree:"),
                "formats %s: %s%s" % (args[0], q.stdout, q.stderr))
    q = run([MEMFIT, "size", "--board", "crazyflie-2", "--map", mapf,
             "--archives", "--objects", "--symbols", "--format", "json",
             elf])
    for r in json.loads(q.stdout)["regions"]:
        for k in ("objects", "archives"):
            c.check(sum(o["size"] for o in r[k]) == r["sections_total"],
                    "formats: %s %s do not add up" % (r["name"], k))


def h7(c, tmp, cc=ARM_CC):
    d = os.path.join(tmp, "h7")
    os.makedirs(d)
    board = yaml.safe_load(open(os.path.join(ROOT, "boards",
                                             "stm32h743zi.yaml")))
    board["dma_buffers"] += [{"symbols": ["*_dma1_buf*"],
                              "masters": ["DMA1"]},
                             {"symbols": ["*_mdma_buf*"],
                              "masters": ["MDMA"]}]
    bpath = os.path.join(d, "h7.yaml")
    with open(bpath, "w") as f:
        yaml.safe_dump(board, f)
    scripts = gen(d, bpath)
    src = os.path.join(FW, "faults", "h7_faults.c")
    # Declaration order: uart_rx_count follows uart_dma1_buf. clang has
    # no -fno-toplevel-reorder: it emits a unit's globals in declaration
    # order anyway.
    p, elf, mapf = build(d, "h7", cc, M7, [d + "/startup.c", src],
                         scripts + [d + "/link.ld"],
                         cflags=["-fno-toplevel-reorder"] if cc == ARM_CC
                         else [])
    if not c.check(p.returncode == 0, "h7: link failed " + p.stderr):
        return
    syms = nm(elf)
    r, _, findings = check(["--board", bpath, "--map", mapf, elf])
    expect(c, findings, "dma-unreachable", "adc_dma1_buf", syms, src, "h7",
           "that DMA1 cannot reach")
    expect(c, findings, "dma-unreachable", "spi6_bdma_buf", syms, src, "h7",
           "that BDMA cannot reach")
    expect(c, findings, "dma-cache-line", "uart_dma1_buf", syms, src, "h7",
           "shares a 32-byte cache line of cacheable AXI_SRAM with "
           "uart_rx_count")
    c.check(len(findings) == 3, "h7: want exactly 3 findings: %s" %
            findings)


def nrf(c, tmp, cc=ARM_CC):
    d = os.path.join(tmp, "nrf")
    os.makedirs(d)
    scripts = gen(d, "nrf52840")
    src = os.path.join(FW, "faults", "nrf_faults.c")
    p, elf, mapf = build(d, "nrf", cc, M4, [d + "/startup.c", src],
                         scripts + [d + "/link.ld"])
    if not c.check(p.returncode == 0, "nrf: link failed " + p.stderr):
        return
    syms = nm(elf)
    r, _, findings = check(["--board", "nrf52840", "--map", mapf, elf])
    expect(c, findings, "dma-unreachable", "m_tx_buf", syms, src, "nrf",
           "that EASYDMA cannot reach")
    c.check(len(findings) == 1, "nrf: want exactly 1 finding: %s" %
            findings)


def overflow(c, tmp, cc=ARM_CC):
    d = os.path.join(tmp, "ovf")
    os.makedirs(d)
    scripts = gen(d, "crazyflie-2")
    # ld.lld stops at its 20th error (here each RAM section, per pass,
    # and the budget ASSERT) and then writes no map at all: a firmware
    # that overflows needs --error-limit=0 for its map.
    p, elf, mapf = build(d, "ovf", cc, M4, [
        d + "/startup.c", os.path.join(FW, "faults", "cf_overflow.c")],
        scripts + [d + "/link.ld"],
        extra=["--error-limit=0"] if cc == CLANG else [])
    # ld.lld 14 says it per section that does not fit, per pass: the
    # largest figure is the region's overflow (see lld_maps.py).
    over = [int(n) for n in re.findall(
        r"region `RAM' overflowed by (\d+) bytes|will not fit in region "
        r"'RAM': overflowed by (\d+) bytes", p.stderr) for n in n if n]
    if not c.check(p.returncode != 0 and over, "overflow: ld should fail: "
                   + p.stderr):
        return
    r, _, findings = check(["--board", "crazyflie-2", "--map", mapf])
    want = "RAM overflowed by %s bytes" % max(over)
    c.check(r.returncode == 1 and any(
        f["rule"] == "region-overflow" and want in f["msg"]
        for f in findings), "overflow: want %r, got rc %d %s" % (
            want, r.returncode, findings))


def shared_overflow(c, tmp):
    mapf = os.path.join(ROOT, "..", "shared", "fixtures-external",
                        "esp-idf-size", "overflow", "region_overflow.map")
    top = 0
    for m in re.finditer(r"^(\.dram0\.\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)",
                         open(mapf, errors="replace").read(), re.M):
        top = max(top, int(m.group(2), 16) + int(m.group(3), 16))
    board = os.path.join(ROOT, "fixtures", "boards", "valid",
                         "esp32-idf-overflow.yaml")
    r, table, findings = check(["--board", board, "--map", mapf])
    want = "dram0_0_seg overflowed by %d bytes" % (top - 0x3ffb0000)
    c.check(r.returncode == 1 and any(
        f["rule"] == "region-overflow" and want in f["msg"]
        for f in findings), "shared overflow: want %r: rc %d %s" % (
            want, r.returncode, findings))


def lto(c, tmp, cc=ARM_CC):
    """-flto -g: the map names /tmp/cc*.ltrans0.ltrans.o, which is gone;
    findings take the original .c file and line from DWARF by address, a
    global and a function-local static (its DIE nested in the ltrans unit,
    named through its abstract origin)."""
    d = os.path.join(tmp, "lto")
    os.makedirs(d)
    scripts = gen(d, "crazyflie-2")
    srcs = [os.path.join(FW, "lto", s) for s in ("app.c", "drv.c")]
    p, elf, mapf = build(d, "lto", cc, M4 + ["-flto"],
                         [d + "/startup.c"] + srcs,
                         scripts + [os.path.join(FW, "faults",
                                                 "cf_vendor.ld")])
    if not c.check(p.returncode == 0, "lto: link failed " + p.stderr):
        return
    # GCC's partitions are /tmp/ccXXXX.ltrans0.ltrans.o; ld.lld compiles
    # the bitcode itself and names the result lto.tmp.
    c.check(re.search(r"ltrans0?\.ltrans\.o" if cc == ARM_CC else
                      r"^\s.*\blto\.tmp:\(", open(mapf).read(), re.M),
            "lto: the map names no LTO object")
    syms = nm(elf)
    r, table, findings = check(["--board", "crazyflie-2", "--map", mapf,
                                elf])
    expect(c, findings, "dma-unreachable", "spi_dma_buf", syms, srcs[1],
           "lto", "no DMA master reaches")
    # A function-local static: GCC names it rx_dma_buf.0, clang
    # drv_poll.rx_dma_buf.
    local = [s for s in syms if s.startswith("rx_dma_buf.") or
             s == "drv_poll.rx_dma_buf"]
    hits = [f for f in findings if "rx_dma_buf" in f["msg"]]
    want = "%s:%d" % (srcs[1], decl_line(srcs[1], "rx_dma_buf"))
    c.check(len(local) == 1 and len(hits) == 1 and
            hits[0]["loc"] == want, "lto: want rx_dma_buf at %s: %s" % (
                want, hits))
    lto_objects(c, d, elf, mapf, syms, srcs, cc)


def lto_objects(c, d, elf, mapf, syms, srcs, cc):
    """size --objects charges the ltrans temporary's bytes to the .c
    units (functions and variables by DWARF, sizes from nm), the rows
    still add up; without DWARF it says why it cannot; diff of two links
    (two temporaries' names) shows no object change."""
    size = run([MEMFIT, "size", "--board", "crazyflie-2", "--map", mapf,
                "--objects", "--format", "json", elf])
    regions = {r["name"]: r for r in json.loads(size.stdout)["regions"]}
    rows = {}
    for name, r in regions.items():
        c.check(sum(o["size"] for o in r["objects"]) == r["sections_total"],
                "lto: %s objects do not add up to its sections" % name)
        for o in r["objects"]:
            rows[(name, os.path.basename(o["name"]))] = o["size"]
    c.check(not any("ltrans.o" in n or n == "lto.tmp" for _, n in rows),
            "lto: LTO temporaries "
            "objects left in --objects: %s" % rows)
    want = {("FLASH", "drv.c"): ["drv_poll", "drv_names"],
            ("FLASH", "app.c"): ["main", "app_names", "app_mode"],
            ("FLASH", "startup.c"): ["vectors", "Reset_Handler"],
            ("CCMRAM", "drv.c"): ["spi_dma_buf"] +
            # the function-local static: GCC names it rx_dma_buf.N,
            # clang drv_poll.rx_dma_buf
            [s for s in syms if s.startswith("rx_dma_buf.") or
             s.endswith(".rx_dma_buf")]}
    for key, names in want.items():
        total = sum(syms[n][1] for n in names if n in syms)
        c.check(rows.get(key) == total, "lto: %s %s: %s bytes, want %d "
                "(%s)" % (key + (rows.get(key), total, names)))
    run(["arm-none-eabi-strip", "--strip-debug", "-o", d + "/nodbg.elf",
         elf])
    p = run([MEMFIT, "size", "--map", mapf, "--objects", d + "/nodbg.elf"])
    c.check("note: objects are LTO temporaries" in p.stderr,
            "lto: no note without DWARF: %r" % p.stderr)
    build(d, "lto2", cc, M4 + ["-flto"], [d + "/startup.c"] + srcs,
          gen(d, "crazyflie-2") + [os.path.join(FW, "faults",
                                                 "cf_vendor.ld")])
    p = run([MEMFIT, "diff", "--format", "json", "--old-map", mapf,
             "--new-map", d + "/lto2.map", elf, d + "/lto2.elf"])
    changed = [o for o in json.loads(p.stdout).get("objects", [])
               if o.get("delta")]
    c.check(changed == [], "lto: diff of two LTO links: %s" % changed)


def lld_tests(c):
    """The same firmware built by clang and linked by ld.lld, checked
    alike but where the toolchains differ (each said where it is)."""
    if llvm_missing():
        return []
    return [
        ("lld-usage-arm", lambda t: usage(c, t, CLANG, M4, "lld-arm",
                                          "arm-none-eabi-nm")),
        # clang 14 knows no zicsr extension (it is part of I there).
        ("lld-usage-riscv", lambda t: usage(
            c, t, CLANG, ["--target=riscv32-unknown-elf",
                          "-march=rv32imac", "-mabi=ilp32"], "lld-riscv",
            "riscv64-unknown-elf-nm")),
        ("lld-usage-riscv64", lambda t: usage(
            c, t, CLANG, ["--target=riscv64-unknown-elf",
                          "-march=rv64imac", "-mabi=lp64",
                          "-mcmodel=medany"], "lld-riscv64",
            "riscv64-unknown-elf-nm")),
        # ld.lld 14 fails big-endian Arm objects with DWARF (".debug_str:
        # offset is outside the section"): usage is checked without -g.
        ("lld-usage-arm-big-endian", lambda t: usage(
            c, t, CLANG, ["--target=armebv7em-none-eabi"] + M4 +
            ["-mbig-endian"], "lld-armbe", "arm-none-eabi-nm",
            cflags=["-g0"])),
        ("lld-crazyflie", lambda t: crazyflie(c, t, CLANG)),
        ("lld-archive", lambda t: archive(c, t, CLANG)),
        ("lld-waivers", lambda t: waivers(c, t, CLANG)),
        ("lld-clean", lambda t: clean(c, t, CLANG)),
        ("lld-h7", lambda t: h7(c, t, CLANG)),
        ("lld-nrf", lambda t: nrf(c, t, CLANG)),
        ("lld-overflow", lambda t: overflow(c, t, CLANG)),
        ("lld-lto", lambda t: lto(c, t, CLANG)),
        ("lld-formats", lambda t: formats(c, t, CLANG)),
    ]


def main():
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        tests = [
            ("usage-arm", lambda t: usage(c, t, ARM_CC, M4, "arm",
                                          "arm-none-eabi-nm")),
            ("usage-riscv", lambda t: usage(
                c, t, RV_CC, ["-march=rv32imac_zicsr", "-mabi=ilp32"],
                "riscv", "riscv64-unknown-elf-nm")),
            ("usage-riscv64", lambda t: usage(
                c, t, RV_CC, ["-march=rv64imac_zicsr", "-mabi=lp64",
                              "-mcmodel=medany"], "riscv64",
                "riscv64-unknown-elf-nm")),
            ("usage-arm-big-endian", lambda t: usage(
                c, t, ARM_CC, M4 + ["-mbig-endian"], "armbe",
                "arm-none-eabi-nm")),
            ("crazyflie", lambda t: crazyflie(c, t)),
            ("archive", lambda t: archive(c, t)),
            ("waivers", lambda t: waivers(c, t)),
            ("clean", lambda t: clean(c, t)),
            ("h7", lambda t: h7(c, t)),
            ("nrf", lambda t: nrf(c, t)),
            ("overflow", lambda t: overflow(c, t)),
            ("lto", lambda t: lto(c, t)),
            ("formats", lambda t: formats(c, t)),
            ("shared-overflow", lambda t: shared_overflow(c, t)),
        ]
        tests += lld_tests(c)
        # By default everything but the tests on ../shared's fixtures.
        only = sys.argv[1:] or [n for n, _ in tests
                                if not n.startswith("shared")]
        if llvm_missing() and not sys.argv[1:]:
            print(LLD_SKIP)
        for name, fn in tests:
            if name not in only:
                continue
            sub = os.path.join(tmp, name)
            os.makedirs(sub)
            before = c.failures
            fn(sub)
            print("%s: %s" % (name, "ok" if c.failures == before
                              else "FAILED"))
    print("check_link: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""memfit's generated scripts under ld.lld, against GNU ld.

- placement: every shipped board's full-circle firmware (fullcircle.py's
  sources), compiled once by arm-none-eabi-gcc and linked by GNU ld and by
  ld.lld: every allocated section (address, load address, size) and every
  symbol is the same; no loaded segment lies outside the board's regions.
  Then compiled by clang and linked by ld.lld: every placement macro's
  variable and DMA buffer sits where fullcircle.py wants it.
- budget_boundary: a firmware exactly at its RAM and FLASH error budgets
  links under both linkers, one byte of budget less fails both, naming the
  region.
- sbrk_guard: malloc with a heap of 0 fails the ld.lld link as it fails
  GNU ld's.
- insert_order: how each linker takes -T scripts around INSERT.
- lld_headers: without --nmagic, ld.lld loads the ELF headers below a
  region that does not start on a 64K page.
- memory_x: memory.x under a link.x-shaped script (written here from
  cortex-m-rt's documented contract), linked by ld.lld as Rust links it.

Prints one line per test; failures print details. Exit 1 on any failure,
77 (with a SKIP line first) without clang or ld.lld.
"""
import glob
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from fullcircle import STARTUP, check_dma, check_vars, firmware_source
from memfit_test import (ARM_CC, BOARD_CPU, MEMFIT, ROOT, Checker,
                         LLD, clang_cc, lld_link, llvm_missing, load_board,
                         load_segments, newlib_libs, nm, region_at, run,
                         section_table)

M4 = ["-mcpu=cortex-m4", "-mthumb"]
CFLAGS = ["-O1", "-g", "-std=c99", "-ffreestanding",
          "-DMEMFIT_ASSERT(x)=((void)0)"]


def gen(g, board, memory_x=False):
    extra = ["--memory-x", g + "/memory.x"] if memory_x else []
    run([MEMFIT, "gen", "-q", "--board", board, "-o", g] + extra)
    return [g + "/memory.ld", g + "/sections.ld", g + "/link.ld"]


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def compile_objs(cc, g, srcs, tag):
    """Compile each (name, text) with CC; the object paths."""
    objs = []
    for name, text in srcs:
        src = write("%s/%s.c" % (g, name), text)
        objs.append("%s/%s-%s.o" % (g, name, tag))
        run(cc + CFLAGS + ["-I", g, "-c", src, "-o", objs[-1]])
    return objs


def gnu_link(out, objs, scripts, cpu, extra=()):
    cmd = [ARM_CC] + list(cpu) + ["-nostdlib", "-o", out]
    for s in scripts:
        cmd += ["-T", s]
    return run(cmd + list(objs) + list(extra), check=False)


def alloc_sections(elf):
    """Sections with bytes in memory: GNU ld keeps empty output sections
    without SHF_ALLOC, ld.lld with it, so only sizes above 0 compare."""
    return {n: tuple(v) for n, v in section_table(elf).items()
            if v[2] > 0 and v[0] != 0}


def symbols(elf):
    """{symbol: address}, sized or not (nm() has only sized ones)."""
    out = {}
    for line in run(["arm-none-eabi-nm", elf]).stdout.splitlines():
        f = line.split()
        if len(f) == 3:
            out[f[2]] = int(f[0], 16)
    return out


def same_placement(c, name, gnu, lld):
    g, l = alloc_sections(gnu), alloc_sections(lld)
    c.check(g == l, "%s: sections differ:\n  GNU ld %s\n  ld.lld %s" % (
        name, sorted(g.items()), sorted(l.items())))
    gs, ls = symbols(gnu), symbols(lld)
    diff = [(s, gs[s], ls.get(s)) for s in gs if ls.get(s) != gs[s]]
    c.check(not diff, "%s: symbols differ (GNU ld, ld.lld): %s" % (
        name, diff))


def in_regions(c, board, elf, name):
    for v, p, filesz, memsz in load_segments(elf):
        for addr, n in ((v, memsz), (p, filesz)):
            r = region_at(board, addr)
            c.check(n == 0 or r is not None and
                    addr + n <= r["origin"] + r["length"],
                    "%s: loaded segment [%#x, +%#x) outside the board's "
                    "regions" % (name, addr, n))


def placement_board(c, path, tmp):
    board = load_board(path)
    name = board["board"]
    g = os.path.join(tmp, name)
    scripts = gen(g, path)
    if name not in BOARD_CPU:
        objs = compile_objs([ARM_CC] + M4, g, [
            ("entry", "void Reset_Handler(void) { }\n")], "gcc")
        p = gnu_link(g + "/gnu.elf", objs, scripts, M4)
        q = lld_link(g + "/lld.elf", objs, scripts)
        if c.check(p.returncode == 0 and q.returncode == 0, "%s: %s%s" % (
                name, p.stderr, q.stderr)):
            same_placement(c, name, g + "/gnu.elf", g + "/lld.elf")
        return
    cpu = BOARD_CPU[name]
    with open(g + "/static_mem.h") as f:
        header = f.read()
    srcs = [("startup", STARTUP), ("fw", firmware_source(header))]
    objs = compile_objs([ARM_CC] + cpu, g, srcs, "gcc")
    p = gnu_link(g + "/gnu.elf", objs, scripts, cpu)
    q = lld_link(g + "/lld.elf", objs, scripts)
    if not c.check(p.returncode == 0 and q.returncode == 0, "%s: %s%s" % (
            name, p.stderr, q.stderr)):
        return
    same_placement(c, name, g + "/gnu.elf", g + "/lld.elf")
    in_regions(c, board, g + "/lld.elf", name + " (ld.lld)")
    objs = compile_objs(clang_cc(cpu), g, srcs, "clang")
    q = lld_link(g + "/clang.elf", objs, scripts)
    if c.check(q.returncode == 0, "%s: clang: %s" % (name, q.stderr)):
        syms = nm(g + "/clang.elf")
        check_vars(c, board, header, syms, name + " (clang)")
        check_dma(c, board, header, syms, name + " (clang)")


def placement(c, tmp):
    for path in sorted(glob.glob(os.path.join(ROOT, "boards", "*.yaml"))):
        placement_board(c, path, tmp)


BUDGET_BOARD = """memfit: 1
board: budget-edge
regions:
  - { name: FLASH, kind: flash, origin: 0x08000000, length: 64K,
      budget: %d }
  - { name: RAM, kind: ram, origin: 0x20000000, length: 16K, budget: %d }
stack: { region: RAM, size: 512 }
"""
BUDGET_FW = ("unsigned char buf[100];\nconst char msg[] = \"abc\";\n"
             "int main(void) { return buf[3] + msg[1]; }\n")


def budget_links(g, objs, flash, ram):
    """(GNU ld, ld.lld) processes for the budgets FLASH and RAM."""
    board = write(g + "/board-%d-%d.yaml" % (flash, ram),
                  BUDGET_BOARD % (flash, ram))
    scripts = gen(g + "/%d-%d" % (flash, ram), board)
    return (gnu_link(g + "/gnu.elf", objs, scripts, M4),
            lld_link(g + "/lld.elf", objs, scripts))


def budget_boundary(c, tmp):
    g = os.path.join(tmp, "budget")
    os.makedirs(g)
    gen(g, write(g + "/b.yaml", BUDGET_BOARD % (65536, 16384)))
    objs = compile_objs([ARM_CC] + M4, g, [("startup", STARTUP.replace(
        "_estack", "__memfit_stack_top")), ("fw", BUDGET_FW)], "gcc")
    p, q = budget_links(g, objs, 65536, 16384)
    if not c.check(p.returncode == 0 and q.returncode == 0,
                   "budget: " + p.stderr + q.stderr):
        return
    syms = symbols(g + "/lld.elf")
    used = {r: syms["__memfit_%s_top" % r] - o
            for r, o in (("FLASH", 0x08000000), ("RAM", 0x20000000))}
    c.check(all(symbols(g + "/gnu.elf")["__memfit_%s_top" % r] ==
                syms["__memfit_%s_top" % r] for r in used),
            "budget: the budget markers differ between the linkers")
    for flash, ram, bad in ((used["FLASH"], used["RAM"], None),
                            (used["FLASH"], used["RAM"] - 1, "RAM"),
                            (used["FLASH"] - 1, used["RAM"], "FLASH")):
        for ld, p in zip(("GNU ld", "ld.lld"),
                         budget_links(g, objs, flash, ram)):
            want = "memfit: region %s is over its error budget of %d " \
                "bytes" % (bad, flash if bad == "FLASH" else ram)
            ok = p.returncode == 0 if bad is None else (
                p.returncode != 0 and want in p.stderr)
            c.check(ok, "budget %s: FLASH %d RAM %d (used %s): rc=%d %s" % (
                ld, flash, ram, used, p.returncode, p.stderr.strip()))


MALLOC = ("#include <stdlib.h>\n"
          "int main(void) { return malloc(100) != 0; }\n")


def sbrk_guard(c, tmp):
    g = os.path.join(tmp, "sbrk")
    scripts = gen(g, "crazyflie-2")
    objs = compile_objs(clang_cc(M4), g, [("startup", STARTUP),
                                          ("heap", MALLOC)], "clang")
    q = lld_link(g + "/fw.elf", objs, scripts, newlib_libs(M4))
    c.check(q.returncode != 0 and "memfit: _sbrk (malloc) is linked but "
            "board crazyflie-2 has no heap" in q.stderr,
            "sbrk: ld.lld must fail naming the heap, got rc=%d %s" % (
                q.returncode, q.stderr.strip()))
    objs = compile_objs(clang_cc(M4), g, [("startup", STARTUP), (
        "noheap", "int main(void) { return 0; }\n")], "clang")
    q = lld_link(g + "/fw2.elf", objs, scripts, newlib_libs(M4))
    c.check(q.returncode == 0, "sbrk: no malloc must link: " + q.stderr)


def insert_order(c, tmp):
    """-T memory.ld -T sections.ld -T link.ld places CCM's bss in CCM under
    both. With sections.ld after the main script, GNU ld refuses the
    INSERT, while ld.lld links and its main script's *(.bss .bss.*) takes
    the variable into .bss in RAM: lld matches input sections in the order
    it read the scripts too, and inserts wherever the script comes."""
    board = load_board(os.path.join(ROOT, "boards", "crazyflie-2.yaml"))
    g = os.path.join(tmp, "order")
    m, s, l = gen(g, "crazyflie-2")
    objs = compile_objs([ARM_CC] + M4, g, [("startup", STARTUP), (
        "fw", '#include "static_mem.h"\nMEMFIT_CCMRAM_BSS int ccm[4];\n'
        "int main(void) { return ccm[1]; }\n")], "gcc")
    for order, want in (([m, s, l], "CCMRAM"), ([m, l, s], "RAM")):
        q = lld_link(g + "/fw.elf", objs, order)
        at = nm(g + "/fw.elf")["ccm"][0] if q.returncode == 0 else None
        r = region_at(board, at) if at is not None else None
        c.check(r is not None and r["name"] == want,
                "insert: ld.lld %s: ccm at %s, want %s: %s" % (
                    [os.path.basename(x) for x in order],
                    hex(at) if at else at, want, q.stderr.strip()))
    p = gnu_link(g + "/gnu.elf", objs, [m, l, s], M4)
    c.check(p.returncode != 0 and ".bss not found for insert" in p.stderr,
            "insert: GNU ld with sections.ld last must refuse: " + p.stderr)


def lld_headers(c, tmp):
    board = load_board(os.path.join(ROOT, "boards", "crazyflie-2.yaml"))
    g = os.path.join(tmp, "headers")
    scripts = gen(g, "crazyflie-2")
    objs = compile_objs([ARM_CC] + M4, g, [("startup", STARTUP), (
        "fw", "int main(void) { return 0; }\n")], "gcc")
    q = run([LLD, "-o", g + "/fw.elf"] + sum(
        (["-T", x] for x in scripts), []) + objs, check=False)
    if not c.check(q.returncode == 0, "headers: " + q.stderr):
        return
    low = [v for v, p, fs, ms in load_segments(g + "/fw.elf")
           if region_at(board, v) is None]
    c.check(low == [0x08000000], "headers: ld.lld without --nmagic should"
            " load the headers at 0x08000000, below FLASH; loads outside "
            "regions: %s" % [hex(x) for x in low])


# Shaped like cortex-m-rt's link.x as its documentation describes it
# (memory.x gives FLASH, RAM and may set _stack_start and _stext; the
# vector table starts FLASH with the initial stack pointer; .text starts
# at _stext, after the table by default; .data and .bss are 4-byte
# aligned in RAM; the stack start is 8-byte aligned). Not its text.
LINK_X = """INCLUDE memory.x
ENTRY(Reset);
EXTERN(__RESET_VECTOR);
PROVIDE(_stack_start = ORIGIN(RAM) + LENGTH(RAM));
SECTIONS
{
  .vector_table ORIGIN(FLASH) :
  {
    __vector_table = .;
    LONG(_stack_start & 0xFFFFFFF8);
    KEEP(*(.vector_table.reset_vector));
  } > FLASH
  PROVIDE(_stext = ADDR(.vector_table) + SIZEOF(.vector_table));
  .text _stext : { *(.Reset) *(.text .text.*) . = ALIGN(4); } > FLASH
  .rodata : ALIGN(4) { *(.rodata .rodata.*) . = ALIGN(4); } > FLASH
  .data : ALIGN(4)
  {
    __sdata = .; *(.data .data.*) . = ALIGN(4); __edata = .;
  } > RAM AT> FLASH
  __sidata = LOADADDR(.data);
  .bss (NOLOAD) : ALIGN(4)
  {
    __sbss = .; *(.bss .bss.*) *(COMMON) . = ALIGN(4); __ebss = .;
  } > RAM
  .uninit (NOLOAD) : ALIGN(4) { *(.uninit .uninit.*) . = ALIGN(4); } > RAM
  __sheap = .;
  /DISCARD/ : { *(.ARM.exidx .ARM.exidx.*) }
}
ASSERT(ORIGIN(FLASH) % 4 == 0, "FLASH must be 4-byte aligned");
ASSERT(ORIGIN(RAM) % 4 == 0, "RAM must be 4-byte aligned");
ASSERT(_stack_start % 8 == 0, "_stack_start must be 8-byte aligned");
ASSERT(_stext >= ADDR(.vector_table) + SIZEOF(.vector_table) &&
       _stext + SIZEOF(.text) <= ORIGIN(FLASH) + LENGTH(FLASH),
       "_stext must lie after the vector table, in FLASH");
"""
RUST_LIKE = """int counter = 3;
unsigned zeroed[8];
const char banner[] = "memfit";
void Reset(void) { for (;;) counter += zeroed[counter & 7] + banner[1]; }
__attribute__((section(".vector_table.reset_vector"), used))
void (*const __RESET_VECTOR)(void) = Reset;
"""


def memory_x(c, tmp):
    """As Rust links: ld.lld -L <dir of memory.x> -T link.x --nmagic."""
    for name in ("crazyflie-2", "stm32h743zi", "rp2040", "nrf52840"):
        board = load_board(os.path.join(ROOT, "boards", name + ".yaml"))
        g = os.path.join(tmp, "mx-" + name)
        gen(g, name, memory_x=True)
        link_x = write(g + "/link.x", LINK_X)
        objs = compile_objs(clang_cc(M4), g, [("app", RUST_LIKE)], "clang")
        q = lld_link(g + "/fw.elf", objs, [link_x], ["-L", g])
        if not c.check(q.returncode == 0, "memory.x %s: %s" % (name,
                                                             q.stderr)):
            continue
        secs = section_table(g + "/fw.elf")
        regions = {r["name"]: r for r in board["regions"]}
        stack = regions[board["stack"]["region"]]
        top = stack["origin"] + stack["length"]
        flash = [r for r in board["regions"] if r["kind"] == "flash"][0]
        ram = [r for r in board["regions"] if r.get("default") and
               r["kind"] == "ram"][0]
        where = {s: region_at(board, secs[s][0]) for s in
                 (".vector_table", ".text", ".data", ".bss")}
        c.check(where[".vector_table"] is flash and
                secs[".vector_table"][0] == flash["origin"] and
                where[".text"] is flash and where[".data"] is ram and
                where[".bss"] is ram and
                region_at(board, secs[".data"][1]) is flash,
                "memory.x %s: sections not in the board's FLASH and RAM: "
                "%s" % (name, secs))
        c.check(stack_word(g + "/fw.elf", secs) == top and
                top % 8 == 0, "memory.x %s: initial SP is not %#x" % (
                    name, top))
        in_regions(c, board, g + "/fw.elf", "memory.x " + name)


def stack_word(elf, secs):
    """The vector table's first word, from the file."""
    out = run(["arm-none-eabi-objdump", "-s", "-j", ".vector_table",
               elf]).stdout.split("Contents of section .vector_table:")[1]
    word = out.split()[1]
    return int("".join(reversed([word[i:i + 2] for i in range(0, 8, 2)])),
               16)


def main():
    missing = llvm_missing()
    if missing:
        print("SKIP: no %s: the ld.lld tests need clang and ld.lld "
              "(Debian: clang lld)" % missing)
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        for t in (placement, budget_boundary, sbrk_guard, insert_order,
                  lld_headers, memory_x):
            before = c.failures
            t(c, tmp)
            print("%s: %s" % (t.__name__, "ok" if c.failures == before
                              else "FAILED"))
    print("lld_gen: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

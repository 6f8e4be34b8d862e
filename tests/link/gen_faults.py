#!/usr/bin/python3
"""What gen promises beyond placement: the compiler rejects initialised data
in zero-init memory, budgets and reservations fail the link itself, memfit's
sections win over a vendor script's generic rules, the init table holds the
linker's own addresses, the header compiles clean everywhere and its runtime
DMA check is right at every boundary, and a RISC-V link works too.
"""
import os
import re
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import (ARM_CC, CLANG, LLD_SKIP, MEMFIT, ROOT, RV_CC,
                         Checker, check, clang_build, clang_cc, ld_usage,
                         llvm_missing, load_board, newlib_libs, nm,
                         region_at, run, section_table)

M4 = ["-mcpu=cortex-m4", "-mthumb"]
FIXBOARDS = os.path.join(ROOT, "fixtures", "boards", "valid")
STARTUP = ('#include "static_mem.h"\nextern int main(void);\n'
           "void Reset_Handler(void);\n"
           "void Reset_Handler(void) { memfit_init_ram(); (void)main(); "
           "for (;;) ; }\n")


def gen(tmp, board, name):
    out = os.path.join(tmp, name)
    run([MEMFIT, "gen", "-q", "--board", board, "-o", out])
    return out


def compile_fails(c, g, src, expect, what, cc=ARM_CC):
    path = os.path.join(g, "bad.c")
    with open(path, "w") as f:
        f.write('#include "static_mem.h"\n' + src)
    p = run(([ARM_CC] + M4 if cc == ARM_CC else clang_cc(M4)) + [
        "-c", "-I", g, path, "-o", path + ".o"], check=False)
    c.check(p.returncode != 0 and expect in p.stderr,
            "%s: want a compile error with %r, got rc=%d %s" % (
                what, expect, p.returncode, p.stderr.strip()))


def zero_init_rejected(c, tmp, cc=ARM_CC):
    g = gen(tmp, "crazyflie-2", "cf")
    if cc == CLANG:
        zero_init_clang(c, tmp, g)
        return
    compile_fails(c, g, "MEMFIT_CCMRAM_BSS int x = 17;\n",
                  "only zero initializers are allowed in section",
                  "int x = 17 in MEMFIT_CCMRAM_BSS")
    compile_fails(c, g, "MEMFIT_CCMRAM_NOINIT int y = 17;\n",
                  "non-zero value in section", "MEMFIT_CCMRAM_NOINIT = 17")
    compile_fails(c, g, "MEMFIT_DMA_BUFFER char buf[4] = \"abc\";\n",
                  "only zero initializers", "initialised DMA buffer")


def zero_init_clang(c, tmp, g):
    """clang's assembler refuses a value in a section named .bss.* (its
    own words), but not in .noinit.*: GCC's gas makes .noinit.* NOBITS,
    LLVM makes it PROGBITS, so MEMFIT_CCMRAM_NOINIT int y = 17 compiles,
    links (ld.lld makes the NOLOAD output NOBITS) and the 17 is lost.
    memfit check must find it: its init rule reads .noinit.* inputs from
    their objects (it once took them for NOBITS, true of gas only)."""
    compile_fails(c, g, "MEMFIT_CCMRAM_BSS int x = 17;\n",
                  "SHT_NOBITS section '.bss.memfit.CCMRAM' cannot have "
                  "non-zero initializers", "int x = 17 in MEMFIT_CCMRAM_BSS",
                  CLANG)
    compile_fails(c, g, "MEMFIT_DMA_BUFFER char buf[4] = \"abc\";\n",
                  "SHT_NOBITS section '.bss.memfit.dma.all' cannot have "
                  "non-zero initializers", "initialised DMA buffer", CLANG)
    p = link(g, [STARTUP, '#include "static_mem.h"\n'
                 "MEMFIT_CCMRAM_NOINIT int y = 17;\n"
                 "int main(void) { return y; }\n"], g + "/link.ld",
             cc=CLANG)
    if not c.check(p.returncode == 0, "noinit = 17 (clang): link: " +
                   p.stderr):
        return
    r, _, findings = check(["--board", "crazyflie-2", "--map", g + "/fw.map",
                            g + "/fw.elf"])
    hit = [f for f in findings if f["rule"] == "init-data-in-zero-region"
           and re.match(r"y \(", f["msg"]) and "initial value 17" in
           f["msg"] and f["loc"].endswith("src1.c:2")]
    c.check(r.returncode == 1 and len(hit) == 1 and len(findings) == 1,
            "noinit = 17 (clang): want one init-data-in-zero-region for y "
            "at src1.c:2, got rc %d %s" % (r.returncode, findings))


def link(g, srcs, main_script, extra=(), cc=ARM_CC, cpu=M4):
    """Compile SRCS and link them with memory.ld, sections.ld and
    MAIN_SCRIPT into G/fw.elf; CC CLANG: clang and ld.lld, with a map
    G/fw.map (EXTRA's -Wl, dropped)."""
    files = []
    for i, s in enumerate(srcs):
        files.append(os.path.join(g, "src%d.c" % i))
        with open(files[-1], "w") as f:
            f.write(s)
    if cc == CLANG:
        return clang_build(g, "fw", cpu, files, [
            g + "/memory.ld", g + "/sections.ld", main_script],
            ["-O1", "-g", "-ffreestanding", "-I", g],
            link_extra=[x[4:] if x.startswith("-Wl,") else x
                        for x in extra])[0]
    return run([cc] + list(cpu) + [
        "-O1", "-g", "-ffreestanding", "-nostdlib", "-I", g, "-o",
        g + "/fw.elf", "-T", g + "/memory.ld", "-T", g + "/sections.ld",
        "-T", main_script] + files + list(extra), check=False)


def budget_fails_link(c, tmp, cc=ARM_CC):
    g = gen(tmp, os.path.join(FIXBOARDS, "tiny-budget.yaml"), "tiny")
    p = link(g, [STARTUP, "unsigned char big[2048];\n"
                 "int main(void) { return big[3]; }\n"], g + "/link.ld",
             cc=cc)
    c.check(p.returncode != 0 and "memfit: region RAM is over its error "
            "budget of 1024 bytes" in p.stderr,
            "budget: link should fail naming RAM, got rc=%d %s" % (
                p.returncode, p.stderr.strip()))
    p = link(g, [STARTUP, "unsigned char small[64];\n"
                 "int main(void) { return small[3]; }\n"], g + "/link.ld",
             cc=cc)
    c.check(p.returncode == 0, "budget: a small firmware must link: " +
            p.stderr.strip())
    p = link(g, [STARTUP, "unsigned char huge[16000];\n"
                 "int main(void) { return huge[3]; }\n"], g + "/link.ld",
             cc=cc)
    c.check(p.returncode != 0 and ("region `RAM' overflowed" in p.stderr or
                                   "will not fit in region 'RAM'" in
                                   p.stderr),
            "stack reservation: link should overflow RAM: " +
            p.stderr.strip())


VENDOR = """/* A vendor-style script with generic rules, memory from memory.ld */
ENTRY(Reset_Handler)
SECTIONS {
  .isr_vector : { KEEP(*(.isr_vector)) } > FLASH
  .text : { *(.text*) *(.rodata*) _etext = .; } > FLASH
  _sidata = LOADADDR(.data);
  .data : { _sdata = .; *(.data*) _edata = .; } > RAM AT> FLASH
  .bss : { _sbss = .; *(.bss*) *(COMMON) _ebss = .; } > RAM
}
"""


def vendor_script(c, tmp, cc=ARM_CC):
    bpath = os.path.join(ROOT, "boards", "stm32h743zi.yaml")
    board = load_board(bpath)
    g = gen(tmp, bpath, "h7v")
    with open(g + "/vendor.ld", "w") as f:
        f.write(VENDOR.replace("FLASH", "FLASH1").replace("RAM", "DTCM"))
    src = ('#include "static_mem.h"\n'
           "MEMFIT_AXI_SRAM_DATA unsigned axi_init[4] = { 11, 22, 33, 44 };\n"
           "MEMFIT_AXI_SRAM_BSS unsigned axi_zero[8];\n"
           "MEMFIT_SRAM4_NOINIT unsigned keep[2];\n"
           "MEMFIT_DMA_BDMA unsigned char bdma_buf[64];\n"
           "unsigned plain[4];\nint counter = 5;\n"
           "int main(void) { return (int)(axi_init[1] + axi_zero[1] + "
           "keep[0] + bdma_buf[1] + plain[0]) + counter; }\n")
    p = link(g, [STARTUP, src], g + "/vendor.ld",
             cpu=["-mcpu=cortex-m7", "-mthumb"], cc=cc)
    if not c.check(p.returncode == 0, "vendor: link failed: " + p.stderr):
        return
    syms = nm(g + "/fw.elf")
    for var, want in (("axi_init", "AXI_SRAM"), ("axi_zero", "AXI_SRAM"),
                      ("keep", "SRAM4"), ("bdma_buf", "SRAM4"),
                      ("plain", "DTCM"), ("counter", "DTCM")):
        r = region_at(board, syms[var][0])
        c.check(r is not None and r["name"] == want,
                "vendor: %s at %#x, want %s" % (var, syms[var][0], want))
    init_table(c, g + "/fw.elf", syms)


def init_words(elf, secs):
    """The init table's copy and zero entries, as word tuples."""
    data = open(elf, "rb").read()
    off = int(run(["arm-none-eabi-readelf", "-SW", elf]).stdout.split(
        ".memfit_init_table")[1].split()[2], 16)
    size = secs[".memfit_init_table"][2]
    words = struct.unpack("<%dI" % (size // 4), data[off:off + size])
    ncopy = (syms_addr(elf, "__memfit_copy_table_end") -
             syms_addr(elf, "__memfit_copy_table")) // 12
    copies = [words[i * 3:i * 3 + 3] for i in range(ncopy)]
    zeros = [words[ncopy * 3 + i * 2:ncopy * 3 + i * 2 + 2]
             for i in range((len(words) - ncopy * 3) // 2)]
    return copies, zeros


def init_table(c, elf, syms):
    """Every table word must be the linker's own address for its section."""
    secs = section_table(elf)
    copies, zeros = init_words(elf, secs)
    for name in (".data", ".memfit_AXI_SRAM_data"):
        v, l, n = secs[name]
        c.check((l, v, v + n) in copies, "init table: no copy entry %s "
                "(%#x, %#x, %#x) in %s" % (name, l, v, v + n, copies))
    for name in (".bss", ".memfit_AXI_SRAM_bss", ".memfit_dma_BDMA"):
        v, l, n = secs[name]
        c.check((v, v + n) in zeros, "init table: no zero entry " + name)
    c.check(not any(s[0] <= secs[".memfit_SRAM4_noinit"][0] < s[1]
                    for s in zeros), "init table zeroes a noinit section")


def syms_addr(elf, name):
    for line in run(["arm-none-eabi-nm", elf]).stdout.splitlines():
        f = line.split()
        if f[-1] == name:
            return int(f[0], 16)
    raise KeyError(name)


COMPILERS = (["gcc", "-std=c99"], ["clang", "-std=c99"],
             ["g++", "-x", "c++", "-std=c++11"], [ARM_CC, "-std=c99"] + M4,
             ["arm-none-eabi-g++", "-x", "c++"] + M4)


def header_compiles(c, tmp):
    g = gen(tmp, "stm32h743zi", "h7h")
    src = g + "/use.c"
    with open(src, "w") as f:
        f.write('#include "static_mem.h"\n'
                "MEMFIT_DMA_DMA1 unsigned char b[MEMFIT_DMA_SIZE(10)];\n"
                "int f(void) { return memfit_dma_reachable(MEMFIT_MASTER_DMA1,"
                " b, sizeof b); }\nvoid g(void) { memfit_init_ram(); }\n")
    for cc in COMPILERS:
        p = run(cc + ["-Wall", "-Wextra", "-pedantic", "-Werror", "-c",
                      "-I", g, src, "-o", os.devnull], check=False)
        c.check(p.returncode == 0, "header: %s: %s" % (
            " ".join(cc), p.stderr.strip()))


REACH = r"""
#include <stdio.h>
#include "static_mem.h"
#define R(m, a, n) memfit_dma_reachable((m), (const void *)(uintptr_t)(a), (n))
static int fails;
static void t(int got, int want, const char *what)
{ if (got != want) { printf("FAIL: %s\n", what); fails++; } }
int main(void)
{
	/* AXI SRAM: DMA1 yes, BDMA no; last byte in, one past out. */
	t(R(MEMFIT_MASTER_DMA1, MEMFIT_AXI_SRAM_ORIGIN, 16), 1, "axi dma1");
	t(R(MEMFIT_MASTER_BDMA, MEMFIT_AXI_SRAM_ORIGIN, 16), 0, "axi bdma");
	t(R(MEMFIT_MASTER_DMA1, MEMFIT_AXI_SRAM_END - 1, 1), 1, "axi last");
	t(R(MEMFIT_MASTER_DMA1, MEMFIT_AXI_SRAM_END - 1, 2), 0, "axi past");
	/* DTCM: MDMA only. */
	t(R(MEMFIT_MASTER_MDMA, MEMFIT_DTCM_ORIGIN, 4), 1, "dtcm mdma");
	t(R(MEMFIT_MASTER_DMA1, MEMFIT_DTCM_ORIGIN, 4), 0, "dtcm dma1");
	/* SRAM1 to SRAM2 are contiguous: a buffer may span both. */
	t(R(MEMFIT_MASTER_DMA1, MEMFIT_SRAM2_ORIGIN - 8, 16), 1, "span 1-2");
	/* SRAM4: BDMA yes, and both masters at once. */
	t(R(MEMFIT_MASTER_BDMA | MEMFIT_MASTER_DMA1, MEMFIT_SRAM4_ORIGIN, 8),
	    1, "sram4 bdma+dma1");
	/* The D2 alias of SRAM1 is marked without DMA. */
	t(R(MEMFIT_MASTER_DMA1, 0x10000000u, 4), 0, "sram1 alias");
	t(R(0, 0x10000000u, 4), 1, "alias is board memory");
	t(R(MEMFIT_MASTER_DMA1, 0x60000000u, 4), 0, "unmapped");
	t(R(MEMFIT_MASTER_DMA1, 0, 0), 1, "empty range");
	return fails != 0;
}
"""


def runtime_check(c, tmp):
    g = gen(tmp, "stm32h743zi", "h7r")
    with open(g + "/reach.c", "w") as f:
        f.write(REACH)
    run(["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", g,
         g + "/reach.c", "-o", g + "/reach"])
    p = run([g + "/reach"], check=False)
    c.check(p.returncode == 0, "memfit_dma_reachable: " + p.stdout.strip())


def riscv(c, tmp, cc=RV_CC):
    bpath = os.path.join(FIXBOARDS, "rv32-mcu.yaml")
    board = load_board(bpath)
    g = gen(tmp, bpath, "rv")
    src = ('#include "static_mem.h"\nint counter = 3;\n'
           "MEMFIT_FASTRAM_DATA int fast = 7;\n"
           "MEMFIT_RETRAM_NOINIT int kept;\n"
           "MEMFIT_DMA_DMA0 unsigned char buf[32];\n"
           "int main(void) { return counter + fast + kept + buf[1]; }\n")
    # clang 14 knows no zicsr extension (part of I there); ld.lld 14
    # prints no usage.
    p = link(g, [STARTUP, src], g + "/link.ld", cc=cc,
             cpu=["-march=rv32imac_zicsr", "-mabi=ilp32"] if cc == RV_CC
             else ["--target=riscv32-unknown-elf", "-march=rv32imac",
                   "-mabi=ilp32"],
             extra=["-Wl,--print-memory-usage"] if cc == RV_CC else [])
    if not c.check(p.returncode == 0, "riscv: link failed: " + p.stderr):
        return
    syms = nm(g + "/fw.elf", "riscv64-unknown-elf-nm")
    for var, want in (("counter", "RAM"), ("fast", "FASTRAM"),
                      ("kept", "RETRAM"), ("buf", "RAM")):
        r = region_at(board, syms[var][0])
        c.check(r is not None and r["name"] == want,
                "riscv: %s at %#x, want %s" % (var, syms[var][0], want))


RT_SCRIPT = """/* Shaped like cortex-m-rt's link.x: it needs FLASH, RAM and
 * _stack_start from memory.x. */
INCLUDE memory.x
ENTRY(Reset_Handler)
SECTIONS {
  .vector_table ORIGIN(FLASH) : { LONG(_stack_start) KEEP(*(.vectors)) } > FLASH
  .text : { *(.text*) } > FLASH
  .bss : { *(.bss*) } > RAM
}
"""


def memory_x(c, tmp):
    """memory.x: GNU ld takes it as cortex-m-rt would; FLASH and RAM are
    the board's defaults under those names; the stack starts at the top of
    the stack's region."""
    for name in ("crazyflie-2", "stm32h743zi"):
        board = load_board(os.path.join(ROOT, "boards", name + ".yaml"))
        g = os.path.join(tmp, "mx-" + name)
        run([MEMFIT, "gen", "-q", "--board", name, "-o", g, "--memory-x",
             os.path.join(g, "memory.x")])
        with open(g + "/rt.ld", "w") as f:
            f.write(RT_SCRIPT)
        with open(g + "/app.c", "w") as f:
            f.write("int counter;\nvoid Reset_Handler(void) "
                    "{ for (;;) counter++; }\n")
        p = run([ARM_CC] + M4 + ["-nostdlib", "-L", g, "-T", g + "/rt.ld",
                                 g + "/app.c", "-o", g + "/fw.elf",
                                 "-Wl,--print-memory-usage"], check=False)
        if not c.check(p.returncode == 0, "memory.x %s: %s" % (name,
                                                             p.stderr)):
            continue
        usage = ld_usage(p.stdout)
        flash = [r for r in board["regions"] if r["kind"] == "flash"][0]
        ram = [r for r in board["regions"] if r.get("default") and
               r["kind"] == "ram"][0]
        c.check(usage["FLASH"][1] == flash["length"] and
                usage["RAM"][1] == ram["length"],
                "memory.x %s: FLASH/RAM are not the defaults: %s" % (
                    name, usage))
        stack = [r for r in board["regions"]
                 if r["name"] == board["stack"]["region"]][0]
        top = stack["origin"] + stack["length"]
        c.check(syms_addr(g + "/fw.elf", "_stack_start") == top,
                "memory.x %s: _stack_start is not %#x" % (name, top))


def section_startup(c, tmp, cc=ARM_CC):
    """A board's sections entries decide memfit's own output sections: a
    copied data section in an init: zero region, a zeroed noinit and heap,
    a bss and DMA buffers startup leaves alone; the table says so, word by
    word, and the header offers no zeroed placement that is not."""
    g = gen(tmp, os.path.join(FIXBOARDS, "section-startup.yaml"), "ss")
    with open(g + "/static_mem.h") as f:
        header = f.read()
    c.check("MEMFIT_CCMRAM_DATA " in header and
            "MEMFIT_RETRAM_BSS " not in header,
            "section startup: header placement macros")
    src = ('#include "static_mem.h"\n'
           "MEMFIT_CCMRAM_DATA unsigned ccm_init[2] = { 7, 9 };\n"
           "MEMFIT_CCMRAM_NOINIT unsigned ccm_cleared[4];\n"
           "MEMFIT_RETRAM_NOINIT unsigned kept[2];\n"
           "MEMFIT_DMA_BUFFER unsigned char dma_buf[32];\n"
           "int main(void) { return (int)(ccm_init[1] + ccm_cleared[0] + "
           "kept[0] + dma_buf[1]); }\n")
    p = link(g, [STARTUP, src], g + "/link.ld", cc=cc)
    if not c.check(p.returncode == 0, "section startup: link: " +
                   p.stderr):
        return
    elf = g + "/fw.elf"
    secs = section_table(elf)
    copies, zeros = init_words(elf, secs)
    v, l, n = secs[".memfit_CCMRAM_data"]
    c.check(n == 8 and l != v and (l, v, v + n) in copies,
            "section startup: CCMRAM data not copied: %s" % (copies,))
    for name in (".bss", ".memfit_CCMRAM_bss", ".memfit_CCMRAM_noinit",
                 ".memfit_heap"):
        v, l, n = secs[name]
        c.check((v, v + n) in zeros, "section startup: %s not zeroed" % name)
    for name in (".memfit_RETRAM_bss", ".memfit_RETRAM_noinit",
                 ".memfit_dma_all"):
        v, l, n = secs[name]
        c.check((v, v + n) not in zeros and
                not any(s <= v < e for s, e in zeros if e > s),
                "section startup: %s is zeroed" % name)



MALLOC = ("#include <stdlib.h>\n"
          "int main(void) { return malloc(100) != 0; }\n")
NEWLIB = ["-O1", "--specs=nano.specs", "--specs=nosys.specs"]

SBRK_HOST = r"""
#define MEMFIT_SBRK
#include <stdio.h>
#include "static_mem.h"
/* The heap as sections.ld would place it: 1K, then a guard. */
unsigned char __memfit_heap_start[1024 + 64];
__asm__(".globl __memfit_heap_end\n"
        ".set __memfit_heap_end, __memfit_heap_start + 1024");
static int fails;
static void t(int ok, const char *what)
{ if (!ok) { printf("FAIL: %s\n", what); fails++; } }
int main(void)
{
	unsigned char *lo = __memfit_heap_start, *p;
	int n;

	t(_sbrk(0) == lo, "sbrk(0) is the heap start");
	for (n = 0; _sbrk(100) != (void *)-1; n++)
		;
	t(n == 10, "ten 100-byte steps fit in 1K");
	t(errno == ENOMEM, "ENOMEM past the end");
	t(_sbrk(24) == lo + 1000, "the last 24 bytes fit exactly");
	t(_sbrk(1) == (void *)-1, "not one byte more");
	t(_sbrk(-1025) == (void *)-1, "not below the start");
	t(_sbrk(-1024) == lo + 1024, "shrinks to the start");
	p = _sbrk(PTRDIFF_MIN);
	t(p == (void *)-1, "PTRDIFF_MIN");
	t(_sbrk(0) == lo, "still at the start");
	return fails != 0;
}
"""


def heap_link(g, src, cc=ARM_CC):
    with open(g + "/heap.c", "w") as f:
        f.write(src)
    if cc == CLANG:
        # clang's bare-metal driver knows no multilibs: newlib-nano's
        # archives by path, as nano.specs and nosys.specs pick them.
        # -ffreestanding: hosted, clang -O1 drops a malloc whose result
        # is only compared with 0, and no _sbrk is linked at all.
        return clang_build(g, "fw", M4, [g + "/heap.c"], [
            g + "/memory.ld", g + "/sections.ld", g + "/link.ld"],
            ["-O1", "-ffreestanding", "-I", g],
            objs_extra=newlib_libs(M4))[0]
    return run([ARM_CC] + M4 + NEWLIB + ["-I", g, "-o", g + "/fw.elf",
               "-T", g + "/memory.ld", "-T", g + "/sections.ld",
               "-T", g + "/link.ld", g + "/heap.c"], check=False)


def heap_board(tmp, size):
    """crazyflie-2 with a heap of SIZE (the shipped board has none)."""
    path = os.path.join(tmp, "cf-heap-%s.yaml" % size)
    with open(os.path.join(ROOT, "boards", "crazyflie-2.yaml")) as f:
        text = f.read().replace("heap: { region: RAM, size: 0 }",
                                "heap: { region: RAM, size: %s }" % size)
    with open(path, "w") as f:
        f.write(text)
    return path


def heap_guard(c, tmp, cc=ARM_CC):
    """newlib-nano's malloc never hands out the stack: without a heap the
    link fails, with one memfit's _sbrk bounds it, and check reports a
    foreign _sbrk that grows from `end` into the stack."""
    g = gen(tmp, "crazyflie-2", "heap0")
    p = heap_link(g, STARTUP + MALLOC, cc)
    c.check(p.returncode != 0 and "memfit: _sbrk (malloc) is linked but "
            "board crazyflie-2 has no heap (heap: size 0 in the board file)" in
            p.stderr, "heap 0: malloc must fail the link naming the heap, "
            "got rc=%d %s" % (p.returncode, p.stderr.strip()))
    p = heap_link(g, STARTUP + "int main(void) { return 0; }\n", cc)
    c.check(p.returncode == 0, "heap 0: no malloc links: " + p.stderr)
    g = gen(tmp, heap_board(tmp, "1K"), "heap1k")
    p = heap_link(g, "#define MEMFIT_SBRK\n" + STARTUP + MALLOC, cc)
    if not c.check(p.returncode == 0, "heap 1K: " + p.stderr.strip()):
        return
    elf = g + "/fw.elf"
    c.check(syms_addr(elf, "_sbrk") == syms_addr(elf, "__memfit_sbrk"),
            "heap 1K: the linked _sbrk is not memfit's")
    lo = syms_addr(elf, "__memfit_heap_start")
    hi = syms_addr(elf, "__memfit_heap_end")
    c.check(hi - lo == 1024 and hi <= syms_addr(elf, "__memfit_stack_bottom"),
            "heap 1K: heap [%#x, %#x) is not 1K below the stack" % (lo, hi))
    p = run([MEMFIT, "check", "-q", "--board", heap_board(tmp, "1K"),
             g + "/fw.elf"], check=False)
    c.check(p.returncode == 0 and "heap-reaches-stack" not in p.stdout,
            "heap 1K: check of memfit's _sbrk: " + p.stderr.strip())
    p = heap_link(g, STARTUP + MALLOC, cc)
    if not c.check(p.returncode == 0, "libnosys _sbrk: " + p.stderr):
        return
    p = run([MEMFIT, "check", "-q", "--board", heap_board(tmp, "1K"),
             g + "/fw.elf"], check=False)
    out = p.stdout + p.stderr
    c.check(p.returncode == 1 and "is not memfit's: it grows the heap "
            "from end (0x%x)" % lo in out and "[heap-reaches-stack]"
            in out, "libnosys _sbrk: check must report "
            "heap-reaches-stack, got rc=%d %s" % (p.returncode, out))
    if cc == CLANG:
        return      # the header and the host _sbrk: compiler-only, done
    with open(g + "/use.c", "w") as f:
        f.write('#define MEMFIT_SBRK\n#include "static_mem.h"\n')
    for cc in COMPILERS:
        p = run(cc + ["-Wall", "-Wextra", "-pedantic", "-Werror", "-c",
                      "-I", g, g + "/use.c", "-o", os.devnull], check=False)
        c.check(p.returncode == 0, "MEMFIT_SBRK: %s: %s" % (
            " ".join(cc), p.stderr.strip()))
    with open(g + "/sbrk.c", "w") as f:
        f.write(SBRK_HOST)
    run(["gcc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror",
         "-I", g, g + "/sbrk.c", "-o", g + "/sbrk"])
    p = run([g + "/sbrk"], check=False)
    c.check(p.returncode == 0, "memfit's _sbrk on the host: " +
            p.stdout.strip())


def lld_tests(c, tmp):
    """The link-level promises again, built by clang and linked by
    ld.lld. header_compiles and runtime_check compile only (clang is
    among their compilers already); memory_x under ld.lld is lld_gen.py's
    memory_x (a link.x-shaped script, as Rust links)."""
    os.makedirs(tmp)
    for t in (zero_init_rejected, budget_fails_link, vendor_script, riscv,
              heap_guard, section_startup):
        before = c.failures
        t(c, tmp, CLANG)
        print("lld-%s: %s" % (t.__name__, "ok" if c.failures == before
                              else "FAILED"))
    print("lld-header_compiles, lld-runtime_check: not linked, clang is "
          "one of their compilers already")
    print("lld-memory_x: in lld_gen.py (link.x-shaped script under ld.lld;"
          " ld.lld 14 prints no region lengths to compare)")


def main():
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(ROOT)
        for t in (zero_init_rejected, budget_fails_link, vendor_script,
                  header_compiles, runtime_check, riscv, memory_x,
                  heap_guard, section_startup):
            before = c.failures
            t(c, tmp)
            print("%s: %s" % (t.__name__, "ok" if c.failures == before
                              else "FAILED"))
        if llvm_missing():
            print(LLD_SKIP)
        else:
            lld_tests(c, os.path.join(tmp, "lld"))
    print("gen_faults: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

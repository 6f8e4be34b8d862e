#!/usr/bin/python3
"""Full circle for every shipped board: memfit gen, then compile and link a
small firmware with the generated files and arm-none-eabi-gcc, then check
with nm and ld's own --print-memory-usage that every variable sits in the
region its macro names, DMA buffers sit where their masters reach (cache
aligned where cacheable), and ld's region table is the board's.

tests/link/lld_gen.py links the same firmware with ld.lld (and builds it
with clang) and compares the placement with GNU ld's.

Prints one line per board; failures print details. Exit 1 on any failure.
"""
import glob
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import (ARM_CC, BOARD_CPU, MEMFIT, ROOT, Checker, ld_usage,
                         load_board, nm, region_at, run)

STARTUP = r"""
#include "static_mem.h"
extern int main(void);
extern char _estack[];
void Reset_Handler(void);
void Reset_Handler(void) { memfit_init_ram(); (void)main(); for (;;) ; }
typedef void (*vector_t)(void);
__attribute__((section(".isr_vector"), used))
const vector_t vectors[2] = { (vector_t)(void *)_estack, Reset_Handler };
"""


def firmware_source(header):
    """One variable per placement macro the header defines."""
    decls, uses = [], []
    for m in re.finditer(r"#define (MEMFIT_(\w+)_(DATA|BSS|NOINIT)) ",
                         header):
        var = "v_%s_%s" % (m.group(2).lower(), m.group(3).lower())
        init = " = { 1, 2, 3, 4 }" if m.group(3) == "DATA" else ""
        decls.append("%s volatile unsigned %s[4]%s;" % (m.group(1), var,
                                                         init))
        uses.append(var)
    for m in re.finditer(r"#define (MEMFIT_DMA_\w+) __attribute__", header):
        var = "dma_" + m.group(1)[len("MEMFIT_DMA_"):].lower()
        decls.append("%s volatile unsigned char %s[40];" % (m.group(1), var))
        uses.append(var)
    body = " + ".join("%s[1]" % u for u in uses) or "0"
    return ('#include "static_mem.h"\n' + "\n".join(decls) +
            "\nint main(void) { return (int)(%s); }\n" % body)


def check_vars(c, board, header, syms, name):
    for m in re.finditer(r"#define MEMFIT_(\w+)_(DATA|BSS|NOINIT) ", header):
        var = "v_%s_%s" % (m.group(1).lower(), m.group(2).lower())
        want = [r for r in board["regions"]
                if r["name"].upper() == m.group(1)][0]
        addr = syms.get(var, (None,))[0]
        got = region_at(board, addr) if addr is not None else None
        c.check(got is want, "%s: %s at %s is not in %s" % (
            name, var, hex(addr) if addr else "?", want["name"]))


def check_dma(c, board, header, syms, name):
    masters = board["masters"]
    for m in re.finditer(r"#define MEMFIT_DMA_(\w+) __attribute__\(\(section"
                         r"\(\"[^\"]+\"\)(, aligned\((\d+)\))?\)\) /\* (\w+)",
                         header):
        tag = m.group(1)
        need = masters if tag == "BUFFER" else [
            x for x in masters if x.upper() == tag]
        addr = syms["dma_" + tag.lower()][0]
        r = region_at(board, addr)
        c.check(r is not None and r["name"] == m.group(4),
                "%s: DMA %s at %#x not in %s" % (name, tag, addr, m.group(4)))
        c.check(r is not None and set(need) <= set(r["dma"]),
                "%s: DMA %s in a region %s does not reach" % (name, tag, need))
        if r is not None and r["cacheable"]:
            c.check(addr % board["cache_line"] == 0,
                    "%s: DMA %s at %#x not cache aligned" % (name, tag, addr))


def check_usage(c, board, usage, name):
    for r in board["regions"]:
        got = usage.get(r["name"])
        c.check(got is not None and got[1] == r["length"],
                "%s: ld's table has %s as %s, board says %d bytes" % (
                    name, r["name"], got, r["length"]))
    c.check(len(usage) == len(board["regions"]),
            "%s: ld lists %d regions, board has %d" % (
                name, len(usage), len(board["regions"])))


def link_board(c, path, tmp):
    board = load_board(path)
    name = board["board"]
    gen = os.path.join(tmp, name)
    run([MEMFIT, "gen", "-q", "--board", path, "-o", gen])
    with open(os.path.join(gen, "static_mem.h")) as f:
        header = f.read()
    scripts = ["-T", gen + "/memory.ld", "-T", gen + "/sections.ld"]
    if name not in BOARD_CPU:
        # Xtensa: no compiler here; GNU ld must still accept the layout.
        with open(gen + "/entry.c", "w") as f:
            f.write("void Reset_Handler(void) { }\n")
        run([ARM_CC, "-c", "-o", gen + "/entry.o", gen + "/entry.c"])
        p = run(["arm-none-eabi-ld", "-o", gen + "/empty.elf"] + scripts +
                ["-T", gen + "/link.ld", "--print-memory-usage",
                 gen + "/entry.o"], check=False)
        c.check(p.returncode == 0, "%s: ld rejects the scripts: %s" % (
            name, p.stderr.strip()))
        check_usage(c, board, ld_usage(p.stdout), name)
        return
    with open(gen + "/startup.c", "w") as f:
        f.write(STARTUP)
    with open(gen + "/fw.c", "w") as f:
        f.write(firmware_source(header))
    elf = gen + "/fw.elf"
    p = run([ARM_CC] + BOARD_CPU[name] + [
        "-O1", "-g", "-std=c99", "-Wall", "-Wextra", "-Werror",
        "-ffreestanding", "-nostdlib", "-DMEMFIT_ASSERT(x)=((void)0)",
        "-I", gen, gen + "/startup.c", gen + "/fw.c", "-o", elf] + scripts +
        ["-T", gen + "/link.ld", "-Wl,--print-memory-usage"])
    syms = nm(elf)
    check_vars(c, board, header, syms, name)
    check_dma(c, board, header, syms, name)
    check_usage(c, board, ld_usage(p.stdout), name)


def main():
    c = Checker()
    boards = sorted(glob.glob(os.path.join(ROOT, "boards", "*.yaml")))
    with tempfile.TemporaryDirectory() as tmp:
        for path in boards:
            before = c.failures
            link_board(c, path, tmp)
            print("%s: %s" % (os.path.basename(path)[:-5],
                              "ok" if c.failures == before else "FAILED"))
    print("fullcircle: %d boards, %d checks, %d failed" % (
        len(boards), c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Write and build a synthetic firmware for memfit's benchmarks.

    gen_firmware.py [--out DIR] [--board FILE] [--jobs N] [--force] TUS...

For each TUS (number of translation units) it writes, under DIR/<TUS>/
(default build/bench/<TUS>/):

  gen/        memfit gen output for the bench board (static_mem.h and the
              three linker scripts)
  src/        startup.c, main.c and tu_NNNNN.c, one per translation unit
  obj/        the objects
  lib/        libpartK.a: the translation units in 8 static archives
  fw.elf      one linked ELF, and
  fw.map      its GNU ld map (-Map, --cref, --print-memory-usage)
  build.json  what was built: sizes, symbol counts, build seconds

Each translation unit has 12 functions (10 global, 2 static), 7 initialised
variables (one through MEMFIT_RAM_DATA), 6 zeroed ones, 4 const tables, a
CCM work area and a CCM no-init log (MEMFIT_CCMRAM_BSS / _NOINIT) and two
DMA buffers (MEMFIT_DMA_BUFFER / MEMFIT_DMA_DMA1). Each unit reads tables
and state of two others, and the units' entry functions call each other
as a tree (unit i calls units 4i+1..4i+4), so every archive member is
linked (no --whole-archive) and --cref has real cross references.

The call graph, for `check --stack-usage` (every unit also writes its .su
and .ci): the two static helpers have the same name in every unit; fn_0..4
are leaves below them, fn_5..9 each call a leaf of a unit far away (in
another archive, mostly); every 50th unit calls through a table of
pointers (bench/board.yaml lists the targets of units 0-150), every 500th
(from 3) has a static recursive pair, every 250th (from 7) a variable-length
array; units 5, 30, ... 180 are interrupt handlers in the vector table and
units 2 and 3 RTOS tasks with their own stack arrays.

Compiled with -g (--debug -g3 for the findings case, in its own --out)
-ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su (no
--gc-sections: all of it stays in the link), by a generated Makefile run
with make -j.

Outputs are cached: a size is rebuilt only when its build.json is missing or
was written by a different generator version (or with --force).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MEMFIT = os.path.join(ROOT, "memfit")
BOARD = os.path.join(ROOT, "bench", "board.yaml")
CC = "arm-none-eabi-gcc"
AR = "arm-none-eabi-ar"
NM = "arm-none-eabi-nm"
CFLAGS = ["-g", "-ffunction-sections", "-fdata-sections", "-mcpu=cortex-m4",
          "-mthumb", "-O1", "-nostdlib", "-ffreestanding", "-std=c99",
          "-Wall", "-Wextra", "-DMEMFIT_ASSERT(x)=((void)0)",
          "-fstack-usage", "-fcallgraph-info=su"]
NARCHIVES = 8
# Bump when the generated sources or the build change: invalidates caches.
VERSION = 2
# The call graph's shape (see tu_source): entries form a tree of this
# fan-out; every DISPATCH-th unit calls through a table of pointers (the
# board lists the targets of those below LISTED), every RECURSE-th has a
# recursive pair, every VLA-th a variable-length array; units ISR_FIRST,
# ISR_FIRST + ISR_STEP, ... below LISTED are interrupt handlers and
# TASK_UNITS are RTOS task entries (bench/board.yaml names them).
FANOUT = 4
DISPATCH = 50
LISTED = 200
RECURSE = 500
VLA = 250
ISR_FIRST, ISR_STEP = 5, 25
TASK_UNITS = (2, 3)

STARTUP = """\
/* Cortex-M startup: the memfit init table does all RAM set-up. */
#include "static_mem.h"

extern int main(void);
extern char _estack[];
void Reset_Handler(void);
%s
void
Reset_Handler(void)
{
\tmemfit_init_ram();
\t(void)main();
\tfor (;;)
\t\t;
}

typedef void (*vector_t)(void);
__attribute__((section(".isr_vector"), used))
const vector_t vectors[%d] = { (vector_t)(void *)_estack, Reset_Handler%s };
"""


def isr_units(n):
    return [i for i in range(ISR_FIRST, min(n, LISTED), ISR_STEP)]


def startup_source(n):
    """The vector table: the reset handler and the units' handlers."""
    isrs = ["m%05d_isr" % i for i in isr_units(n)]
    return STARTUP % ("".join("void %s(void);\n" % h for h in isrs),
                      2 + len(isrs), "".join(", " + h for h in isrs))


MAIN = """\
/* Entry of the synthetic firmware: walks the chain of units. */
extern int m00000_entry(int);
int main(void);

int
main(void)
{
\treturn m00000_entry(1);
}
"""


def lcg(seed):
    """Small deterministic generator, so every build is identical."""
    x = (seed * 2654435761 + 12345) & 0xffffffff
    while True:
        x = (x * 1103515245 + 12345) & 0xffffffff
        yield x >> 8


def cross_leaf(i, k, n):
    """The leaf (fn_0..4: they call only their unit's statics) that unit
    I's fn_K calls: in a unit far away, mostly in another archive. Calls
    go to leaves only, so they add depth but never a cycle."""
    return "m%05d_fn_%d" % ((i * 31 + k * 17 + 1) % n, (i + k) % 5)


def special_functions(i, n, p, out):
    """What a few units have besides the common functions: a call through
    a table of pointers, a recursive pair, a variable-length array, an
    interrupt handler, an RTOS task. Appends them to OUT; returns the
    lines of the unit's entry that call them."""
    calls = []
    if i % DISPATCH == 0:
        out.append("static int (*const handlers[4])(int) = { %s };\n" %
                   ", ".join("%sfn_%d" % (p, k) for k in range(4)))
        out.append("int\n%sdispatch(int x)\n{\n\treturn handlers[x & 3](x)"
                   " + 1;\n}\n" % p)
        calls.append("\tv += %sdispatch(v);" % p)
    if i % RECURSE == 3:
        out.append("""static int walk_b(int);

__attribute__((noinline)) static int
walk_a(int x)
{
\tvolatile uint32_t buf[4];

\tbuf[x & 3] = (uint32_t)x;
\treturn x > 0 ? walk_b(x - 1) + (int)buf[0] : 0;
}

__attribute__((noinline)) static int
walk_b(int x)
{
\treturn x > 1 ? walk_a(x - 2) * 3 : x;
}
""")
        calls.append("\tv += walk_a(v & 15);")
    if i % VLA == 7:
        out.append("""int
%svla(int x)
{
\tuint8_t buf[(x & 63) + 1];

\tfor (int j = 0; j <= (x & 63); j++)
\t\tbuf[j] = (uint8_t)(x + j);
\treturn buf[x & 63] + buf[0];
}
""" % p)
        calls.append("\tv += %svla(v);" % p)
    if i in isr_units(n):
        out.append("void %sisr(void);\n\nvoid\n%sisr(void)\n{\n\t%sscratch_0[0]"
                   " += (uint32_t)%sfn_5((int)%sscratch_0[1]);\n}\n" %
                   (p, p, p, p, p))
    if i in TASK_UNITS:
        out.append("""uint32_t %stask_stack[256];
void %stask(void *);

void
%stask(void *arg)
{
\tint v = (int)(uintptr_t)arg;

\tfor (;;) {
\t\tv += %sfn_6(v);
\t\t%sscratch_1[v & 7] = (uint32_t)%sfn_8(v);
\t}
}
""" % (p, p, p, p, p, p))
    return calls


def tu_source(i, n):
    p = "m%05d_" % i
    kids = ["m%05d_" % c for c in range(FANOUT * i + 1, FANOUT * i + FANOUT
                                         + 1) if c < n]
    far = "m%05d_" % ((i + 7) % n)
    near = "m%05d_" % ((i + 13) % n)
    r = lcg(i)
    out = ['/* Synthetic unit %d of %d for memfit\'s benchmarks. */' % (i, n),
           '#include <stdint.h>',
           '#include "static_mem.h"', '']
    # Declarations of what this unit uses from others.
    for kid in kids:
        out.append("int %sentry(int);" % kid)
    for k in range(5, 10):
        out.append("int %s(int);" % cross_leaf(i, k, n))
    if far != p:
        out.append("extern const uint16_t %stable_0[];" % far)
    if near != p:
        out.append("extern uint32_t %sstate_0[];" % near)
    out.append("")
    # Const tables (.rodata).
    for k in range(4):
        vals = ", ".join(str(next(r) & 0xffff) for _ in range(24 + 8 * k))
        out.append("const uint16_t %stable_%d[%d] = { %s };" % (
            p, k, 24 + 8 * k, vals))
    # Initialised data (.data), one through the RAM placement macro.
    for k in range(6):
        vals = ", ".join(str(next(r) & 0xfffff) for _ in range(4))
        out.append("uint32_t %sstate_%d[4] = { %s };" % (p, k, vals))
    out.append("MEMFIT_RAM_DATA uint32_t %sconfig[2] = { %du, %du };" % (
        p, next(r) & 0xffff, next(r) & 0xffff))
    # Zeroed data (.bss).
    for k in range(6):
        out.append("uint32_t %sscratch_%d[%d];" % (p, k, 8 + 2 * k))
    # CCM (zero-init region): a work area and a no-init log.
    out.append("MEMFIT_CCMRAM_BSS uint32_t %sccm_work[32];" % p)
    out.append("MEMFIT_CCMRAM_NOINIT uint32_t %sccm_log[16];" % p)
    # DMA buffers, named as the board's dma_buffers rule expects.
    out.append("MEMFIT_DMA_BUFFER uint8_t %stx_dma_buf[64];" % p)
    out.append("MEMFIT_DMA_DMA1 uint8_t %srx_dma_buf[32];" % p)
    out.append("")
    # Prototypes of the global functions.
    for k in range(10):
        out.append("int %sfn_%d(int);" % (p, k))
    out.append("int %sentry(int);" % p)
    out.append("")
    # Two static helpers, of the same name in every unit; kept out of
    # line (as larger helpers are) so that the call graph has them.
    out.append("""__attribute__((noinline)) static uint32_t
mix(uint32_t a, uint32_t b)
{
\ta ^= b + 0x9e3779b9u + (a << 6) + (a >> 2);
\treturn a * %du;
}
""" % (next(r) | 1))
    out.append("""__attribute__((noinline)) static int
clamp(int v, int lo, int hi)
{
\treturn v < lo ? lo : v > hi ? hi : v;
}
""")
    # Ten global functions of a few shapes.
    for k in range(10):
        shape = (i + k) % 5
        t = "%stable_%d" % (p, k % 4)
        tlen = 24 + 8 * (k % 4)
        s = "%sscratch_%d" % (p, k % 6)
        slen = 8 + 2 * (k % 6)
        if shape == 0:
            body = """\tuint32_t acc = (uint32_t)x;
\tfor (int j = 0; j < %d; j++)
\t\tacc = mix(acc, %s[j]);
\t%s[acc %% %du] = acc;
\treturn (int)(acc >> 3);""" % (tlen, t, s, slen)
        elif shape == 1:
            body = """\tswitch (x & 7) {
\tcase 0: return %s[1] + %d;
\tcase 1: return (int)%sstate_%d[2] - x;
\tcase 2: %sccm_work[x & 31] += (uint32_t)x; return 2;
\tcase 3: return clamp(x * %d, -1000, 1000);
\tcase 4: %stx_dma_buf[x & 63] = (uint8_t)x; return 4;
\tdefault: return (int)mix((uint32_t)x, %sconfig[0]);
\t}""" % (t, next(r) & 255, p, k % 6, p, (next(r) & 15) + 2, p, p)
        elif shape == 2:
            body = """\tint v = 0;
\tfor (int j = 0; j < %d; j++) {
\t\tif (%s[j] & 1)
\t\t\tv += clamp((int)%s[j] - x, -%d, %d);
\t\telse
\t\t\tv -= (int)(%sstate_%d[j & 3] >> (j & 7));
\t}
\treturn v;""" % (tlen, t, t, next(r) & 4095, next(r) & 4095, p, k % 6)
        elif shape == 3:
            body = """\tuint32_t crc = 0xffffffffu ^ (uint32_t)x;
\tfor (int j = 0; j < 32; j++) {
\t\tcrc ^= %srx_dma_buf[j];
\t\tfor (int b = 0; b < 8; b++)
\t\t\tcrc = (crc >> 1) ^ (0x%08xu & (0u - (crc & 1u)));
\t}
\t%sccm_log[x & 15] = crc;
\treturn (int)crc;""" % (p, next(r) | 0x80000000, p)
        else:
            body = """\tint lo = 0, hi = %d;
\twhile (lo < hi) {
\t\tint mid = (lo + hi) / 2;
\t\tif (%s[mid] < (uint16_t)x)
\t\t\tlo = mid + 1;
\t\telse
\t\t\thi = mid;
\t}
\t%s[lo %% %d] += (uint32_t)lo;
\treturn lo;""" % (tlen - 1, t, s, slen)
        if k >= 5:      # fn_5..9 call a leaf of another unit
            body = "\tx += %s(x & 255);\n%s" % (cross_leaf(i, k, n), body)
        out.append("int\n%sfn_%d(int x)\n{\n%s\n}\n" % (p, k, body))
    extra = special_functions(i, n, p, out)
    # The entry: calls every function, reads other units, calls the next.
    calls = "\n".join("\tv += %sfn_%d(v + %d);" % (p, k, k) for k in range(10))
    if far != p:
        extra.append("\tv += %stable_0[x & 15];" % far)
    if near != p:
        extra.append("\tv ^= (int)%sstate_0[x & 3];" % near)
    for kid in kids:
        extra.append("\tv += %sentry(v);" % kid)
    out.append("int\n%sentry(int x)\n{\n\tint v = x;\n%s\n%s\n\treturn v;\n}\n"
               % (p, calls, "\n".join(extra)))
    return "\n".join(out)


def makefile(n, debug):
    """A Makefile that compiles, archives and links size N."""
    parts = [[] for _ in range(NARCHIVES)]
    for i in range(n):
        parts[i * NARCHIVES // n].append(i)
    lines = ["# Generated by bench/gen_firmware.py: do not edit.",
             "CC = %s" % CC, "AR = %s" % AR,
             "CFLAGS = %s -Igen" % " ".join(
                 "'%s'" % f if "(" in f else f
                 for f in [debug] + CFLAGS[1:]), "",
             "all: fw.elf", ""]
    libs = []
    for k, part in enumerate(parts):
        if not part:
            continue
        lib = "lib/libpart%d.a" % k
        libs.append(lib)
        objs = " ".join("obj/tu_%05d.o" % i for i in part)
        lines.append("%s: %s" % (lib, objs))
        lines.append("\t@rm -f $@")
        # Members in chain order; xargs keeps command lines short.
        lines.append("\t@printf '%s\\n' $^ | xargs $(AR) rcs $@")
        lines.append("")
    lines.append("obj/%.o: src/%.c gen/static_mem.h")
    lines.append("\t@$(CC) $(CFLAGS) -c -o $@ $<")
    lines.append("")
    lines.append("fw.elf: obj/startup.o obj/main.o %s" % " ".join(libs))
    lines.append("\t$(CC) $(CFLAGS) -o $@ obj/startup.o obj/main.o "
                 "-T gen/memory.ld -T gen/sections.ld -T gen/link.ld "
                 "-Wl,--start-group %s -Wl,--end-group "
                 "-Wl,-Map=fw.map,--cref,--print-memory-usage" % " ".join(libs))
    return "\n".join(lines) + "\n"


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.stderr.write("gen_firmware: failed: %s\n%s" % (" ".join(cmd),
                                                           p.stdout))
        raise SystemExit(1)
    return p.stdout


def count_symbols(elf):
    """nm lines, and of those the named ones (not ARM $a/$t/$d mapping)."""
    p = subprocess.Popen([NM, elf], stdout=subprocess.PIPE, text=True)
    total = named = 0
    for line in p.stdout:
        total += 1
        name = line.rsplit(" ", 1)[-1]
        if not name.startswith("$"):
            named += 1
    p.wait()
    return total, named


def build(n, out, board, jobs, force, debug="-g"):
    d = os.path.join(out, str(n))
    stamp = os.path.join(d, "build.json")
    if not force and os.path.exists(stamp):
        with open(stamp) as f:
            info = json.load(f)
        if (info.get("version") == VERSION and info.get("board") == board
                and info.get("debug", "-g") == debug
                and os.path.exists(os.path.join(d, "fw.elf"))
                and os.path.exists(os.path.join(d, "fw.map"))):
            print("gen_firmware: %d TUs: cached in %s" % (n, d))
            return info
    if os.path.exists(d):
        shutil.rmtree(d)
    for sub in ("gen", "src", "obj", "lib"):
        os.makedirs(os.path.join(d, sub))
    t0 = time.monotonic()
    run([MEMFIT, "gen", "-q", "--board", board, "-o",
         os.path.join(d, "gen")])
    with open(os.path.join(d, "src", "startup.c"), "w") as f:
        f.write(startup_source(n))
    with open(os.path.join(d, "src", "main.c"), "w") as f:
        f.write(MAIN)
    for i in range(n):
        with open(os.path.join(d, "src", "tu_%05d.c" % i), "w") as f:
            f.write(tu_source(i, n))
    with open(os.path.join(d, "Makefile"), "w") as f:
        f.write(makefile(n, debug))
    t1 = time.monotonic()
    print("gen_firmware: %d TUs: sources written (%.1f s); building with "
          "make -j%d" % (n, t1 - t0, jobs), flush=True)
    log = run(["make", "-s", "-j%d" % jobs], cwd=d)
    t2 = time.monotonic()
    nm_total, nm_named = count_symbols(os.path.join(d, "fw.elf"))
    info = {
        "version": VERSION,
        "board": board,
        "debug": debug,
        "tus": n,
        "archives": min(n, NARCHIVES),
        "elf_bytes": os.path.getsize(os.path.join(d, "fw.elf")),
        "map_bytes": os.path.getsize(os.path.join(d, "fw.map")),
        "nm_symbols": nm_total,
        "named_symbols": nm_named,
        "build_seconds": round(t2 - t1, 1),
        "memory_usage": [l for l in log.splitlines()
                         if l.strip() and not l.startswith(CC)],
    }
    with open(stamp, "w") as f:
        json.dump(info, f, indent=1)
    print("gen_firmware: %d TUs: built in %.0f s: ELF %.1f MB, map %.1f MB, "
          "%d symbols (nm)" % (n, t2 - t1, info["elf_bytes"] / 1e6,
                               info["map_bytes"] / 1e6, nm_total), flush=True)
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--board", default=BOARD)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--debug", default="-g",
                    help="the -g option (-g3: macros too, as Crazyflie)")
    ap.add_argument("tus", type=int, nargs="+")
    a = ap.parse_args()
    if not os.access(MEMFIT, os.X_OK):
        sys.exit("gen_firmware: %s not built (run make)" % MEMFIT)
    for n in a.tus:
        if n < 1:
            sys.exit("gen_firmware: TUS must be at least 1")
        build(n, os.path.abspath(a.out), os.path.abspath(a.board), a.jobs,
              a.force, a.debug)


if __name__ == "__main__":
    main()

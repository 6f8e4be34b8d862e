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
DMA buffers (MEMFIT_DMA_BUFFER / MEMFIT_DMA_DMA1). Every unit calls the next
one and reads tables and state of two others, so every archive member is
linked (no --whole-archive) and --cref has real cross references.

Compiled with -g (--debug -g3 for the findings case, in its own --out)
-ffunction-sections -fdata-sections (no --gc-sections: all
of it stays in the link), by a generated Makefile run with make -j.

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
          "-Wall", "-Wextra", "-DMEMFIT_ASSERT(x)=((void)0)"]
NARCHIVES = 8
# Bump when the generated sources or the build change: invalidates caches.
VERSION = 1

STARTUP = """\
/* Cortex-M startup: the memfit init table does all RAM set-up. */
#include "static_mem.h"

extern int main(void);
extern char _estack[];
void Reset_Handler(void);

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
const vector_t vectors[2] = { (vector_t)(void *)_estack, Reset_Handler };
"""

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


def tu_source(i, n):
    p = "m%05d_" % i
    nxt = "m%05d_" % (i + 1) if i + 1 < n else None
    far = "m%05d_" % ((i + 7) % n)
    near = "m%05d_" % ((i + 13) % n)
    r = lcg(i)
    out = ['/* Synthetic unit %d of %d for memfit\'s benchmarks. */' % (i, n),
           '#include <stdint.h>',
           '#include "static_mem.h"', '']
    # Declarations of what this unit uses from others.
    if nxt:
        out.append("int %sentry(int);" % nxt)
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
    # Two static helpers.
    out.append("""static uint32_t
mix(uint32_t a, uint32_t b)
{
\ta ^= b + 0x9e3779b9u + (a << 6) + (a >> 2);
\treturn a * %du;
}
""" % (next(r) | 1))
    out.append("""static int
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
        out.append("int\n%sfn_%d(int x)\n{\n%s\n}\n" % (p, k, body))
    # The entry: calls every function, reads other units, calls the next.
    calls = "\n".join("\tv += %sfn_%d(v + %d);" % (p, k, k) for k in range(10))
    extra = []
    if far != p:
        extra.append("\tv += %stable_0[x & 15];" % far)
    if near != p:
        extra.append("\tv ^= (int)%sstate_0[x & 3];" % near)
    if nxt:
        extra.append("\tv += %sentry(v);" % nxt)
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
        f.write(STARTUP)
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

"""Helpers shared by the link tests: run tools, read boards and ld output.

The board YAML is read here with PyYAML, independently of memfit's own
loader, so that a test compares memfit against the board and the linker,
not against itself.
"""
import os
import re
import shutil
import subprocess
import sys

import yaml

ROOT = os.environ.get("ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
MEMFIT = os.environ.get("MEMFIT") or os.path.join(ROOT, "memfit")

# How each shipped board is compiled. Boards not listed (ESP32: Xtensa)
# are only checked for ld accepting their MEMORY block.
BOARD_CPU = {
    "crazyflie-2": ["-mcpu=cortex-m4", "-mthumb"],
    "stm32f405rg": ["-mcpu=cortex-m4", "-mthumb"],
    "stm32g474re": ["-mcpu=cortex-m4", "-mthumb"],
    "nrf52840": ["-mcpu=cortex-m4", "-mthumb"],
    "stm32f769ni": ["-mcpu=cortex-m7", "-mthumb"],
    "stm32h743zi": ["-mcpu=cortex-m7", "-mthumb"],
    "rp2040": ["-mcpu=cortex-m0plus", "-mthumb"],
}
ARM_CC = "arm-none-eabi-gcc"
RV_CC = "riscv64-unknown-elf-gcc"
# The LLVM toolchain: clang for Arm with Debian's newlib headers (its
# libraries come from arm-none-eabi-gcc's multilib dirs, see newlib_libs),
# and ld.lld. --nmagic: see lld_link.
CLANG = "clang"
LLD = "ld.lld"
ARM_SYSROOT = "/usr/lib/arm-none-eabi"


def llvm_missing():
    """None when clang and ld.lld are installed, else what is missing."""
    miss = [t for t in (CLANG, LLD) if shutil.which(t) is None]
    return " and ".join(miss) if miss else None


def clang_cc(cpu):
    """clang compiling (and, through ld.lld, linking) for CPU."""
    return [CLANG, "--target=arm-none-eabi"] + list(cpu) + [
        "--sysroot=" + ARM_SYSROOT, "-fuse-ld=lld"]


def newlib_libs(cpu, libs=("libc_nano.a", "libnosys.a")):
    """Paths of newlib archives and libgcc for CPU's multilib, as
    arm-none-eabi-gcc picks them; clang's bare-metal driver knows no
    multilib dirs, so a clang link names them (with -nostdlib)."""
    out = [run([ARM_CC] + list(cpu) + ["-print-file-name=" + lib]
               ).stdout.strip() for lib in libs]
    return out + [run([ARM_CC] + list(cpu) + ["-print-libgcc-file-name"]
                      ).stdout.strip()]


def lld_link(out, objs, scripts, extra=()):
    """ld.lld with --nmagic: without it lld loads the ELF and program
    headers into a segment below the first section whenever the lowest
    region does not start on a 64K page (crazyflie-2's FLASH at
    0x08004000 gets one at 0x08000000, over the bootloader)."""
    cmd = [LLD, "--nmagic", "-o", out]
    for s in scripts:
        cmd += ["-T", s]
    return run(cmd + list(objs) + list(extra), check=False)


LLD_SKIP = "lld: skipped (no clang/ld.lld)"


def clang_build(d, name, cpu, srcs, scripts, cflags=(), objs_extra=(),
                link_extra=()):
    """The LLVM half of a link test: clang_cc(CPU) -c each source into D,
    then lld_link with -T each of SCRIPTS and -Map=D/NAME.map:
    (process, elf, map). OBJS_EXTRA follow the objects (archives,
    --whole-archive), then LINK_EXTRA."""
    objs = []
    for s in srcs:
        o = os.path.join(d, os.path.basename(s) + ".o")
        run(clang_cc(cpu) + list(cflags) + ["-c", s, "-o", o])
        objs.append(o)
    elf = os.path.join(d, name + ".elf")
    p = lld_link(elf, objs + list(objs_extra), scripts,
                 ["-Map=" + elf[:-4] + ".map"] + list(link_extra))
    return p, elf, elf[:-4] + ".map"


def elf_sections(elf):
    """Allocated sections as readelf reads them: (name, vma, lma, size,
    has bytes), the LMA from the PT_LOAD segment holding the section."""
    secs, loads = [], []
    for line in run(["arm-none-eabi-readelf", "-lSW", elf]
                    ).stdout.splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+"
                     r"[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)", line)
        if m and "A" in m.group(5):
            secs.append((m.group(1), int(m.group(3), 16),
                         int(m.group(4), 16), m.group(2) != "NOBITS"))
        m = re.match(r"\s*LOAD\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+"
                     r"0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", line)
        if m:
            loads.append(tuple(int(x, 16) for x in m.groups()))
    out = []
    for name, vma, size, bits in secs:
        lma = vma
        for vaddr, paddr, memsz in loads:
            if bits and size and vaddr <= vma < vaddr + memsz:
                lma = paddr + vma - vaddr
        out.append((name, vma, lma, size, bits))
    return out


def windows(board):
    for r in board["regions"]:
        yield r, r["origin"]
        for a in r.get("aliases", []):
            yield r, a["origin"]


def elf_accounting(elf, board):
    """What ld --print-memory-usage would say, from the ELF, for linkers
    that print no usage (ld.lld 14): {region: used}, per board region the
    highest end of a section in it by VMA, or of a load image by LMA,
    minus the region's origin (or its alias window's); and the names of
    the sections in no region."""
    used = {r["name"]: 0 for r in board["regions"]}
    outside = set()
    for name, vma, lma, size, bits in elf_sections(elf):
        for addr in [vma] + ([lma] if bits and lma != vma else []):
            # Inside a window first; an empty section at its very end
            # only when no window holds it.
            hits = [(r, o) for r, o in windows(board)
                    if o <= addr < o + r["length"]] or \
                [(r, o) for r, o in windows(board)
                 if addr == o + r["length"] and size == 0]
            if not hits:
                outside.add(name)
                continue
            r, o = hits[0]
            used[r["name"]] = max(used[r["name"]], addr - o + size)
    return used, outside


def lld_usage_script(src, d):
    """SRC (fixtures/fw/usage/usage.ld) for ld.lld, written into D: its
    .extra, with an address but no region, gets a region of its own that
    the board does not have. ld.lld 14 gives such a section the first
    region whose attributes fit (FLASH) and fails the link because it
    lies outside it; GNU ld puts it in no region."""
    text = open(src).read()
    text = text.replace("BKP (rw)", "EXTRA (r) : ORIGIN = 0x60000000, "
                        "LENGTH = 4K\n\tBKP (rw)")
    text = text.replace("KEEP(*(.extra)) }", "KEEP(*(.extra)) } > EXTRA")
    path = os.path.join(d, "usage.ld")
    with open(path, "w") as f:
        f.write(text)
    return path


class Checker:
    """Counts checks; prints only failures, so output is stable."""

    def __init__(self):
        self.failures = 0
        self.checks = 0

    def check(self, cond, what):
        self.checks += 1
        if not cond:
            self.failures += 1
            print("FAIL: " + what)
        return cond


def run(cmd, cwd=None, check=True):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        sys.stderr.write("command failed: %s\n%s%s" %
                         (" ".join(cmd), p.stdout, p.stderr))
        raise SystemExit(1)
    return p


FINDING = re.compile(r"^(?P<loc>.*?): (?P<sev>error|warning|note): "
                     r"(?P<msg>.*) \[(?P<rule>[a-z-]+)\]( \(waived: .*\))?$")


def check(args):
    """memfit check ARGS: the process, {region: used} from the usage
    table, and the findings as dicts (loc, sev, msg, rule)."""
    p = run([MEMFIT, "check"] + args, check=False)
    table, findings = {}, []
    for line in p.stdout.splitlines():
        m = FINDING.match(line)
        if m:
            findings.append(m.groupdict())
            continue
        f = line.split()
        if len(f) == 6 and f[1].isdigit() and f[4].isdigit():
            table[f[0]] = int(f[1])
    return p, table, findings


def size(v):
    if isinstance(v, int):
        return v
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|[0-9]+)([KMG]?)", str(v))
    n = int(m.group(1), 0)
    return n << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


def load_board(path):
    with open(path) as f:
        b = yaml.safe_load(f)
    masters = b.get("dma_masters", [])
    for r in b["regions"]:
        r["origin"] = size(r["origin"])
        r["length"] = size(r["length"])
        r.setdefault("init", "load")
        r.setdefault("dma", [])
        r.setdefault("cacheable", False)
        for a in r.get("aliases", []):
            a["origin"] = size(a["origin"])
            a.setdefault("dma", [])
    b["masters"] = masters
    return b


def default_region(board, kind):
    regions = [r for r in board["regions"] if r["kind"] == kind]
    for r in regions:
        if r.get("default"):
            return r
    return regions[0] if regions else None


def region_at(board, addr):
    for r in board["regions"]:
        if r["origin"] <= addr < r["origin"] + r["length"]:
            return r
    return None


def ld_usage(text):
    """ld --print-memory-usage: {region: (used, size)} in bytes."""
    units = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
    out = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\S+):\s+(\d+) (B|KB|MB|GB)\s+(\d+) (B|KB|MB|GB)",
                     line)
        if m:
            out[m.group(1)] = (int(m.group(2)) * units[m.group(3)],
                               int(m.group(4)) * units[m.group(5)])
    return out


def section_table(elf):
    """{name: (vma, lma, size)} from readelf -lSW, LMA from PT_LOAD."""
    out = run(["arm-none-eabi-readelf", "-lSW", elf]).stdout
    secs, loads = {}, []
    for m in re.finditer(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]{8})\s+[0-9a-f]+\s+"
                         r"([0-9a-f]+)", out):
        secs[m.group(1)] = [int(m.group(2), 16), None, int(m.group(3), 16)]
    for v, p, n, _ in load_segments(elf, out):
        for s in secs.values():
            if v <= s[0] < v + n:
                s[1] = p + (s[0] - v)
    for s in secs.values():
        s[1] = s[0] if s[1] is None else s[1]
    return secs


def load_segments(elf, text=None):
    """PT_LOAD segments as (vaddr, paddr, filesz, memsz)."""
    out = text or run(["arm-none-eabi-readelf", "-lW", elf]).stdout
    return [tuple(int(x, 16) for x in m.groups()) for m in re.finditer(
        r"LOAD\s+0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) "
        r"0x([0-9a-f]+)", out)]


def nm(elf, tool="arm-none-eabi-nm"):
    """{symbol: (address, size)} for sized symbols."""
    out = {}
    for line in run([tool, "-S", elf]).stdout.splitlines():
        f = line.split()
        if len(f) == 4:
            out[f[3]] = (int(f[0], 16), int(f[1], 16))
    return out



def size_table(lines, bar):
    """Rows of an idf.py-size-style table (memfit's, or idf.py's own):
    {row: (used, {section: size}, total or None, used% text or None)};
    BAR is the cell separator, "|" or "\u2502"."""
    rows, cur = {}, None
    for line in lines:
        cells = [x.strip() for x in line.strip().strip(bar).split(bar)]
        if len(cells) != 5 or not cells[1].isdigit():
            continue
        if line.startswith(bar + "    "):
            rows[cur][1][cells[0]] = int(cells[1])
        else:
            cur = cells[0]
            rows[cur] = (int(cells[1]), {},
                         int(cells[4]) if cells[4].isdigit() else None,
                         cells[2] or None)
    return rows


def memory_types(args):
    """The board's memory types as `memfit size --ascii ARGS` shows them,
    as size_table() reads them."""
    out = run([MEMFIT, "size", "--ascii"] + args).stdout
    return size_table(out.split("Memory Type Usage Summary")[-1]
                      .splitlines(), "|")

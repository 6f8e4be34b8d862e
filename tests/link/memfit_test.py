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

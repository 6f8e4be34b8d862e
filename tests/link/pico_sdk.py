#!/usr/bin/python3
"""memfit check on the pico-sdk's own builds (../shared, read only).

Eight real RP2040/RP2350 links (default, copy_to_ram, no_flash, a DMA
example) made with the SDK's linker scripts and crt0.S, whose startup is
per output section: .data/.tdata and .scratch_x/.scratch_y copied,
.tbss+.bss zeroed, .ram_vector_table, .uninitialized_data, .heap and the
stack spacers NOLOAD. fixtures/fw/pico/<chip>.yaml says so in 'sections'.

Checked for every build, from the ELF and map, the ELF alone and the map
alone: each region's use equals ld's --print-memory-usage (ld-usage.txt);
no error; the only warnings are the ones these inputs justify (the SDK's
objects are not here, and a no_flash link has no FLASH region). From the
map alone nothing has to be assumed; with a board that does not describe
the NOLOAD sections, the note says which section was assumed.
"""
import glob
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, ROOT, Checker, check, ld_usage, run
import yaml

PICO = os.path.join(ROOT, "..", "shared", "fixtures-external", "pico-sdk")
BOARDS = os.path.join(ROOT, "fixtures", "fw", "pico")


def justified(f, no_flash):
    # A no_flash build leaves the board's FLASH unused: a note on standard
    # error, not a finding.
    return (f["rule"] == "init-data-in-zero-region" and
            f["sev"] == "warning" and "could not check" in f["msg"])


def board_for(tmp, build):
    chip = build.split("-")[0]
    path = os.path.join(BOARDS, chip + ".yaml")
    if not build.endswith("no_flash"):
        return path
    b = yaml.safe_load(open(path))
    b["regions"] = [r for r in b["regions"] if r["name"] != "FLASH"]
    out = os.path.join(tmp, build + ".yaml")
    yaml.safe_dump(b, open(out, "w"))
    return out


def one(c, tmp, d):
    build = os.path.basename(d)
    elf = glob.glob(os.path.join(d, "*.elf"))[0]
    mapf = elf + ".map"
    ld = {k: v[0] for k, v in ld_usage(open(os.path.join(
        d, "ld-usage.txt")).read()).items()}
    board = board_for(tmp, build)
    no_flash = build.endswith("no_flash")
    for mode, args in (("elf+map", ["--map", mapf, elf]), ("elf", [elf]),
                       ("map", ["--map", mapf])):
        p, table, findings = check(["--board", board] + args)
        table.pop("FLASH", None) if no_flash else None
        c.check(table == ld, "%s %s: memfit %s, ld %s" % (
            build, mode, table, ld))
        c.check(p.returncode == 0 and all(justified(f, no_flash)
                                          for f in findings),
                "%s %s: rc %d %s" % (build, mode, p.returncode, findings))
        c.check("assumed" not in p.stderr, "%s %s: %s" % (
            build, mode, p.stderr))


def undescribed(c, tmp):
    d = os.path.join(PICO, "rp2040-hello_serial-default")
    b = yaml.safe_load(open(os.path.join(BOARDS, "rp2040.yaml")))
    for r in b["regions"]:
        r.pop("sections", None)
    path = os.path.join(tmp, "plain.yaml")
    yaml.safe_dump(b, open(path, "w"))
    p, _, _ = check(["--board", path, "--map", os.path.join(
        d, "hello_serial.elf.map")])
    c.check(re.search(r"note: without the ELF, assumed that \.heap has a "
                      r"load image", p.stderr) is not None,
            "undescribed .heap: " + p.stderr)


def main():
    if not os.path.isdir(PICO):
        print("SKIP: no ../shared/fixtures-external/pico-sdk")
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        builds = sorted(d for d in glob.glob(os.path.join(PICO, "*"))
                        if os.path.isdir(d))
        for d in builds:
            one(c, tmp, d)
        undescribed(c, tmp)
    print("pico_sdk: %d builds, %d checks, %d failed" % (
        len(builds), c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

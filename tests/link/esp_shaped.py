#!/usr/bin/python3
"""The shipped esp32s3 and esp32c6 boards on links shaped like ESP-IDF's.

ESP-IDF's own maps for these chips are not in ../shared, so the firmware
in fixtures/fw/esp is linked with scripts that reproduce the shape of
IDF v5.5's memory.ld/sections.ld for each chip (esp32s3.ld, esp32c6.ld:
the same segment names, origins and lengths, the same output sections in
the same order): on the S3 with arm-none-eabi-gcc, on the C6 with
riscv64-unknown-elf-gcc (the ISA does not matter for memory checks).

- The shape is IDF's: on the S3, .iram0.text starts in the IRAM-only
  bank and ends past SOC_DIRAM_IRAM_LOW (0x40378000), .dram0.dummy sits
  at the start of dram0_0_seg, and .ext_ram.dummy lies over the flash
  rodata at the same addresses; on the C6, .flash.text and .flash.rodata
  share one window.
- memfit's use of every region equals ld's --print-memory-usage, from
  the ELF and map, the ELF alone and the map alone, with the shipped
  board; the sections that share an address window are each counted in
  their own segment (size --format json).
- check --werror with the shipped board finds nothing and warns of
  nothing but a missing map; the GDMA buffer in PSRAM is reachable.

Exits 77 when a cross-compiler is missing.
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import (ARM_CC, MEMFIT, ROOT, RV_CC, Checker, check,
                         ld_usage, run)

FW = os.path.join(ROOT, "fixtures", "fw", "esp")
CHIPS = {
    "esp32s3": (ARM_CC, ["-mcpu=cortex-m4", "-mthumb"]),
    "esp32c6": (RV_CC, ["-march=rv32imac", "-mabi=ilp32"]),
}
# Output section -> the segment ld put it in, where memfit must count it.
PLACED = {
    "esp32s3": {".iram0.text": "iram0_0_seg", ".dram0.dummy": "dram0_0_seg",
                ".flash.rodata": "drom0_0_seg",
                ".flash_rodata_dummy": "drom0_0_seg",
                ".ext_ram.dummy": "extern_ram_seg",
                ".ext_ram.bss": "extern_ram_seg"},
    "esp32c6": {".iram0.text": "sram_seg", ".dram0.bss": "sram_seg",
                ".flash.text": "irom_seg", ".flash_rodata_dummy": "drom_seg",
                ".flash.rodata": "drom_seg"},
}


def build(tmp, chip):
    cc, cpu = CHIPS[chip]
    obj = os.path.join(tmp, chip + ".o")
    elf = os.path.join(tmp, chip + ".elf")
    run([cc] + cpu + ["-O1", "-g", "-ffreestanding", "-c",
                      os.path.join(FW, "esp_shaped.c"), "-o", obj])
    p = run([cc] + cpu + ["-nostdlib", "-o", elf, obj, "-T",
                          os.path.join(FW, chip + ".ld"), "-Wl,-e,app_main",
                          "-Wl,--print-memory-usage,-Map=%s.map" % elf[:-4]])
    return ld_usage(p.stdout), elf, elf[:-4] + ".map"


def sections(mapf, elf, board):
    out = run([MEMFIT, "size", "--board", board, "--format", "json",
               "--map", mapf, elf]).stdout
    return {s["name"]: (r["name"], s["address"], s["size"])
            for r in json.loads(out)["regions"] for s in r["sections"]}


def shape(c, chip, secs):
    """The link has the shape of IDF's, or the test proves nothing."""
    if chip == "esp32s3":
        _, a, n = secs[".iram0.text"]
        c.check(a < 0x40378000 < a + n, "s3: .iram0.text %#x+%d does not "
                "cross 0x40378000" % (a, n))
        _, a, n = secs[".ext_ram.dummy"]
        _, r, _ = secs[".flash.rodata"]
        c.check(a <= r < a + n, "s3: .ext_ram.dummy does not cover the "
                "rodata")
    else:
        _, t, _ = secs[".flash.text"]
        _, d, n = secs[".flash_rodata_dummy"]
        c.check(d <= t < d + n, "c6: .flash_rodata_dummy does not cover "
                "the code")


def quiet(c, chip, board, args):
    p, _, findings = check(["--board", board, "--werror"] + args)
    c.check(p.returncode == 0 and not findings, "%s %s: rc %d, %s" % (
        chip, args, p.returncode, findings))
    warns = [l for l in p.stderr.splitlines() if (": warning:" in l and
             "warning: no map:" not in l) or ": error:" in l]
    c.check(not warns, "%s %s: %s" % (chip, args, warns))


def one(c, tmp, chip):
    board = os.path.join(ROOT, "boards", chip + ".yaml")
    ld, elf, mapf = build(tmp, chip)
    want = {r: ld[r][0] for r in ld}
    for mode in (["--map", mapf, elf], [elf], ["--map", mapf]):
        _, table, _ = check(["--board", board] + mode)
        c.check(table == want, "%s %s: memfit %s, ld %s" % (
            chip, mode[-1][-3:], table, want))
        quiet(c, chip, board, mode)
    secs = sections(mapf, elf, board)
    shape(c, chip, secs)
    for sec, seg in sorted(PLACED[chip].items()):
        c.check(secs.get(sec, ("-",))[0] == seg, "%s: %s in %s, ld put it "
                "in %s" % (chip, sec, secs.get(sec, ("-",))[0], seg))
    print("%s: %d regions as ld counts them, in 3 input modes" % (
        chip, len(want)))


def main():
    missing = [cc for cc, _ in CHIPS.values() if shutil.which(cc) is None]
    if missing:
        print("SKIP: no %s" % ", ".join(missing))
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        for chip in sorted(CHIPS):
            one(c, tmp, chip)
    print("esp_shaped: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

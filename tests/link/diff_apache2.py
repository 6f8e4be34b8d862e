#!/usr/bin/python3
"""memfit diff against the reference tool's diff of two ESP32 builds.

../shared/fixtures-external/esp-idf-size/diff-apache2 holds two maps of
one ESP32 application (mapfile_ref.map, the old build; mapfile.map, the
new one) and summary_diff.text, the reference tool's legacy diff of them.
With no board, memfit takes the regions from the maps' Memory
Configuration, and `memfit diff mapfile_ref.map mapfile.map` must show the
deltas the reference shows, where both describe the same thing:

  - "Used static DRAM ... -96" is dram0_0_seg's used delta. The totals
    themselves differ by 4 (reference 11316/11412, memfit 11320/11416):
    ld counts alignment padding at the end of the region, the reference
    only the .data and .bss sizes. The padding is the same in both builds,
    so the deltas agree, and so do the "remain" deltas (+96, and -52 for
    IRAM below).
  - "Used static IRAM ... +52" is iram0_0_seg's (52026 + 2 -> 52078 + 2:
    same story, 1 byte of .iram0.text_end and 1 of padding).
  - "Used Flash size ... -6552" is split by memfit over the two regions
    the flash is mapped through: iram0_2_seg holds .flash.text (-4432, the
    reference's ".text" line under flash) and drom0_0_seg holds
    .flash.appdesc and .flash.rodata (-2120, its ".rodata" line; the
    256-byte app descriptor did not change). Their sum is the reference's
    flash delta.
  - "Total image size ... -6588" = flash -6552 + DRAM .data -88 + IRAM
    +52: the bytes in the image. memfit has no such total (it reports
    memory, not the .bin), so it is checked as that sum of memfit's
    section deltas.

Reference figures are read from summary_diff.text, not typed in here.
Prints one line per comparison; exit 77 when ../shared is missing.
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.environ.get("ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
MEMFIT = os.environ.get("MEMFIT") or os.path.join(ROOT, "memfit")
DIR = os.path.join(ROOT, "..", "shared", "fixtures-external", "esp-idf-size",
                   "diff-apache2")


def reference():
    """{line label: delta} from the Difference column of summary_diff."""
    out = {}
    with open(os.path.join(DIR, "summary_diff.text")) as f:
        for line in f:
            m = re.match(r"\s*(.+?):\s+\d+ bytes.*?\s(\d+)\s+([-+]\d+)",
                         line)
            if m:
                out[m.group(1).strip()] = int(m.group(3))
            m = re.match(r"\s*(.+?):.*\(\s*([-+]\d+) remain", line)
            if m:
                out[m.group(1).strip() + " remain"] = int(m.group(2))
    return out


def memfit_json(*args):
    out = subprocess.run([MEMFIT] + list(args), cwd=DIR, check=True,
                         stdout=subprocess.PIPE)
    return json.loads(out.stdout)


def section_delta(old, new, region, name):
    def size(doc):
        g = next(r for r in doc["regions"] if r["name"] == region)
        return next(s["size"] for s in g["sections"] if s["name"] == name)
    return size(new) - size(old)


def main():
    if not os.path.isdir(DIR):
        print("SKIP: no ../shared/fixtures-external/esp-idf-size")
        return 77
    ref = reference()
    diff = memfit_json("diff", "--format", "json", "mapfile_ref.map",
                       "mapfile.map")
    delta = {g["name"]: g["delta"] for g in diff["regions"]}
    old = memfit_json("size", "--format", "json", "--map", "mapfile_ref.map")
    new = memfit_json("size", "--format", "json", "--map", "mapfile.map")
    checks = [
        ("Used static DRAM", "dram0_0_seg used",
         delta["dram0_0_seg"]["used"]),
        ("Used static DRAM remain", "dram0_0_seg remain",
         delta["dram0_0_seg"]["free"]),
        (".data size", ".dram0.data",
         section_delta(old, new, "dram0_0_seg", ".dram0.data")),
        (".bss  size", ".dram0.bss",
         section_delta(old, new, "dram0_0_seg", ".dram0.bss")),
        ("Used static IRAM", "iram0_0_seg used",
         delta["iram0_0_seg"]["used"]),
        ("Used static IRAM remain", "iram0_0_seg remain",
         delta["iram0_0_seg"]["free"]),
        (".text size", ".iram0.text",
         section_delta(old, new, "iram0_0_seg", ".iram0.text")),
        (".text", "iram0_2_seg used", delta["iram0_2_seg"]["used"]),
        (".rodata", "drom0_0_seg used", delta["drom0_0_seg"]["used"]),
        ("Used Flash size", "iram0_2_seg + drom0_0_seg used",
         delta["iram0_2_seg"]["used"] + delta["drom0_0_seg"]["used"]),
        ("Total image size", "flash + .dram0.data + .iram0 text, vectors",
         delta["iram0_2_seg"]["used"] + delta["drom0_0_seg"]["used"] +
         section_delta(old, new, "dram0_0_seg", ".dram0.data") +
         section_delta(old, new, "iram0_0_seg", ".iram0.text") +
         section_delta(old, new, "iram0_0_seg", ".iram0.vectors")),
    ]
    bad = 0
    for label, what, got in checks:
        want = ref[label]
        ok = got == want
        bad += not ok
        print("%-4s %-23s %+6d  memfit %-42s %+6d" % (
            "ok" if ok else "FAIL", label, want, what, got))
    others = [n for n, d in delta.items() if d["used"] != 0 and n not in (
        "dram0_0_seg", "iram0_0_seg", "iram0_2_seg", "drom0_0_seg")]
    print("%-4s no other region changed: %s" % (
        "ok" if not others else "FAIL", ", ".join(others) or "none"))
    return 1 if bad or others else 0


if __name__ == "__main__":
    sys.exit(main())

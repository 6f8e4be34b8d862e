#!/usr/bin/python3
"""The shipped ESP boards on ESP-IDF's own links: ld's numbers, quiet checks.

../shared/fixtures-external/esp-idf-size/diff-apache2 has two esp32 maps
of a stock ESP-IDF application and idf.py size's (legacy) summaries of
them: summary.json for mapfile.map, and the <REFERENCE> column of
summary_diff.text for mapfile_ref.map. With the shipped esp32 board:

- each region's use is ld's: the end of the last output section in it
  less its origin, computed here from the map's output section lines;
- idf.py size's figures are memfit's sections: static DRAM is
  .dram0.data + .dram0.bss, IRAM .iram0.vectors + .iram0.text, flash code
  .flash.text and rodata .flash.rodata, and idf.py's totals are the
  board's region lengths;
- check finds nothing but what it cannot know without the build tree
  (the objects the map names are not in ../shared): no map-board-mismatch,
  no overflow, no budget.

Exits 77 when ../shared is absent.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, ROOT, Checker, check

EXT = os.path.join(ROOT, "..", "shared", "fixtures-external", "esp-idf-size",
                   "diff-apache2")
BOARD = os.path.join(ROOT, "boards", "esp32.yaml")
OUTPUT = re.compile(r"^(\.\S+)\s*\n?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)",
                    re.M)


def idf_figures():
    """{map: {figure: bytes}} from idf.py size's summaries."""
    cur = json.load(open(os.path.join(EXT, "summary.json")))
    ref = {}
    text = open(os.path.join(EXT, "summary_diff.text")).read()
    for key, pat in (("used_dram", r"Used static DRAM:.*?\)\s+(\d+)"),
                     ("dram_data", r"\.data size:\s+\d+ bytes\s+(\d+)"),
                     ("dram_bss", r"\.bss  size:\s+\d+ bytes\s+(\d+)"),
                     ("used_iram", r"Used static IRAM:.*?\)\s+(\d+)"),
                     ("iram_text", r"\.text size:\s+\d+ bytes\s+(\d+)"),
                     ("iram_vectors", r"\.vectors size:\s+\d+ bytes\s+(\d+)"),
                     ("flash_code", r"^\s+\.text:\s+\d+ bytes\s+(\d+)"),
                     ("flash_rodata", r"\.rodata:\s+\d+ bytes\s+(\d+)")):
        ref[key] = int(re.search(pat, text, re.M).group(1))
    return {"mapfile.map": cur, "mapfile_ref.map": ref}


def ld_used(mapf, board):
    """{region: bytes} as ld counts them: last output section end less the
    origin, for every allocated output section in the region."""
    text = open(mapf).read()
    text = text[text.index("Linker script and memory map"):]
    used = {r["name"]: 0 for r in board}
    for _, addr, size in OUTPUT.findall(text):
        a, n = int(addr, 16), int(size, 16)
        for r in board:
            if n and r["origin"] <= a < r["origin"] + max(r["length"], 1):
                used[r["name"]] = max(used[r["name"]], a + n - r["origin"])
    return used


def one(c, name, idf):
    mapf = os.path.join(EXT, name)
    out = subprocess.run([MEMFIT, "size", "--board", BOARD, "--map", mapf,
                          "--format", "json"], stdout=subprocess.PIPE,
                         check=True).stdout
    regions = json.loads(out)["regions"]
    rg = {r["name"]: r for r in regions}
    sec = {s["name"]: s["size"] for r in regions for s in r["sections"]}
    for r, n in ld_used(mapf, regions).items():
        c.check(rg[r]["used"] == n, "%s %s: memfit %d, ld %d" % (
            name, r, rg[r]["used"], n))
    for fig, val in (("dram_data", sec[".dram0.data"]),
                     ("dram_bss", sec[".dram0.bss"]),
                     ("used_dram", sec[".dram0.data"] + sec[".dram0.bss"]),
                     ("iram_vectors", sec[".iram0.vectors"]),
                     ("iram_text", sec[".iram0.text"]),
                     ("used_iram", sec[".iram0.vectors"] + sec[".iram0.text"]),
                     ("flash_code", sec[".flash.text"]),
                     ("flash_rodata", sec[".flash.rodata"]),
                     ("dram_total", rg["dram0_0_seg"]["length"]),
                     ("iram_total", rg["iram0_0_seg"]["length"])):
        if fig in idf:
            c.check(idf[fig] == val, "%s %s: idf.py %d, memfit %d" % (
                name, fig, idf[fig], val))
    p, _, findings = check(["--board", BOARD, "--map", mapf, "--werror"])
    unknowable = [f for f in findings if f["rule"] ==
                  "init-data-in-zero-region" and "could not check" in
                  f["msg"] and "No such file" in f["msg"]]
    c.check(findings == unknowable and len(findings) <= 1,
            "%s: findings %s" % (name, findings))
    c.check(": warning:" not in p.stderr and ": error:" not in p.stderr,
            "%s: %s" % (name, p.stderr))
    print("%s: dram0_0_seg %d, iram0_0_seg %d used, as ld counts" % (
        name, rg["dram0_0_seg"]["used"], rg["iram0_0_seg"]["used"]))


def main():
    if not os.path.isdir(EXT):
        print("SKIP: no ../shared")
        return 77
    c = Checker()
    for name, idf in sorted(idf_figures().items()):
        one(c, name, idf)
    print("esp_boards: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

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

And the same with the shipped esp32c3 board on the esp32c3 hello_world
link (ELF and map; idf.py size's summary.table), in every input mode.

Exits 77 when ../shared is absent.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, ROOT, Checker, check, memory_types
import esp_idf_size

EXT = os.path.join(ROOT, "..", "shared", "fixtures-external", "esp-idf-size",
                   "diff-apache2")
BOARD = os.path.join(ROOT, "boards", "esp32.yaml")
C3 = os.path.join(EXT, "..", "esp32c3")
BOARD_C3 = os.path.join(ROOT, "boards", "esp32c3.yaml")
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


def idf_c3():
    """idf.py size's figures for the esp32c3 link (esp_idf_size reads its
    summary.table): DRAM .data, .bss and total, flash code and rodata."""
    rows = esp_idf_size.idf_rows()
    return {"dram_data": rows["DRAM"][1][".data"],
            "dram_bss": rows["DRAM"][1][".bss"],
            "flash_code": rows["Flash Code"][1][".text"],
            "flash_rodata": rows["Flash Data"][1][".rodata"],
            "dram_total": rows["DRAM"][2]}


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


def figures(c, name, regions, idf):
    """idf.py size's figures against memfit's sections and regions."""
    rg = {r["name"]: r for r in regions}
    sec = {s["name"]: s["size"] for r in regions for s in r["sections"]}
    how = {"dram_data": lambda: sec[".dram0.data"],
           "dram_bss": lambda: sec[".dram0.bss"],
           "used_dram": lambda: sec[".dram0.data"] + sec[".dram0.bss"],
           "iram_vectors": lambda: sec[".iram0.vectors"],
           "iram_text": lambda: sec[".iram0.text"],
           "used_iram": lambda: sec[".iram0.vectors"] + sec[".iram0.text"],
           "flash_code": lambda: sec[".flash.text"],
           "flash_rodata": lambda: sec[".flash.rodata"],
           "dram_total": lambda: rg["dram0_0_seg"]["length"],
           "iram_total": lambda: rg["iram0_0_seg"]["length"]}
    for fig in sorted(set(idf) & set(how)):
        c.check(idf[fig] == how[fig](), "%s %s: idf.py %d, memfit %d" % (
            name, fig, idf[fig], how[fig]()))


def types(c, name, board, args, idf):
    """memfit size's memory types (the board's memory_types) are idf.py
    size's figures: used static DRAM and IRAM, flash code and rodata, and
    the totals where idf.py gives them."""
    mt = memory_types(["--board", board] + args)
    how = {"used_dram": ("DRAM", 0), "used_iram": ("IRAM", 0),
           "flash_code": ("Flash Code", 0), "dram_total": ("DRAM", 2),
           "iram_total": ("IRAM", 2),
           "flash_rodata": ("Flash Data", None)}
    for fig in sorted(set(idf) & set(how)):
        kind, col = how[fig]
        if kind not in mt:
            c.check(False, "%s: no memory type %s" % (name, kind))
            continue
        got = mt[kind][0] - mt[kind][1].get(".flash.appdesc", 0) \
            if col is None else mt[kind][col]
        c.check(got == idf[fig], "%s %s: idf.py %d, memfit %s %s" % (
            name, fig, idf[fig], kind, got))


def quiet(c, name, board, args):
    """check --werror finds nothing but what needs the build tree (the
    objects the map names are not in ../shared), and warns of nothing but
    a missing map."""
    p, _, findings = check(["--board", board, "--werror"] + args)
    unknowable = [f for f in findings if f["rule"] ==
                  "init-data-in-zero-region" and "could not check" in
                  f["msg"] and "No such file" in f["msg"]]
    c.check(findings == unknowable and len(findings) <= 1,
            "%s %s: findings %s" % (name, args, findings))
    warns = [l for l in p.stderr.splitlines() if ": warning:" in l and
             "warning: no map:" not in l or ": error:" in l]
    c.check(not warns, "%s %s: %s" % (name, args, warns))


def one(c, board, mapf, elf, idf):
    """One link: ld's use per region, idf.py's figures, a quiet check in
    every mode the inputs allow."""
    name = os.path.basename(mapf)
    args = ["--map", mapf] + ([elf] if elf else [])
    out = subprocess.run([MEMFIT, "size", "--board", board, "--format",
                          "json"] + args, stdout=subprocess.PIPE,
                         check=True).stdout
    regions = json.loads(out)["regions"]
    rg = {r["name"]: r for r in regions}
    for r, n in ld_used(mapf, regions).items():
        c.check(rg[r]["used"] == n, "%s %s: memfit %d, ld %d" % (
            name, r, rg[r]["used"], n))
    figures(c, name, regions, idf)
    types(c, name, board, args, idf)
    for mode in [args] + ([["--map", mapf], [elf]] if elf else []):
        quiet(c, name, board, mode)
    print("%s: dram0_0_seg %d, iram0_0_seg %d used, as ld counts" % (
        name, rg["dram0_0_seg"]["used"], rg["iram0_0_seg"]["used"]))


def main():
    if not os.path.isdir(EXT):
        print("SKIP: no ../shared")
        return 77
    c = Checker()
    for name, idf in sorted(idf_figures().items()):
        one(c, BOARD, os.path.join(EXT, name), None, idf)
    one(c, BOARD_C3, os.path.join(C3, "hello_world.map"),
        os.path.join(C3, "hello_world.elf"), idf_c3())
    print("esp_boards: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""memfit size against ESP-IDF's own report on ESP-IDF's own link.

../shared/fixtures-external/esp-idf-size/esp32c3 has an esp32c3
hello_world ELF and map and summary.table, the output of idf.py size for
them. With the shipped esp32c3 board (boards/esp32c3.yaml), which
describes memory as ESP-IDF's segments:

- every section row of summary.table equals a section memfit reports, by
  size (the name mapping below is ESP-IDF's naming, test data only);
- the --objects rows of each region add up to its sections total (merged
  string inputs overlap in this map);
- each memory type's total differs from memfit's region use only by what
  memfit itself shows as ld's padding: its "(alignment and gaps)" figure,
  and sections that its --objects breakdown shows to be pure *fill* (the
  flash rodata reservation, and the DIRAM mirror .dram0.dummy through
  which the IRAM code is counted in DRAM).

Exits 77 when ../shared is absent.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, ROOT, Checker, memory_types, size_table

EXT = os.path.join(ROOT, "..", "shared", "fixtures-external", "esp-idf-size",
                   "esp32c3")
BOARD = os.path.join(ROOT, "boards", "esp32c3.yaml")

# idf.py memory type -> ld regions; (type, idf section) -> ld section.
TYPES = {
    "Flash Code": ["iram0_2_seg"],
    "DRAM": ["dram0_0_seg"],
    "Flash Data": ["drom0_0_seg"],
    "RTC SLOW": ["rtc_iram_seg", "rtc_reserved_seg"],
}
SECTIONS = {
    ("Flash Code", ".text"): ".flash.text",
    ("DRAM", ".text"): ".iram0.text",
    ("DRAM", ".data"): ".dram0.data",
    ("DRAM", ".bss"): ".dram0.bss",
    ("Flash Data", ".rodata"): ".flash.rodata",
    ("Flash Data", ".appdesc"): ".flash.appdesc",
    ("RTC SLOW", ".force_fast"): ".rtc.force_fast",
    ("RTC SLOW", ".rtc_reserved"): ".rtc_reserved",
}
# The DIRAM mirror: DRAM's .text is the IRAM code seen at DRAM addresses.
MIRROR = {".dram0.dummy": ".iram0.text"}


def idf_rows():
    """{type: (used, {section: used}, total or None, used%)} from
    summary.table."""
    return size_table(open(os.path.join(EXT, "summary.table"),
                           encoding="utf-8"), "\u2502")


def memfit_report():
    out = subprocess.run([MEMFIT, "size", "--board", BOARD, "--map",
                          os.path.join(EXT, "hello_world.map"), "--objects",
                          "--format", "json",
                          os.path.join(EXT, "hello_world.elf")],
                         stdout=subprocess.PIPE, check=True).stdout
    return {r["name"]: r for r in json.loads(out)["regions"]}


def fill_of(region):
    return sum(o["size"] for o in region.get("objects", [])
               if o["name"] == "*fill*")


def main():
    if not os.path.isdir(EXT):
        print("SKIP: no ../shared")
        return 77
    c = Checker()
    idf, mf = idf_rows(), memfit_report()
    sizes = {s["name"]: s["size"] for r in mf.values() for s in r["sections"]}
    for (kind, sec), ld in SECTIONS.items():
        c.check(idf[kind][1][sec] == sizes.get(ld), "%s %s: idf %d, memfit "
                "%s %s" % (kind, sec, idf[kind][1][sec], ld, sizes.get(ld)))
    for kind, regions in TYPES.items():
        used = sum(mf[r]["used"] for r in regions)
        listed = {SECTIONS[(kind, s)] for s in idf[kind][1]}
        extra = 0
        for r in regions:
            extra += mf[r]["padding"]
            for s in mf[r]["sections"]:
                if s["name"] in listed:
                    continue
                # Unlisted: must be fill by memfit's own breakdown.
                c.check(s["size"] <= fill_of(mf[r]), "%s: %s is not fill" %
                        (kind, s["name"]))
                extra += s["size"] - (sizes[MIRROR[s["name"]]]
                                      if s["name"] in MIRROR else 0)
        c.check(used - idf[kind][0] == extra, "%s: memfit %d - idf %d != "
                "padding and fill %d" % (kind, used, idf[kind][0], extra))
        print("%s: idf %d, memfit %d, ld padding and fill %d" % (
            kind, idf[kind][0], used, extra))
    # memfit size shows idf.py's own table from the board's memory_types:
    # every type's used, used %, total, and every section row.
    mt = memory_types(["--board", BOARD, "--map",
                       os.path.join(EXT, "hello_world.map"),
                       os.path.join(EXT, "hello_world.elf")])
    c.check(sorted(mt) == sorted(idf), "memory types: memfit %s, idf %s"
            % (sorted(mt), sorted(idf)))
    for kind, (used, secs, total, pct) in idf.items():
        m = mt.get(kind, (None, {}, None, None))
        c.check(m[0] == used and m[2] == total, "%s: memfit %s/%s, idf "
                "%s/%s" % (kind, m[0], m[2], used, total))
        c.check(pct is None or float(m[3] or "nan") == float(pct),
                "%s: used %%: memfit %s, idf %s" % (kind, m[3], pct))
        for sec, n in secs.items():
            got = m[1].get(SECTIONS[(kind, sec)])
            c.check(got == n, "%s %s: memfit %s, idf %d" % (
                kind, sec, got, n))
    # Merged string inputs (.rodata.*.str1.4) are listed at their size
    # before merging, overlapping: the object rows must not count them
    # twice (they did, by 18 588 B in drom0_0_seg).
    for r in mf.values():
        rows = sum(o["size"] for o in r.get("objects", []))
        c.check(rows == r["sections_total"], "%s: objects add up to %d, "
                "sections to %d" % (r["name"], rows, r["sections_total"]))
    print("esp_idf_size: %d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

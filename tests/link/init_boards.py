#!/usr/bin/python3
"""memfit init on other people's links: the board it writes validates, and
check with it on the same build finds only what is really there.

For each third-party link in ../shared/fixtures-external (ESP-IDF esp32
and esp32c3 maps, the esp32 map of a failed link, the nRF52840 map of
fpv-gcc, the eight pico-sdk builds with their ELFs and linker scripts):

- init writes a board (exit 0) that `memfit validate` accepts;
- its regions are the link's, and check's usage per region equals ld's
  (--print-memory-usage where the fixture has it, else memfit's usage
  with the board the map itself implies: no board at all);
- check exits 0 with no finding but "could not check" (the objects the
  map names are not in ../shared), in ELF+map, ELF-only and map-only
  modes; the failed link reports its overflow and nothing else;
- where a shipped board has the link's addresses, init names it;
- Mbed's gcc.map has no Memory Configuration: init refuses it, exit 2.

Exits 77 when ../shared is absent.
"""
import glob
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from memfit_test import MEMFIT, ROOT, Checker, check, ld_usage, run

EXT = os.path.join(ROOT, "..", "shared", "fixtures-external")


def builds():
    """(name, map, elf or None, script or None, ld usage text or None,
    shipped board expected or None)."""
    esp = os.path.join(EXT, "esp-idf-size")
    yield ("esp32-apache2", os.path.join(esp, "diff-apache2", "mapfile.map"),
           None, None, None, "esp32")
    yield ("esp32c3", os.path.join(esp, "esp32c3", "hello_world.map"),
           os.path.join(esp, "esp32c3", "hello_world.elf"), None, None,
           "esp32c3")
    yield ("fpv-nrf52840", os.path.join(
        EXT, "fpv-gcc", "example.arm-none-eabi.basic.0.map"), None, None,
        None, None)
    for d in sorted(glob.glob(os.path.join(EXT, "pico-sdk", "rp*"))):
        elf = glob.glob(os.path.join(d, "*.elf"))[0]
        script = [s for s in glob.glob(os.path.join(d, "memmap_*.ld"))]
        yield (os.path.basename(d), elf + ".map", elf,
               script[0] if script else None,
               open(os.path.join(d, "ld-usage.txt")).read(),
               # no RP2350 board is shipped: its RAM and flash are where
               # the RP2040's are, with other sizes, and must not match
               "rp2040" if os.path.basename(d).startswith("rp2040")
               else None)


def could_not_check(f):
    return (f["rule"] == "init-data-in-zero-region" and
            f["sev"] == "warning" and "could not check" in f["msg"])


def one(c, tmp, name, mapf, elf, script, usage, like):
    board = os.path.join(tmp, name + ".yaml")
    args = ["--map", mapf] + (["-T", script] if script else []) + \
        ([elf] if elf else [])
    p = run([MEMFIT, "init", "-o", board] + args, check=False)
    if not c.check(p.returncode == 0, "%s: init: %s" % (name, p.stderr)):
        return
    text = open(board).read()
    c.check(run([MEMFIT, "validate", board], check=False).returncode == 0,
            "%s: the board does not validate" % name)
    c.check((like is None) == ("shipped board" not in text.split(
        "memfit: 1")[0]) and (like is None or
        "shipped board %s " % like in text),
        "%s: shipped board named: want %s" % (name, like))
    modes = [("elf+map", ["--map", mapf, elf]), ("elf", [elf]),
             ("map", ["--map", mapf])] if elf else [("map", ["--map", mapf])]
    for mode, margs in modes:
        p, table, findings = check(["--board", board] + margs)
        c.check(p.returncode == 0 and all(could_not_check(f)
                                          for f in findings),
                "%s %s: rc %d %s" % (name, mode, p.returncode, findings))
        if usage:
            ld = {k: v[0] for k, v in ld_usage(usage).items()}
            for r, used in ld.items():
                c.check(table.get(r) == used, "%s %s: %s memfit %s, ld %s"
                        % (name, mode, r, table.get(r), used))


def failed_link(c, tmp):
    mapf = os.path.join(EXT, "esp-idf-size", "overflow",
                        "region_overflow.map")
    board = os.path.join(tmp, "overflow.yaml")
    run([MEMFIT, "init", "-o", board, mapf])
    p, table, findings = check(["--board", board, "--map", mapf])
    real = [f for f in findings if not could_not_check(f)]
    c.check(p.returncode == 1 and [f["rule"] for f in real] ==
            ["region-overflow"] and "dram0_0_seg" in real[0]["msg"],
            "overflow: rc %d %s" % (p.returncode, real))


def main():
    if not os.path.isdir(EXT):
        print("SKIP: ../shared/fixtures-external is absent")
        return 77
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        for b in builds():
            one(c, tmp, *b)
        failed_link(c, tmp)
        p = run([MEMFIT, "init", "--map", os.path.join(
            EXT, "mbed-ce-memap", "gcc.map")], check=False)
        c.check(p.returncode == 2 and "no memory regions" in p.stderr,
                "mbed: rc %d %s" % (p.returncode, p.stderr))
    print("init on third-party links: %d checks, %d failed" %
          (c.checks, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Write the hostile and odd inputs of the bad-input catalog (issue 8)
into the current directory, made from the committed golden fixtures, so
the cases that use them need no toolchain.

Usage: hostile.py FIXTURES_DIR
"""
import os
import struct
import sys

fix = sys.argv[1]
g = os.path.join(fix, "golden")
elf = open(os.path.join(g, "clean.elf"), "rb").read()
mp = open(os.path.join(g, "clean.map"), "rb").read()


def w(name, data):
    with open(name, "wb") as f:
        f.write(data)


# Maps.
w("empty.map", b"")
cut = mp.index(b"\n.bss") + 20          # inside the .bss line
w("truncated.map", mp[:cut])
w("long-line.map", mp.replace(b"\n.data", b"\n" + b"x" * (1 << 20) +
                                b"\n.data", 1))
w("lld.map", b"     VMA      LMA     Size Align Out     In      Symbol\n"
  b"       0        0     1000     1 .text\n")
w("crlf.map", mp.replace(b"\n", b"\r\n"))
w("windows.map", mp.replace(b"startup.o", b"C:\\fw\\build dir\\startup.o")
  .replace(b"cf_clean.o", b"C:\\fw\\build dir\\lib\xe9.a(cf_clean.o)"))
w("binary.map", bytes(range(256)) * 64)

# ELFs: the 32-bit header's fields, little endian.
(e_shoff,) = struct.unpack_from("<I", elf, 0x20)
(e_shnum, e_shstrndx) = struct.unpack_from("<HH", elf, 0x30)
w("truncated-ehdr.elf", elf[:40])
w("truncated-phdr.elf", elf[:0x40])
w("truncated-shdr.elf", elf[:e_shoff + 40 * 3])
bad = bytearray(elf)
struct.pack_into("<H", bad, 0x32, e_shnum + 7)
w("bad-shstrndx.elf", bytes(bad))
bad = bytearray(elf)
struct.pack_into("<I", bad, e_shoff + 40 * 1 + 0x10, len(elf) * 4)
w("shdr-outside.elf", bytes(bad))
w("not-elf.elf", b"#!/bin/sh\necho not an ELF\n")

# Maps of other linkers (issue 14): their first lines, as they write them.
w("mold.map", b"             VMA       Size Align Out     In      Symbol\n"
  b"          200120       1000    16 .text\n")
w("iar.map", b"#" * 79 + b"\n#\n# IAR ELF Linker V9.30.1.335/W64 for ARM"
  b"  02/Mar/2026  10:00:00\n# Copyright 2007-2022 IAR Systems AB.\n#\n" +
  b"#" * 79 + b"\n\n*** PLACEMENT SUMMARY ***\n")
w("keil.map", b"Component: ARM Compiler 6.16 Tool: armlink [5dfeb700]\n\n" +
  b"=" * 78 + b"\n\nSection Cross References\n")
w("gold.map", b"\nDiscarded input sections\n\n .note.GNU-stack\n"
  b"                0x0000000000000000        0x0 a.o\n\nMemory map\n\n"
  b" ** file header\n                0x0000000000400000       0x40\n")
w("gold-archive.map", b"Archive member included because of file (symbol)"
  b"\n\nlibb.a(b.o)                   a.o (z)\n")

# Maps cut at a line boundary (issue 14): before the first region, before
# the memory map, before the OUTPUT line.
w("cut-regions.map", mp[:mp.index(b"Attributes\n") + 11])
w("cut-memory.map", mp[:mp.index(b"Linker script and memory map")])
w("cut-output.map", mp[:mp.index(b"\nOUTPUT(") + 1])

# ELFs that are not linked firmware (issue 14): an object, a core file (the
# clean image's header says ET_CORE, as a core's does), an image stripped
# of its section headers (strip --strip-sections leaves e_shoff 0).
w("object.elf", open(os.path.join(g, "cf_clean.o"), "rb").read())
bad = bytearray(elf)
struct.pack_into("<H", bad, 0x10, 4)    # e_type = ET_CORE
w("core.elf", bytes(bad))
bad = bytearray(elf)
struct.pack_into("<I", bad, 0x20, 0)    # e_shoff
struct.pack_into("<HH", bad, 0x30, 0, 0)  # e_shnum, e_shstrndx
w("no-sections.elf", bytes(bad))

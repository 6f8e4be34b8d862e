#!/usr/bin/python3
"""make layering: src/ is in folders by layer, and includes point down.

Layers, lowest first: base, model, input, core, gen and render (side by
side, neither includes the other), cli. A header belongs to the layer of
the module it is named after (include/NAME.h for src/LAYER/NAME.c), or to
the one HEADER_LAYER names. Outside libraries are each included by one
module: <yaml.h> by input/board_load.c, <libelf.h>/<gelf.h> by
input/elf_image.c, libdw by input/dwarf_lines.c, <cJSON.h> by
input/report_json.c. Within a layer, modules may use each other, but
the graph of modules (NAME.c and NAME.h both count as module NAME, and a
header of its own, like rules.h, as a module too) has no cycle. Prints
every violation; exits 1 if there is any.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RANK = {"base": 0, "model": 1, "input": 2, "core": 3, "gen": 4,
        "render": 4, "cli": 5}
HEADER_LAYER = {"image.h": "input", "gen.h": "gen", "rules.h": "core",
                "memfit.h": "base", "render.h": "render"}
LIBRARY = {"yaml.h": {"input/board_load.c"},
           "libelf.h": {"input/elf_image.c"},
           "gelf.h": {"input/elf_image.c"},
           "elfutils/libdw.h": {"input/dwarf_lines.c"},
           "dwarf.h": {"input/dwarf_lines.c"},
           "cJSON.h": {"input/report_json.c"}}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def layers_of_headers():
    out = dict(HEADER_LAYER)
    for c in glob.glob(os.path.join(ROOT, "src", "*", "*.c")):
        layer = os.path.basename(os.path.dirname(c))
        out.setdefault(os.path.basename(c)[:-2] + ".h", layer)
    return out


def check(path, layer, headers, problems):
    rel = os.path.relpath(path, os.path.join(ROOT, "src"))
    for kind, name in INCLUDE.findall(open(path).read()):
        if kind == "<":
            if name in LIBRARY and rel not in LIBRARY[name]:
                problems.append("%s includes <%s> (only %s may)" % (
                    rel, name, ", ".join(sorted(LIBRARY[name]))))
            continue
        target = headers.get(name)
        if target is None:
            problems.append("%s includes %s, which no layer owns" % (
                rel, name))
        elif target != layer and (RANK[target] >= RANK[layer]):
            problems.append("%s (%s) includes %s (%s): arrows point "
                            "down" % (rel, layer, name, target))


def module_edges():
    """Module -> the modules whose headers its .c or .h includes."""
    edges = {}
    files = glob.glob(os.path.join(ROOT, "src", "*", "*.c")) + \
        glob.glob(os.path.join(ROOT, "include", "*.h"))
    for path in files:
        mod = os.path.basename(path)[:-2]
        deps = edges.setdefault(mod, set())
        for kind, name in INCLUDE.findall(open(path).read()):
            if kind == '"' and name[:-2] != mod:
                deps.add(name[:-2])
    return edges


def cycles(edges):
    """One cycle for each back edge a depth-first walk meets."""
    found, state, stack = [], {}, []

    def walk(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                found.append(stack[stack.index(n):] + [n])
            elif n not in state:
                walk(n)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            walk(m)
    return found


def main():
    headers = layers_of_headers()
    problems = []
    for layer in RANK:
        if not os.path.isdir(os.path.join(ROOT, "src", layer)):
            problems.append("src/%s is missing" % layer)
    for c in glob.glob(os.path.join(ROOT, "src", "*.c")):
        problems.append("%s is in no layer" % os.path.relpath(c, ROOT))
    for c in sorted(glob.glob(os.path.join(ROOT, "src", "*", "*.c"))):
        check(c, os.path.basename(os.path.dirname(c)), headers, problems)
    for h in sorted(glob.glob(os.path.join(ROOT, "include", "*.h"))):
        name = os.path.basename(h)
        if name not in headers:
            problems.append("include/%s belongs to no module" % name)
            continue
        check(h, headers[name], headers, problems)
    for c in cycles(module_edges()):
        problems.append("modules include each other: %s" % " -> ".join(c))
    for p in problems:
        print("layering: " + p)
    print("layering: %d problem%s" % (len(problems),
                                      "" if len(problems) == 1 else "s"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

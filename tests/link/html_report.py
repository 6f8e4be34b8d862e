#!/usr/bin/python3
"""memfit's HTML report in a real browser, as a person would use it.

Builds examples/stm32f405-ccm with arm-none-eabi-gcc (ld printing its
--print-memory-usage), writes `memfit size --format html` of it, and
drives headless Chromium through chromedriver's WebDriver API
(tests/link/webdriver.py) with the network off:

  - the page loads nothing: no resource in performance's list;
  - every region is in the DOM (the address map, the regions table) with
    the numbers of memfit's JSON report and of ld (used, length);
  - the treemap: all regions, then a click into FLASH shows its output
    sections with the report's sizes; every section of every region,
    opened, and each archive there, give boxes that add up to the section
    and, summed over the sections, equal the region's archives and
    objects tables (an archive's members named by their own name under
    it); an object's symbols have nm's sizes and, with the bytes none
    covers, add up to the object;
  - the keyboard: Backspace on a box goes up a level, Enter opens one;
  - light and dark themes (emulated through the DevTools protocol):
    every kind of text at 4.5:1 contrast or more, treemap boxes too;
    printing hides the views, unfolds every table and makes a PDF; the
    accessibility tree names every button, table, link and navigation;
  - the golden Crazyflie faults' check page lists every finding with its
    rule, message and source line, its dot on the map, and the link
    between them; the diff page colours grown regions and lists the
    growth limit; the stack fixture's page (tests/link/stack_truth.py
    builds it) lists each root's worst case and the frames of its path
    as GCC's .su files give them, and the diff page against a deeper
    build has diff's stack table;
  - a region with an alias names both windows, and a section linked
    through the alias is drawn at its offset in the memory.

Screenshots go to build/html-report/ (test artifacts, not committed);
--screenshot FILE writes the example's (docs/report.png is made so).
Skips (exit 77) without arm-none-eabi-gcc, Chromium or chromedriver.
"""
import base64
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import memfit_test as mt  # noqa: E402
import webdriver  # noqa: E402

ROOT, MEMFIT = mt.ROOT, mt.MEMFIT
ART = os.path.join(ROOT, "build", "html-report")
EXAMPLE = os.path.join(ROOT, "examples", "stm32f405-ccm")
GOLDEN = os.path.join(ROOT, "fixtures", "golden")
fails = []


def ok(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL: %s" % what)
    return cond


def build_example(d):
    """The example, linked with --print-memory-usage: (elf, map, ld)."""
    p = mt.run(["make", "-s", "-C", EXAMPLE, "MEMFIT=" + MEMFIT,
                "MEMFIT_MK=" + os.path.join(ROOT, "share", "memfit.mk"),
                "BUILD=" + d, "LDLIBS=-Wl,--print-memory-usage",
                os.path.join(d, "firmware.elf")])
    return (os.path.join(d, "firmware.elf"), os.path.join(d, "firmware.map"),
            mt.ld_usage(p.stdout))


def ready(b, path):
    b.open(path)
    for _ in range(200):
        if b.js("return document.documentElement.dataset.ready") == "1":
            return True
        time.sleep(0.05)
    return False


def cells(b):
    return b.js("return [...document.querySelectorAll('#tm .cell')]"
                ".map(e => [e.dataset.name, +e.dataset.size])")


def path(b):
    return json.loads(b.js("return document.getElementById('tm')"
                           ".dataset.path"))


def go(b, names):
    """The treemap opened at NAMES, from all regions, as clicks do it."""
    b.js("document.querySelector('#crumbs button').click()")
    for n in names:
        ok(b.js("var c = [...document.querySelectorAll('#tm .cell')]"
                ".find(e => e.dataset.name === arguments[0]);"
                "if (c) c.click(); return !!c", n),
           "a box %r in %s" % (n, path(b)))


def tree_sums(b, g):
    """Region G's sections opened one by one in the treemap, and each of
    their archives: bytes by archive and by (archive, object), summed
    over the sections."""
    arch, objs = {}, {}
    for s in g["sections"]:
        if not s["size"]:
            continue
        key = s["name"] + (" (load image)" if s["load_image"] else "")
        go(b, [g["name"], key])
        kids = cells(b)
        ok(sum(n for _, n in kids) == s["size"],
           "%s %s: boxes %s, section %d" % (g["name"], key, kids, s["size"]))
        for a, n in kids:
            arch[a] = arch.get(a, 0) + n
            go(b, [g["name"], key, a])
            for o, m in cells(b):
                objs[a, o] = objs.get((a, o), 0) + m
    return arch, objs


def table_sums(g):
    """The same from the region's archives and objects tables (JSON), an
    archive's member named by its own name; rows of 0 bytes (no box)
    left out."""
    arch = {x["name"]: x["size"] for x in g["archives"] if x["size"]}
    objs = {}
    for x in (x for x in g["objects"] if x["size"]):
        a, o = "(none)", x["name"]
        if x.get("synthetic"):
            a = o
        elif x.get("archive"):
            a = [y["name"] for y in g["archives"]
                 if x["archive"].endswith(y["name"])][0]
            o = o[len(x["archive"]) + 1:-1]
        objs[a, o] = objs.get((a, o), 0) + x["size"]
    return arch, objs


def regions(b, rep, ld):
    for g in rep["regions"]:
        row = b.js("var r = document.querySelector('#regions-table "
                   "tr[data-region=\"' + arguments[0] + '\"]');"
                   "return r ? [...r.cells].map(c => c.textContent) : null",
                   g["name"])
        if not ok(row is not None, "region %s in the table" % g["name"]):
            continue
        ok([int(row[3]), int(row[4]), int(row[5])] ==
           [g["length"], g["used"], g["free"]],
           "%s: table %s, JSON %s" % (g["name"], row, g))
        ok((g["used"], g["length"]) == ld.get(g["name"]),
           "%s: JSON %d of %d, ld %s" % (g["name"], g["used"], g["length"],
                                         ld.get(g["name"])))
        ok("%.2f" % g["percent"] == row[6], "%s: %% %s" % (g["name"],
                                                          row[6]))
        n = b.js("var r = document.querySelector('.region[data-region=\""
                 "' + arguments[0] + '\"]');"
                 "return r ? r.querySelectorAll('.sec').length : -1",
                 g["name"])
        ok(n == len([s for s in g["sections"] if s["size"] > 0]),
           "%s: %d sections on the map" % (g["name"], n))


def treemap(b, rep, elf):
    ok(sorted(cells(b)) == sorted([g["name"], g["used"]]
                                  for g in rep["regions"] if g["used"]),
       "treemap root: %s" % cells(b))
    b.click("#tm .cell[data-name='FLASH']")
    flash = [g for g in rep["regions"] if g["name"] == "FLASH"][0]
    want = [[s["name"] + (" (load image)" if s["load_image"] else ""),
             s["size"]] for s in flash["sections"] if s["size"]]
    if flash["padding"]:
        want.append(["(alignment and gaps)", flash["padding"]])
    ok(path(b) == ["FLASH"] and sorted(cells(b)) == sorted(want),
       "FLASH: %s %s, want %s" % (path(b), cells(b), want))
    # Opened at each section and archive, the treemap has the tables'
    # numbers: summed over the sections, each archive and object.
    for g in rep["regions"]:
        got, want = tree_sums(b, g), table_sums(g)
        ok(got[0] == want[0], "%s by archive: treemap %s, table %s" % (
            g["name"], sorted(got[0].items()), sorted(want[0].items())))
        ok(got[1] == want[1], "%s by object: treemap %s, table %s" % (
            g["name"], sorted(got[1].items()), sorted(want[1].items())))
    go(b, ["FLASH", ".text"])
    ok("libc_nano.a" in dict(cells(b)), "libc_nano.a in .text: %s" %
       cells(b))
    b.click("#tm .cell[data-name='libc_nano.a']")
    ok(path(b) == ["FLASH", ".text", "libc_nano.a"], "libc_nano.a: %s" %
       path(b))
    obj, size = max(dict(cells(b)).items(), key=lambda kv: (kv[1], kv[0]))
    keyboard(b, obj)
    # An object's symbols: nm's sizes (less where one overlaps another),
    # and the bytes none covers, adding up to the object's box.
    go(b, ["FLASH", ".text", "libc_nano.a", obj])
    syms = mt.nm(elf)
    ok(sum(n for _, n in cells(b)) == size, "%s: symbols %s, object %d" %
       (obj, cells(b), size))
    for name, size in cells(b):
        base = name.split(" (alias ")[0]
        ok(base == "(bytes no symbol covers)" or
           (base in syms and syms[base][1] >= size),
           "%s: %d bytes, nm %s" % (name, size, syms.get(base)))


def keyboard(b, obj):
    """Backspace on a box goes up; Enter on a box opens it."""
    b.keys("#tm .cell[data-name='%s']" % obj, webdriver.KEY_BACKSPACE)
    ok(path(b) == ["FLASH", ".text"], "Backspace: %s" % path(b))
    ok(b.js("return document.activeElement.closest('#tm') !== null"),
       "focus stays in the treemap")
    b.keys("#tm .cell[data-name='libc_nano.a']", webdriver.KEY_ENTER)
    b.keys("#tm .cell[data-name='%s']" % obj, webdriver.KEY_ENTER)
    ok(path(b) == ["FLASH", ".text", "libc_nano.a", obj],
       "Enter, Enter: %s" % path(b))


def example(b, d, shot):
    elf, mapf, ld = build_example(d)
    args = ["size", "--board", os.path.join(EXAMPLE, "board.yaml"),
            "--map", "firmware.map", "firmware.elf"]
    page = os.path.join(d, "example.html")
    mt.run([MEMFIT] + args + ["--format", "html", "-o", page], cwd=d)
    rep = json.loads(mt.run([MEMFIT] + args + ["--archives", "--objects",
                                               "--symbols", "--format",
                                               "json"], cwd=d).stdout)
    t = time.monotonic()
    ok(ready(b, page), "example page ready")
    print("example: %d bytes, ready in %.2f s" % (
        os.path.getsize(page), time.monotonic() - t))
    ok(b.js("return performance.getEntriesByType('resource').length") == 0,
       "the page fetched something")
    regions(b, rep, ld)
    # The picture (README): the map, and the treemap in FLASH's .text.
    b.click("#tm .cell[data-name='FLASH']")
    b.click("#tm .cell[data-name='.text']")
    b.js("window.scrollTo(0, 0)")
    b.screenshot(shot)
    b.click("#crumbs button")
    treemap(b, rep, elf)
    b.screenshot(os.path.join(ART, "example-treemap.png"))


def findings(b, d):
    page = os.path.join(d, "cf.html")
    args = ["check", "--board", "crazyflie-2", "--map", "cf.map", "cf.elf"]
    mt.run([MEMFIT] + args + ["--format", "html", "-o", page], cwd=GOLDEN,
           check=False)
    rep = json.loads(mt.run([MEMFIT] + args + ["--format", "json"],
                            cwd=GOLDEN, check=False).stdout)
    text = mt.run([MEMFIT] + args, cwd=GOLDEN, check=False).stdout
    ok(ready(b, page), "check page ready")
    ok(len(rep["findings"]) == 2, "two findings in cf: %d" %
       len(rep["findings"]))
    for i, f in enumerate(rep["findings"]):
        got = b.js("var e = document.getElementById('finding-' + "
                   "arguments[0]); return e ? [e.dataset.rule, "
                   "e.textContent] : null", i)
        where = "%s:%d" % (f["file"], f["line"])
        ok(got and got[0] == f["rule"] and f["message"] in got[1] and
           where in got[1], "finding %d: %s" % (i, got))
        ok(re.search(re.escape(where) + r": error: " +
                     re.escape(f["message"]), text) is not None,
           "finding %d as check prints it" % i)
        ok(b.js("var m = document.getElementById('fmark-' + arguments[0]);"
                "return m && m.closest('.region').dataset.region", i) ==
           f["region"], "finding %d on the map in %s" % (i, f["region"]))
        b.click("#finding-%d a" % i)
        ok(b.js("return document.activeElement.id") == "fmark-%d" % i,
           "the link of finding %d goes to its dot" % i)
        b.click("#fmark-%d" % i)
        ok(b.js("return document.activeElement.id") == "finding-%d" % i,
           "the dot of finding %d goes to it" % i)
    b.screenshot(os.path.join(ART, "check.png"))


def diff(b, d):
    page = os.path.join(d, "diff.html")
    args = ["diff", "--old-map", "clean.map", "--new-map", "grown.map",
            "clean.elf", "grown.elf", "--fail-on-growth", "512:CCMRAM"]
    mt.run([MEMFIT] + args + ["--format", "html", "-o", page], cwd=GOLDEN,
           check=False)
    df = json.loads(mt.run([MEMFIT] + args + ["--format", "json"],
                           cwd=GOLDEN, check=False).stdout)
    ok(ready(b, page), "diff page ready")
    for g in df["regions"]:
        row = b.js("var r = document.querySelector('#diff "
                   "tr[data-region=\"' + arguments[0] + '\"]');"
                   "return r ? [...r.cells].map(c => c.textContent) : null",
                   g["name"])
        ok(row and int(row[4]) == g["delta"]["used"] ==
           g["new"]["used"] - g["old"]["used"],
           "diff %s: %s" % (g["name"], row))
        cls = b.js("var c = document.querySelector('#tm .cell[data-name=\"'"
                   " + arguments[0] + '\"]'); return c && c.className",
                   g["name"])
        want = "d-grow" if g["delta"]["used"] > 0 else "d-shrink" if \
            g["delta"]["used"] < 0 else "d-same"
        ok(cls and want in cls.split(), "treemap %s: %s" % (g["name"], cls))
    lim = b.js("return [...document.querySelectorAll('#diff table')]"
               ".filter(t => t.caption.textContent == 'Growth limits')"
               ".map(t => t.tBodies[0].rows[0].textContent)")
    ok(lim == ["512:CCMRAMCCMRAMyes"], "growth limits: %s" % lim)
    b.screenshot(os.path.join(ART, "diff.png"))


# The lowest contrast ratio (WCAG 2) of the visible text matching each
# selector against the background it is drawn on.
CONTRAST = """
function rgb(s) { return s.match(/[\\d.]+/g).map(Number); }
function lum(c) {
    var a = c.slice(0, 3).map(function (v) {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
}
function bg(e) {
    for (; e; e = e.parentElement) {
        var c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0)
            return c;
    }
    return [255, 255, 255];
}
function ratio(e) {
    var f = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
    return (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
}
var out = { background: lum(bg(document.body)) };
arguments[0].forEach(function (s) {
    var es = [...document.querySelectorAll(s)].filter(function (e) {
        return e.offsetParent !== null && e.textContent.trim();
    });
    out[s] = es.length ? Math.min.apply(null, es.map(ratio)) : null;
});
return out;
"""
TEXT = ["h1", "h2", "h3", "p", "th", "td", "caption", "summary",
        ".region-head span", ".axis span", "#crumbs button",
        "#tm .cell span", "#views a", ".finding", ".sev-error",
        ".sev-warning", ".st-warning", ".grow", ".shrink"]


def looks(b, d):
    """Light and dark: every kind of text at 4.5:1 or more (WCAG AA) on
    the example's, the check's and the diff's pages (the diff's treemap
    in its growth colours); printed: the views hidden, every table
    unfolded, a PDF; for a screen reader: every button, table and
    group of the accessibility tree has a name."""
    for name in ("example.html", "cf.html", "diff.html"):
        page = os.path.join(d, name)
        ok(ready(b, page), name + " ready")
        for scheme, light in (("light", True), ("dark", False)):
            b.cdp("Emulation.setEmulatedMedia", {"features": [
                {"name": "prefers-color-scheme", "value": scheme}]})
            got = b.js(CONTRAST, TEXT)
            ok(got["background"] > 0.9 if light else
               got["background"] < 0.05, "%s %s background: %s" % (
                   name, scheme, got["background"]))
            low = {k: round(v, 2) for k, v in got.items()
                   if k != "background" and v is not None and v < 4.5}
            ok(not low, "%s %s: contrast under 4.5:1: %s" % (name, scheme,
                                                            low))
        b.cdp("Emulation.setEmulatedMedia", {"media": "print"})
        ok(b.js("return getComputedStyle(document.getElementById('views'))"
                ".display") == "none", name + ": the views are not printed")
        pdf = base64.b64decode(b.cdp("Page.printToPDF")["data"])
        ok(pdf.startswith(b"%PDF") and b.js(
            "return [...document.querySelectorAll('details')].every("
            "d => d.open)"), name + ": printed with every table unfolded")
        b.cdp("Emulation.setEmulatedMedia", {"media": "", "features": []})
        nodes = b.cdp("Accessibility.getFullAXTree")["nodes"]
        role = lambda n: n.get("role", {}).get("value")
        unnamed = [role(n) for n in nodes if role(n) in (
            "button", "table", "link", "navigation") and
            not n.get("name", {}).get("value", "").strip()]
        ok(not unnamed, "%s: nameless to a screen reader: %s" % (
            name, unnamed))
        ok(sum(role(n) == "table" for n in nodes) >= 2, name + ": tables")


def stacks(b, d):
    """fixtures/stack built as tests/link/stack_truth.py builds it: each
    root's worst case and every frame of its path, as GCC's .su files
    give them."""
    import stack_truth as st
    work = os.path.join(d, "stack")
    os.makedirs(work)
    st.build(work)
    su = st.read_su(work)
    page = os.path.join(d, "stack.html")
    args = ["size", "--board", os.path.join(st.SRC, "board.yaml"), "--map",
            "fw.map", "--stack-usage", "obj", "fw.elf"]
    mt.run([MEMFIT] + args + ["--format", "html", "-o", page], cwd=work)
    rep = json.loads(mt.run([MEMFIT] + args + ["--format", "json"],
                            cwd=work).stdout)
    ok(ready(b, page), "stack page ready")
    ok(len(rep.get("stacks", [])) >= 3, "roots: %s" % rep.get("stacks"))
    for i, k in enumerate(rep.get("stacks", [])):
        row = b.js("var r = document.querySelector('#stacks "
                   "tr[data-root=\"' + arguments[0] + '\"]');"
                   "return r ? [...r.cells].map(c => c.textContent) : null",
                   k["root"])
        ok(row and row[2] == str(k["worst"]) + ("+" if k["lower_bound"]
                                                 else "") and
           row[3] == str(k["total"]), "stack %s: %s" % (k["root"], row))
        frames = b.js("var t = document.querySelectorAll('#stacks details "
                      "table')[arguments[0]]; return t ? [...t.tBodies[0]"
                      ".rows].map(r => [r.cells[0].textContent, "
                      "r.cells[1].textContent]) : null", i)
        want = [[f["function"], str(f["frame"]) if f["known"] else "?"]
                for f in k["path"]]
        ok(frames == want, "path of %s: %s, want %s" % (k["root"], frames,
                                                       want))
        for f in k["path"]:
            ok(not f["known"] or any(su.get((u, f["function"]), (None,))[0]
                                     == f["frame"] for u in st.UNITS),
               "%s: frame %d, GCC's .su %s" % (f["function"], f["frame"], [
                   su.get((u, f["function"])) for u in st.UNITS]))
    b.screenshot(os.path.join(ART, "stacks.png"))
    stack_diff(b, d, work)


def stack_diff(b, d, old):
    """The same fixture with -DDEEPER against it (tests/link/stack_diff.py
    checks those figures against GCC's): the diff page's stack table has
    every root of diff's JSON, with its old, new, delta and colour, and
    the stack growth limit."""
    import stack_truth as st
    new = os.path.join(d, "stack-new")
    os.makedirs(new)
    st.build(new, ["-DDEEPER"])
    args = ["diff", "--board", os.path.join(st.SRC, "board.yaml"),
            "--old-map", os.path.join(old, "fw.map"), "--new-map",
            os.path.join(new, "fw.map"), "--old-stack-usage",
            os.path.join(old, "obj"), "--new-stack-usage",
            os.path.join(new, "obj"), "--fail-on-growth", "64:stack",
            os.path.join(old, "fw.elf"), os.path.join(new, "fw.elf")]
    page = os.path.join(d, "stack-diff.html")
    mt.run([MEMFIT] + args + ["--format", "html", "-o", page], check=False)
    df = json.loads(mt.run([MEMFIT] + args + ["--format", "json"],
                           check=False).stdout)
    ok(ready(b, page), "stack diff page ready")
    fig = lambda x: "-" if x is None else \
        (">=" if x["lower_bound"] else "") + str(x["total"])
    ok(any(k["delta"] > 0 for k in df["stacks"]) and
       {k["change"] for k in df["stacks"]} >= {"added", "removed"},
       "the deeper build grows, adds and removes roots: %s" % df["stacks"])
    for k in df["stacks"]:
        row = b.js("var r = document.querySelector('#diff "
                   "tr[data-root=\"' + arguments[0] + '\"]');"
                   "return r ? [r.className, ...[...r.cells].map("
                   "c => c.textContent)] : null", k["root"])
        want = "grow" if k["delta"] > 0 else "shrink" if k["delta"] < 0 \
            else ""
        ok(row and row[1:7] == [k["root"], k["kind"], k["change"],
                                fig(k["old"]), fig(k["new"]),
                                ("+" if k["delta"] > 0 else "") +
                                str(k["delta"])] and row[0] == want and
           row[9] == ("yes" if k["exceeded"] else "no"),
           "stack diff %s: %s, JSON %s" % (k["root"], row, k))
    lim = b.js("return [...document.querySelectorAll('#diff table')]"
               ".filter(t => t.caption.textContent == 'Growth limits')"
               ".map(t => [...t.tBodies[0].rows[0].cells].map("
               "c => c.textContent))")
    ok(lim == [["64:stack", "the stack of every root",
                "yes" if df["failed"] else "no"]],
       "stack growth limit: %s" % lim)
    b.screenshot(os.path.join(ART, "stack-diff.png"))


ALIAS_C = """
__attribute__((section(".ccm"))) unsigned ccm_work[64];
__attribute__((section(".ccma"))) unsigned ccm_shared[256];
void Reset_Handler(void) { ccm_work[1] = ccm_shared[2]; for (;;); }
"""
# CCM SRAM linked through both of its windows, as on the STM32G474: the
# second section 4 KiB into the 0x20018000 view.
ALIAS_LD = """
MEMORY {
    FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 64K
    CCMRAM (rw) : ORIGIN = 0x10000000, LENGTH = 32K
    CCM_S (rw) : ORIGIN = 0x20018000, LENGTH = 32K
}
ENTRY(Reset_Handler)
SECTIONS {
    .text : { *(.text*) } > FLASH
    .ccm (NOLOAD) : { *(.ccm) } > CCMRAM
    .ccm_s 0x20019000 (NOLOAD) : { *(.ccma) } > CCM_S
}
"""
ALIAS_BOARD = """memfit: 1
board: alias-test
regions:
  - { name: FLASH, kind: flash, origin: 0x08000000, length: 64K }
  - name: CCMRAM
    kind: ram
    origin: 0x10000000
    length: 32K
    init: zero
    aliases: [ { origin: 0x20018000 } ]
"""


def aliases(b, d):
    """A region with an alias: both windows named on its bar, and a
    section linked through the alias drawn at its offset in the memory,
    not pushed to an end of the bar."""
    for name, text in (("alias.c", ALIAS_C), ("alias.ld", ALIAS_LD),
                       ("alias.yaml", ALIAS_BOARD)):
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    mt.run([mt.ARM_CC, "-mcpu=cortex-m4", "-mthumb", "-O1", "-nostdlib",
            "-o", "alias.elf", "alias.c", "-T", "alias.ld",
            "-Wl,-Map=alias.map"], cwd=d)
    args = ["size", "--board", "alias.yaml", "--map", "alias.map",
            "alias.elf"]
    mt.run([MEMFIT] + args + ["--format", "html", "-o", "alias.html"],
           cwd=d)
    rep = json.loads(mt.run([MEMFIT] + args + ["--format", "json"],
                            cwd=d).stdout)
    g = [r for r in rep["regions"] if r["name"] == "CCMRAM"][0]
    ok(g.get("aliases") == [{"origin": 0x20018000}], "aliases in the JSON "
       "report: %s" % g.get("aliases"))
    ok(ready(b, os.path.join(d, "alias.html")), "alias page ready")
    axis = b.js("return document.querySelector('.region[data-region="
                "\"CCMRAM\"] .axis').textContent")
    ok("also at 0x20018000" in axis, "alias on the axis: %s" % axis)
    for s in g["sections"]:
        base = 0x20018000 if s["address"] >= 0x20018000 else 0x10000000
        want = 100.0 * (s["address"] - base) / g["length"]
        got = b.js("var e = document.querySelector('.region[data-region="
                   "\"CCMRAM\"] .sec[data-section=\"' + arguments[0] + "
                   "'\"]'); return e && [parseFloat(e.style.left), "
                   "e.title]", s["name"])
        ok(got and abs(got[0] - want) < 0.01 and
           ("alias" in got[1]) == (base != 0x10000000),
           "%s at %.2f %% of CCMRAM: %s" % (s["name"], want, got))
    ok(len(g["sections"]) == 2, "two CCM sections: %s" % g["sections"])


def main():
    shot = os.path.join(ART, "example.png")
    if sys.argv[1:2] == ["--screenshot"]:
        shot = os.path.abspath(sys.argv[2])
    if shutil.which(mt.ARM_CC) is None:
        print("SKIP: no %s" % mt.ARM_CC)
        return 77
    if webdriver.missing():
        print("SKIP: no %s (Debian: chromium chromium-driver)" %
              webdriver.missing())
        return 77
    os.makedirs(ART, exist_ok=True)
    os.environ["MEMFIT_DATA_DIR"] = ROOT
    t = time.monotonic()
    with tempfile.TemporaryDirectory() as d, \
            webdriver.Browser(1000, 1180) as b:
        example(b, d, shot)
        findings(b, d)
        diff(b, d)
        looks(b, d)
        stacks(b, d)
        aliases(b, d)
    print("html_report: %s in %.1f s" % (
        "%d failed" % len(fails) if fails else "ok", time.monotonic() - t))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

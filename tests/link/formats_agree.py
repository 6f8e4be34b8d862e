#!/usr/bin/python3
"""The table, JSON, CSV and Markdown of one memfit run agree on every number.

usage: formats_agree.py COMMAND ARG...    (run in the inputs' directory)

Runs `memfit COMMAND ARG... --format F` for F in table (--ascii), json,
csv and markdown, parses each output on its own, and compares what they
say: for size and check, every region's used, remain, length and used %,
every section's size and % (and the padding row), every breakdown row's
size and % (and a symbol's address), and for check every finding's rule,
severity and line; for diff, every region's old, new and delta of used,
used % and remain, and every breakdown change. JSON percentages are
recomputed from bytes too. A length that is unknown (JSON null, an empty
CSV cell, "-" or a column left out) leaves remain and every % unknown.
With --archives, the table of archives across regions too: each row's
total and the sums (every format), and each row's bytes per region (all
but CSV, which has only the totals). Prints "agree: ..." with what was compared, or
each disagreement; exit status 1 on any.
"""

import csv
import decimal
import io
import json
import os
import re
import subprocess
import sys

ROOT = os.environ.get("ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
MEMFIT = os.environ.get("MEMFIT") or os.path.join(ROOT, "memfit")
D = decimal.Decimal
KINDS = ("archives", "objects", "symbols")


def run(args, fmt):
    extra = ["--ascii"] if fmt == "table" and args[0] != "check" else []
    out = subprocess.run([MEMFIT] + args + ["--format", fmt] + extra,
                         stdout=subprocess.PIPE, check=False)
    if out.returncode not in (0, 1):
        sys.exit("memfit %s --format %s: exit %d" %
                 (" ".join(args), fmt, out.returncode))
    return out.stdout.decode("utf-8")


def pct(used, length):
    """memfit's usage_hundredths as a Decimal percentage; None for an
    unknown length."""
    if length is None:
        return None
    return D((used * 20000 // length + 1) // 2) / 100 if length else D(0)


def num(s):
    s = s.strip().replace("*", "")
    return None if s in ("", "-") else D(s)


def remain(used, length):
    return None if length is None else max(0, length - used)


def cell(c, i):
    """Column I of a row as a number; None when empty, "-" or left out."""
    return num(c[i]) if i < len(c) else None


def box_rows(text):
    """(title, cells) for each body row of each ASCII box table."""
    title, rows, in_body = None, [], False
    for line in text.splitlines():
        if line.startswith("+"):
            in_body = in_body or False
            continue
        if not line.startswith("|"):
            title, in_body = line.strip(), False
            continue
        cells = [c.rstrip() for c in line.split("|")[1:-1]]
        if not in_body:
            in_body = True          # the head row
            continue
        rows.append((title, cells))
    return rows


def md_rows(text):
    """(heading, cells) for each body row of each Markdown table."""
    heading, rows, seen_rule = None, [], False
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip().replace("\\", "")
        if not line.startswith("|"):
            seen_rule = False
            continue
        if line.startswith("|:"):
            seen_rule = True
            continue
        if seen_rule:
            cells = [c.strip().strip("`").replace("\\", "")
                     for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append((heading, cells))
    return rows


class Facts:
    """What one format says, as comparable sets."""

    def __init__(self):
        self.regions, self.sections, self.items, self.findings = \
            set(), set(), set(), set()
        self.cross_totals, self.cross_cells = set(), set()

    def all(self):
        """What there is to compare; None where a format cannot say."""
        return {"regions": self.regions, "sections": self.sections,
                "items": self.items, "findings": self.findings,
                "cross totals": self.cross_totals,
                "cross cells": self.cross_cells}


def cross_grid(f, head, rows):
    """The archives across regions from a grid: HEAD names the columns
    (Archive, regions..., Total), the last row is the sums."""
    for c in rows:
        name = "" if c is rows[-1] else c[0]
        f.cross_totals.add((name, int(c[-1])))
        for region, v in zip(head[1:-1], c[1:-1]):
            f.cross_cells.add((name, region, int(v)))


def report_json(text):
    doc, f = json.loads(text, parse_float=D), Facts()
    for g in doc["regions"]:
        jp = None if g["percent"] is None else D(g["percent"])
        if pct(g["used"], g["length"]) != jp or (
                g["free"] != remain(g["used"], g["length"])):
            sys.exit("json: %s percent %s free %s" % (
                g["name"], g["percent"], g["free"]))
        f.regions.add((g["name"], g["used"], remain(g["used"], g["length"]),
                       g["length"], pct(g["used"], g["length"])))
        for s in g["sections"]:
            f.sections.add((g["name"], s["name"], s["size"],
                            pct(s["size"], g["length"])))
        if g["padding"]:
            f.sections.add((g["name"], "(alignment and gaps)", g["padding"],
                            pct(g["padding"], g["length"])))
        for k in KINDS:
            for it in g.get(k, []):
                f.items.add((k, g["name"], it["name"], it["size"],
                             pct(it["size"], g["length"]),
                             it.get("address")))
    for x in doc["findings"]:
        f.findings.add((x["rule"], x["severity"], x["waived"], x["line"]))
    x = doc.get("archive_totals")
    for row in x["rows"] + [{"name": "", "regions": x["sums"],
                             "total": x["total"]}] if x else []:
        f.cross_totals.add((row["name"], row["total"]))
        for region, v in row["regions"].items():
            f.cross_cells.add((row["name"], region, v))
    return f


def report_csv(text):
    f = Facts()
    for r in csv.DictReader(io.StringIO(text, newline="")):
        t = r["type"]
        if t == "region":
            length = int(r["length"]) if r["length"] else None
            f.regions.add((r["name"], int(r["used"]), num(r["free"]),
                           length, num(r["percent"])))
            if int(r["padding"]):
                f.sections.add((r["name"], "(alignment and gaps)",
                                int(r["padding"]),
                                pct(int(r["padding"]), length)))
        elif t == "section" and r["region"]:
            f.sections.add((r["region"], r["name"], int(r["size"]),
                            num(r["percent"])))
        elif t in ("archive", "object", "symbol"):
            f.items.add((t + "s", r["region"], r["name"], int(r["size"]),
                         num(r["percent"]), int(r["address"], 16)
                         if r["address"] else None))
        elif t == "archive_total":
            f.cross_totals.add((r["name"], int(r["size"])))
        elif t == "archive_sum" and not r["region"]:
            f.cross_totals.add(("", int(r["size"])))
        elif t == "finding":
            f.findings.add((r["rule"], r["severity"], r["waived"] == "true",
                            int(r["line"]) if r["line"] else None))
    f.cross_cells = None
    return f


def report_md(text):
    f = Facts()
    m = re.search(r"^### Archives in all regions\n\n(\|.*\|)\n\|:.*\n"
                  r"((?:\|.*\n?)+)", text, re.M)
    if m:
        grid = [[x.strip().strip("`").replace("\\", "")
                 for x in re.split(r"(?<!\\)\|", line)[1:-1]]
                for line in [m.group(1)] + m.group(2).splitlines()]
        cross_grid(f, grid[0], grid[1:])
    for head, c in md_rows(text):
        if head == "Archives in all regions":
            continue
        if head.startswith("memfit") or head == "Regions":
            free = cell(c, 4)
            f.regions.add((c[0], int(c[1]), None if free is None else
                           max(0, free), cell(c, 5), cell(c, 2)))
        elif head == "Sections":
            f.sections.add((c[0], c[1].replace("` (load image)", ""),
                            int(c[3]), cell(c, 4)))
        elif " in " in head:
            k, region = head.split(" in ", 1)
            f.items.add((k.lower(), region, c[0], int(c[1]), cell(c, 2),
                         int(c[3], 16) if len(c) > 3 else None))
    for m in re.finditer(r"^- \*\*(waived )?(\w+)\*\* `([^`]+)`"
                         r"(?: at `[^`]*:(\d+)`)?", text, re.M):
        f.findings.add((m.group(3), m.group(2), bool(m.group(1)),
                        int(m.group(4)) if m.group(4) else None))
    return f


def size_table(text, f, lengths):
    """Without any length, the summary has no %, remain or total columns
    and a breakdown no % column."""
    region = None
    m = re.search(r"^ *Archives in all regions\n((?:[+|].*\n)+)", text,
                  re.M)
    if m:
        grid = [[x.strip() for x in line.split("|")[1:-1]]
                for line in m.group(1).splitlines() if line[0] == "|"]
        cross_grid(f, grid[0], grid[1:])
    for title, c in box_rows(text):
        if title == "Archives in all regions":
            continue
        if title == "Memory Usage Summary" and not c[0].startswith("   "):
            region = c[0].strip()
            free = cell(c, 3)
            f.regions.add((region, int(c[1]), None if free is None else
                           max(0, free), cell(c, 4), cell(c, 2)))
        elif title == "Memory Usage Summary":
            f.sections.add((region, c[0].strip().replace(" (load image)",
                                                         ""),
                            int(c[1]), cell(c, 2)))
        else:
            k, reg = title.split(" in ", 1)
            addr = [x for x in c[2:] if x.strip().startswith("0x")]
            f.items.add((k.lower(), reg, c[0].strip(), int(c[1]),
                         None if c[2].strip().startswith("0x") else
                         cell(c, 2), int(addr[0], 16) if addr else None))


def check_table(text, f, doc):
    """check's text: findings as file:line: severity: ... [rule], then a
    plain usage table (no sections, so those are taken from the JSON)."""
    for m in re.finditer(r"^(?:[^:\n]*:(\d+): |[^:\n]*: )(error|warning|"
                         r"note): .* \[([a-z-]+)\]", text, re.M):
        sev, waived = m.group(2), m.group(2) == "note"
        if waived:
            sev = next(x["severity"] for x in doc["findings"]
                       if x["rule"] == m.group(3) and x["waived"])
        f.findings.add((m.group(3), sev, waived,
                        int(m.group(1)) if m.group(1) else None))
    for m in re.finditer(r"^(\S+) +(\d+) +(\d+) +([\d.]+)% +(\d+)  \S+$",
                         text, re.M):
        f.regions.add((m.group(1), int(m.group(2)), int(m.group(3)),
                       int(m.group(5)), D(m.group(4))))


def report_table(text, args, json_text):
    f = Facts()
    if args[0] == "check":
        check_table(text, f, json.loads(json_text))
        j = report_json(json_text)
        f.sections, f.items = j.sections, j.items
    else:
        size_table(text, f, None)
    return f


def diff_json(text):
    doc, f = json.loads(text, parse_float=D), Facts()
    for g in doc["regions"]:
        o, n = g["old"] or {}, g["new"] or {}
        f.regions.add((g["name"], o.get("used"), n.get("used"),
                       g["delta"]["used"], o.get("percent"),
                       n.get("percent"), g["delta"]["percent"],
                       o.get("free"), n.get("free"), g["delta"]["free"]))
    for k in KINDS:
        for it in doc[k] or []:
            f.items.add((k, it["region"], it["name"], it["old"], it["new"],
                         it["delta"]))
    return f


def diff_cells(f, name, c):
    f.regions.add((re.sub(r" \((added|removed)\)$", "", name),
                   num(c[0]), num(c[1]), num(c[2]), num(c[3]), num(c[4]),
                   num(c[5]), num(c[6]), num(c[7]), num(c[8])))


def diff_csv(text):
    f = Facts()
    for r in csv.DictReader(io.StringIO(text, newline="")):
        if r["type"] == "region":
            diff_cells(f, r["name"], [r[k] for k in (
                "old", "new", "delta", "old_percent", "new_percent",
                "delta_percent", "old_free", "new_free", "delta_free")])
        elif r["type"] in ("archive", "object", "symbol"):
            f.items.add((r["type"] + "s", r["region"], r["name"],
                         num(r["old"]), num(r["new"]), num(r["delta"])))
    return f


def diff_items(f, title, c):
    kind = {"archive": "archives", "object file": "objects",
            "symbol": "symbols"}[re.match(r"Largest (.*) changes",
                                          title).group(1)]
    c = [x.strip() for x in c]
    f.items.add((kind, c[0], c[1], num(c[-3]), num(c[-2]), num(c[-1])))


def diff_md(text):
    f = Facts()
    for head, c in md_rows(text):
        if head == "memfit diff":
            diff_cells(f, c[0], c[1:10])
        else:
            diff_items(f, head, c)
    return f


def diff_table(text):
    f = Facts()
    for title, c in box_rows(text):
        if title == "Memory Usage Diff":
            diff_cells(f, c[0].strip(), [x.strip() for x in c[1:10]])
        else:
            diff_items(f, title, c)
    return f


def main(args):
    if not args:
        sys.stderr.write("usage: formats_agree.py COMMAND ARG...\n")
        return 2
    out = {fmt: run(args, fmt) for fmt in ("table", "json", "csv",
                                           "markdown")}
    if args[0] == "diff":
        facts = {"table": diff_table(out["table"]),
                 "json": diff_json(out["json"]), "csv": diff_csv(out["csv"]),
                 "markdown": diff_md(out["markdown"])}
    else:
        facts = {"table": report_table(out["table"], args, out["json"]),
                 "json": report_json(out["json"]),
                 "csv": report_csv(out["csv"]),
                 "markdown": report_md(out["markdown"])}
    bad = 0
    ref = facts["json"].all()
    for fmt in ("table", "csv", "markdown"):
        for what, rows in facts[fmt].all().items():
            if rows is not None and rows != ref[what]:
                bad += 1
                print("%s %s differ from json:\n  only %s: %s\n  only json:"
                      " %s" % (fmt, what, fmt, sorted(rows - ref[what],
                                                      key=str),
                               sorted(ref[what] - rows, key=str)))
    if not bad:
        print("agree: memfit %s: %s" % (" ".join(args), ", ".join(
            "%d %s" % (len(v), k) for k, v in ref.items() if v)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""Check memfit's HTML reports without a browser.

usage: html_check.py [--any-order] FILE.html [JSON...]

FILE must be:
  - well formed: every element closed in order (void elements aside),
    nothing left open, one <html>, <head> and <body>;
  - self-contained: no src= or href= but "#..." or "data:", no <link>,
    <iframe>, <object> or <embed>, no "http:" or "https:" anywhere, and
    a Content-Security-Policy meta that allows no fetch (default-src
    'none');
  - carrying its data as JSON in <script type="application/json"> with
    the ids memfit-data (and for a diff memfit-old, memfit-diff), whose
    text has no '<' at all.
Each report embedded (memfit-data, memfit-old) must have its sections'
inputs (the treemap's archives and objects in a section; written for the
page only) add up to each section and, over a region, to its archives and
objects tables. Then, without them, each JSON given is compared with the
embedded documents in order
(memfit-data, then memfit-old, then memfit-diff): equal as JSON values;
with --any-order, lists are compared as multisets and a JSON's
archive_totals is not looked for (diff builds its reports with every
breakdown, unsorted and without that table, which size --archives adds).

Prints "html ok: FILE (N elements, M bytes of data)" or each problem, and
exits 1 on any. Also a module: check(path) returns (problems, {id: doc}).
"""
import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FORBIDDEN = {"link", "iframe", "object", "embed", "img", "audio", "video",
             "frame", "base"}
CSP = ("default-src 'none'; script-src 'unsafe-inline'; "
       "style-src 'unsafe-inline'; img-src data:")


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.count = [], [], 0
        self.seen, self.scripts, self.csp = {}, {}, None
        self.script = None

    def where(self):
        return "line %d" % self.getpos()[0]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.count += 1
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag in FORBIDDEN:
            self.problems.append("%s: <%s>" % (self.where(), tag))
        for k in ("src", "href", "action", "poster", "srcset"):
            v = a.get(k)
            if v is not None and not (v.startswith("#") or
                                      v.startswith("data:")):
                self.problems.append("%s: %s=%r" % (self.where(), k, v))
        if tag == "meta" and a.get("http-equiv") == \
                "Content-Security-Policy":
            self.csp = a.get("content")
        if tag == "script":
            self.script = a.get("id") if a.get("type") == \
                "application/json" else None
            if "src" in a:
                self.problems.append("%s: script src" % self.where())
        if tag not in VOID:
            self.stack.append((tag, self.where()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append("%s: </%s> closes %s" % (
                self.where(), tag, self.stack[-1] if self.stack else
                "nothing"))
            return
        self.stack.pop()
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.scripts[self.script] = self.scripts.get(self.script,
                                                         "") + data


def check(path):
    text = open(path, encoding="utf-8").read()
    c = Checker()
    c.feed(text)
    c.close()
    p = c.problems
    if c.stack:
        p.append("left open: %s" % ", ".join("<%s> (%s)" % s
                                             for s in c.stack))
    for tag in ("html", "head", "body", "title"):
        if c.seen.get(tag) != 1:
            p.append("%d <%s>" % (c.seen.get(tag, 0), tag))
    if not text.startswith("<!DOCTYPE html>"):
        p.append("no <!DOCTYPE html> first")
    if re.search(r"https?:", text):
        p.append("names http(s): %r" % re.search(r".{0,30}https?:.{0,30}",
                                                 text).group(0))
    if c.csp != CSP:
        p.append("Content-Security-Policy is %r" % c.csp)
    docs = {}
    for sid, body in c.scripts.items():
        if "<" in body:
            p.append("%s holds a '<'" % sid)
        try:
            docs[sid] = json.loads(body)
        except ValueError as e:
            p.append("%s is not JSON: %s" % (sid, e))
    if "memfit-data" not in docs:
        p.append("no memfit-data")
    return p, docs, c.count


def inputs_agree(doc, sid):
    """Each section's inputs (the treemap's archive and object levels) add
    up to the section, and over a region's sections to its archives and
    objects tables. Returns the problems, and takes the inputs out of DOC
    so that it compares with a JSON report written without them."""
    p = []
    for g in doc.get("regions", []):
        arch, obj, seen = {}, {}, False
        for s in g.get("sections", []):
            rows = s.pop("inputs", None)
            if rows is None:
                continue
            seen = True
            if sum(x["size"] for x in rows) != s["size"]:
                p.append("%s %s %s: inputs %d bytes, section %d" % (
                    sid, g["name"], s["name"],
                    sum(x["size"] for x in rows), s["size"]))
            for x in rows:
                arch[x["archive"]] = arch.get(x["archive"], 0) + x["size"]
                obj[x["object"]] = obj.get(x["object"], 0) + x["size"]
        for key, got in (("archives", arch), ("objects", obj)):
            want = {x["name"]: x["size"] for x in g.get(key, [])}
            if seen and key in g and got != want:
                p.append("%s %s: inputs by %s %s, table %s" % (
                    sid, g["name"], key[:-1], sorted(got.items()),
                    sorted(want.items())))
    return p


def unordered(v, drop=()):
    if isinstance(v, dict):
        return {k: unordered(x) for k, x in v.items() if k not in drop}
    if isinstance(v, list):
        return sorted((unordered(x) for x in v),
                      key=lambda x: json.dumps(x, sort_keys=True))
    return v


def main(argv):
    norm = lambda v, drop=(): v
    if argv[1:2] == ["--any-order"]:
        norm = unordered
        argv = argv[:1] + argv[2:]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    problems, docs, count = check(argv[1])
    for sid in ("memfit-data", "memfit-old"):
        if sid in docs:
            problems += inputs_agree(docs[sid], sid)
    order = [i for i in ("memfit-data", "memfit-old", "memfit-diff")
             if i in docs]
    for sid, jpath in zip(order, argv[2:]):
        with open(jpath) as f:
            want = json.load(f)
        # check --json beside --format html writes the same report.
        problems += inputs_agree(want, jpath)
        if norm(want, ("archive_totals",)) != norm(docs[sid]):
            problems.append("%s differs from %s" % (sid, jpath))
    if len(argv) - 2 > len(order):
        problems.append("%d JSON given, %d embedded" % (len(argv) - 2,
                                                        len(order)))
    for p in problems:
        print("html: %s: %s" % (argv[1], p))
    if problems:
        return 1
    print("html ok: %s (%d elements, %s)" % (argv[1], count, ", ".join(
        "%s %s" % (i, docs[i].get("kind")) for i in order)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

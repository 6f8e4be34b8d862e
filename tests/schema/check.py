#!/usr/bin/python3
"""Check the board-file JSON Schema against the shipped boards and fixtures.

Cases, one output line each:
  schema      schemas/board.schema.json is a valid draft-07 schema
  valid       each boards/*.yaml validates against the schema
  id          each shipped board's id equals its file name
  sources     each region of a shipped board has a comment naming a source
              (on its origin: or length: line, or on the line above it)
  consistent  each shipped board passes the cross-field checks the schema
              cannot express (overlaps, declared masters, reservations...)
  invalid     each fixtures/boards/schema-invalid/*.yaml starts with a
              comment saying what is wrong, names the expected error
              location in a "# error-at: /json/pointer" line, and fails
              validation there and nowhere else
  schema-id   each schemas/*.json has a $id, an https URL ending in its
              file name, and no two the same
  modeline    each shipped board and each examples/*/board.yaml starts
              with "# yaml-language-server: $schema=" and the board schema
              where make install puts it by default, so a copy of the
              file keeps it (make install with another PREFIX rewrites
              the line in the boards it installs)

The last line is "N passed, N failed"; the exit status is 1 on any failure.
Run with /usr/bin/python3 (python3-jsonschema, python3-yaml).
"""

import glob
import json
import os
import re
import sys

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "schemas", "board.schema.json")
BOARDS = os.path.join(ROOT, "boards")
INVALID = os.path.join(ROOT, "fixtures", "boards", "schema-invalid")

# What counts as naming a source in a comment: a manual, a datasheet
# section, a vendor header, linker script or device tree, or a project.
SOURCE_RE = re.compile(
    r"\b(RM\d{4}|AN\d{4}|TRM|datasheet|Product Specification|PS|CMSIS|"
    r"Zephyr|libopencm3|esp-idf|pico-sdk|nrfx|ArduPilot|"
    r"Reference Manual|Generic User Guide|section \d)\b|"
    r"[\w./-]+\.(h|ld|dtsi|S|s|c|icf|py)\b")

SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def case(self, name, problems):
        if problems:
            self.failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("     %s" % p)
        else:
            self.passed += 1
            print("ok   %s" % name)


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys, as memfit does."""


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def rel(path):
    return os.path.relpath(path, ROOT)


def load(path):
    """Return (document, text, error)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return yaml.load(text, Loader=StrictLoader), text, None
    except yaml.YAMLError as e:
        return None, text, "YAML: %s" % str(e).replace("\n", " ")


def pointer(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def schema_errors(validator, doc):
    out = []
    for e in sorted(validator.iter_errors(doc), key=lambda e: pointer(e)):
        out.append((pointer(e), e.message))
    return out


def size(v):
    """Bytes for a size (int or "128K"); None when malformed."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if not isinstance(v, str):
        return None
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|0|[1-9][0-9]*)([KMG]?)", v)
    if m is None:
        return None
    return int(m.group(1), 0) * SUFFIX[m.group(2)]


def threshold(v, length):
    """Bytes for a budget threshold, or None."""
    if isinstance(v, str) and v.endswith("%"):
        return int(float(v[:-1]) * length / 100)
    return size(v)


def consistency(b):
    """Cross-field rules of memfit-board(5) that JSON Schema cannot express."""
    problems = []
    masters = set(b.get("dma_masters", []))
    regions = b["regions"]
    byname = {}
    spans = []  # (start, end, what, is_alias)

    def known(lst, where):
        for m in lst or []:
            if m not in masters:
                problems.append("%s: master %s is not in dma_masters" %
                                (where, m))

    bits = b.get("address_bits", 32)
    defaults = {"ram": 0, "flash": 0}
    for r in regions:
        name = r["name"]
        if name in byname:
            problems.append("duplicate region name %s" % name)
        byname[name] = r
        origin, length = size(r["origin"]), size(r["length"])
        if origin + length > 1 << bits:
            problems.append("%s: ends past the %d-bit address space" %
                            (name, bits))
        # A region that shares another's addresses is the one exception,
        # declared: its output sections say which is which.
        if "shares" not in r:
            spans.append((origin, origin + length, name, False))
        known(r.get("dma"), name)
        for i, a in enumerate(r.get("aliases", [])):
            ao = size(a["origin"])
            if ao + length > 1 << bits:
                problems.append("%s alias %d: ends past the %d-bit address "
                                "space" % (name, i, bits))
            spans.append((ao, ao + length, "%s alias %d" % (name, i), True))
            known(a.get("dma"), "%s alias %d" % (name, i))
            if ao == origin:
                problems.append("%s: alias at the region's own origin" %
                                name)
        if r.get("default"):
            defaults[r["kind"]] += 1
        budget = r.get("budget")
        if budget is not None:
            if not isinstance(budget, dict):
                budget = {"error": budget}
            got = {k: threshold(v, length) for k, v in budget.items()}
            for k, v in got.items():
                if v > length:
                    problems.append("%s: budget %s is larger than the region"
                                    % (name, k))
            if "warn" in got and "error" in got and got["warn"] > got["error"]:
                problems.append("%s: budget warn is above error" % name)
    for kind, n in defaults.items():
        if n > 1:
            problems.append("more than one default %s region" % kind)

    # Shipped boards are held to more than the format: aliases must not
    # overlap anything either, so every address means one thing.
    spans.sort()
    for (s1, e1, w1, _), (s2, e2, w2, _) in zip(spans, spans[1:]):
        if s2 < e1:
            problems.append("%s [0x%x, 0x%x) overlaps %s [0x%x, 0x%x)" %
                            (w1, s1, e1, w2, s2, e2))

    for i, rule in enumerate(b.get("dma_buffers", [])):
        known(rule.get("masters"), "dma_buffers %d" % i)

    used = {}
    for what in ("stack", "heap"):
        res = b.get(what)
        if res is None:
            continue
        r = byname.get(res["region"])
        if r is None:
            problems.append("%s: no region %s" % (what, res["region"]))
            continue
        if r["kind"] != "ram":
            problems.append("%s: region %s is not ram" % (what, r["name"]))
        before = used.get(r["name"], 0)
        used[r["name"]] = before + size(res["size"])
        if used[r["name"]] > size(r["length"]):
            problems.append("%s%s: does not fit in %s" %
                            ("stack + " if before else "", what, r["name"]))
    if not any(r["kind"] == "ram" for r in regions):
        problems.append("no ram region")
    if not any(r["kind"] == "flash" for r in regions):
        problems.append("no flash region")
    return problems


def region_items(lines):
    """Yield (first, last) line indexes of each item of the regions list."""
    start = None
    for i, line in enumerate(lines):
        if re.match(r"regions:\s*(#.*)?$", line):
            start = i + 1
            break
    if start is None:
        return
    end = len(lines)
    for i in range(start, len(lines)):
        if re.match(r"[A-Za-z_]", lines[i]):
            end = i
            break
    indent = None
    firsts = []
    for i in range(start, end):
        m = re.match(r"( *)- ", lines[i])
        if m is None:
            continue
        if indent is None:
            indent = len(m.group(1))
        if len(m.group(1)) == indent:
            firsts.append(i)
    for n, first in enumerate(firsts):
        last = firsts[n + 1] - 1 if n + 1 < len(firsts) else end - 1
        yield first, last, indent


def comment_of(line):
    """The comment part of a line, ignoring '#' inside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i + 1:].strip()
    return None


def sources(text):
    lines = text.split("\n")
    problems = []
    if not lines or not lines[0].startswith("#"):
        problems.append("no comment block at the top of the file")
    items = list(region_items(lines))
    if not items:
        problems.append("no regions list found")
    for first, last, indent in items:
        m = re.search(r"name:\s*([A-Za-z_][A-Za-z0-9_]*)", lines[first])
        name = m.group(1) if m else "line %d" % (first + 1)
        candidates = []
        if first > 0:
            c = comment_of(lines[first - 1])
            if c is not None and lines[first - 1].lstrip().startswith("#"):
                candidates.append(c)
        for i in range(first, last + 1):
            line = lines[i]
            body = line[:len(line) - len(line.lstrip())]
            if i > first and len(body) > indent + 2:
                continue  # deeper: aliases and their origins
            if re.search(r"(^|[\s{,-])(origin|length)\s*:", line):
                c = comment_of(line)
                if c is not None:
                    candidates.append(c)
        if not any(SOURCE_RE.search(c) for c in candidates):
            problems.append("region %s (line %d): no comment naming a source "
                            "on its origin:/length: line or directly above"
                            % (name, first + 1))
    return problems


MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)$")


def schema_ids():
    """(case name, problems) for each schemas/*.json's $id."""
    seen = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "schemas", "*.json"))):
        with open(path, encoding="utf-8") as f:
            sid = json.load(f).get("$id")
        name = os.path.basename(path)
        if not isinstance(sid, str) or not sid.startswith("https://") or \
                not sid.endswith("/" + name):
            problems = ["$id %r is not an https URL ending in /%s" %
                        (sid, name)]
        elif sid in seen:
            problems = ["$id %s is %s's too" % (sid, seen[sid])]
        else:
            problems = []
        seen[sid] = name
        yield "schema-id   %s" % rel(path), problems


def installed_schema():
    """The board schema under the Makefile's default DATADIR."""
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as f:
        prefix = re.search(r"^prefix\s*\?=\s*(\S+)", f.read(), re.M).group(1)
    return prefix + "/share/memfit/schemas/board.schema.json"


INSTALLED_SCHEMA = installed_schema()


def modeline(text):
    """The first line names the installed board schema."""
    m = MODELINE.match(text.split("\n", 1)[0])
    if m is None:
        return ["first line is not '# yaml-language-server: $schema=PATH'"]
    if m.group(1) != INSTALLED_SCHEMA:
        return ["$schema=%s, not %s" % (m.group(1), INSTALLED_SCHEMA)]
    return []


def man_example(validator, path):
    """Validate the first literal display of the EXAMPLES section."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^\.Sh EXAMPLES\n.*?^\.Bd -literal[^\n]*\n(.*?)^\.Ed",
                  text, re.M | re.S)
    if m is None:
        return ["no literal display in EXAMPLES"]
    example = m.group(1).replace("\\&", "").replace("\\e", "\\")
    try:
        doc = yaml.load(example, Loader=StrictLoader)
    except yaml.YAMLError as e:
        return ["YAML: %s" % str(e).replace("\n", " ")]
    problems = ["%s: %s" % e for e in schema_errors(validator, doc)]
    return problems or consistency(doc)


def main():
    res = Results()
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        res.case("schema      %s" % rel(SCHEMA), [])
    except jsonschema.SchemaError as e:
        res.case("schema      %s" % rel(SCHEMA), [e.message])
        print("%d passed, %d failed" % (res.passed, res.failed))
        return 1
    validator = jsonschema.Draft7Validator(schema)

    boards = sorted(glob.glob(os.path.join(BOARDS, "*.yaml")))
    if not boards:
        res.case("valid       boards/*.yaml", ["no shipped boards found"])
    for path in boards:
        doc, text, err = load(path)
        if err:
            res.case("valid       %s" % rel(path), [err])
            continue
        errs = schema_errors(validator, doc)
        res.case("valid       %s" % rel(path),
                 ["%s: %s" % e for e in errs])
        stem = os.path.splitext(os.path.basename(path))[0]
        got = doc.get("board") if isinstance(doc, dict) else None
        res.case("id          %s" % rel(path),
                 [] if got == stem else
                 ["board id %r does not match the file name" % (got,)])
        res.case("sources     %s" % rel(path), sources(text))
        res.case("modeline    %s" % rel(path), modeline(text))
        if not errs:
            res.case("consistent  %s" % rel(path), consistency(doc))

    # The complete board in the manual's EXAMPLES must stay valid.
    man = os.path.join(ROOT, "man", "memfit-board.5")
    if os.path.exists(man):
        res.case("example     %s" % rel(man), man_example(validator, man))

    fixtures = sorted(glob.glob(os.path.join(INVALID, "*.yaml")))
    if not fixtures:
        res.case("invalid     %s/*.yaml" % rel(INVALID),
                 ["no fixtures found"])
    for path in fixtures:
        doc, text, err = load(path)
        problems = []
        lines = text.split("\n")
        if not lines[0].startswith("# "):
            problems.append("first line must be a comment saying what is "
                            "wrong")
        m = re.search(r"^# error-at: (\S+)$", text, re.M)
        if m is None:
            problems.append("no '# error-at: /pointer' line")
        if err:
            problems.append("fixture is not valid YAML: %s" % err)
        elif m is not None:
            errs = schema_errors(validator, doc)
            where = sorted(set(p for p, _ in errs))
            if not errs:
                problems.append("schema accepted it")
            elif where != [m.group(1)]:
                problems.append("errors at %s, expected only at %s" %
                                (", ".join(where), m.group(1)))
                problems.extend("%s: %s" % e for e in errs)
        res.case("invalid     %s" % rel(path), problems)

    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*",
                                              "board.yaml"))):
        with open(path, encoding="utf-8") as f:
            res.case("modeline    %s" % rel(path), modeline(f.read()))
    for name, problems in schema_ids():
        res.case(name, problems)

    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())

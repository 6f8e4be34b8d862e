#!/usr/bin/python3
"""Check memfit diff JSON documents against schemas/diff.schema.json.

usage: check_diff.py FILE...

Each FILE must be the output of `memfit diff --format json` that:
  - is UTF-8 JSON without duplicate keys, NaN or Infinity;
  - validates against the draft-07 schema, keys in the schema's order;
  - is consistent where the schema cannot say so: free and percent of each
    side, every delta (NEW - OLD, a missing side counting 0), change names,
    breakdown rows ranked by absolute delta, each stack root's headroom,
    and "failed" agreeing with the limits, the regions and the stacks.

stdout has one line per file ("ok   FILE" or "FAIL FILE: first problem"),
then "N passed, N failed"; every problem goes to stderr. Exit status 1 if
any file failed, 2 on a usage error. Run with /usr/bin/python3.
"""

import decimal
import json
import os
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_report import load, order_problems  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "schemas", "diff.schema.json")


def hundredths(used, length):
    """usage_hundredths: used * 100 / length, half up, 0 for no length."""
    return (used * 20000 // length + 1) // 2 if length else 0


def as_hundredths(value):
    h = decimal.Decimal(value) * 100
    return int(h) if h == int(h) else None


def side_problems(where, side):
    problems = []
    if side is None:
        return problems
    if side["length"] is None:
        if side["free"] is not None or side["percent"] is not None:
            problems.append("%s: free and percent must be null with a "
                            "null length" % where)
        return problems
    if side["free"] != side["length"] - side["used"]:
        problems.append("%s/free: %d, expected length - used" %
                        (where, side["free"]))
    if as_hundredths(side["percent"]) != hundredths(side["used"],
                                                   side["length"]):
        problems.append("%s/percent: %s, expected %s" % (
            where, side["percent"],
            decimal.Decimal(hundredths(side["used"], side["length"])) / 100))
    return problems


def change_name(old, new, delta):
    if old is None:
        return "added"
    if new is None:
        return "removed"
    return "grown" if delta > 0 else "shrunk" if delta < 0 else "same"


def region_problems(i, g):
    where = "/regions/%d" % i
    old, new = g["old"], g["new"]
    problems = side_problems(where + "/old", old) + \
        side_problems(where + "/new", new)
    zero = {"used": 0, "free": 0, "percent": 0, "length": 0}
    o, n = old or zero, new or zero
    want = {"used": n["used"] - o["used"]}
    if o["length"] is None or n["length"] is None:
        if g["delta"]["free"] is not None or \
                g["delta"]["percent"] is not None:
            problems.append("%s/delta: free and percent must be null "
                            "when a side has no length" % where)
    else:
        want["free"] = n["free"] - o["free"]
        want["percent"] = decimal.Decimal(n["percent"]) - \
            decimal.Decimal(o["percent"])
    for key, value in want.items():
        if decimal.Decimal(g["delta"][key]) != value:
            problems.append("%s/delta/%s: %s, expected %s" %
                            (where, key, g["delta"][key], value))
    if old is None and new is None:
        problems.append("%s: in neither build" % where)
    if g["change"] != change_name(old, new, want["used"]):
        problems.append("%s/change: %s" % (where, g["change"]))
    return problems


def changes_problems(doc, kind):
    rows = doc[kind]
    problems = []
    if rows is None:
        return problems
    for i, r in enumerate(rows):
        where = "/%s/%d" % (kind, i)
        delta = (r["new"] or 0) - (r["old"] or 0)
        if r["delta"] != delta or delta == 0:
            problems.append("%s/delta: %d, expected %d (and not 0)" %
                            (where, r["delta"], delta))
        if r["change"] != change_name(r["old"], r["new"], delta):
            problems.append("%s/change: %s" % (where, r["change"]))
        if kind != "symbols" and r["object"] is not None:
            problems.append("%s/object: only symbols have one" % where)
    sizes = [abs(r["delta"]) for r in rows]
    if sizes != sorted(sizes, reverse=True):
        problems.append("/%s: not largest change first" % kind)
    return problems


def stack_problems(i, s):
    """Headroom of each side, the delta and the change name."""
    where = "/stacks/%d" % i
    problems = []
    for key in ("old", "new"):
        side = s[key]
        if side is None:
            continue
        want = None if side["reserved"] is None else \
            side["reserved"] - side["total"]
        if side["headroom"] != want:
            problems.append("%s/%s/headroom: %s, expected %s" %
                            (where, key, side["headroom"], want))
    delta = (s["new"] or {"total": 0})["total"] - \
        (s["old"] or {"total": 0})["total"]
    if s["delta"] != delta:
        problems.append("%s/delta: %d, expected %d" %
                        (where, s["delta"], delta))
    if s["old"] is None and s["new"] is None:
        problems.append("%s: in neither build" % where)
    if s["change"] != change_name(s["old"], s["new"], delta):
        problems.append("%s/change: %s" % (where, s["change"]))
    return problems


def failed_problems(doc):
    problems = []
    names = {g["name"] for g in doc["regions"]}
    roots = {s["root"] for s in doc.get("stacks") or []}
    for i, lim in enumerate(doc["growth_limits"]):
        if (lim["bytes"] is None) == (lim["percent"] is None):
            problems.append("/growth_limits/%d: bytes or percent, one" % i)
        if lim["region"] is not None and lim["region"] not in names:
            problems.append("/growth_limits/%d/region: unknown" % i)
        root = (lim.get("stack") or {}).get("root")
        if root is not None and root not in roots:
            problems.append("/growth_limits/%d/stack/root: unknown" % i)
    any_limit = any(lim["exceeded"] for lim in doc["growth_limits"])
    any_region = any(g["exceeded"] for g in doc["regions"]) or \
        any(s["exceeded"] for s in doc.get("stacks") or [])
    if doc["failed"] != any_limit or any_limit != any_region:
        problems.append("/failed: %s, but limits say %s and regions %s" %
                        (doc["failed"], any_limit, any_region))
    return problems


def problems_of(validator, path):
    try:
        doc = load(path)
    except OSError as e:
        return ["cannot read: %s" % e.strerror]
    except (UnicodeDecodeError, ValueError) as e:
        return ["not JSON: %s" % e]
    errors = sorted(validator.iter_errors(doc),
                    key=lambda e: [str(p) for p in e.absolute_path])
    problems = ["%s: %s" % ("/" + "/".join(str(p) for p in e.absolute_path),
                            e.message) for e in errors]
    if problems:
        return problems
    problems = order_problems(validator.schema, validator.schema, doc, [])
    for i, g in enumerate(doc["regions"]):
        problems += region_problems(i, g)
    for kind in ("archives", "objects", "symbols"):
        problems += changes_problems(doc, kind)
    for i, s in enumerate(doc.get("stacks") or []):
        problems += stack_problems(i, s)
    return problems + failed_problems(doc)


def main(args):
    if not args or args[0].startswith("-"):
        sys.stderr.write("usage: check_diff.py FILE...\n")
        return 2
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    passed = failed = 0
    for path in args:
        problems = problems_of(validator, path)
        if problems:
            failed += 1
            print("FAIL %s: %s" % (path, problems[0]))
            for p in problems:
                sys.stderr.write("%s: %s\n" % (path, p))
        else:
            passed += 1
            print("ok   %s" % path)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

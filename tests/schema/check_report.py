#!/usr/bin/python3
"""Check memfit JSON reports against schemas/report.schema.json.

usage: check_report.py FILE|DIR...

Each FILE, and every *.json under each DIR, must be a memfit report that:
  - is UTF-8 JSON without duplicate keys, NaN or Infinity;
  - validates against the draft-07 schema;
  - has its keys in the order the schema lists them (memfit's output is
    byte-stable, and golden tests rely on it);
  - is consistent where the schema cannot say so: free, percent, padding
    and sections_total of each region, and the summary counts.

stdout has one line per file ("ok   FILE" or "FAIL FILE: first problem"),
then "N passed, N failed". Every problem of a failed file goes to stderr.
The exit status is 1 if any file failed, 2 on a usage error.
Run with /usr/bin/python3 (python3-jsonschema).
"""

import decimal
import json
import os
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "schemas", "report.schema.json")


def strict_object(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate key %r" % key)
        obj[key] = value
    # Keep the order as written: dicts preserve insertion order.
    return obj


def no_constant(name):
    raise ValueError("%s is not JSON" % name)


def load(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    # Decimal keeps "percent" exact for the consistency check.
    return json.loads(text, object_pairs_hook=strict_object,
                      parse_float=decimal.Decimal,
                      parse_constant=no_constant)


def pointer(parts):
    return "/" + "/".join(str(p) for p in parts)


def deref(root, node):
    """Follow local "$ref"s ("#/definitions/x") to the schema they name."""
    while isinstance(node, dict) and "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def order_problems(root, schema, value, path):
    """Keys out of the schema's order, in every object of the document."""
    schema = deref(root, schema)
    problems = []
    if isinstance(value, dict) and "properties" in schema:
        known = list(schema["properties"])
        keys = [k for k in value if k in schema["properties"]]
        if keys != sorted(keys, key=known.index):
            problems.append("%s: keys out of order: %s" %
                            (pointer(path), ", ".join(keys)))
        for k in keys:
            problems += order_problems(root, schema["properties"][k],
                                       value[k], path + [k])
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += order_problems(root, schema["items"], item,
                                       path + [i])
    return problems


def length_problems(where, g):
    """free and percent of a region whose length is known."""
    problems = []
    length, used = g["length"], g["used"]
    if g["free"] != max(0, length - used):
        problems.append("%s/free: %s, expected %d" %
                        (where, g["free"], max(0, length - used)))
    hundredths = (used * 20000 + length) // (2 * length) if length else 0
    hundredths = min(hundredths, 2 ** 64 - 1)   # memfit saturates
    if g["percent"] is None or \
            decimal.Decimal(g["percent"]) != decimal.Decimal(hundredths) / 100:
        problems.append("%s/percent: %s, expected %s" %
                        (where, g["percent"],
                         decimal.Decimal(hundredths) / 100))
    return problems


def region_problems(i, g):
    where = "/regions/%d" % i
    problems = []
    length, used = g["length"], g["used"]
    if length is None:
        if g["free"] is not None or g["percent"] is not None:
            problems.append("%s: free and percent must be null with a "
                            "null length" % where)
        if g["status"] != "ok":
            problems.append("%s/status: %s with a null length" %
                            (where, g["status"]))
    else:
        problems += length_problems(where, g)
    total = sum(s["size"] for s in g["sections"])
    if g["sections_total"] != total:
        problems.append("%s/sections_total: %d, but the sections add up "
                        "to %d" % (where, g["sections_total"], total))
    if g["padding"] != max(0, used - g["sections_total"]):
        problems.append("%s/padding: %d, expected used - sections_total "
                        "= %d" % (where, g["padding"],
                                  max(0, used - g["sections_total"])))
    return problems


def summary_problems(doc):
    count = {"errors": 0, "warnings": 0, "waived": 0}
    for f in doc["findings"]:
        if f["waived"]:
            count["waived"] += 1
        elif f["severity"] == "error":
            count["errors"] += 1
        else:
            count["warnings"] += 1
    return ["/summary/%s: %d, but the findings have %d" %
            (k, doc["summary"][k], n)
            for k, n in count.items() if doc["summary"][k] != n]


def cross_problems(doc):
    """archive_totals: every region in order, totals that add up, the
    synthetic rows after the files, and each row's bytes in a region the
    same as that region's own archive row, when it lists one."""
    x, names = doc["archive_totals"], [g["name"] for g in doc["regions"]]
    problems = []
    for i, row in enumerate(x["rows"]):
        where = "/archive_totals/rows/%d" % i
        if list(row["regions"]) != names:
            problems.append("%s/regions: not the report's regions" % where)
        if sum(row["regions"].values()) != row["total"]:
            problems.append("%s/total: not the sum of its regions" % where)
        for g in doc["regions"]:
            own = [a["size"] for a in g.get("archives", [])
                   if a["name"] == row["name"]]
            if own and own[0] != row["regions"].get(g["name"]):
                problems.append("%s/regions/%s: %s, but the region says %d"
                                % (where, g["name"],
                                   row["regions"].get(g["name"]), own[0]))
    kinds = [row["synthetic"] for row in x["rows"]]
    if kinds != sorted(kinds):
        problems.append("/archive_totals/rows: a synthetic row before a "
                        "file")
    if list(x["sums"]) != names or sum(x["sums"].values()) != x["total"]:
        problems.append("/archive_totals: sums or total do not add up")
    elif any(sum(row["regions"][n] for row in x["rows"]) > x["sums"][n]
             for n in names):
        problems.append("/archive_totals/sums: less than its rows")
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
    problems = ["%s: %s" % (pointer(e.absolute_path), e.message)
                for e in errors]
    if problems:
        return problems
    problems = order_problems(validator.schema, validator.schema, doc, [])
    for i, g in enumerate(doc["regions"]):
        problems += region_problems(i, g)
    if "archive_totals" in doc:
        problems += cross_problems(doc)
    return problems + summary_problems(doc)


def files_of(args):
    for arg in args:
        if not os.path.isdir(arg):
            yield arg
            continue
        for top, dirs, names in os.walk(arg):
            dirs.sort()
            for name in sorted(names):
                if name.endswith(".json"):
                    yield os.path.join(top, name)


def main(args):
    if not args or args[0].startswith("-"):
        sys.stderr.write("usage: check_report.py FILE|DIR...\n")
        return 2
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    passed = failed = 0
    for path in files_of(args):
        problems = problems_of(validator, path)
        if problems:
            failed += 1
            more = " (and %d more)" % (len(problems) - 1) \
                if len(problems) > 1 else ""
            print("FAIL %s: %s%s" % (path, problems[0], more))
            for p in problems:
                sys.stderr.write("%s: %s\n" % (path, p))
        else:
            passed += 1
            print("ok   %s" % path)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

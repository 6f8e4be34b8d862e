#!/usr/bin/python3
"""Check a SARIF 2.1.0 log written by memfit check.

usage: check_sarif.py [--schema SCHEMA] FILE...

Each FILE is validated against the SARIF 2.1.0 JSON schema: SCHEMA, else
the one scripts/fetch-sarif-schema.sh fetched (scripts/install-deps.sh
runs it), when it is there; formats "uri" (absolute) and "uri-reference"
are checked too. tests/cli/cases/sarif-schema.sh makes sure this runs.

Without the schema as well as with it, this checks by hand what the
schema requires of the parts memfit writes: version "2.1.0"; runs[] of objects
with tool.driver.name; rules with a string id and shortDescription.text;
results with message.text, a level from the spec's enumeration, a ruleId
found in the driver's rules (and ruleIndex pointing at it), locations
whose physicalLocation has artifactLocation.uri (a URI reference) and an
optional region with an integer startLine >= 1, logicalLocations with a
name, and suppressions whose kind is "inSource" or "external". It also
checks memfit's own promises: driver "memfit", every rule used listed
once with fullDescription.text and help.text (code scanning shows them)
and a helpUri, an https URL whose fragment is the rule id (memfit(1)'s
anchor for it), waived findings as notes with a justification, and every uriBaseId a key
of the run's originalUriBaseIds, whose uri is an absolute file: URI
ending in '/', with the artifact's uri relative under it.

Prints "ok FILE" or every problem, one per line; exit status 1 on any.
"""

import json
import os
import re
import subprocess
import sys

LEVELS = {"none", "note", "warning", "error"}
URI_REF = re.compile(r"^[A-Za-z0-9\-._~/%:@!$&'()*+,;=#?]+$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FETCH = os.path.join(ROOT, "scripts", "fetch-sarif-schema.sh")


def fetched_schema():
    """The schema fetch-sarif-schema.sh keeps, if it is there and intact."""
    if subprocess.run(["sh", FETCH, "--check"]).returncode != 0:
        return None
    return subprocess.run(["sh", FETCH, "--path"], capture_output=True,
                          text=True, check=True).stdout.strip()


def schema_validator(path):
    """A validator for the schema at PATH, of the draft it names."""
    import jsonschema

    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # Only these two formats, checked the same with or without rfc3987.
    formats = jsonschema.FormatChecker(formats=())
    formats.checks("uri")(lambda v: not isinstance(v, str) or bool(
        URI.match(v) and URI_REF.match(v)))
    formats.checks("uri-reference")(lambda v: not isinstance(v, str) or
                                    bool(URI_REF.match(v)))
    return cls(schema, format_checker=formats)


def schema_problems(validator, log):
    return ["schema: /%s: %s" % ("/".join(str(p) for p in e.absolute_path),
                                 e.message)
            for e in sorted(validator.iter_errors(log), key=str)]


def is_str(v):
    return isinstance(v, str)


def is_int(v, low):
    return isinstance(v, int) and not isinstance(v, bool) and v >= low


def location_problems(where, loc):
    problems = []
    phys = loc.get("physicalLocation")
    if phys is not None:
        uri = phys.get("artifactLocation", {}).get("uri")
        if not is_str(uri) or not URI_REF.match(uri):
            problems.append("%s/physicalLocation/artifactLocation/uri: "
                            "not a URI reference: %r" % (where, uri))
        region = phys.get("region")
        if region is not None and not is_int(region.get("startLine"), 1):
            problems.append("%s/physicalLocation/region/startLine: %r" %
                            (where, region.get("startLine")))
    for i, logical in enumerate(loc.get("logicalLocations", [])):
        if not is_str(logical.get("name")):
            problems.append("%s/logicalLocations/%d/name" % (where, i))
    if phys is None and "logicalLocations" not in loc:
        problems.append("%s: neither physical nor logical" % where)
    return problems


def result_problems(where, res, rules):
    problems = []
    if not is_str(res.get("message", {}).get("text")):
        problems.append("%s/message/text: missing" % where)
    if res.get("level") not in LEVELS:
        problems.append("%s/level: %r" % (where, res.get("level")))
    rule = res.get("ruleId")
    if rule not in rules:
        problems.append("%s/ruleId: %r is not a rule of the driver" %
                        (where, rule))
    elif res.get("ruleIndex", rules.index(rule)) != rules.index(rule):
        problems.append("%s/ruleIndex: %r, but %s is rule %d" %
                        (where, res.get("ruleIndex"), rule,
                         rules.index(rule)))
    for i, loc in enumerate(res.get("locations", [])):
        problems += location_problems("%s/locations/%d" % (where, i), loc)
    sups = res.get("suppressions", [])
    for i, sup in enumerate(sups):
        if sup.get("kind") not in ("inSource", "external"):
            problems.append("%s/suppressions/%d/kind" % (where, i))
        if not is_str(sup.get("justification")):
            problems.append("%s/suppressions/%d/justification" % (where, i))
    if bool(sups) != (res.get("level") == "note"):
        problems.append("%s: a note if and only if suppressed" % where)
    return problems


def base_problems(where, run):
    """uriBaseId: declared by the run, a file: directory; uri relative."""
    problems = []
    bases = run.get("originalUriBaseIds", {})
    for k, v in bases.items():
        u = v.get("uri", "") if isinstance(v, dict) else ""
        if not u.startswith("file:///") or not u.endswith("/"):
            problems.append("%s/originalUriBaseIds/%s: %r is not a file: "
                            "directory URI" % (where, k, u))
    for i, res in enumerate(run.get("results", [])):
        for loc in res.get("locations", []):
            art = loc.get("physicalLocation", {}).get("artifactLocation", {})
            base, uri = art.get("uriBaseId"), art.get("uri", "")
            if base is not None and (base not in bases or ":" in uri or
                                     uri.startswith("/")):
                problems.append("%s/results/%d: uriBaseId %r undeclared or "
                                "uri %r not relative" % (where, i, base, uri))
    return problems


def run_problems(where, run):
    problems = []
    driver = run.get("tool", {}).get("driver", {})
    if driver.get("name") != "memfit" or not is_str(driver.get("version")):
        problems.append("%s/tool/driver: name memfit and a version" % where)
    rules = []
    for i, rule in enumerate(driver.get("rules", [])):
        if not is_str(rule.get("id")) or not all(
                is_str(rule.get(k, {}).get("text")) and rule[k]["text"]
                for k in ("shortDescription", "fullDescription", "help")):
            problems.append("%s/tool/driver/rules/%d: id, shortDescription, "
                            "fullDescription and help texts" % (where, i))
        uri = rule.get("helpUri")
        if not is_str(uri) or not uri.startswith("https://") or \
                not uri.endswith("#%s" % rule.get("id")):
            problems.append("%s/tool/driver/rules/%d/helpUri: %r is not "
                            "an https URL ending in #%s" %
                            (where, i, uri, rule.get("id")))
        rules.append(rule.get("id"))
    if len(set(rules)) != len(rules):
        problems.append("%s/tool/driver/rules: an id twice" % where)
    results = run.get("results")
    if not isinstance(results, list):
        return problems + ["%s/results: not an array" % where]
    for i, res in enumerate(results):
        problems += result_problems("%s/results/%d" % (where, i), res, rules)
    problems += base_problems(where, run)
    used = {res.get("ruleId") for res in results}
    if used != set(rules):
        problems.append("%s/tool/driver/rules: %s, but results use %s" %
                        (where, sorted(rules), sorted(used)))
    return problems


def main(args):
    schema = None
    if args[:1] == ["--schema"] and len(args) > 1:
        schema, args = args[1], args[2:]
    if not args:
        sys.stderr.write("usage: check_sarif.py [--schema SCHEMA] FILE...\n")
        return 2
    schema = schema or fetched_schema()
    validator = schema_validator(schema) if schema else None
    return max(check_file(path, validator) for path in args)


def check_file(path, validator):
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    problems = schema_problems(validator, log) if validator else []
    if log.get("version") != "2.1.0":
        problems.append("/version: %r" % log.get("version"))
    runs = log.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        problems.append("/runs: memfit writes one run")
        runs = []
    for i, run in enumerate(runs):
        problems += run_problems("/runs/%d" % i, run)
    for p in problems:
        print("%s: %s" % (path, p))
    if not problems:
        print("ok %s" % path)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

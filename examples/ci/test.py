#!/usr/bin/python3
"""Static test of the example workflow (it cannot run here): the file is
valid YAML with the shape GitHub Actions reads, it uploads the JSON report
and writes the Markdown one to the job summary, and every memfit command
and option it uses is one `memfit --help` and `memfit help CMD` list.

Usage: test.py MEMFIT [WORKFLOW]. Exit 0 ok, 1 on a problem; exit 77 with
"SKIP: ..." first when a command it uses is not in this memfit yet.
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def memfit_help(memfit, *args):
    return subprocess.run([memfit] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True).stdout


def commands(memfit):
    text = memfit_help(memfit, "--help")
    block = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.strip()]


def invocations(script):
    """Each memfit command line in a run: script, continuations joined."""
    script = re.sub(r"\\\n\s*", " ", script)
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        for i, w in enumerate(words):
            if w == "memfit" and i + 1 < len(words):
                yield words[i + 1:]


def main():
    memfit = sys.argv[1]
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        HERE, ".github", "workflows", "memfit.yml")
    wf = yaml.safe_load(open(path))
    problems, out = [], []
    # PyYAML reads the key "on" as True (YAML 1.1).
    if not (wf.get("on") or wf.get(True)) or not wf.get("jobs"):
        problems.append("no 'on' or no 'jobs'")
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    uses = [s for s in steps if "uses" in s]
    if not any(s["uses"].startswith("actions/upload-artifact@") and
               s.get("with", {}).get("path") == "memfit.json" for s in uses):
        problems.append("memfit.json is not uploaded as an artifact")
    if not re.search(r"cat memfit\.md >> \"\$GITHUB_STEP_SUMMARY\"", runs):
        problems.append("memfit.md is not appended to the job summary")

    have = commands(memfit)
    missing = []
    for argv in invocations(runs):
        cmd = argv[0]
        if cmd not in have:
            missing.append(cmd)
            continue
        text = memfit_help(memfit, "help", cmd)
        opts = sorted({a.split("=")[0] for a in argv[1:]
                       if a.startswith("-") and a != "-"})
        for o in opts:
            if not re.search(r"(^|[ ,])%s[ ,\n]" % re.escape(o), text):
                problems.append("memfit %s has no option %s" % (cmd, o))
        if "--format" in argv:
            fmt = argv[argv.index("--format") + 1]
            if fmt not in text:
                problems.append("memfit %s has no format %s" % (cmd, fmt))
        out.append("memfit %s: %s" % (cmd, " ".join(opts)))
    for p in problems:
        out.append("FAIL: " + p)
    if missing and not problems:
        print("SKIP: this memfit has no command %s" %
              ", ".join(sorted(set(missing))))
        print("\n".join(out))
        return 77
    print("\n".join(out))
    return 1 if problems or missing else 0


if __name__ == "__main__":
    sys.exit(main())

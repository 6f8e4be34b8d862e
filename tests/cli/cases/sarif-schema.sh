# The SARIF 2.1.0 JSON schema is there, so tests/schema/check_sarif.py
# validates every SARIF the other cases write against it (check-formats,
# check-sarif-locations, check-source-paths, example-f405, hostile-names). It is not in the repository:
# scripts/install-deps.sh fetches it from npm (fetch-sarif-schema.sh).
# Without it this case skips, except in CI, where install-deps.sh has run.
fetch=$ROOT/scripts/fetch-sarif-schema.sh
if ! sh "$fetch" --check; then
	if [ "${CI:-}" = true ]; then
		echo "no SARIF 2.1.0 schema in CI: scripts/install-deps.sh fetches it"
		exit 1
	fi
	echo "SKIP: no SARIF 2.1.0 schema; scripts/fetch-sarif-schema.sh fetches it"
	exit 77
fi
check() { /usr/bin/python3 "$ROOT/tests/schema/check_sarif.py" "$@"; }
cd "$ROOT/fixtures/golden" || exit 1
$MEMFIT check --board crazyflie-2 --map cf.map cf.elf --format sarif \
    -o "$OLDPWD/cf.sarif"
cd "$OLDPWD" || exit 1
check cf.sarif
echo "rc=$?"
# What only the schema rejects: a level, a URI and a property it lacks.
/usr/bin/python3 - cf.sarif bad.sarif <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
run["results"][0]["level"] = "fatal"
run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
    "uri"] = "a file.c"
run["memfit"] = 1
json.dump(log, open(sys.argv[2], "w"))
PY
check bad.sarif | grep 'schema:'
echo "rc=$?"

#!/bin/sh
# Golden CLI tests. Each tests/cli/cases/NAME.sh runs in a fresh scratch
# directory with $MEMFIT, $ROOT and $FIXTURES set; its stdout, stderr and
# exit status are compared byte for byte with NAME.stdout, NAME.stderr and
# NAME.exit (a missing .stdout/.stderr means "must be empty").
# UPDATE=1 rewrites the expected files instead; review them with git diff.
# A case that prints "SKIP: reason" on its first stdout line and exits 77
# is counted as skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/../.." && pwd)
FIXTURES=$ROOT/fixtures
MEMFIT_DATA_DIR=$ROOT
export ROOT FIXTURES MEMFIT MEMFIT_DATA_DIR
: "${MEMFIT:?set MEMFIT to the memfit binary}"
pass=0 fail=0 skip=0
only=${1:-}
for case in "$here"/cases/*.sh; do
	name=$(basename "$case" .sh)
	[ -n "$only" ] && [ "$only" != "$name" ] && continue
	scratch=$(mktemp -d)
	(cd "$scratch" && sh "$case" >"$scratch/.stdout" 2>"$scratch/.stderr")
	rc=$?
	if [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		echo "skip  $name: $(head -n 1 "$scratch/.stdout")"
		rm -rf "$scratch"
		continue
	fi
	echo $rc >"$scratch/.exit"
	ok=1
	for part in stdout stderr exit; do
		exp="$here/cases/$name.$part"
		if [ "${UPDATE:-0}" = 1 ]; then
			if [ -s "$scratch/.$part" ] || [ $part = exit ]; then
				cp "$scratch/.$part" "$exp"
			else
				rm -f "$exp"
			fi
			continue
		fi
		[ -f "$exp" ] || exp=/dev/null
		if ! cmp -s "$exp" "$scratch/.$part"; then
			ok=0
			echo "--- $name.$part differs:"
			diff -u "$exp" "$scratch/.$part" | head -n 40
		fi
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "ok    $name"
	else
		fail=$((fail + 1))
		echo "FAIL  $name"
	fi
	rm -rf "$scratch"
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]

#!/bin/sh
# Run every Criterion test binary; fail if any fails. Criterion prints its
# own "Synthesis:" line per binary.
rc=0
for t in "$@"; do
	echo "== $t"
	"$t" --jobs 2 || rc=1
done
exit $rc

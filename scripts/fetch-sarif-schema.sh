#!/bin/sh
# The SARIF 2.1.0 JSON schema that the tests validate memfit's SARIF
# against (tests/schema/check_sarif.py). It is not in the repository: it
# comes from the npm registry, in a package pinned by version and
# integrity, and the one file is kept outside the tree, in
# ${XDG_CACHE_HOME:-~/.cache}/memfit/ (MEMFIT_SARIF_SCHEMA names another
# place).
#
# The package is Microsoft's @microsoft/jest-sarif (MIT, 23 kB), whose
# lib/schemas/sarif-2.1.0-rtm.5.json is the SARIF 2.1.0 schema of the
# SARIF SDK at release 2.1.0-rtm.5 (JSON Schema draft-04).
#
# usage: fetch-sarif-schema.sh          fetch it unless it is there already
#        fetch-sarif-schema.sh --path   print where it is (or would be)
#        fetch-sarif-schema.sh --check  exit 0 if it is there and intact
set -eu

PKG=@microsoft/jest-sarif
VERSION=1.0.0-beta.0
INTEGRITY=sha512-A1fOhPd6Ic5iDk4F9YPw1qNB4XF+7+IviR7xl8r2F6QzQkx5cpY9LsGk2rExiFIEcBbjpVnSmwWGBukASkiQ9A==
MEMBER=package/lib/schemas/sarif-2.1.0-rtm.5.json
SHA256=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8

dest=${MEMFIT_SARIF_SCHEMA:-${XDG_CACHE_HOME:-${HOME:?}/.cache}/memfit/sarif-schema-2.1.0.json}

intact() {
	[ -f "$1" ] && [ "$(sha256sum < "$1" | cut -d' ' -f1)" = "$SHA256" ]
}

case "${1:-}" in
--path)	echo "$dest"; exit 0 ;;
--check) intact "$dest"; exit ;;
"")	;;
*)	echo "usage: fetch-sarif-schema.sh [--path | --check]" >&2; exit 2 ;;
esac
intact "$dest" && exit 0
command -v npm >/dev/null 2>&1 || {
	echo "fetch-sarif-schema: npm is needed to fetch $PKG" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null)
tgz=$(ls "$tmp"/*.tgz)
got=sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)
if [ "$got" != "$INTEGRITY" ]; then
	echo "fetch-sarif-schema: $PKG@$VERSION: integrity $got," \
	    "expected $INTEGRITY" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$tmp" "$MEMBER"
intact "$tmp/$MEMBER" || {
	echo "fetch-sarif-schema: $MEMBER: not the schema pinned here" >&2
	exit 1; }
mkdir -p "$(dirname "$dest")"
cp "$tmp/$MEMBER" "$dest.tmp"
mv -f "$dest.tmp" "$dest"
echo "fetch-sarif-schema: $dest"

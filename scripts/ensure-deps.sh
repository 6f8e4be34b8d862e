#!/bin/sh
# Run install-deps.sh when something memfit needs is missing, and say so.
# With --check, only say what is missing and how to get it (exit 1): the
# tests never install packages as a side effect.
here=$(dirname "$0")
missing=
for pc in libelf libdw yaml-0.1 libcjson criterion; do
	pkg-config --exists "$pc" 2>/dev/null || missing="$missing $pc"
done
for tool in pkg-config g++ clang arm-none-eabi-gcc riscv64-unknown-elf-gcc \
    /usr/bin/python3 mandoc; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
# Optional: without ld.lld the link tests' LLVM halves print "lld:
# skipped (no clang/ld.lld)" and the GNU halves still run.
command -v ld.lld >/dev/null 2>&1 ||
    echo "memfit: no ld.lld (optional, Debian lld): the clang + ld.lld" \
	"link tests will be skipped" >&2
# The SARIF schema needs no root: fetch it alone. Only a test uses it,
# which skips without it, so neither --check nor a failed fetch (no npm,
# no network) stops make test or make demo.
if [ -z "$missing" ]; then
	[ "${1:-}" = --check ] || "$here/fetch-sarif-schema.sh" --check ||
	    "$here/fetch-sarif-schema.sh" ||
	    echo "memfit: no SARIF schema: its test will be skipped" >&2
	exit 0
fi
if [ "${1:-}" = --check ]; then
	echo "memfit: missing:$missing; run 'make deps'" \
	    "(scripts/install-deps.sh, apt-get as root)" >&2
	exit 1
fi
echo "memfit: missing:$missing; running scripts/install-deps.sh" >&2
exec "$here/install-deps.sh"

#!/bin/sh
# Install everything memfit's build, tests and examples need, from Debian/Ubuntu
# packages (chromium and chromium-driver drive the HTML report's browser
# test), then the SARIF 2.1.0 schema the tests validate against (from
# npm, into a cache outside the tree: scripts/fetch-sarif-schema.sh).
# Safe to run again: apt-get skips what is already there, and so does the
# fetch.
set -eu

PKGS="make gcc g++ clang lld pkg-config libelf-dev libdw-dev libyaml-dev libcjson-dev
libcriterion-dev gcc-arm-none-eabi binutils-arm-none-eabi
libnewlib-arm-none-eabi gcc-riscv64-unknown-elf python3 python3-jsonschema python3-yaml
mandoc valgrind cmake libclang-rt-dev time ninja-build openssl
chromium chromium-driver"
# npm fetches the SARIF schema below; the machine's Node.js may bring it.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"

if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	echo "install-deps: need root or sudo to run apt-get" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS
"$(dirname "$0")/fetch-sarif-schema.sh"

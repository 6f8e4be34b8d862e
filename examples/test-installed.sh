#!/bin/sh
# CI test of memfit as users get it: `make install` into a temporary
# prefix, then examples/stm32f405-ccm built from that prefix only (no
# MEMFIT_DATA_DIR, installed memfit first in PATH):
#   - with CMake (find_package, the shipped toolchain file), for each
#     generator present (Unix Makefiles, Ninja), and with make (memfit.mk);
#   - each build ends in memfit check and writes memfit.json;
#   - malloc's _sbrk is memfit's (an alias of __memfit_sbrk) and the heap
#     lies below the stack reservation;
#   - with the installed crazyflie-2 by id (heap 0), the link fails with
#     memfit's message (CMake and make);
#   - touching a source relinks and checks without running gen;
#   - a deleted static_mem.h is generated again (both CMake generators
#     and make);
#   - touching the board file runs gen and, as nothing in it changed,
#     recompiles nothing;
#   - a misplaced DMA buffer fails the build, again on the next build;
#   - memfit_check's MAP (the project's own -Map), QUIET, ALLOW and
#     OPTIONS: the own map is checked and no other written, the check is
#     quiet, an allowed finding passes, the extra option is passed on;
#   - an automatic stack (STACK_USAGE): sized from GCC's stack data before
#     the link, grown by a deeper path, no gen when nothing changed;
#   - with clang and ld.lld installed, make TOOLCHAIN=llvm: the same
#     build, heap and fault tests (skipped, and said so, without them).
# Usage: sh examples/test-installed.sh   (from anywhere; needs cmake and
# arm-none-eabi-gcc)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
log=$tmp/log
unset MEMFIT_DATA_DIR
fail() { echo "FAIL: $*"; [ ! -f "$log" ] || tail -n 30 "$log"; exit 1; }
mtime() { stat -c %y "$1"; }

make -s -C "$root" O="$tmp/obj" PREFIX="$prefix" install >"$log" 2>&1 ||
    fail "make install"
echo "ok: make install PREFIX=<tmp>"
PATH=$prefix/bin:$PATH
export PATH
[ "$(command -v memfit)" = "$prefix/bin/memfit" ] || fail "memfit not in PATH"
(cd "$tmp" && memfit validate -q crazyflie-2) ||
    fail "the installed memfit does not find its installed boards"

# build DIR STAMP OBJ ELF CMD...: build, then the touch tests.
check_build() {
	name=$1 dir=$2 stamp=$3 obj=$4 elf=$5
	shift 5
	"$@" >"$log" 2>&1 || fail "$name: build"
	[ -f "$dir/memfit.json" ] || fail "$name: no memfit.json from check"
	grep -Eq '^RAM +[0-9]+ ' "$log" || fail "$name: no check table"
	echo "ok: $name: builds, memfit check passes"
	check_heap "$name" "$elf"

	sleep 1
	s=$(mtime "$stamp") e=$(mtime "$elf")
	touch "$src/main.c"
	"$@" >"$log" 2>&1 || fail "$name: build after touching main.c"
	[ "$(mtime "$stamp")" = "$s" ] || fail "$name: main.c touched: gen ran"
	[ "$(mtime "$elf")" != "$e" ] || fail "$name: main.c touched: no link"
	grep -Eq '^RAM +[0-9]+ ' "$log" || fail "$name: no check after relink"
	echo "ok: $name: touching main.c relinks and checks, no gen"

	rm "$dir/memfit/static_mem.h"
	"$@" >"$log" 2>&1 || fail "$name: build after deleting static_mem.h"
	[ -f "$dir/memfit/static_mem.h" ] ||
	    fail "$name: a deleted static_mem.h is not generated again"
	echo "ok: $name: a deleted static_mem.h is generated again"

	sleep 1
	s=$(mtime "$stamp") o=$(mtime "$obj")
	touch "$board"
	"$@" >"$log" 2>&1 || fail "$name: build after touching the board"
	[ "$(mtime "$stamp")" != "$s" ] || fail "$name: board touched: no gen"
	[ "$(mtime "$obj")" = "$o" ] || fail "$name: board touched: recompiled"
	echo "ok: $name: touching the board runs gen, recompiles nothing"
}

# addr ELF SYMBOL: the symbol's address, in decimal.
addr() {
	a=$(arm-none-eabi-nm "$1" | awk -v s="$2" '$3 == s { print $1 }')
	[ -n "$a" ] || fail "no $2 in $1"
	echo $((0x$a))
}

# The _sbrk malloc grows the heap with is memfit's, and the heap (in RAM)
# ends at or below the stack reservation's bottom.
check_heap() {
	name=$1 elf=$2
	[ "$(addr "$elf" _sbrk)" = "$(addr "$elf" __memfit_sbrk)" ] ||
	    fail "$name: _sbrk is not memfit's"
	addr "$elf" malloc >/dev/null
	hs=$(addr "$elf" __memfit_heap_start) he=$(addr "$elf" __memfit_heap_end)
	sb=$(addr "$elf" __memfit_stack_bottom)
	[ $((he - hs)) -eq 4096 ] || fail "$name: heap is $((he - hs)) bytes"
	[ "$hs" -ge $((0x20000000)) ] && [ "$he" -le "$sb" ] ||
	    fail "$name: heap $hs-$he not below the stack at $sb"
	echo "ok: $name: malloc's _sbrk is memfit's, heap below the stack"
}

# The shipped crazyflie-2 (installed, by id) has no heap: the example asks
# for memfit's _sbrk (MEMFIT_SBRK), and static_mem.h stops the build,
# naming the board (without it, sections.ld's ASSERT would fail the link
# on libnosys's _sbrk, also naming it).
heap0_msg='board crazyflie-2 has no heap'
check_heap0() {
	name=$1
	shift
	! "$@" >"$log" 2>&1 || fail "$name: links with a heap-less board"
	grep -q "$heap0_msg" "$log" || fail "$name: no memfit message"
	echo "ok: $name: board crazyflie-2 (heap 0) fails the link, naming it"
}

# A DMA1 buffer in CCM, which no DMA reaches: the build must fail.
check_fault() {
	name=$1
	shift
	cp "$src/main.c" "$tmp/main.c.orig"
	printf '%s\n' 'MEMFIT_CCMRAM_BSS unsigned char spi_dma_buf[16];' \
	    'unsigned char *keep_spi_dma_buf = spi_dma_buf;' >>"$src/main.c"
	for i in 1 2; do
		! "$@" >"$log" 2>&1 || fail "$name: a misplaced buffer builds"
		grep -q 'spi_dma_buf.*\[dma-unreachable\]' "$log" ||
		    fail "$name: build $i failed without the finding"
	done
	cp "$tmp/main.c.orig" "$src/main.c"
	"$@" >"$log" 2>&1 || fail "$name: build after the fix"
	echo "ok: $name: a misplaced DMA buffer fails the build, twice"
}

src=$tmp/src
cp -R "$root/examples/stm32f405-ccm" "$src"
rm -rf "$src/build"
board=$src/board.yaml

gens="Unix Makefiles"
! command -v ninja >/dev/null 2>&1 || gens="$gens:Ninja"
IFS=:
for gen in $gens; do
	unset IFS
	b=$tmp/cmake-$(echo "$gen" | tr ' A-Z' '-a-z')
	cmake -S "$src" -B "$b" -G "$gen" \
	    -DCMAKE_TOOLCHAIN_FILE="$prefix/lib/cmake/memfit/arm-none-eabi.cmake" \
	    -DCMAKE_PREFIX_PATH="$prefix" >"$log" 2>&1 ||
	    fail "cmake ($gen): configure"
	check_build "cmake ($gen)" "$b" "$b/memfit/.memfit-gen.stamp" \
	    "$b/CMakeFiles/firmware.dir/main.c.obj" "$b/firmware.elf" \
	    cmake --build "$b"
	check_fault "cmake ($gen)" cmake --build "$b"
done
unset IFS
b=$tmp/cmake-heap0
cmake -S "$src" -B "$b" -DMEMFIT_BOARD=crazyflie-2 \
    -DCMAKE_EXE_LINKER_FLAGS=--specs=nosys.specs \
    -DCMAKE_TOOLCHAIN_FILE="$prefix/lib/cmake/memfit/arm-none-eabi.cmake" \
    -DCMAKE_PREFIX_PATH="$prefix" >"$log" 2>&1 ||
    fail "cmake (heap 0): configure"
check_heap0 "cmake (heap 0)" cmake --build "$b"

# memfit_check with the project's own map and the other options.
o=$tmp/src-opts
cp -R "$src" "$o"
sed -i 's|^memfit_check(.*|target_link_options(firmware PRIVATE "LINKER:-Map=${CMAKE_BINARY_DIR}/own.map")\
memfit_check(TARGET firmware BOARD ${MEMFIT_BOARD} MAP own.map QUIET WERROR\
    ALLOW dma-unreachable:spi_dma_buf BUDGET CCMRAM:90%:95% OPTIONS --json opts.json)|' "$o/CMakeLists.txt"
printf '%s\n' 'MEMFIT_CCMRAM_BSS unsigned char spi_dma_buf[16];' \
    'unsigned char *keep_spi_dma_buf = spi_dma_buf;' >>"$o/main.c"
b=$tmp/cmake-opts
cmake -S "$o" -B "$b" \
    -DCMAKE_TOOLCHAIN_FILE="$prefix/lib/cmake/memfit/arm-none-eabi.cmake" \
    -DCMAKE_PREFIX_PATH="$prefix" >"$log" 2>&1 ||
    fail "cmake (options): configure"
cmake --build "$b" >"$log" 2>&1 || fail "cmake (options): build"
[ -f "$b/own.map" ] && [ ! -f "$b/firmware.map" ] ||
    fail "cmake (options): MAP: not the project's own map alone"
! grep -Eq '^RAM +[0-9]+ ' "$log" || fail "cmake (options): QUIET: a table"
grep -q '"waiver": "--allow"' "$b/opts.json" ||
    fail "cmake (options): ALLOW or OPTIONS --json not passed on"
sed -i 's/CCMRAM:90%:95%/CCMRAM:1%/' "$o/CMakeLists.txt"
! cmake --build "$b" >"$log" 2>&1 || fail "cmake (options): BUDGET ignored"
grep -q 'CCMRAM uses .* over its warning budget' "$log" ||
    fail "cmake (options): BUDGET: no region-budget finding"
echo "ok: cmake (options): MAP, QUIET, ALLOW, BUDGET and OPTIONS"

# An automatic stack with CMake (memfit_generate and memfit_check with
# STACK_USAGE): the scripts are written before the link from the objects'
# stack data and the link has the stack gen sized; a deeper path grows it
# at the next build; a build with nothing to do runs no gen.
stack_size() {
	echo $(($(sed -n 's/^__memfit_stack_size = \(0x[0-9a-f]*\);$/\1/p' \
	    "$1/memfit/memory.ld")))
}
check_auto_stack() {
	name=$1 b=$2
	shift 2
	"$@" >"$log" 2>&1 || fail "$name: build"
	grep -q 'size: auto, from GCC' "$b/memfit/memory.ld" ||
	    fail "$name: the stack is not sized from the stack data"
	grep -q 'worst-case stack of Reset_Handler' "$log" ||
	    fail "$name: check ran without the stack data"
	before=$(stack_size "$b")
	[ $(($(addr "$b/firmware.elf" __memfit_stack_top) - \
	    $(addr "$b/firmware.elf" __memfit_stack_bottom))) -eq "$before" ] ||
	    fail "$name: the linked stack is not the one gen sized"
	cp "$a/main.c" "$tmp/main.c.auto"
	cat >>"$a/main.c" <<'C'

__attribute__((noinline)) int
deep_scratch(int x)
{
	volatile char buf[3000];

	buf[0] = (char)x;
	return buf[x & 1];
}
C
	sed -i '/^main(void)$/,/^{/{/^{/a\
	(void)deep_scratch(1);
}' "$a/main.c"
	sed -i '/^#define LOG_BYTES/i int	deep_scratch(int);' "$a/main.c"
	"$@" >"$log" 2>&1 || fail "$name: build with a deeper path"
	after=$(stack_size "$b")
	[ "$after" -ge $((before + 3000)) ] ||
	    fail "$name: a 3000-byte frame: stack $before, then $after"
	[ $(($(addr "$b/firmware.elf" __memfit_stack_top) - \
	    $(addr "$b/firmware.elf" __memfit_stack_bottom))) -eq "$after" ] ||
	    fail "$name: the relinked stack is not the one gen sized"
	s=$(mtime "$b/memfit/memory.ld")
	"$@" >"$log" 2>&1 || fail "$name: build with nothing to do"
	[ "$(mtime "$b/memfit/memory.ld")" = "$s" ] &&
	    ! grep -q 'memfit gen' "$log" || fail "$name: a no-op build ran gen"
	cp "$tmp/main.c.auto" "$a/main.c"
	echo "ok: $name: stack sized from GCC's data ($before bytes), grown" \
	    "by a deeper path ($after), no gen when nothing changed"
}
a=$tmp/src-auto
cp -R "$src" "$a"
sed -i '/^stack:/s/size: 4K }/size: auto, margin: 25%, min: 1K }/' \
    "$a/board.yaml"
sed -i -e 's|^\(memfit_generate(.*\))$|\1 STACK_USAGE CMakeFiles/firmware.dir)|' \
    -e 's|^\(memfit_check(.*\) WERROR)$|\1 STACK_USAGE CMakeFiles/firmware.dir)|' \
    "$a/CMakeLists.txt"
[ "$(grep -c 'STACK_USAGE CMakeFiles/firmware.dir)$' "$a/CMakeLists.txt")" = 2 ] ||
    fail "cmake (auto stack): CMakeLists.txt not edited"
IFS=:
for gen in $gens; do
	unset IFS
	b=$tmp/cmake-auto-$(echo "$gen" | tr ' A-Z' '-a-z')
	cmake -S "$a" -B "$b" -G "$gen" \
	    -DCMAKE_TOOLCHAIN_FILE="$prefix/lib/cmake/memfit/arm-none-eabi.cmake" \
	    -DCMAKE_PREFIX_PATH="$prefix" >"$log" 2>&1 ||
	    fail "cmake (auto stack, $gen): configure"
	check_auto_stack "cmake (auto stack, $gen)" "$b" cmake --build "$b"
done
unset IFS

m=$tmp/make
check_build "make (memfit.mk)" "$m" "$m/memfit/.memfit-gen.stamp" \
    "$m/main.o" "$m/firmware.elf" \
    make -C "$src" MEMFIT_PREFIX="$prefix" BUILD="$m"
check_fault "make (memfit.mk)" make -C "$src" MEMFIT_PREFIX="$prefix" BUILD="$m"
! make -C "$src" MEMFIT_PREFIX="$prefix" BUILD="$m" MEMFIT_BUDGET=CCMRAM:1% \
    >"$log" 2>&1 || fail "make (memfit.mk): MEMFIT_BUDGET ignored"
grep -q 'CCMRAM uses .* over its warning budget' "$log" ||
    fail "make (memfit.mk): MEMFIT_BUDGET: no region-budget finding"
make -C "$src" MEMFIT_PREFIX="$prefix" BUILD="$m" MEMFIT_BUDGET=CCMRAM:1% \
    MEMFIT_ALLOW=region-budget:CCMRAM >"$log" 2>&1 ||
    fail "make (memfit.mk): MEMFIT_ALLOW ignored"
echo "ok: make (memfit.mk): MEMFIT_BUDGET and MEMFIT_ALLOW"
check_heap0 "make (heap 0)" make -C "$src" MEMFIT_PREFIX="$prefix" \
    BUILD="$tmp/make-heap0" MEMFIT_BOARD=crazyflie-2 \
    LIBC="--specs=nano.specs --specs=nosys.specs"

if command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1; then
	m=$tmp/make-llvm
	check_build "make (clang, ld.lld)" "$m" "$m/memfit/.memfit-gen.stamp" \
	    "$m/main.o" "$m/firmware.elf" \
	    make -C "$src" MEMFIT_PREFIX="$prefix" BUILD="$m" TOOLCHAIN=llvm
	check_fault "make (clang, ld.lld)" make -C "$src" \
	    MEMFIT_PREFIX="$prefix" BUILD="$m" TOOLCHAIN=llvm
else
	echo "skip: make (clang, ld.lld): no clang or no ld.lld"
fi

make -s -C "$root" O="$tmp/obj" PREFIX="$prefix" uninstall >"$log" 2>&1 ||
    fail "make uninstall"
[ -z "$(find "$prefix" -type f)" ] || fail "uninstall left files behind"
echo "ok: make uninstall"

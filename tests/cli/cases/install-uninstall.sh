# make install / make uninstall: what goes where, nothing left behind, and
# the installed memfit, memfit.mk, CMake package, completion and boards'
# schema lines use the installed data directory. Builds memfit in the scratch directory (O=).
command -v install >/dev/null || { echo "SKIP: no install(1)"; exit 77; }
unset MEMFIT_DATA_DIR MAKEFLAGS MFLAGS MAKELEVEL
mk() { make -s --no-print-directory -j2 -C "$ROOT" O="$PWD/obj" "$@"; }

echo "== make install DESTDIR=stage PREFIX=/usr"
mk install DESTDIR="$PWD/stage" PREFIX=/usr >log 2>&1 || { cat log; exit 1; }
(cd stage && find . -type f | sed 's|/boards/[^/]*\.yaml$|/boards/*.yaml|;
    s|/schemas/[^/]*\.json$|/schemas/*.json|' | sort -u)
echo "placeholders left: $(grep -rl '@MEMFIT_' stage | wc -l)"
# A board copied out of the data directory keeps a working schema line.
for b in stage/usr/share/memfit/boards/*.yaml; do
	s=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$b")
	[ "$s" = /usr/share/memfit/schemas/board.schema.json ] &&
	    [ -f "stage$s" ] || echo "$b: \$schema=$s"
done
echo "installed boards: \$schema=/usr/share/memfit/schemas/board.schema.json"
v=$(sed -n 's/^#define MEMFIT_VERSION[[:space:]]*"\(.*\)"/\1/p' "$ROOT/include/memfit.h")
grep -q "^set(PACKAGE_VERSION \"$v\")" stage/usr/lib/cmake/memfit/memfitConfigVersion.cmake &&
    echo "memfitConfigVersion.cmake: MEMFIT_VERSION of include/memfit.h"
grep -h '^set(MEMFIT_DATA_DIR' stage/usr/lib/cmake/memfit/memfitConfig.cmake
grep -q "^_memfit_datadir='/usr/share/memfit'" \
    stage/usr/share/bash-completion/completions/memfit && echo "completion: /usr/share/memfit"
[ "$(stat -c %a stage/usr/bin/memfit)" = 755 ] && echo "memfit: mode 755"
echo "== make uninstall DESTDIR=stage PREFIX=/usr"
mk uninstall DESTDIR="$PWD/stage" PREFIX=/usr >log 2>&1 || { cat log; exit 1; }
echo "left in stage: $(find stage -mindepth 1 | wc -l)"

# Same objects, two prefixes: the second install must not keep the first
# prefix's data directory compiled in.
for p in p1 p2; do
	mk install PREFIX="$PWD/$p" >log 2>&1 || { cat log; exit 1; }
done
rm -rf p1
mkdir elsewhere && cd elsewhere
echo "== installed memfit, ./boards absent, MEMFIT_DATA_DIR unset"
../p2/bin/memfit validate crazyflie-2 | sed "s|$(dirname "$PWD")|PREFIX|"
echo "== installed memfit.mk resolves an id"
printf 'MEMFIT_BOARD := stm32h743zi\ninclude ../p2/share/memfit/memfit.mk\nall:\n\t@echo $(MEMFIT_BOARD_FILE)\n' >Makefile
make -s --no-print-directory | sed "s|$(dirname "$PWD")|PREFIX|"
echo "== installed completion"
PATH=$(dirname "$PWD")/p2/bin:$PATH bash -c '
	. ../p2/share/bash-completion/completions/memfit
	t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _memfit
	      echo "$* -> ${COMPREPLY[*]}"; }
	cmds=$(memfit --help | sed -n "/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p" | tr "\n" " ")
	[ "$(t memfit "")" = "memfit  -> ${cmds}help" ] &&
	    echo "memfit <TAB>: the commands of --help, and help"
	[ "$(t memfit help "")" = "memfit help  -> ${cmds% }" ] &&
	    echo "memfit help <TAB>: the commands of --help"
	t memfit check --w
	t memfit check --board stm32
	t memfit check --format ""
	t memfit check --allow dma-
	t memfit gen --check
	t memfit validate crazy'
cd ..
mk uninstall PREFIX="$PWD/p2" >log 2>&1 || { cat log; exit 1; }
echo "left in p2: $(find p2 -type f | wc -l) files"

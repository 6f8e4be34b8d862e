# Outputs are atomic: a gen killed mid-write, a full disk and a full device
# leave the previous file intact and no temporary file behind; a full disk
# at the last output leaves the first ones unwritten too (all or nothing).
# Signals the parent ignores stay ignored; a killed run's leftovers are
# removed by the next run. The faults are injected with small LD_PRELOAD
# shims, not with hooks in memfit.
command -v gcc >/dev/null || { echo "SKIP: no host gcc"; exit 77; }
export ASAN_OPTIONS=verify_asan_link_order=0
cat > kill.c <<'SHIM'
#include <signal.h>
/* Interrupt memfit after the temporary file is written, before rename. */
int fsync(int fd) { (void)fd; return raise(SIGTERM); }
SHIM
cat > full.c <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
/* Writes to memfit's temporary files fail as on a full disk. */
ssize_t write(int fd, const void *buf, size_t n)
{
	char	link[64], path[4096];
	ssize_t	len;
	ssize_t	(*real)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, path, sizeof(path) - 1);
	if (len > 0) {
		path[len] = '\0';
		if (strstr(path, "/.memfit-") != NULL) {
			errno = ENOSPC;
			return -1;
		}
	}
	return real(fd, buf, n);
}
SHIM
sed -e 's|if (strstr(path, "/.memfit-") != NULL) {|if (strstr(path, "/.memfit-") != NULL \&\& memmem(buf, n, "MEMFIT_STATIC_MEM_H", 19) != NULL) {|' full.c > header.c
gcc -shared -fPIC -o kill.so kill.c && gcc -shared -fPIC -o full.so full.c -ldl &&
    gcc -shared -fPIC -o header.so header.c -ldl
B=$FIXTURES/boards/valid/full.yaml
$MEMFIT gen -q --board "$B" -o out; echo "first gen rc=$?"
cp -r out before
# A board change, so gen has something new to write.
sed 's/length: 64K/length: 32K/' "$B" > changed.yaml
LD_PRELOAD=$PWD/kill.so MEMFIT_LEAK_CHECK=no $MEMFIT gen -q --board changed.yaml -o out; echo "killed rc=$?"
diff -r before out >/dev/null && echo "killed: old files intact"
ls -a out | grep -c '^\.memfit-' | sed 's/^/killed: temporary files left: /'
LD_PRELOAD=$PWD/full.so $MEMFIT gen -q --board changed.yaml -o out 2>full.err; echo "full rc=$?"
cat full.err
diff -r before out >/dev/null && echo "full: old files intact"
ls -a out | grep -c '^\.memfit-' | sed 's/^/full: temporary files left: /'
LD_PRELOAD=$PWD/header.so $MEMFIT gen -q --board changed.yaml -o out 2>header.err; echo "full at the header rc=$?"
sed 's/[0-9]*-[A-Za-z0-9]*:/PID:/' header.err
diff -r before out >/dev/null && echo "full at the header: no output written"
ls -a out | grep -c '^\.memfit-' | sed 's/^/full at the header: temporary files left: /'
# The parent ignores SIGTERM (nohup, a background job): it stays ignored.
(trap '' TERM; LD_PRELOAD=$PWD/kill.so MEMFIT_LEAK_CHECK=no $MEMFIT gen -q --board changed.yaml -o ignored); echo "SIGTERM ignored rc=$?"
# A killed run's leftover (its pid is gone) is removed by the next run.
: > out/.memfit-999999999-AbCdEf
$MEMFIT gen -q --board changed.yaml -o out; echo "after a killed run rc=$?"
ls -a out | grep -c '^\.memfit-' | sed 's/^/stale temporary files left: /'
$MEMFIT size "$ROOT/fixtures/golden/clean.elf" -o /dev/full; echo "dev-full rc=$?"
$MEMFIT gen -q --board changed.yaml -o out; echo "normal rc=$?"
diff -r before out >/dev/null || echo "changed board: files updated"
# Modes: a new file gets the umask's mode, a replaced one keeps its own,
# a symbolic link is written through and stays a link.
(umask 077; $MEMFIT gen -q --board "$B" -o private)
stat -c '%a %n' private/memory.ld
chmod 640 out/memory.ld
$MEMFIT gen -q --board "$B" -o out
stat -c '%a %n' out/memory.ld
mkdir linked && ln -s ../out/static_mem.h linked/static_mem.h
$MEMFIT gen -q --board changed.yaml -o linked
[ -L linked/static_mem.h ] && cmp -s linked/static_mem.h out/static_mem.h &&
    echo "symlinked output: written through the link"
# A name of NAME_MAX bytes works (the temporary name is short).
long=$(printf 'h%.0s' $(seq 1 253)).h
$MEMFIT gen -q --board "$B" -o out --header "out/$long"; echo "long name rc=$?"
$MEMFIT gen -q --board "$B" -o ""; echo "empty -o rc=$?"

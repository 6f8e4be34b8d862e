# Outputs are atomic: a gen killed mid-write, a full disk and a full device
# leave the previous file intact and no temporary file behind. The faults
# are injected with small LD_PRELOAD shims, not with hooks in memfit.
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
		if (strstr(path, ".tmp.") != NULL) {
			errno = ENOSPC;
			return -1;
		}
	}
	return real(fd, buf, n);
}
SHIM
gcc -shared -fPIC -o kill.so kill.c && gcc -shared -fPIC -o full.so full.c -ldl
B=$FIXTURES/boards/valid/full.yaml
$MEMFIT gen -q --board "$B" -o out; echo "first gen rc=$?"
cp -r out before
# A board change, so gen has something new to write.
sed 's/length: 64K/length: 32K/' "$B" > changed.yaml
LD_PRELOAD=$PWD/kill.so MEMFIT_LEAK_CHECK=no $MEMFIT gen -q --board changed.yaml -o out; echo "killed rc=$?"
diff -r before out >/dev/null && echo "killed: old files intact"
ls -a out | grep -c '\.tmp\.' | sed 's/^/killed: temporary files left: /'
LD_PRELOAD=$PWD/full.so $MEMFIT gen -q --board changed.yaml -o out 2>full.err; echo "full rc=$?"
cat full.err
diff -r before out >/dev/null && echo "full: old files intact"
ls -a out | grep -c '\.tmp\.' | sed 's/^/full: temporary files left: /'
$MEMFIT size "$ROOT/fixtures/golden/clean.elf" -o /dev/full; echo "dev-full rc=$?"
$MEMFIT gen -q --board changed.yaml -o out; echo "normal rc=$?"
diff -r before out >/dev/null || echo "changed board: files updated"

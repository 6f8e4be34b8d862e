/*
 * File input and atomic output. Temporary files are created next to the
 * target (rename(2) is only atomic within one file system) and removed on
 * every error path.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "util.h"

/*
 * Inputs are mapped (reading 70 MB into fresh anonymous memory cost this
 * machine three times the parse: a page fault is ~10 us here), and a link
 * that truncates a mapped file under memfit would kill it with SIGBUS on
 * the lost pages. So each mapping is registered, and the SIGBUS handler
 * puts a zero page where a lost one was and marks its file: the reader
 * goes on over zeros, and its caller asks file_intact before trusting
 * what it read. Faults are synchronous, so the handler never sees the
 * table half-changed.
 */
struct guard {
	const char		*start, *end;	/* start NULL: a free slot */
	volatile sig_atomic_t	 hit;
};

static struct guard	*guards;
static size_t		 nguards;

static void
on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	const char	*a = si->si_addr;
	uintptr_t	 page = (uintptr_t)a & ~(uintptr_t)(getpagesize() - 1);
	size_t		 i;

	(void)uctx;
	for (i = 0; i < nguards; i++) {
		if (guards[i].start == NULL || a < guards[i].start ||
		    a >= guards[i].end)
			continue;
		if (mmap((void *)page, (size_t)getpagesize(), PROT_READ |
		    PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		    0) == MAP_FAILED)
			break;
		guards[i].hit = 1;
		return;
	}
	/* Not ours: die of it as without the handler. */
	signal(sig, SIG_DFL);
}

static size_t
guard_add(const char *p, size_t len)
{
	static bool		 installed;
	struct sigaction	 sa;
	size_t			 i;

	if (!installed) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, NULL);
		installed = true;
	}
	for (i = 0; i < nguards && guards[i].start != NULL; i++)
		continue;
	if (i == nguards) {
		guards = xreallocarray(guards, nguards + 1, sizeof(*guards));
		nguards++;
	}
	guards[i].end = p + len;
	guards[i].hit = 0;
	guards[i].start = p;
	return i + 1;
}

static int
map_fd(struct mapped_file *out, int fd, size_t len, int prot, int flags,
    char **err)
{
	void	*p;

	memset(out, 0, sizeof(*out));
	if (len == 0) {
		out->data = out->priv = xstrdup("");
		return 0;
	}
	p = mmap(NULL, len, prot, MAP_PRIVATE | flags, fd, 0);
	if (p == MAP_FAILED) {
		*err = xstrdup(strerror(errno));
		return -1;
	}
	out->data = out->priv = p;
	out->len = out->priv_len = len;
	out->guard = guard_add(p, len);
	return 0;
}

/*
 * Writable (private) because libelf may convert an image in place; not
 * populated, since only the headers and tables are read.
 */
int
file_map_fd(struct mapped_file *out, int fd, size_t len, char **err)
{
	return map_fd(out, fd, len, PROT_READ | PROT_WRITE, 0, err);
}

bool
file_intact(const struct mapped_file *mf)
{
	return mf->guard == 0 || !guards[mf->guard - 1].hit;
}

int
file_map(struct mapped_file *out, const char *path, char **err)
{
	struct stat	 st;
	int		 fd, ret = -1;

	memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		*err = xstrdup(strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		*err = xstrdup(strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		*err = xstrdup("is a directory");
		goto out;
	}
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		*err = xstrdup("is a device, not a file");
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		/* Pipes (memfit size --map <(...)) and empty files. */
		close(fd);
		fd = -1;
		ret = file_read_all((char **)&out->priv, &out->len, path, err);
		out->data = out->priv;
		return ret;
	}
	/* Read front to back: its pages in one call, not a fault each. */
	ret = map_fd(out, fd, (size_t)st.st_size, PROT_READ, MAP_POPULATE,
	    err);
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

void
file_unmap(struct mapped_file *mf)
{
	if (mf->guard > 0)
		guards[mf->guard - 1].start = NULL;
	if (mf->priv_len > 0)
		munmap(mf->priv, mf->priv_len);
	else
		free(mf->priv);
	memset(mf, 0, sizeof(*mf));
}

int
file_read_all(char **out, size_t *lenp, const char *path, char **err)
{
	struct strbuf	 sb;
	struct stat	 st;
	char		 buf[65536];
	ssize_t		 n;
	int		 fd;

	*out = NULL;
	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = xstrdup(strerror(errno));
		return -1;
	}
	/* /dev/zero would never end: read files and pipes only. */
	if (fstat(fd, &st) == 0 && (S_ISCHR(st.st_mode) ||
	    S_ISBLK(st.st_mode))) {
		*err = xstrdup("is a device, not a file");
		close(fd);
		return -1;
	}
	sb_init(&sb);
	sb_add(&sb, "", 0);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = xstrdup(errno == EISDIR ? "is a directory" :
			    strerror(errno));
			sb_free(&sb);
			close(fd);
			return -1;
		}
		sb_add(&sb, buf, (size_t)n);
	}
	close(fd);
	*lenp = sb.len;
	*out = sb_detach(&sb);
	return 0;
}

/*
 * The temporary file being written, removed by the signal handler if the
 * user interrupts memfit mid-write: a killed build leaves no debris.
 * (SIGKILL cannot be caught; the target itself is intact either way.)
 */
static volatile sig_atomic_t	 tmp_active;
static char			 tmp_path[4096];

static void
on_signal(int sig)
{
	if (tmp_active)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
guard_tmp(const char *path)
{
	static const int	sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	size_t			i;

	if (path == NULL) {
		tmp_active = 0;
		return;
	}
	snprintf(tmp_path, sizeof(tmp_path), "%s", path);
	tmp_active = 1;
	for (i = 0; i < ARRAY_LEN(sigs); i++)
		signal(sigs[i], on_signal);
}

static bool
same_content(const char *path, const void *data, size_t len)
{
	char	*old, *err = NULL;
	size_t	 oldlen;
	bool	 same;

	if (file_read_all(&old, &oldlen, path, &err) < 0) {
		free(err);
		return false;
	}
	same = oldlen == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_special(const char *path, const void *data, size_t len, char **err)
{
	int	fd, ret = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0 ||
	    write_all(fd, data, len) < 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

int
file_write_atomic(enum write_result *out, const char *path, const void *data,
    size_t len, char **err)
{
	struct stat	 st;
	char		*tmp = NULL;
	int		 fd = -1, ret = -1;

	*out = WRITE_WRITTEN;
	if (strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, len) < 0) {
			*err = xasprintf("cannot write to standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	/* A device or FIFO (/dev/null, /dev/full): no rename, no compare. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_special(path, data, len, err);
	if (same_content(path, data, len)) {
		*out = WRITE_UNCHANGED;
		return 0;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	guard_tmp(tmp);
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0 ||
	    fchmod(fd, 0644) < 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		*err = xasprintf("cannot rename to %s: %s", path,
		    strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret < 0 && tmp != NULL)
		unlink(tmp);
	guard_tmp(NULL);
	free(tmp);
	return ret;
}

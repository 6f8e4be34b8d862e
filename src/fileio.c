/*
 * File input and atomic output. Temporary files are created next to the
 * target (rename(2) is only atomic within one file system) and removed on
 * every error path.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "util.h"

/*
 * Inputs are read, not mapped: a mapping of a file that a concurrent link
 * truncates faults with SIGBUS on the lost pages, and read(2) just comes
 * up short, which is reported.
 */
int
file_read_fd(struct mapped_file *out, int fd, size_t len, char **err)
{
	char	*buf = xmalloc(len > 0 ? len : 1);
	size_t	 got = 0;
	ssize_t	 n;

	memset(out, 0, sizeof(*out));
	mem_prefault(buf, len);	/* a fault per page costs more than the copy */
	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = n < 0 ? xstrdup(strerror(errno)) :
			    xstrdup("the file shrank while it was read "
			    "(is a link still writing it?)");
			free(buf);
			return -1;
		}
		got += (size_t)n;
	}
	out->data = out->priv = buf;
	out->len = len;
	return 0;
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
	ret = file_read_fd(out, fd, (size_t)st.st_size, err);
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

void
file_unmap(struct mapped_file *mf)
{
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

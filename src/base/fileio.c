/*
 * File input and atomic output. Temporary files are created next to the
 * target (rename(2) is only atomic within one file system) and removed on
 * every error path.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
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

void
file_release(const struct mapped_file *mf, size_t off, size_t len)
{
	uintptr_t	 page = (uintptr_t)getpagesize(), start, end;

	if (mf->priv_len == 0 || off >= mf->len)
		return;
	if (len > mf->len - off)
		len = mf->len - off;
	start = ((uintptr_t)mf->priv + off + page - 1) & ~(page - 1);
	end = ((uintptr_t)mf->priv + off + len) & ~(page - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
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

/*
 * Fresh memory for N bytes, from 2 MiB on 2 MiB aligned so that huge pages
 * can back it all; *MAPLEN is what file_unmap gives back. NULL when mmap
 * fails.
 */
static char *
huge_map(size_t n, size_t *maplen)
{
	const size_t	 huge = 2 * 1024 * 1024;
	size_t		 len = (n + huge - 1) & ~(huge - 1), head;
	char		*p;

	if (n < huge || n > SIZE_MAX - 2 * huge) {
		/* A small map: a huge page would be mostly zeroed for naught. */
		p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		*maplen = n;
		return p == MAP_FAILED ? NULL : p;
	}
	p = mmap(NULL, len + huge, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	head = (huge - ((uintptr_t)p & (huge - 1))) & (huge - 1);
	if (head > 0)
		munmap(p, head);
	munmap(p + head + len, huge - head);
	mem_hugepages(p + head, len);
	*maplen = len;
	return p + head;
}

/* All LEN bytes of FD into P, or -1 with *err set. */
static int
read_whole(int fd, char *p, size_t len, char **err)
{
	size_t	 off = 0;
	ssize_t	 n;

	while (off < len) {
		n = pread(fd, p + off, len - off, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = xstrdup(n < 0 ? strerror(errno) : FILE_SHRANK);
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int
file_load(struct mapped_file *out, const char *path, char **err)
{
	struct stat	 st;
	size_t		 maplen;
	char		*p;
	int		 fd, ret;

	memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		*err = xstrdup(strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0 ||
	    (p = huge_map((size_t)st.st_size, &maplen)) == NULL) {
		/* Pipes, devices, errors: as file_map has them. */
		close(fd);
		return file_map(out, path, err);
	}
	ret = read_whole(fd, p, (size_t)st.st_size, err);
	close(fd);
	if (ret < 0) {
		munmap(p, maplen);
		return -1;
	}
	out->data = out->priv = p;
	out->len = (size_t)st.st_size;
	out->priv_len = maplen;
	return 0;
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
 * Temporary files being written, removed by the signal handler if the
 * user interrupts memfit mid-write: a killed build leaves no debris.
 * Handlers are installed only for signals the parent did not ignore (nohup,
 * background jobs), and the old ones come back when the last temporary
 * file is gone. SIGKILL cannot be caught: its leftovers carry the dead
 * pid in their name, and the next run in that directory removes them.
 */
#define MAX_TEMPS	16
#define TMP_PREFIX	".memfit-"

static const int		 guarded[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static struct sigaction		 old_act[ARRAY_LEN(guarded)];
static bool			 installed[ARRAY_LEN(guarded)];
static char			 temps[MAX_TEMPS][PATH_MAX];
static volatile sig_atomic_t	 ntemps;

static void
on_signal(int sig)
{
	sig_atomic_t	i;

	for (i = 0; i < ntemps; i++)
		if (temps[i][0] != '\0')
			unlink(temps[i]);
	for (i = 0; i < (sig_atomic_t)ARRAY_LEN(guarded); i++)
		if (guarded[i] == sig && installed[i])
			sigaction(sig, &old_act[i], NULL);
	raise(sig);
}

static void
handlers_install(void)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_LEN(guarded); i++) {
		if (sigaction(guarded[i], NULL, &old_act[i]) < 0 ||
		    old_act[i].sa_handler == SIG_IGN)
			continue;
		installed[i] = sigaction(guarded[i], &sa, NULL) == 0;
	}
}

static void
handlers_restore(void)
{
	size_t	i;

	for (i = 0; i < ARRAY_LEN(guarded); i++)
		if (installed[i]) {
			sigaction(guarded[i], &old_act[i], NULL);
			installed[i] = false;
		}
}

/* Track PATH for the handler; -1 when too many are open at once. */
static int
temp_track(const char *path)
{
	if (ntemps >= MAX_TEMPS || strlen(path) >= PATH_MAX)
		return -1;
	if (ntemps == 0)
		handlers_install();
	snprintf(temps[ntemps], PATH_MAX, "%s", path);
	ntemps++;
	return 0;
}

static void
temp_untrack(const char *path)
{
	sig_atomic_t	i;

	for (i = 0; i < ntemps; i++)
		if (strcmp(temps[i], path) == 0)
			temps[i][0] = '\0';
	while (ntemps > 0 && temps[ntemps - 1][0] == '\0')
		ntemps--;
	if (ntemps == 0)
		handlers_restore();
}

/* Leftovers of a memfit killed in DIR: .memfit-PID-XXXXXX, PID gone. */
static void
clean_stale_temps(const char *dir)
{
	struct dirent	*e;
	char		*p, *end;
	DIR		*dp;
	long		 pid;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
			continue;
		pid = strtol(e->d_name + strlen(TMP_PREFIX), &end, 10);
		if (pid <= 0 || *end != '-' || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	closedir(dp);
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO;	/* not a stale errno from before */
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* What an output path names: a file (its inode) or a new name in a dir. */
struct file_id {
	dev_t	 dev;
	ino_t	 ino;
	char	*name;		/* basename when the file does not exist */
};

struct out_file {
	char			*path;		/* as given */
	char			*target;	/* symbolic links resolved */
	struct file_id		 id;
	const char		*data;
	size_t			 len;
	bool			 special;	/* stdout, device, FIFO */
	char			*tmp;
	enum write_result	 result;
};

static bool
id_equal(const struct file_id *a, const struct file_id *b)
{
	if (a->dev != b->dev || a->ino != b->ino)
		return false;
	if (a->name == NULL || b->name == NULL)
		return a->name == b->name;
	return strcmp(a->name, b->name) == 0;
}

/*
 * The identity of PATH: its inode, or its directory's and its name when
 * it does not exist yet, so that a/x and a/./x are seen as one file.
 */
static int
file_identity(struct file_id *id, struct stat *st, const char *path,
    char **err)
{
	char	*copy, *dir, *base;
	int	 ret = 0;

	memset(id, 0, sizeof(*id));
	if (stat(path, st) == 0) {
		id->dev = st->st_dev;
		id->ino = st->st_ino;
		return 1;
	}
	if (errno != ENOENT) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	if (stat(dir, st) < 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		ret = -1;
	} else {
		id->dev = st->st_dev;
		id->ino = st->st_ino;
		free(copy);
		copy = xstrdup(path);
		base = basename(copy);
		id->name = xstrdup(base);
	}
	free(copy);
	return ret;
}

void
outputs_init(struct outputs *o)
{
	memset(o, 0, sizeof(*o));
}

void
outputs_input(struct outputs *o, const char *path)
{
	struct file_id	*id;
	struct stat	 st;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &st) < 0)
		return;
	id = ARRAY_PUSH(o->inputs, o->ninputs, o->incap);
	memset(id, 0, sizeof(*id));
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->name = xstrdup(path);
}

/* Refuse an output that would replace an input or another output. */
static int
check_clash(const struct outputs *o, const struct out_file *f, char **err)
{
	size_t	i;

	for (i = 0; i < o->ninputs && f->id.name == NULL; i++)
		if (o->inputs[i].dev == f->id.dev &&
		    o->inputs[i].ino == f->id.ino) {
			*err = xasprintf("output %s is the input %s: refusing "
			    "to overwrite it", f->path, o->inputs[i].name);
			return -1;
		}
	/* F is the last one added: compare with those before it. */
	for (i = 0; i + 1 < o->n; i++)
		if ((f->special && o->files[i].special &&
		    strcmp(f->path, "-") == 0 &&
		    strcmp(o->files[i].path, "-") == 0) ||
		    (!f->special && id_equal(&o->files[i].id, &f->id))) {
			*err = xasprintf("output %s is also output %s: give "
			    "each output its own file", f->path,
			    o->files[i].path);
			return -1;
		}
	return 0;
}

/* The mode a new file gets under the user's umask. */
static mode_t
new_file_mode(void)
{
	mode_t	mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* The symbolic link's target: written through, never replaced. */
static int
resolve_target(struct out_file *f, char **err)
{
	struct stat	st;

	if (lstat(f->path, &st) < 0 || !S_ISLNK(st.st_mode)) {
		f->target = xstrdup(f->path);
		return 0;
	}
	if ((f->target = realpath(f->path, NULL)) == NULL) {
		*err = xasprintf("cannot write %s: a symbolic link to nowhere "
		    "(%s)", f->path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
stage_temp(struct out_file *f, mode_t mode, char **err)
{
	char	*copy = xstrdup(f->target), *dir = dirname(copy);
	int	 fd = -1, ret = -1;

	clean_stale_temps(dir);
	f->tmp = xasprintf("%s/" TMP_PREFIX "%ld-XXXXXX", dir, (long)getpid());
	if ((fd = mkstemp(f->tmp)) < 0 || temp_track(f->tmp) < 0) {
		*err = xasprintf("cannot write %s: %s", f->path,
		    fd < 0 ? strerror(errno) : "too many outputs");
		goto out;
	}
	if (write_all(fd, f->data, f->len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0) {
		*err = xasprintf("cannot write %s: %s", f->path,
		    strerror(errno));
		goto out;
	}
	ret = close(fd);
	fd = -1;
	if (ret < 0)
		*err = xasprintf("cannot write %s: %s", f->path,
		    strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	free(copy);
	return ret;
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

static void
out_file_free(struct out_file *f)
{
	if (f->tmp != NULL) {
		unlink(f->tmp);
		temp_untrack(f->tmp);
	}
	free(f->tmp);
	free(f->path);
	free(f->target);
	free(f->id.name);
	memset(f, 0, sizeof(*f));
}

/* Undo the output being added; always -1, for the caller to return. */
static int
outputs_drop_last(struct outputs *o)
{
	out_file_free(&o->files[--o->n]);
	return -1;
}

int
outputs_add(struct outputs *o, const char *path, const void *data,
    size_t len, char **err)
{
	struct out_file	*f;
	struct stat	 st;
	int		 exists;

	if (path[0] == '\0') {
		*err = xstrdup("an output path is empty");
		return -1;
	}
	f = ARRAY_PUSH(o->files, o->n, o->cap);
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->data = data;
	f->len = len;
	f->result = WRITE_WRITTEN;
	if (strcmp(path, "-") == 0) {
		f->special = true;
		return check_clash(o, f, err) < 0 ? outputs_drop_last(o) : 0;
	}
	if (resolve_target(f, err) < 0 ||
	    (exists = file_identity(&f->id, &st, f->target, err)) < 0 ||
	    check_clash(o, f, err) < 0)
		return outputs_drop_last(o);
	/* A device or FIFO (/dev/null, /dev/full): no rename, no compare. */
	if (exists && !S_ISREG(st.st_mode)) {
		f->special = true;
		return 0;
	}
	if (exists && same_content(f->target, data, len)) {
		f->result = WRITE_UNCHANGED;
		return 0;
	}
	if (stage_temp(f, exists ? st.st_mode & 07777 : new_file_mode(),
	    err) < 0)
		return outputs_drop_last(o);
	return 0;
}

/*
 * Never block: a FIFO without a reader is an error, not a hang.
 * Standard output is whatever the caller gave us.
 */
static int
write_special(const struct out_file *f, char **err)
{
	int	fd, ret = 0;

	if (strcmp(f->path, "-") == 0) {
		if (write_all(STDOUT_FILENO, f->data, f->len) < 0) {
			*err = xasprintf("cannot write to standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	fd = open(f->target, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || write_all(fd, f->data, f->len) < 0) {
		*err = xasprintf("cannot write %s: %s", f->path,
		    errno == ENXIO ? "a FIFO that nobody reads" :
		    strerror(errno));
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * Everything that can fail late (standard output, devices) first, then
 * the renames, which do not fail once the temporary files are written in
 * the same directories: either every output is written or none is.
 */
int
outputs_commit(struct outputs *o, char **err)
{
	struct out_file	*f;
	size_t		 i;

	for (i = 0; i < o->n; i++)
		if (o->files[i].special && write_special(&o->files[i], err) < 0)
			return -1;
	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (f->tmp == NULL)
			continue;
		if (rename(f->tmp, f->target) < 0) {
			*err = xasprintf("cannot replace %s: %s", f->path,
			    strerror(errno));
			return -1;
		}
		temp_untrack(f->tmp);
		free(f->tmp);
		f->tmp = NULL;
	}
	return 0;
}

enum write_result
outputs_result(const struct outputs *o, size_t i)
{
	return o->files[i].result;
}

void
outputs_free(struct outputs *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		out_file_free(&o->files[i]);
	for (i = 0; i < o->ninputs; i++)
		free(o->inputs[i].name);
	free(o->files);
	free(o->inputs);
	memset(o, 0, sizeof(*o));
}

int
file_write_atomic(enum write_result *out, const char *path, const void *data,
    size_t len, char **err)
{
	struct outputs	o;
	int		ret;

	outputs_init(&o);
	ret = outputs_add(&o, path, data, len, err);
	if (ret == 0)
		ret = outputs_commit(&o, err);
	*out = ret == 0 ? outputs_result(&o, 0) : WRITE_WRITTEN;
	outputs_free(&o);
	return ret;
}

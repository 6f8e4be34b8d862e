/*
 * Reading inputs and writing outputs safely.
 *
 * Inputs are mapped read-only (maps of large firmware are tens of MB); a
 * link truncating one under memfit is survived (see file_intact).
 * Outputs are written to a temporary file in the same directory and renamed
 * over the target, so a crash or a full disk never leaves half a file, and
 * a file whose content would not change is left alone so its mtime stays.
 */
#ifndef MEMFIT_FILEIO_H
#define MEMFIT_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

struct mapped_file {
	const char	*data;		/* not NUL-terminated */
	size_t		 len;
	void		*priv;		/* mapping base, or malloc'd copy */
	size_t		 priv_len;
	size_t		 guard;		/* its SIGBUS guard slot + 1 */
};

/*
 * Map PATH read-only (pipes are read). On error returns -1 and sets *err
 * to an allocated one-line message (without the file name).
 */
int	file_map(struct mapped_file *out, const char *path, char **err);
void	file_unmap(struct mapped_file *);
/*
 * Like file_map, for a file read once front to back: a regular file is
 * copied whole into fresh memory (in huge pages where the kernel has them)
 * instead of mapped. A file that shrinks while read is an error,
 * FILE_SHRANK; the copy is always intact. On a virtual machine the first
 * touch of each page of a file's mapping costs microseconds, even when
 * populated: the 12 MB a map parse reads took 8 ms mapped, 2 ms copied.
 */
int	file_load(struct mapped_file *out, const char *path, char **err);
/* Map the first LEN bytes of FD, a regular file. */
int	file_map_fd(struct mapped_file *out, int fd, size_t len, char **err);
/*
 * Give back the pages wholly inside bytes [OFF, OFF + LEN) of a mapping
 * (a copy is left alone): touched again, they are read again from the
 * file, so pointers into them stay good. Not for bytes written to.
 */
void	file_release(const struct mapped_file *, size_t off, size_t len);
/*
 * False when the file shrank under its mapping while it was read: the
 * lost pages read as zeros (instead of SIGBUS), so nothing read from it
 * can be trusted.
 */
bool	file_intact(const struct mapped_file *);
/* The message for a file that is not intact. */
#define FILE_SHRANK	"the file shrank while it was read (is a link " \
			"still writing it?)"

enum write_result {
	WRITE_UNCHANGED,	/* same content already there; not touched */
	WRITE_WRITTEN
};

/*
 * Atomically replace PATH with DATA. "-" writes to standard output.
 * On error returns -1, sets *err and leaves PATH as it was.
 */
int	file_write_atomic(enum write_result *out, const char *path,
	    const void *data, size_t len, char **err);

/*
 * A set of outputs written all or none. Each output is staged in a
 * temporary file next to its target (hidden, named .memfit-PID-XXXXXX,
 * removed on a signal, and by the next run if memfit was killed), then
 * outputs_commit writes standard output and devices and renames the rest.
 * An output that is one of the inputs, or another output (same inode, or
 * the same new name in the same directory), is refused. A replaced file
 * keeps its mode, a new one gets the user's umask, and a symbolic link is
 * written through. DATA must live until outputs_commit.
 */
struct file_id;
struct out_file;

struct outputs {
	struct out_file	*files;
	size_t		 n;
	size_t		 cap;
	struct file_id	*inputs;
	size_t		 ninputs;
	size_t		 incap;
};

void	outputs_init(struct outputs *);
/* PATH is read by this run: no output may replace it. */
void	outputs_input(struct outputs *, const char *path);
int	outputs_add(struct outputs *, const char *path, const void *data,
	    size_t len, char **err);
int	outputs_commit(struct outputs *, char **err);
enum write_result outputs_result(const struct outputs *, size_t i);
/* Removes what was staged and not committed. */
void	outputs_free(struct outputs *);

/* Whether PATH exists and, if so, its content (allocated) in *out. */
int	file_read_all(char **out, size_t *lenp, const char *path, char **err);

#endif

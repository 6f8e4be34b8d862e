/*
 * Reading inputs and writing outputs safely.
 *
 * Inputs are read whole into memory, not mapped: a concurrent link that
 * truncates a mapped file would kill memfit with SIGBUS.
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
	void		*priv;		/* the malloc'd copy */
};

/*
 * Read PATH whole into memory (the name is from when inputs were mapped).
 * On error returns -1 and sets *err to an allocated one-line message
 * (without the file name).
 */
int	file_map(struct mapped_file *out, const char *path, char **err);
void	file_unmap(struct mapped_file *);
/* The first LEN bytes of FD, a regular file; an error if there are fewer. */
int	file_read_fd(struct mapped_file *out, int fd, size_t len, char **err);

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

/* Whether PATH exists and, if so, its content (allocated) in *out. */
int	file_read_all(char **out, size_t *lenp, const char *path, char **err);

#endif

/*
 * The growable string buffer and control-character escaping
 * (src/base/strbuf.c).
 */
#ifndef MEMFIT_STRBUF_H
#define MEMFIT_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A growable, always NUL-terminated byte buffer. Writers append and never
 * check for errors; allocation failure exits (see above).
 */
struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

void	 sb_init(struct strbuf *);
void	 sb_free(struct strbuf *);
void	 sb_add(struct strbuf *, const void *, size_t);
void	 sb_puts(struct strbuf *, const char *);
void	 sb_putc(struct strbuf *, char);
void	 sb_put_u64(struct strbuf *, uint64_t);
void	 sb_put_i64(struct strbuf *, int64_t);
void	 sb_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sb_vprintf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
char	*sb_detach(struct strbuf *);
/*
 * S with control characters (and DEL) written as \n, \r, \t or \xHH, so
 * that text from inputs cannot move the cursor, ring, or forge a line.
 */
void	 sb_put_escaped(struct strbuf *, const char *s);
char	*str_escape_controls(const char *s);	/* NULL when none */
bool	 str_has_controls(const char *s);

#endif

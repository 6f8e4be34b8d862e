/*
 * A small JSON writer for the documents memfit writes: the report
 * (src/render/report_json_out.c), the SARIF log and the diff. Two-space
 * indentation, keys in the order written, exact 64-bit integers. Pure: it
 * appends to a strbuf.
 */
#ifndef MEMFIT_JSON_OUT_H
#define MEMFIT_JSON_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct jout {
	struct strbuf	*sb;
	int		 depth;
	bool		 empty;		/* nothing yet in the open container */
};

void	jout_init(struct jout *, struct strbuf *);

/*
 * Each writer takes KEY inside an object and NULL inside an array (or for
 * the top-level value). jout_open takes '{' or '[', jout_close the match;
 * the document ends with a newline when the last container closes.
 */
void	jout_open(struct jout *, const char *key, char c);
void	jout_close(struct jout *, char c);
void	jout_str(struct jout *, const char *key, const char *s); /* NULL: null */
void	jout_u64(struct jout *, const char *key, uint64_t);
void	jout_i64(struct jout *, const char *key, int64_t);
void	jout_bool(struct jout *, const char *key, bool);
void	jout_null(struct jout *, const char *key);

/* A percentage given in hundredths, shortest form: 3.2, -0.06, 50. */
void	jout_hundredths(struct jout *, const char *key, int64_t);
void	jout_uhundredths(struct jout *, const char *key, uint64_t);

/* S as a JSON string; invalid UTF-8 becomes U+FFFD. */
void	json_quote(struct strbuf *, const char *s);

/*
 * Whether S is valid UTF-8. The writer replaces what is not, so a reader
 * that accepted it could see two names become one on the way back.
 */
bool	utf8_valid(const char *s);

#endif

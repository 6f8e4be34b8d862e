/*
 * The JSON writer of the SARIF log and the diff document. Strings are
 * checked as UTF-8 on the way out, so a mangled symbol name in a map cannot
 * make the document unreadable.
 */
#include <string.h>

#include "json_out.h"

/* Length of the valid UTF-8 sequence at S, or 0 if there is none. */
static size_t
utf8_len(const unsigned char *s)
{
	uint32_t	c, lo;
	size_t		n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] < 0xe0)
		n = 2, c = s[0] & 0x1fU, lo = 0x80;
	else if (s[0] >= 0xe0 && s[0] < 0xf0)
		n = 3, c = s[0] & 0x0fU, lo = 0x800;
	else if (s[0] >= 0xf0 && s[0] < 0xf5)
		n = 4, c = s[0] & 0x07U, lo = 0x10000;
	else
		return 0;
	for (i = 1; i < n; i++) {
		/* Stops at the terminating NUL too. */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3fU);
	}
	if (c < lo || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return 0;
	return n;
}

bool
utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	for (; *p != '\0'; p += n)
		if ((n = utf8_len(p)) == 0)
			return false;
	return true;
}

/* Bytes that go out as they are: printable ASCII but '"' and '\\'. */
static size_t
plain_run(const unsigned char *s)
{
	size_t	n = 0;

	while (s[n] >= 0x20 && s[n] < 0x80 && s[n] != '"' && s[n] != '\\')
		n++;
	return n;
}

void
json_quote(struct strbuf *sb, const char *str)
{
	static const char	 ctl[] = "\b\f\n\r\t", esc[] = "bfnrt";
	const unsigned char	*s = (const unsigned char *)str;
	const char		*p;
	size_t			 n;

	/* As Python's json.dumps(ensure_ascii=False) writes it. */
	sb_putc(sb, '"');
	while (*s != '\0') {
		if ((n = plain_run(s)) > 0) {
			sb_add(sb, s, n);
			s += n;
			continue;
		}
		n = utf8_len(s);
		if (n == 0)
			sb_puts(sb, "\xef\xbf\xbd");
		else if (*s == '"' || *s == '\\')
			sb_printf(sb, "\\%c", *s);
		else if (*s < 0x20 && (p = strchr(ctl, *s)) != NULL)
			sb_printf(sb, "\\%c", esc[p - ctl]);
		else if (*s < 0x20)
			sb_printf(sb, "\\u%04x", *s);
		else
			sb_add(sb, s, n);
		s += n ? n : 1;
	}
	sb_putc(sb, '"');
}

void
jout_init(struct jout *j, struct strbuf *sb)
{
	j->sb = sb;
	j->depth = 0;
	j->empty = true;
}

/*
 * A new line, then two blanks a level, from one string: a single append up
 * to depth 16 (two appends, a newline then blanks, cost 4% more instructions
 * on the 8 000-unit symbol list).
 */
static void
jout_newline(struct strbuf *sb, int depth)
{
	static const char	 line[] = "\n                                ";
	const size_t		 most = sizeof(line) - 2;
	size_t			 n = 2 * (size_t)depth, k;

	k = n < most ? n : most;
	sb_add(sb, line, 1 + k);
	for (n -= k; n > 0; n -= k) {
		k = n < most ? n : most;
		sb_add(sb, line + 1, k);
	}
}

static void
jout_item(struct jout *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->empty)
			sb_putc(j->sb, ',');
		jout_newline(j->sb, j->depth);
	}
	j->empty = false;
	if (key != NULL) {
		json_quote(j->sb, key);
		sb_puts(j->sb, ": ");
	}
}

void
jout_open(struct jout *j, const char *key, char c)
{
	jout_item(j, key);
	sb_putc(j->sb, c);
	j->depth++;
	j->empty = true;
}

void
jout_close(struct jout *j, char c)
{
	j->depth--;
	if (!j->empty)
		jout_newline(j->sb, j->depth);
	sb_putc(j->sb, c);
	j->empty = false;
	if (j->depth == 0)
		sb_putc(j->sb, '\n');
}

void
jout_str(struct jout *j, const char *key, const char *s)
{
	jout_item(j, key);
	if (s == NULL)
		sb_puts(j->sb, "null");
	else
		json_quote(j->sb, s);
}

void
jout_u64(struct jout *j, const char *key, uint64_t v)
{
	jout_item(j, key);
	sb_put_u64(j->sb, v);
}

void
jout_i64(struct jout *j, const char *key, int64_t v)
{
	jout_item(j, key);
	sb_put_i64(j->sb, v);
}

void
jout_bool(struct jout *j, const char *key, bool v)
{
	jout_item(j, key);
	sb_puts(j->sb, v ? "true" : "false");
}

void
jout_null(struct jout *j, const char *key)
{
	jout_item(j, key);
	sb_puts(j->sb, "null");
}

/* Hundredths as the shortest decimal: 3.2, 0.06, 50. */
static void
hundredths_text(struct strbuf *sb, uint64_t a)
{
	sb_put_u64(sb, a / 100);
	if (a % 100 == 0)
		return;
	sb_putc(sb, '.');
	sb_putc(sb, (char)('0' + a % 100 / 10));
	if (a % 10 != 0)
		sb_putc(sb, (char)('0' + a % 10));
}

void
jout_hundredths(struct jout *j, const char *key, int64_t h)
{
	jout_item(j, key);
	if (h < 0)
		sb_putc(j->sb, '-');
	hundredths_text(j->sb, h < 0 ? -(uint64_t)h : (uint64_t)h);
}

void
jout_uhundredths(struct jout *j, const char *key, uint64_t h)
{
	jout_item(j, key);
	hundredths_text(j->sb, h);
}

/*
 * Small helpers: glob_match's string-compare fast paths must agree with
 * fnmatch(3), which it stands in for, on every shape; the strbuf's decimal
 * writer with printf.
 */
#include <criterion/criterion.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fileio.h"
#include "util.h"

Test(util, glob_match_agrees_with_fnmatch)
{
	static const char *const pats[] = {
		"*_dma_buf*", "spiRxBuffer", "m_tx_buf*", "*Buf", "*", "**",
		"a*b", "[ab]c", "*x?*", "", "*dma*", "buf*", "*.dma.*", ".dma",
		"\\*lit", "*a\\*", "?", "*?", "a**b", "a?b", "??", "?\\?",
		"a?[b]", "m00??5_x", "x?"
	};
	static const char *const names[] = {
		"uart_dma_buf", "spiRxBuffer", "spiRxBuffer2", "m_tx_buf",
		"m_tx_buf_1", "xDmaBuf", "DmaBuf", "", "ab", "acb", "bc", "x1",
		"dma", "_dma_buf", "buf", "bu", ".dma", ".dma.rx", "*lit", "a*",
		"a", "aXb", "a?b", "??", "m00125_x", "m00125_y", "m0012_x"
	};
	size_t	i, j;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
			cr_expect_eq(glob_match(pats[i], names[j]),
			    fnmatch(pats[i], names[j], 0) == 0, "%s vs %s",
			    pats[i], names[j]);
}

Test(util, xqsort_takes_empty_arrays)
{
	xqsort(NULL, 0, 8, NULL);
	xqsort(NULL, 1, 8, NULL);
}

struct rec {
	uint64_t	key;
	unsigned	tie;	/* second sort field */
	unsigned	seq;	/* input position: shows stability */
};

static uint64_t
rec_key(const void *p)
{
	return ((const struct rec *)p)->key;
}

static int
rec_cmp(const void *va, const void *vb)
{
	const struct rec	*a = va, *b = vb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->tie < b->tie ? -1 : a->tie > b->tie;
}

/* By CMP, and among equals by input position: a stable sort's order. */
static int
rec_stable_cmp(const void *va, const void *vb)
{
	const struct rec	*a = va, *b = vb;
	int			 c = rec_cmp(va, vb);

	return c != 0 ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * xsort_keyed gives the order of a stable sort by CMP, under and over its
 * radix threshold, with keys that differ in every byte or in few, and
 * with runs of equal keys and of entirely equal records.
 */
Test(util, xsort_keyed_is_a_stable_sort)
{
	static const size_t	 sizes[] = { 0, 1, 2, 255, 256, 257, 5000 };
	static const uint64_t	 masks[] = { ~(uint64_t)0, 0xff00, 0x7, 0 };
	struct rec		*a, *b;
	size_t			 s, m, i;
	uint64_t		 x = 88172645463325252ULL;

	for (s = 0; s < ARRAY_LEN(sizes); s++)
		for (m = 0; m < ARRAY_LEN(masks); m++) {
			a = xcalloc(sizes[s] + 1, sizeof(*a));
			b = xcalloc(sizes[s] + 1, sizeof(*b));
			for (i = 0; i < sizes[s]; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				a[i].key = (x & masks[m]) | 0x20000000;
				a[i].tie = (unsigned)(x >> 40) % 3;
				a[i].seq = (unsigned)i;
			}
			memcpy(b, a, sizes[s] * sizeof(*a));
			xsort_keyed(a, sizes[s], sizeof(*a), rec_key, rec_cmp);
			xqsort(b, sizes[s], sizeof(*b), rec_stable_cmp);
			cr_assert_eq(memcmp(a, b, sizes[s] * sizeof(*a)), 0,
			    "n %zu mask %zu", sizes[s], m);
			free(a);
			free(b);
		}
}

/* The compiled form is what glob_match runs: same answers, any length. */
Test(util, glob_test_takes_the_name_length)
{
	struct glob	g;

	glob_compile(&g, "*_dma_buf*");
	cr_assert_eq(g.shape, GLOB_INFIX);
	cr_assert(glob_test(&g, "uart_dma_buf", 12));
	cr_assert_not(glob_test(&g, "uart_dma_buf", 11), "only N bytes");
	glob_compile(&g, "spi*");
	cr_assert_eq(g.shape, GLOB_PREFIX);
	cr_assert(glob_test(&g, "spiRx", 5));
	glob_compile(&g, "*Buf");
	cr_assert_eq(g.shape, GLOB_SUFFIX);
	cr_assert(glob_test(&g, "xBufy", 4));
	glob_compile(&g, "a[bc]");
	cr_assert_eq(g.shape, GLOB_FULL);
	cr_assert(glob_test(&g, "ac", 2));
}

/* The hand-written decimal must print what printf prints, at every edge. */
Test(util, sb_put_integers_agree_with_printf)
{
	static const int64_t	edges[] = { 0, 1, -1, 9, 10, -10, 99, 100,
	    INT32_MAX, INT32_MIN, (int64_t)UINT32_MAX + 1, INT64_MAX,
	    INT64_MIN, INT64_MIN + 1 };
	struct strbuf		sb;
	char			want[32];
	uint64_t		u = 1;
	size_t			i;

	sb_init(&sb);
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		sb.len = 0;
		sb_put_i64(&sb, edges[i]);
		snprintf(want, sizeof(want), "%" PRId64, edges[i]);
		cr_assert_str_eq(sb.buf, want);
	}
	/* Every power of ten and its neighbours, up to UINT64_MAX. */
	for (i = 0; i < 20; i++, u *= 10) {
		uint64_t	vs[] = { u - 1, u, u + 1, UINT64_MAX - u + 1 };

		for (size_t k = 0; k < 4; k++) {
			sb.len = 0;
			sb_put_u64(&sb, vs[k]);
			snprintf(want, sizeof(want), "%" PRIu64, vs[k]);
			cr_assert_str_eq(sb.buf, want);
		}
	}
	sb_free(&sb);
}

Test(util, escapes_control_characters)
{
	char	*e = str_escape_controls("a\nb\x1b[2Jc\x7f\td\r");

	cr_assert_str_eq(e, "a\\nb\\x1b[2Jc\\x7f\\td\\r");
	free(e);
	cr_assert_null(str_escape_controls("plain text, UTF-8 \xc3\xa9"));
}

Test(util, warnings_never_crowd_out_an_error)
{
	struct diags	d;
	struct srcpos	pos = { "x.map", 1, 0 };
	size_t		i;
	bool		found = false;

	diags_init(&d);
	for (i = 0; i < 2 * DIAG_DEFAULT_LIMIT; i++)
		diag_warn(&d, &pos, "warning %zu", i);
	diag_error(&d, &pos, "the only error");
	for (i = 0; i < d.n; i++)
		found |= strcmp(d.list[i].msg, "the only error") == 0;
	cr_assert(found);
	cr_assert_eq(d.n, DIAG_DEFAULT_LIMIT + 1);
	diag_error(&d, &pos, "a control\x1b char");
	cr_assert_str_eq(d.list[d.n - 1].msg, "a control\\x1b char");
	diags_free(&d);
}

/*
 * A temporary file of PAGES pages of 4096 bytes, page I all 'a' + I when
 * DISTINCT, else all 'x'; its name in PATH (a mkstemp template), open.
 */
static int
temp_pages(char *path, size_t pages, bool distinct)
{
	char	buf[4096];
	size_t	i;
	int	fd;

	cr_assert((fd = mkstemp(path)) >= 0);
	for (i = 0; i < pages; i++) {
		memset(buf, distinct ? 'a' + (int)i : 'x', sizeof(buf));
		cr_assert_eq(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	}
	return fd;
}

/* Released pages are read again from the file: the bytes stay good. */
Test(util, file_release_keeps_the_bytes)
{
	struct mapped_file	 mf;
	char			 path[] = "/tmp/memfit-release-XXXXXX";
	char			*err = NULL;
	size_t			 i, bad = 0, page = 4096;
	int			 fd;

	fd = temp_pages(path, 16, true);
	cr_assert_eq(file_map_fd(&mf, fd, 16 * page, &err), 0, "%s", err);
	close(fd);
	unlink(path);
	for (i = 0; i < mf.len; i++)
		bad += mf.data[i] != 'a' + (int)(i / page);
	file_release(&mf, 100, 3 * page);
	file_release(&mf, 8 * page, 100 * page);
	file_release(&mf, mf.len, 10);
	for (i = 0; i < mf.len; i++)
		bad += mf.data[i] != 'a' + (int)(i / page);
	cr_expect_eq(bad, 0);
	cr_expect(file_intact(&mf));
	file_unmap(&mf);
}

/*
 * Issue 14 item 6: a link rewriting the map while memfit reads it. The
 * truncation took the mapped pages away under the parser and the next
 * access died of SIGBUS; now the lost pages read as zeros and file_intact
 * says the file cannot be trusted. The truncation comes between mapping
 * and reading here, which makes it deterministic.
 */
Test(util, file_map_survives_truncation)
{
	struct mapped_file	 mf;
	char			 path[] = "/tmp/memfit-trunc-XXXXXX";
	char			*err = NULL;
	size_t			 i, sum = 0;
	int			 fd;

	fd = temp_pages(path, 64, false);
	cr_assert_eq(file_map(&mf, path, &err), 0, "%s", err);
	cr_assert(file_intact(&mf));
	cr_assert_eq(ftruncate(fd, 4096), 0);
	close(fd);
	unlink(path);
	for (i = 0; i < mf.len; i++)
		sum += mf.data[i] == 'x';
	cr_expect_eq(sum, 4096, "the first page is still the file's");
	cr_expect(!file_intact(&mf));
	file_unmap(&mf);
	/* A later mapping, maybe in the same guard slot, starts intact. */
	strcpy(path, "/tmp/memfit-trunc-XXXXXX");
	fd = temp_pages(path, 1, false);
	close(fd);
	cr_assert_eq(file_map(&mf, path, &err), 0, "%s", err);
	unlink(path);
	cr_expect(file_intact(&mf));
	file_unmap(&mf);
}

/*
 * file_load copies a regular file whole (over 2 MiB here, so the copy is
 * in huge pages where there are any): the same bytes file_map gives, and
 * an empty file or a missing one as file_map has them.
 */
Test(util, file_load_reads_what_file_map_maps)
{
	struct mapped_file	 a, b;
	char			 path[] = "/tmp/memfit-load-XXXXXX";
	char			*err = NULL, buf[4096];
	size_t			 i;
	int			 fd;

	cr_assert((fd = mkstemp(path)) >= 0);
	for (i = 0; i < 1800; i++) {
		memset(buf, 'a' + (int)(i % 26), sizeof(buf));
		cr_assert_eq(write(fd, buf, 1000 + i), (ssize_t)(1000 + i));
	}
	cr_assert_eq(file_load(&a, path, &err), 0, "%s", err);
	cr_assert_eq(file_map(&b, path, &err), 0, "%s", err);
	cr_expect_eq(a.len, b.len);
	cr_expect(memcmp(a.data, b.data, a.len) == 0);
	cr_expect(file_intact(&a));
	file_unmap(&a);
	file_unmap(&b);
	cr_assert_eq(ftruncate(fd, 0), 0);
	close(fd);
	cr_assert_eq(file_load(&a, path, &err), 0, "%s", err);
	cr_expect_eq(a.len, 0);
	file_unmap(&a);
	unlink(path);
	cr_expect_eq(file_load(&a, path, &err), -1);
	cr_expect_str_eq(err, "No such file or directory");
	free(err);
}

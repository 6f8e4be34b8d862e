/*
 * libFuzzer target: the ELF reader. One input goes through the three ways
 * memfit reads ELF data:
 *   - image_load_buffer, as for the linked firmware;
 *   - the objcache, as for the objects and archive members a map names: the
 *     input is written to a temporary file and every section the image
 *     reader found (of the file, or of each archive member) is asked for;
 *   - srcloc_resolve (libdw) on the same file, for the symbols found.
 * Work per input is capped so that a large input stays fast.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "dwarf_lines.h"
#include "image.h"
#include "objcache.h"
#include "util.h"

#define MAX_MEMBERS	8
#define MAX_SECTIONS	16
#define MAX_QUERIES	16

int	LLVMFuzzerInitialize(int *, char ***);

static char	tmp_path[64];

static void
remove_tmp(void)
{
	if (tmp_path[0] != '\0')
		unlink(tmp_path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int	fd;

	(void)argc;
	(void)argv;
	snprintf(tmp_path, sizeof(tmp_path), "/tmp/memfit-fuzz-elf-XXXXXX");
	if ((fd = mkstemp(tmp_path)) < 0) {
		perror("mkstemp");
		exit(1);
	}
	close(fd);
	atexit(remove_tmp);
	return 0;
}

static bool
write_tmp(const uint8_t *data, size_t size)
{
	FILE	*f;
	bool	 ok;

	if (tmp_path[0] == '\0')
		LLVMFuzzerInitialize(NULL, NULL);
	if ((f = fopen(tmp_path, "wb")) == NULL)
		return false;
	ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok;
}

static size_t
touch_image(const struct image *img)
{
	size_t	i, sum = 0;

	for (i = 0; i < img->nsections; i++)
		sum += fuzz_touch(img->sections[i].name) +
		    (image_section(img, img->sections[i].index) != NULL);
	for (i = 0; i < img->nsymbols; i++)
		sum += fuzz_touch(img->symbols[i].name);
	return sum;
}

/* Ask the cache for the named sections of PATH or PATH(MEMBER). */
static size_t
ask_sections(struct objcache *c, const char *member, const struct image *img)
{
	const struct obj_section *s;
	size_t	 i, j, n = 0, sum = 0;
	char	*err;

	for (i = 1; i < img->nsections && n < MAX_SECTIONS; i++) {
		if (img->sections[i].name == NULL ||
		    img->sections[i].name[0] == '\0')
			continue;
		n++;
		/* Without symbols, then the same answer with them. */
		if (objcache_section(&s, c, tmp_path, member,
		    img->sections[i].name, img->sections[i].size, false,
		    &err) == 0 && objcache_section(&s, c, tmp_path, member,
		    img->sections[i].name, img->sections[i].size, true,
		    &err) == 0) {
			sum += fuzz_touch(s->name);
			if (s->data != NULL && s->size > 0)
				sum += s->data[0] + s->data[s->size - 1];
			for (j = 0; j < s->nsymbols; j++)
				sum += fuzz_touch(s->symbols[j].name);
		} else
			sum += fuzz_touch(err);
		free(err);
	}
	/* A section that is not there, and a size that changed. */
	if (objcache_section(&s, c, tmp_path, member, ".data", 3, true,
	    &err) != 0)
		sum += fuzz_touch(err);
	free(err);
	return sum;
}

static size_t
ar_size(const uint8_t *h)
{
	size_t	i, v = 0;

	for (i = 48; i < 58 && h[i] >= '0' && h[i] <= '9'; i++)
		v = v * 10 + (size_t)(h[i] - '0');
	return v;
}

/*
 * The name of the archive member whose header is H, as ld prints it, from
 * a GNU or SysV archive ("name/" or "/offset" into the "//" table).
 */
static char *
ar_name(const uint8_t *h, const uint8_t *names, size_t nnames)
{
	size_t	off = 0, i;

	if (h[0] == '/' && h[1] >= '0' && h[1] <= '9') {
		for (i = 1; i < 16 && h[i] >= '0' && h[i] <= '9'; i++)
			off = off * 10 + (size_t)(h[i] - '0');
		if (names == NULL || off >= nnames)
			return NULL;
		for (i = off; i < nnames && names[i] != '/' &&
		    names[i] != '\n'; i++)
			;
		return xstrndup((const char *)names + off, i - off);
	}
	if (h[0] == '/')
		return NULL;
	for (i = 0; i < 16 && h[i] != '/' && h[i] != ' '; i++)
		;
	return xstrndup((const char *)h, i);
}

/* Walk the members of an archive: load each, then ask the cache. */
static size_t
fuzz_archive(struct objcache *c, const uint8_t *data, size_t size,
    struct diags *d)
{
	const uint8_t	*names = NULL;
	struct image	*img;
	size_t		 off = 8, len, nnames = 0, n = 0, sum = 0;
	char		*name, *err;
	const struct obj_section *s;

	while (off + 60 <= size && n < MAX_MEMBERS) {
		len = ar_size(data + off);
		if (len > size - off - 60)
			len = size - off - 60;
		if (data[off] == '/' && data[off + 1] == '/') {
			names = data + off + 60;
			nnames = len;
		} else if ((name = ar_name(data + off, names, nnames)) != NULL) {
			n++;
			if (image_load_buffer(&img, name, data + off + 60, len,
			    d) == 0) {
				sum += touch_image(img);
				sum += ask_sections(c, name, img);
				image_free(img);
			} else if (objcache_section(&s, c, tmp_path, name,
			    ".text", 0, false, &err) != 0) {
				sum += fuzz_touch(err);
				free(err);
			}
			free(name);
		}
		off += 60 + len + (len & 1);
	}
	if (objcache_section(&s, c, tmp_path, "no-such-member.o", ".text", 0,
	    false, &err) != 0)
		sum += fuzz_touch(err);
	free(err);
	return sum;
}

static size_t
fuzz_srcloc(const struct image *img, struct diags *d)
{
	struct srcloc_query	 q[MAX_QUERIES + 1];
	size_t			 i, n = 0, sum = 0;

	memset(q, 0, sizeof(q));
	for (i = 1; img != NULL && i < img->nsymbols && n < MAX_QUERIES; i++)
		if (img->symbols[i].name != NULL &&
		    img->symbols[i].name[0] != '\0') {
			q[n].name = img->symbols[i].name;
			q[n++].addr = img->symbols[i].value;
		}
	q[n++].name = "main";
	srcloc_resolve(tmp_path, q, n, d);
	for (i = 0; i < n; i++) {
		sum += fuzz_touch(q[i].file) + q[i].line;
		free(q[i].file);
	}
	return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 d;
	struct image	*img = NULL;
	struct objcache	*c;
	size_t		 sum = 0;

	diags_init(&d);
	if (image_load_buffer(&img, "fuzz.elf", data, size, &d) == 0)
		sum += touch_image(img);
	if (write_tmp(data, size)) {
		objcache_new(&c);
		if (size >= 8 && memcmp(data, "!<arch>\n", 8) == 0)
			sum += fuzz_archive(c, data, size, &d);
		else if (img != NULL)
			sum += ask_sections(c, NULL, img);
		objcache_free(c);
		sum += fuzz_srcloc(img, &d);
	}
	image_free(img);
	fuzz_diags_done(&d);
	return sum == SIZE_MAX;
}

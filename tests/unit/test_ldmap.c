/*
 * GNU ld and LLVM lld map parser. The maps come from real links of
 * fixtures/map/fw (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, gold, and
 * clang with ld.lld), committed under fixtures/unit/map and
 * fixtures/unit/lldmap with the readelf, objdump and nm output of the
 * same ELFs (each directory's build.sh makes them), so a test fails
 * when memfit reads a map differently from what ld meant, and needs no
 * toolchain. Tests of ../shared skip when it is missing. Twins (CRLF,
 * Windows paths, spaces, non-UTF-8 bytes, truncations) are made from a
 * real map.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "ldmap.h"
#include "util.h"

#include "tool_output.h"

#define FW		FIXTURES_DIR "/map/fw"
#define FX		FIXTURES_DIR "/unit/map"
#define LX		FIXTURES_DIR "/unit/lldmap"
#define EXT		SHARED_DIR "/fixtures-external"
#define ESP		EXT "/esp-idf-size"
#define MAXSEC		256

struct esec {
	char		name[128];
	uint64_t	addr;
	uint64_t	size;
	uint64_t	lma;
	bool		alloc;
};

struct nmsym {
	char		name[128];
	uint64_t	addr;
	char		type;
};

static struct diags	d;
static char		tmp[64];

static void
setup(void)
{
	diags_init(&d);
	tmp[0] = '\0';
}

static void
teardown(void)
{
	char	cmd[128];

	diags_free(&d);
	if (tmp[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		cr_assert_eq(system(cmd), 0);
	}
}

TestSuite(ldmap, .init = setup, .fini = teardown);

static void
make_tmp(void)
{
	strcpy(tmp, "/tmp/memfit-ldmap-XXXXXX");
	cr_assert_not_null(mkdtemp(tmp));
}

static char *
slurp(const char *path, size_t *len)
{
	char	*buf = NULL, *err = NULL;

	cr_assert_eq(file_read_all(&buf, len, path, &err), 0, "%s: %s", path,
	    err ? err : "");
	return buf;
}

/* Sections of ELF by readelf -SW (any machine), LMAs by objdump -h. */
static size_t
read_sections(struct esec *s, const char *elf)
{
	char	 line[512], *b;
	FILE	*fp;
	bool	 piped;
	size_t	 n = 0;
	char	 type[32], flags[16];

	fp = tool_output("arm-none-eabi-readelf", "-SW", elf, &piped);
	while (fgets(line, sizeof(line), fp) != NULL && n < MAXSEC) {
		if ((b = strchr(line, ']')) == NULL || strstr(line, "[Nr]"))
			continue;
		flags[0] = '\0';
		if (sscanf(b + 1, "%127s %31s %" SCNx64 " %*x %" SCNx64
		    " %*x %15s", s[n].name, type, &s[n].addr, &s[n].size,
		    flags) < 4 || strcmp(type, "NULL") == 0)
			continue;
		s[n].alloc = strchr(flags, 'A') != NULL;
		s[n].lma = s[n].addr;
		n++;
	}
	tool_close(fp, piped);
	return n;
}

static void
read_lmas(struct esec *s, size_t n, const char *elf)
{
	char		 line[512], name[128];
	FILE		*fp;
	bool		 piped;
	uint64_t	 vma, lma;
	size_t		 i;

	fp = tool_output("arm-none-eabi-objdump", "-h", elf, &piped);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "%*d %127s %*x %" SCNx64 " %" SCNx64, name,
		    &vma, &lma) == 3)
			for (i = 0; i < n; i++)
				if (strcmp(s[i].name, name) == 0)
					s[i].lma = lma;
	tool_close(fp, piped);
}

static size_t
read_nm(struct nmsym **out, const char *elf)
{
	char		 line[512];
	FILE		*fp;
	bool		 piped;
	size_t		 n = 0, cap = 0;
	struct nmsym	 s;

	*out = NULL;
	fp = tool_output("arm-none-eabi-nm", "", elf, &piped);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "%" SCNx64 " %c %127s", &s.addr, &s.type,
		    s.name) == 3)
			*ARRAY_PUSH(*out, n, cap) = s;
	tool_close(fp, piped);
	return n;
}

static const struct nmsym *
nm_find(const struct nmsym *s, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return &s[i];
	return NULL;
}

static const struct map_output *
find_output(const struct ldmap *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->noutputs; i++)
		if (strcmp(m->outputs[i].name, name) == 0)
			return &m->outputs[i];
	return NULL;
}

/* Every index points where it should; objects are interned. */
static void
check_consistent(const struct ldmap *m)
{
	size_t			 i, j;
	const struct map_output	*o;
	const struct map_input	*in;

	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		cr_assert_leq(o->first_input + o->ninputs, m->ninputs);
		for (j = o->first_input; j < o->first_input + o->ninputs; j++)
			cr_assert_eq(m->inputs[j].output, i);
		cr_assert(o->has_lma || o->lma == o->vma);
	}
	for (i = 0; i < m->ninputs; i++) {
		in = &m->inputs[i];
		cr_assert_leq(in->first_symbol + in->nsymbols, m->nsymbols);
		for (j = in->first_symbol; j < in->first_symbol + in->nsymbols;
		    j++)
			cr_assert_eq(m->symbols[j].input, i);
		if (in->kind == MAP_IN_FILL || in->kind == MAP_IN_DATA)
			cr_assert_null(in->object);
	}
	for (i = 0; i < m->nobjects; i++)
		for (j = i + 1; j < m->nobjects; j++)
			cr_assert_str_neq(m->objects[i]->display,
			    m->objects[j]->display);
}

static struct ldmap *
parse_ok(const char *name, const char *buf, size_t len)
{
	struct ldmap	*m = NULL;

	cr_assert_eq(ldmap_parse_buffer(&m, name, buf, len, &d), 0,
	    "%s: %s", name, d.n ? d.list[0].msg : "");
	cr_assert_eq(d.nerrors, 0);
	check_consistent(m);
	return m;
}

static struct ldmap *
parse_file_ok(const char *path)
{
	struct ldmap	*m = NULL;

	cr_assert_eq(ldmap_parse(&m, path, &d), 0, "%s: %s", path,
	    d.n ? d.list[0].msg : "");
	cr_assert_eq(d.nerrors, 0);
	check_consistent(m);
	return m;
}

/*
 * Output sections against the ELF: every named section of the ELF (but
 * the symbol and string tables ld writes after the map) is in the map
 * with its address and size, and every non-empty output is in the ELF.
 */
static void
check_outputs(const struct ldmap *m, const struct esec *s, size_t n)
{
	const struct map_output	*o;
	size_t			 i, j, found = 0;

	for (i = 0; i < n; i++) {
		if (s[i].name[0] != '.' || strstr(".symtab .strtab .shstrtab",
		    s[i].name) != NULL)
			continue;
		o = find_output(m, s[i].name);
		cr_assert_not_null(o, "%s not in the map", s[i].name);
		cr_assert_eq(o->vma, s[i].addr, "%s", s[i].name);
		cr_assert_eq(o->size, s[i].size, "%s", s[i].name);
		found++;
	}
	cr_assert_gt(found, 3);
	for (i = 0; i < m->noutputs; i++) {
		for (j = 0; j < n && m->outputs[i].size != 0; j++)
			if (strcmp(s[j].name, m->outputs[i].name) == 0)
				break;
		cr_assert_neq(j, n, "%s not in the ELF", m->outputs[i].name);
	}
}

static void
assert_same(const struct ldmap *a, const struct ldmap *b, bool paths)
{
	size_t	i;

	cr_assert_eq(a->nregions, b->nregions);
	cr_assert_eq(a->noutputs, b->noutputs);
	cr_assert_eq(a->ninputs, b->ninputs);
	cr_assert_eq(a->nsymbols, b->nsymbols);
	cr_assert_eq(a->nobjects, b->nobjects);
	for (i = 0; i < a->nregions; i++) {
		cr_assert_str_eq(a->regions[i].name, b->regions[i].name);
		cr_assert_str_eq(a->regions[i].attrs, b->regions[i].attrs);
		cr_assert_eq(a->regions[i].length, b->regions[i].length);
	}
	for (i = 0; i < a->noutputs; i++) {
		cr_assert_str_eq(a->outputs[i].name, b->outputs[i].name);
		cr_assert_eq(a->outputs[i].vma, b->outputs[i].vma);
		cr_assert_eq(a->outputs[i].lma, b->outputs[i].lma);
		cr_assert_eq(a->outputs[i].size, b->outputs[i].size);
		cr_assert_eq(a->outputs[i].line, b->outputs[i].line);
	}
	for (i = 0; i < a->ninputs; i++) {
		cr_assert_str_eq(a->inputs[i].name, b->inputs[i].name);
		cr_assert_eq(a->inputs[i].addr, b->inputs[i].addr);
		cr_assert_eq(a->inputs[i].size, b->inputs[i].size);
		cr_assert_eq(a->inputs[i].nsymbols, b->inputs[i].nsymbols);
		if (paths && a->inputs[i].object != NULL)
			cr_assert_str_eq(a->inputs[i].object->display,
			    b->inputs[i].object->display);
	}
	for (i = 0; i < a->nsymbols; i++)
		cr_assert_str_eq(a->symbols[i].name, b->symbols[i].name);
}

static char *
replace_all(const char *buf, size_t len, const char *from, const char *to,
    size_t *outlen)
{
	struct strbuf	 sb;
	const char	*p = buf, *e = buf + len, *q;
	size_t		 fl = strlen(from);

	sb_init(&sb);
	while ((q = memmem(p, (size_t)(e - p), from, fl)) != NULL) {
		sb_add(&sb, p, (size_t)(q - p));
		sb_puts(&sb, to);
		p = q + fl;
	}
	sb_add(&sb, p, (size_t)(e - p));
	*outlen = sb.len;
	return sb_detach(&sb);
}

/* ------------------------------------------------------------------ */

Test(ldmap, arm_outputs_match_readelf)
{
	struct esec	 s[MAXSEC];
	struct ldmap	*m;
	char		 path[128];
	size_t		 n;

	snprintf(path, sizeof(path), "%s", FX "/fw.elf");
	n = read_sections(s, path);
	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	m = parse_file_ok(path);
	check_outputs(m, s, n);
	ldmap_free(m);
}

/* The MEMORY block of fw.ld is the answer for Memory Configuration. */
Test(ldmap, arm_regions_match_ld_script)
{
	FILE		*fp;
	char		 line[256], name[64], attrs[8], len[32], unit;
	uint64_t	 origin, length;
	struct ldmap	*m;
	size_t		 n = 0, i;

	snprintf(line, sizeof(line), "%s", FX "/fw.map");
	m = parse_file_ok(line);
	cr_assert_not_null(fp = fopen(FW "/fw.ld", "r"));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, " %63s (%7[^)]) : ORIGIN = %" SCNi64
		    ", LENGTH = %31s", name, attrs, &origin, len) != 4)
			continue;
		unit = 'B';
		cr_assert_geq(sscanf(len, "%" SCNi64 "%c", &length, &unit), 1);
		length <<= unit == 'K' ? 10 : 0;
		cr_assert_lt(n, m->nregions);
		cr_assert_str_eq(m->regions[n].name, name);
		cr_assert_eq(m->regions[n].origin, origin);
		cr_assert_eq(m->regions[n].length, length);
		for (i = 0; attrs[i] != '\0'; i++)
			cr_assert_not_null(strchr(m->regions[n].attrs, attrs[i]));
		cr_assert_eq(strlen(m->regions[n].attrs), strlen(attrs));
		n++;
	}
	fclose(fp);
	cr_assert_eq(n, m->nregions, "*default* must be skipped");
	cr_assert_eq(n, 4);
	ldmap_free(m);
}

/*
 * Symbols under input sections are the ELF's (nm), at the same address
 * (Thumb functions: the map prints the address without bit 0), and no
 * script assignment ("_sdata = .") is taken for a symbol.
 */
Test(ldmap, arm_symbols_match_nm)
{
	struct nmsym		*syms;
	const struct nmsym	*s;
	const struct map_symbol	*ms;
	struct ldmap		*m;
	char			 path[128];
	size_t			 n, i;

	snprintf(path, sizeof(path), "%s", FX "/fw.elf");
	n = read_nm(&syms, path);
	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	m = parse_file_ok(path);
	cr_assert_geq(m->nsymbols, 8);
	for (i = 0; i < m->nsymbols; i++) {
		ms = &m->symbols[i];
		s = nm_find(syms, n, ms->name);
		cr_assert_not_null(s, "map symbol '%s' not in nm", ms->name);
		cr_assert_eq(s->type == 'T' ? s->addr & ~(uint64_t)1 : s->addr,
		    ms->addr,
		    "%s", ms->name);
	}
	free(syms);
	ldmap_free(m);
}

/*
 * MAP's text with the lines of [FROM, TO) emptied: a block the parser
 * must skip. Emptied, not cut, so that every other line keeps its number.
 */
static char *
without_block(const char *map, size_t len, const char *from, const char *to,
    size_t *outlen)
{
	const char	*a, *b;
	struct strbuf	 sb;

	cr_assert_not_null(a = memmem(map, len, from, strlen(from)), "%s", from);
	b = to != NULL ? memmem(a, len - (size_t)(a - map), to, strlen(to)) :
	    map + len;
	cr_assert_not_null(b, "%s", to);
	sb_init(&sb);
	sb_add(&sb, map, (size_t)(a - map));
	for (; a < b; a++)
		if (*a == '\n')
			sb_add(&sb, "\n", 1);
	sb_add(&sb, b, len - (size_t)(b - map));
	*outlen = sb.len;
	return sb_detach(&sb);
}

/*
 * No check needs the discarded input sections (gc-sections) or the Cross
 * Reference Table (--cref): the map without them reads the same, so
 * nothing of them leaks into inputs, symbols or objects.
 */
Test(ldmap, discarded_and_cref_blocks_are_skipped)
{
	static const char	*blocks[][2] = {
		{ "Discarded input sections\n", "Memory Configuration\n" },
		{ "Cross Reference Table\n", NULL },
	};
	struct ldmap		*full, *m;
	char			*buf, *less;
	size_t			 len, llen, i;

	buf = slurp(FX "/fw.map", &len);
	full = parse_ok("fw.map", buf, len);
	for (i = 0; i < ARRAY_LEN(blocks); i++) {
		less = without_block(buf, len, blocks[i][0], blocks[i][1],
		    &llen);
		cr_assert_lt(llen + 400, len, "%s is a real block",
		    blocks[i][0]);
		m = parse_ok("less.map", less, llen);
		assert_same(full, m, true);
		ldmap_free(m);
		free(less);
	}
	ldmap_free(full);
	free(buf);
}

/* Names longer than ld's column continue on the next line. */
Test(ldmap, arm_wrapped_names)
{
	struct esec		 s[MAXSEC];
	struct ldmap		*m;
	const struct map_output	*o;
	char			 path[128];
	size_t			 n, i, nwrapped = 0;

	snprintf(path, sizeof(path), "%s", FX "/fw.elf");
	n = read_sections(s, path);
	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	m = parse_file_ok(path);
	o = find_output(m, ".rodata_with_a_long_output_name");
	cr_assert_not_null(o);
	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, o->name) == 0)
			cr_assert_eq(o->vma, s[i].addr);
	for (i = 0; i < m->ninputs; i++)
		if (strlen(m->inputs[i].name) > 14) {
			nwrapped++;
			cr_assert_not_null(m->inputs[i].object);
		}
	cr_assert_geq(nwrapped, 3);
	ldmap_free(m);
}

/* .data and .ccm_data are loaded from FLASH: objdump -h shows the LMA. */
Test(ldmap, arm_load_addresses_match_objdump)
{
	struct esec		 s[MAXSEC];
	struct ldmap		*m;
	const struct map_output	*o;
	char			 path[128];
	size_t			 n, i, nlma = 0;

	snprintf(path, sizeof(path), "%s", FX "/fw.elf");
	n = read_sections(s, path);
	read_lmas(s, n, path);
	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	m = parse_file_ok(path);
	for (i = 0; i < n; i++) {
		if (!s[i].alloc || (o = find_output(m, s[i].name)) == NULL ||
		    !o->has_lma)
			continue;
		cr_assert_eq(o->lma, s[i].lma, "%s", o->name);
		nlma++;
	}
	cr_assert_geq(nlma, 2);
	cr_assert_not_null(o = find_output(m, ".data"));
	cr_assert(o->has_lma);
	cr_assert_neq(o->lma, o->vma);
	cr_assert_not_null(o = find_output(m, ".text"));
	cr_assert_not(o->has_lma);
	ldmap_free(m);
}

/*
 * Inputs, *fill* and explicit data tile each allocated output section:
 * contiguous, and their sizes add up to the section's size.
 */
Test(ldmap, arm_inputs_fill_and_data_tile_sections)
{
	struct ldmap		*m;
	const struct map_output	*o;
	const struct map_input	*in;
	char			 path[128];
	size_t			 i, j, nfill = 0, ndata = 0;
	uint64_t		 at;

	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	m = parse_file_ok(path);
	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		if (o->vma == 0)
			continue;	/* not allocated */
		at = o->vma;
		for (j = o->first_input; j < o->first_input + o->ninputs; j++) {
			in = &m->inputs[j];
			cr_assert_eq(in->addr, at, "%s in %s", in->name, o->name);
			at += in->size;
			nfill += in->kind == MAP_IN_FILL;
			ndata += in->kind == MAP_IN_DATA;
			if (in->kind == MAP_IN_DATA)
				cr_assert_eq(in->size, strcmp(in->name, "BYTE") == 0
				    ? 1 : strcmp(in->name, "SHORT") == 0 ? 2 :
				    strcmp(in->name, "LONG") == 0 ? 4 : 8);
		}
		cr_assert_eq(at, o->vma + o->size, "%s", o->name);
	}
	cr_assert_geq(nfill, 3);
	cr_assert_eq(ndata, 5);
	ldmap_free(m);
}

/* newlib-nano and libhelper.a members; one object per distinct path. */
Test(ldmap, arm_archive_members_and_common)
{
	struct ldmap			*m;
	const struct map_object		*obj;
	char				 path[128], *disp;
	size_t				 i, nmember = 0, ncommon = 0;

	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	m = parse_file_ok(path);
	for (i = 0; i < m->ninputs; i++) {
		if ((obj = m->inputs[i].object) == NULL)
			continue;
		ncommon += m->inputs[i].kind == MAP_IN_COMMON;
		if (obj->member == NULL) {
			cr_assert_eq(obj->path, obj->display);
			continue;
		}
		nmember++;
		cr_assert(strstr(obj->path, ".a") != NULL);
		disp = xasprintf("%s(%s)", obj->path, obj->member);
		cr_assert_str_eq(disp, obj->display);
		free(disp);
	}
	cr_assert_geq(nmember, 4, "libc_nano.a and libhelper.a members");
	cr_assert_eq(ncommon, 2);
	cr_assert_leq(m->nobjects, 8);
	ldmap_free(m);
}

Test(ldmap, crlf_twin_parses_identically)
{
	struct ldmap	*a, *b;
	char		 path[128], *buf, *crlf;
	size_t		 len, clen;

	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	buf = slurp(path, &len);
	crlf = replace_all(buf, len, "\n", "\r\n", &clen);
	a = parse_ok("fw.map", buf, len);
	b = parse_ok("fw-crlf.map", crlf, clen);
	assert_same(a, b, true);
	cr_assert_eq(d.n, 0);
	ldmap_free(a);
	ldmap_free(b);
	free(buf);
	free(crlf);
}

/* The object paths of a real map rewritten Windows-style, with spaces
 * and with non-UTF-8 bytes: everything else must read the same. */
static void
check_path_twin(const char *to)
{
	struct ldmap	*a, *b;
	char		 path[128], *buf, *twin, *dir;
	size_t		 len, tlen, i, nmember = 0;

	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	buf = slurp(path, &len);
	dir = xstrdup("obj/");	/* build.sh keeps the objects there */
	twin = replace_all(buf, len, dir, to, &tlen);
	a = parse_ok("fw.map", buf, len);
	b = parse_ok("fw-twin.map", twin, tlen);
	assert_same(a, b, false);
	for (i = 0; i < b->nobjects; i++) {
		if (strncmp(a->objects[i]->display, dir, strlen(dir)) != 0)
			continue;
		cr_assert_eq(strncmp(b->objects[i]->path, to, strlen(to)), 0);
		cr_assert_str_eq(b->objects[i]->path + strlen(to),
		    a->objects[i]->path + strlen(dir));
		if (b->objects[i]->member != NULL) {
			cr_assert_str_eq(b->objects[i]->member,
			    a->objects[i]->member);
			nmember++;
		}
	}
	cr_assert_eq(nmember, 1, "libhelper.a(helper.o)");
	ldmap_free(a);
	ldmap_free(b);
	free(buf);
	free(twin);
	free(dir);
}

Test(ldmap, windows_paths_with_spaces_twin)
{
	check_path_twin("C:\\Users\\fw dev\\build (x86)\\");
}

Test(ldmap, non_utf8_paths_twin)
{
	check_path_twin("/tmp/caf\xe9 \xff\xfe/");
}

/* 64-bit addresses (16 hex digits) from the default riscv64 script. */
Test(ldmap, riscv64_outputs_match_readelf)
{
	struct esec		 s[MAXSEC];
	struct ldmap		*m;
	const struct map_output	*o;
	char			 path[128], *buf;
	size_t			 n, len;

	snprintf(path, sizeof(path), "%s", FX "/rv.elf");
	n = read_sections(s, path);
	snprintf(path, sizeof(path), "%s", FX "/rv.map");
	buf = slurp(path, &len);
	cr_assert_not_null(memmem(buf, len, " 0x0000000080000000 ", 20));
	m = parse_ok("rv.map", buf, len);
	check_outputs(m, s, n);
	cr_assert_eq(m->nregions, 0, "only *default*");
	cr_assert_not_null(o = find_output(m, ".text"));
	cr_assert_eq(o->vma, 0x80000000);
	ldmap_free(m);
	free(buf);
}

/* Whether BUF[0, CUT) ends inside a line with something on it. */
static bool
partial_line(const char *buf, size_t cut)
{
	while (cut > 0 && buf[cut - 1] != '\n') {
		if (buf[cut - 1] != ' ' && buf[cut - 1] != '\r')
			return true;
		cut--;
	}
	return false;
}

/* The line number of BUF[CUT - 1], counting from 1. */
static unsigned
line_of(const char *buf, size_t cut)
{
	unsigned	line = 1;
	size_t		i;

	for (i = 0; i + 1 < cut; i++)
		line += buf[i] == '\n';
	return line;
}

/* The first error in D: there is one when a cut map is refused. */
static const struct diag *
first_error(void)
{
	size_t	i;

	for (i = 0; i < d.n; i++)
		if (d.list[i].severity == DIAG_ERROR)
			return &d.list[i];
	cr_assert_fail("no error");
	return NULL;
}

/*
 * Issue 14 item 12: a map cut anywhere before the end of its OUTPUT(...)
 * line is refused with one error, at a line boundary too (before, a cut
 * there read as a shorter map, even an empty one); a cut inside a line
 * is refused at that line. After the OUTPUT line come only the orphan
 * debug sections and the cross reference table: such a cut at a line
 * boundary still reads, and what it has is what the whole map has.
 */
Test(ldmap, truncated_maps)
{
	struct ldmap	*full, *m;
	char		 path[128], *buf;
	size_t		 len, cut, i, first, out;
	int		 ret;

	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	buf = slurp(path, &len);
	full = parse_ok("fw.map", buf, len);
	first = (size_t)((char *)memchr(buf, '\n', len) - buf);
	out = (size_t)((char *)memmem(buf, len, "\nOUTPUT(", 8) - buf) + 1;
	out = (size_t)((char *)memchr(buf + out, '\n', len - out) - buf) + 1;
	for (cut = 0; cut < len; cut++) {
		diags_free(&d);
		ret = ldmap_parse_buffer(&m, "cut.map", buf, cut, &d);
		if (cut < first) {
			cr_assert_eq(ret, -1);
			continue;
		}
		if (cut < out || partial_line(buf, cut)) {
			cr_assert_eq(ret, -1, "cut %zu", cut);
			cr_assert_eq(d.nerrors, 1, "cut %zu", cut);
			cr_assert(strstr(first_error()->msg, "cut short") != NULL,
			    "cut %zu: %s", cut, first_error()->msg);
			if (partial_line(buf, cut) && cut >= out)
				cr_assert_eq(first_error()->pos.line,
				    line_of(buf, cut), "cut %zu", cut);
			continue;
		}
		cr_assert_eq(ret, 0, "cut at %zu: %s", cut, d.list[0].msg);
		cr_assert_eq(d.n, 0, "cut %zu", cut);
		check_consistent(m);
		cr_assert_eq(m->nregions, full->nregions);
		for (i = 0; i < m->noutputs; i++) {
			cr_assert_str_eq(m->outputs[i].name, full->outputs[i].name);
			cr_assert_eq(m->outputs[i].size, full->outputs[i].size);
		}
		ldmap_free(m);
	}
	ldmap_free(full);
	free(buf);
}

Test(ldmap, empty_file)
{
	struct ldmap	*m = (struct ldmap *)1;
	char		 path[128];
	FILE		*fp;

	cr_assert_eq(ldmap_parse_buffer(&m, "e.map", "", 0, &d),
	    -1);
	cr_assert_null(m);
	cr_assert_eq(d.n, 1);
	cr_assert_str_eq(d.list[0].msg,
	    "not a GNU ld or LLVM lld map (empty file)");
	cr_assert_str_eq(d.list[0].pos.file, "e.map");
	cr_assert_eq(d.list[0].pos.line, 0);
	make_tmp();
	snprintf(path, sizeof(path), "%s/empty.map", tmp);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs("\r\n\n  \n", fp);
	fclose(fp);
	cr_assert_eq(ldmap_parse(&m, path, &d), -1);
	cr_assert_str_eq(d.list[1].msg,
	    "not a GNU ld or LLVM lld map (empty file)");
	cr_assert_eq(ldmap_parse(&m, "/nonexistent/x.map", &d), -1);
	cr_assert_eq(d.n, 3);
}

/* A real lld map of the same kind of object: read, Thumb bit cleared. */
Test(ldmap, old_lld_fixture_reads)
{
	struct ldmap	*m = parse_file_ok(FX "/lld.map");
	size_t		 i;

	cr_assert_eq(m->linker, MAP_LLD);
	for (i = 0; i < m->nsymbols; i++)
		if (strcmp(m->symbols[i].name, "helper") == 0)
			cr_assert_eq(m->symbols[i].addr, 0x200d4);
	ldmap_free(m);
}

/*
 * A link that fails (RAM overflows) still writes the whole map, OUTPUT
 * line included: it is complete, and shows the overflow.
 */
Test(ldmap, failed_link_map_is_complete)
{
	struct ldmap	*m;

	cr_assert_eq(ldmap_parse(&m, FX "/fail.map", &d), 0, "%s",
	    d.n ? d.list[0].msg : "");
	cr_assert_eq(d.n, 0);
	cr_assert_gt(m->noutputs, 0);
	ldmap_free(m);
}

/*
 * gold's maps share ld's first headers ("Discarded input sections") but
 * not its memory map ("Memory map"): before, one read as an empty map.
 * With an archive, gold's first line is its own.
 */
Test(ldmap, gold_map_is_not_gnu)
{
	static const char	*paths[] = { FX "/gold.map", FX "/gold-lib.map" };
	struct ldmap		*m;
	const char		*path;
	size_t			 i;

	for (i = 0; i < ARRAY_LEN(paths); i++) {
		diags_free(&d);
		path = paths[i];
		cr_assert_eq(ldmap_parse(&m, path, &d), -1, "%s", path);
		cr_assert_eq(d.n, 1);
		cr_assert_str_eq(d.list[0].msg,
		    "not a GNU ld or LLVM lld map (a gold map)");
	}
}

Test(ldmap, binary_file_is_not_a_map)
{
	struct ldmap	*m;
	char		 path[128];

	snprintf(path, sizeof(path), "%s", FX "/fw.elf");
	cr_assert_eq(ldmap_parse(&m, path, &d), -1);
	cr_assert_eq(d.n, 1);
	cr_assert_str_eq(d.list[0].msg,
	    "not a GNU ld or LLVM lld map (binary file)");
	cr_assert_eq(ldmap_parse_buffer(&m, "x.map", "\x7f" "ELF\n\0\0", 7, &d),
	    -1);
	cr_assert_eq(ldmap_parse_buffer(&m, "t.map", "hello\n", 6, &d), -1);
	cr_assert_str_eq(d.list[2].msg,
	    "not a GNU ld or LLVM lld map (no GNU ld or lld map header on the "
	    "first line)");
}

/*
 * 100 KiB object paths everywhere in a real map read like the plain map;
 * a 1 MB line, which ld never writes, is an error at its line.
 */
Test(ldmap, long_lines)
{
	struct ldmap	*a, *b;
	char		 path[128], *buf, *big, *twin, *nl;
	size_t		 len, tlen, i, nbig = 0, mb = 100 << 10;
	unsigned	 line = 1;

	snprintf(path, sizeof(path), "%s", FX "/fw.map");
	buf = slurp(path, &len);
	big = xmalloc(mb + 2);
	memset(big, 'd', mb + 1);
	big[0] = '/';
	big[mb] = '/';
	big[mb + 1] = '\0';
	twin = replace_all(buf, len, "obj", big, &tlen);
	a = parse_ok("fw.map", buf, len);
	b = parse_ok("big.map", twin, tlen);
	assert_same(a, b, false);
	for (i = 0; i < b->ninputs; i++)
		if (b->inputs[i].object != NULL &&
		    b->inputs[i].object->path[0] == '/' &&
		    b->inputs[i].object->path[1] == 'd') {
			cr_assert_gt(strlen(b->inputs[i].object->display), mb);
			nbig++;
		}
	cr_assert_geq(nbig, 3, "main.o and libhelper.a(helper.o) inputs");
	free(twin);
	free(big);
	mb = 1 << 20;
	big = xmalloc(mb + 2);
	big[0] = '\n';
	memset(big + 1, 'x', mb);
	big[mb + 1] = '\0';
	twin = replace_all(buf, len, "\n.text ", big, &tlen);
	for (nl = twin; (nl = memchr(nl, '\n', tlen - (size_t)(nl - twin))) !=
	    NULL && nl[1] != 'x'; nl++)
		line++;
	ldmap_free(b);
	diags_free(&d);
	cr_assert_eq(ldmap_parse_buffer(&b, "junk.map", twin, tlen, &d), -1);
	cr_assert_eq(d.list[0].pos.line, line + 1);
	cr_assert(strstr(d.list[0].msg, "longer than 256 KiB") != NULL);
	ldmap_free(a);
	free(twin);
	free(big);
	free(buf);
}

/*
 * Numbers at their limits, in a hand-made map: leading zeros beyond 16
 * digits are fine, a 17th significant digit or a bare "0x" is not.
 */
/*
 * Issue 14: archive members with '(' in their names were split at the
 * last '(' ("lib.a(foo" and "1).o"); the split is where the final ')'
 * balances, whatever parentheses the path or the member hold.
 */
Test(ldmap, archive_members_with_parentheses)
{
	static const char map[] = "Memory Configuration\n\n"
	    "Name Origin Length Attributes\n"
	    "FLASH 0x08000000 0x00100000 xr\n\n"
	    "Linker script and memory map\n\n"
	    ".text 0x08000000 0x30\n"
	    " .text 0x08000000 0x10 lib.a(foo(1).o)\n"
	    " .text 0x08000010 0x10 C:\\Program Files (x86)\\lib.a(x.o)\n"
	    " .text 0x08000020 0x10 dir(2)/y.o\n"
	    "OUTPUT(fw.elf elf32-littlearm)\n";
	static const char *const want[][2] = {
		{ "lib.a", "foo(1).o" },
		{ "C:\\Program Files (x86)\\lib.a", "x.o" },
		{ "dir(2)/y.o", NULL },
	};
	struct ldmap	*m;
	size_t		 i;

	m = parse_ok("parens.map", map, strlen(map));
	cr_assert_eq(m->ninputs, 3);
	for (i = 0; i < 3; i++) {
		cr_assert_str_eq(m->inputs[i].object->path, want[i][0]);
		if (want[i][1] == NULL)
			cr_assert_null(m->inputs[i].object->member);
		else
			cr_assert_str_eq(m->inputs[i].object->member,
			    want[i][1]);
	}
	ldmap_free(m);
}

Test(ldmap, hex_numbers_at_their_limits)
{
	static const char head[] = "Memory Configuration\n\n"
	    "Name Origin Length Attributes\n"
	    "FLASH 0x08000000 0x00100000 xr\n\n"
	    "Linker script and memory map\n\n";
	char		 buf[512];
	struct ldmap	*m;

	snprintf(buf, sizeof(buf), "%s.text 0x000000000000000008000000 "
	    "0xffffffffffffffff\n .text 0x0800ABcd 0x10 main.o\n"
	    "OUTPUT(fw.elf elf32-littlearm)\n", head);
	m = parse_ok("limits.map", buf, strlen(buf));
	cr_assert_eq(m->outputs[0].vma, 0x08000000);
	cr_assert_eq(m->outputs[0].size, UINT64_MAX);
	cr_assert_eq(m->inputs[0].addr, 0x0800abcd);
	ldmap_free(m);
	snprintf(buf, sizeof(buf), "%s.text 0x10000000000000000 0x4\n", head);
	cr_assert_eq(ldmap_parse_buffer(&m, "big.map", buf, strlen(buf),
	    &d), -1);
	cr_assert_eq(d.list[0].pos.line, 8);
	diags_free(&d);
	snprintf(buf, sizeof(buf), "%s.text 0x 0x4\n", head);
	cr_assert_eq(ldmap_parse_buffer(&m, "bare.map", buf, strlen(buf),
	    &d), -1);
	cr_assert(strstr(d.list[0].msg, "bad output section line") != NULL);
}

/* Hand-made maps no linker writes: errors at the line, or warnings. */
Test(ldmap, malformed_lines)
{
	struct ldmap	*m;

	cr_assert_eq(ldmap_parse(&m, FIXTURES_DIR "/map/bad-region.map", &d),
	    -1);
	cr_assert_eq(d.n, 1);
	cr_assert_eq(d.list[0].pos.line, 5);
	cr_assert_eq(ldmap_parse(&m, FIXTURES_DIR "/map/bad-output.map", &d),
	    -1);
	cr_assert_eq(d.n, 3);
	cr_assert_eq(d.list[1].pos.line, 12);
	cr_assert_eq(d.list[2].pos.line, 15);
	cr_assert_eq(d.list[2].severity, DIAG_ERROR);
	cr_assert_eq(ldmap_parse(&m, FIXTURES_DIR "/map/bad-input.map", &d), 0);
	cr_assert_eq(d.n, 5);
	cr_assert_eq(d.list[3].severity, DIAG_WARNING);
	cr_assert_eq(d.list[3].pos.line, 5);
	cr_assert_eq(d.list[4].pos.line, 6);
	cr_assert_eq(m->ninputs, 2);
	cr_assert_eq(m->nsymbols, 1, "f belonged to the bad line");
	cr_assert_str_eq(m->symbols[0].name, "counter");
	cr_assert_eq(m->outputs[1].lma, 0x08000020);
	ldmap_free(m);
}

/* ------------------------------------------------------------------ */

static bool
have_shared(void)
{
	struct stat	st;

	return stat(EXT, &st) == 0;
}

/* Every allocated section of the ESP32-C3 ELF, by readelf. */
Test(ldmap, esp32c3_matches_readelf)
{
	struct esec	 s[MAXSEC];
	struct ldmap	*m;
	size_t		 n, i, j;

	if (!have_shared())
		cr_skip_test("no " EXT);
	n = read_sections(s, ESP "/esp32c3/hello_world.elf");
	m = parse_file_ok(ESP "/esp32c3/hello_world.map");
	check_outputs(m, s, n);
	cr_assert_eq(m->nregions, 6);
	for (i = 0; i < n; i++) {
		if (!s[i].alloc || s[i].size == 0)
			continue;
		for (j = 0; j < m->nregions; j++)
			if (s[i].addr >= m->regions[j].origin && s[i].addr +
			    s[i].size <= m->regions[j].origin +
			    m->regions[j].length)
				break;
		cr_assert_neq(j, m->nregions, "%s in no region", s[i].name);
	}
	ldmap_free(m);
}

/*
 * The README of the esp-idf-size fixtures lists the esp32 Memory
 * Configuration; the diff maps have it, the overflow map shrank DRAM to 0.
 */
Test(ldmap, esp32_regions_and_overflow)
{
	struct ldmap	*m, *ov;
	FILE		*fp;
	char		 line[256], name[64], attrs[8];
	uint64_t	 origin, length;
	size_t		 n = 0, i, nover = 0;

	if (!have_shared())
		cr_skip_test("no " EXT);
	m = parse_file_ok(ESP "/diff-apache2/mapfile.map");
	cr_assert_not_null(fp = fopen(ESP "/README.txt", "r"));
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "  ", 2) == 0 && sscanf(line, " %63s 0x%"
		    SCNx64 " 0x%" SCNx64 " %7s", name, &origin, &length, attrs)
		    == 4 && n < m->nregions) {
			cr_assert_str_eq(m->regions[n].name, name);
			cr_assert_eq(m->regions[n].origin, origin);
			cr_assert_eq(m->regions[n].length, length);
			cr_assert_str_eq(m->regions[n].attrs, attrs);
			n++;
		}
	fclose(fp);
	cr_assert_eq(n, 10);
	ov = parse_file_ok(ESP "/overflow/region_overflow.map");
	cr_assert_eq(ov->nregions, 10);
	for (i = 0; i < ov->noutputs; i++)
		for (n = 0; n < ov->nregions; n++)
			if (ov->outputs[i].vma == ov->regions[n].origin &&
			    ov->outputs[i].size > ov->regions[n].length)
				nover++;
	cr_assert_gt(nover, 0, "some section overflows its region");
	ldmap_free(m);
	ldmap_free(ov);
	ldmap_free(parse_file_ok(ESP "/diff-apache2/mapfile_ref.map"));
}

/* Every "load address" the parser reports is printed in the map text. */
static void
check_lma_text(const struct ldmap *m, const char *path, int width)
{
	char	*buf, *needle;
	size_t	 len, i, n = 0;

	buf = slurp(path, &len);
	for (i = 0; i < m->noutputs; i++) {
		if (!m->outputs[i].has_lma)
			continue;
		needle = xasprintf("load address 0x%0*" PRIx64, width,
		    m->outputs[i].lma);
		cr_assert_not_null(memmem(buf, len, needle, strlen(needle)));
		free(needle);
		n++;
	}
	cr_assert_geq(n, 2);
	free(buf);
}

/* GCC 8 on macOS: 16-digit addresses for a 32-bit target; line 666 has
 * a mangled address ("0x00000000000x00014") and is skipped. */
Test(ldmap, fpv_gcc_example)
{
	const char	*path = EXT "/fpv-gcc/example.arm-none-eabi.basic.0.map";
	struct ldmap	*m;

	if (!have_shared())
		cr_skip_test("no " EXT);
	m = parse_file_ok(path);
	cr_assert_eq(d.n, 1);
	cr_assert_eq(d.list[0].severity, DIAG_WARNING);
	cr_assert_eq(d.list[0].pos.line, 666);
	cr_assert_eq(m->nregions, 2);
	cr_assert_str_eq(m->regions[1].name, "RAM");
	cr_assert_eq(m->regions[1].origin, 0x20000008);
	cr_assert_eq(m->regions[1].length, 0x3fff8);
	cr_assert_not_null(find_output(m, ".text"));
	check_lma_text(m, path, 16);
	ldmap_free(m);
}

/* Mbed's trimmed map: no Memory Configuration, no name lines before some
 * inputs, demangled C++ symbols, no newline after the last line. */
Test(ldmap, mbed_trimmed_map)
{
	const char		*path = EXT "/mbed-ce-memap/gcc.map";
	struct ldmap		*m;
	const struct map_symbol	*s = NULL;
	size_t			 i, nmember = 0;

	if (!have_shared())
		cr_skip_test("no " EXT);
	m = parse_file_ok(path);
	cr_assert_eq(m->nregions, 0);
	for (i = 0; i < m->nsymbols; i++)
		if (strncmp(m->symbols[i].name, "count5(unsigned int, ", 21) == 0)
			s = &m->symbols[i];
	cr_assert_not_null(s);
	cr_assert_str_eq(m->inputs[s->input].object->path, "/common/path/main.o");
	cr_assert_gt(s->addr, 0xffff);
	for (i = 0; i < m->nobjects; i++)
		if (m->objects[i]->member != NULL) {
			cr_assert_str_eq(m->objects[i]->member, "__main.o");
			nmember++;
		}
	cr_assert_eq(nmember, 1);
	check_lma_text(m, path, 16);
	ldmap_free(m);
}

/* ------------------------------------------------------------------ */
/* LLVM lld maps (fixtures/unit/lldmap, clang 14 and ld.lld 14). */

/* Outputs and load addresses as readelf and objdump read the ELF. */
Test(ldmap, lld_outputs_match_readelf)
{
	struct esec		 s[MAXSEC];
	struct ldmap		*m;
	const struct map_output	*o;
	size_t			 n, i;

	n = read_sections(s, LX "/fw.elf");
	read_lmas(s, n, LX "/fw.elf");
	m = parse_file_ok(LX "/fw.map");
	cr_assert_eq(m->linker, MAP_LLD);
	cr_assert_eq(m->nregions, 0, "lld prints no MEMORY");
	check_outputs(m, s, n);
	for (i = 0; i < n; i++) {
		if (!s[i].alloc || (o = find_output(m, s[i].name)) == NULL)
			continue;
		cr_assert_eq(o->lma, s[i].lma, "%s", s[i].name);
		cr_assert_eq(o->has_lma, s[i].lma != s[i].addr, "%s",
		    s[i].name);
	}
	cr_assert_not_null(o = find_output(m, ".data"));
	cr_assert_eq(o->lma, 0x080001e0);
	ldmap_free(m);
}

/*
 * Every symbol but ARM's mapping symbols ($t, $d) and locals nm does not
 * print is nm's, at nm's address: Thumb functions without bit 0. lld
 * prints sizes, kept.
 */
Test(ldmap, lld_symbols_match_nm)
{
	struct nmsym		*syms;
	const struct nmsym	*s;
	const struct map_symbol	*ms;
	struct ldmap		*m;
	size_t			 n, i, found = 0;

	n = read_nm(&syms, LX "/fw.elf");
	m = parse_file_ok(LX "/fw.map");
	for (i = 0; i < m->nsymbols; i++) {
		ms = &m->symbols[i];
		cr_assert_neq(ms->name[0], '$', "%s", ms->name);
		cr_assert(ms->has_size);
		if ((s = nm_find(syms, n, ms->name)) == NULL)
			continue;
		cr_assert_eq(s->addr, ms->addr, "%s", ms->name);
		found++;
		if (strcmp(ms->name, "Reset_Handler") == 0)
			cr_assert_eq(ms->size, 0x4a);
	}
	cr_assert_geq(found, 8);
	free(syms);
	ldmap_free(m);
}

/*
 * Inputs tile each allocated output from its address to its end, as GNU
 * ld's with *fill* do: lld lists no padding between inputs, and its
 * ". = ALIGN" lines carry the padding's size. Objects, archive members,
 * COMMON, data statements and lld's own sections are told apart.
 */
Test(ldmap, lld_inputs_tile_sections)
{
	const struct map_output	*o;
	const struct map_input	*in;
	struct ldmap		*m;
	uint64_t		 at;
	size_t			 i, j, seen = 0;

	m = parse_file_ok(LX "/fw.map");
	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		if (o->vma == 0)
			continue;
		for (j = 0, at = o->vma; j < o->ninputs; j++) {
			in = &m->inputs[o->first_input + j];
			cr_assert_eq(in->addr, at, "%s input %zu", o->name, j);
			at += in->size;
		}
		cr_assert_eq(at, o->vma + o->size, "%s", o->name);
	}
	for (i = 0; i < m->ninputs; i++) {
		in = &m->inputs[i];
		if (in->kind == MAP_IN_SECTION && in->object != NULL &&
		    strcmp(in->object->display,
		    "obj/libhelper.a(helper.o)") == 0) {
			cr_assert_str_eq(in->object->path, "obj/libhelper.a");
			cr_assert_str_eq(in->object->member, "helper.o");
			seen |= 1;
		}
		if (in->kind == MAP_IN_COMMON) {
			cr_assert_not_null(in->object);
			seen |= 2;
		}
		if (in->kind == MAP_IN_DATA && strcmp(in->name, "QUAD") == 0)
			seen |= in->size == 8 ? 4 : 0;
		if (in->kind == MAP_IN_FILL && in->addr == 0x0800019c)
			seen |= in->size == 0x24 ? 8 : 0;
		if (strcmp(in->name, ".debug_str") == 0)
			seen |= in->object == NULL ? 16 : 0;
	}
	cr_assert_eq(seen, 31, "%zx", seen);
	ldmap_free(m);
}

/*
 * lld writes the map of a failed link (RAM overflowed) and no ELF: it is
 * whole, and shows .bss placed past the 16-byte RAM.
 */
Test(ldmap, lld_failed_link_map)
{
	const struct map_output	*o;
	struct ldmap		*m = parse_file_ok(LX "/fail.map");

	cr_assert_not_null(o = find_output(m, ".bss"));
	cr_assert_gt(o->vma + o->size, 0x20000010);
	cr_assert_not_null(find_output(m, ".shstrtab"));
	ldmap_free(m);
}

/* 64-bit links widen the address columns to 16 digits. */
Test(ldmap, lld_riscv64)
{
	const struct map_output	*o;
	struct ldmap		*m;
	char			*buf;
	size_t			 len;

	buf = slurp(LX "/rv.map", &len);
	cr_assert_not_null(memmem(buf, len, "        80000000 ", 17));
	m = parse_ok("rv.map", buf, len);
	cr_assert_not_null(o = find_output(m, ".text"));
	cr_assert_eq(o->vma, 0x80000000);
	cr_assert_not_null(o = find_output(m, ".bss"));
	cr_assert_eq(o->size, 0x40);
	ldmap_free(m);
	free(buf);
}

/*
 * lld ends its map with .shstrtab (.strtab may follow): a map cut at a
 * line boundary before it is refused, as one cut inside a line is, at
 * that line. A cut after it reads.
 */
Test(ldmap, lld_truncated_maps)
{
	struct ldmap	*m;
	char		*buf;
	size_t		 len, cut, end;
	int		 ret;

	buf = slurp(LX "/fw.map", &len);
	end = (size_t)((char *)memmem(buf, len, " .shstrtab\n", 11) - buf) + 11;
	for (cut = 60; cut < len; cut++) {
		diags_free(&d);
		ret = ldmap_parse_buffer(&m, "cut.map", buf, cut, &d);
		if (cut >= end && !partial_line(buf, cut)) {
			cr_assert_eq(ret, 0, "cut %zu: %s", cut,
			    d.n ? d.list[0].msg : "");
			ldmap_free(m);
			continue;
		}
		cr_assert_eq(ret, -1, "cut %zu", cut);
		cr_assert_eq(d.nerrors, 1, "cut %zu", cut);
		cr_assert(strstr(first_error()->msg, "cut short") != NULL,
		    "cut %zu: %s", cut, first_error()->msg);
		if (partial_line(buf, cut))
			cr_assert_eq(first_error()->pos.line,
			    line_of(buf, cut), "cut %zu", cut);
	}
	free(buf);
}

/* A line without lld's four numbers, or indented oddly, is an error. */
Test(ldmap, lld_malformed_lines)
{
	static const char	head[] = "     VMA      LMA     Size Align Out "
	    "    In      Symbol\n";
	static const char *const bad[] = {
		"  100  100   10   4 .text\n  zz  100  10  4         a.o:(.t)\n",
		"  100  100   10   4 .text\n  100  100  10  4    a.o:(.t)\n",
		"  100  100   10 4x .text\n",
		"  100  100 11111111111111111 4 .text\n",
	};
	struct ldmap		*m;
	char			*buf;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		diags_free(&d);
		buf = xasprintf("%s%s", head, bad[i]);
		cr_assert_eq(ldmap_parse_buffer(&m, "b.map", buf, strlen(buf),
		    &d), -1, "%zu", i);
		cr_assert_str_eq(first_error()->msg, "bad lld map line");
		cr_assert_eq(first_error()->pos.line, i < 2 ? 3 : 2, "%zu", i);
		free(buf);
	}
}

/* mold prints lld's table without the LMA column: not read, named. */
Test(ldmap, mold_map_is_named)
{
	static const char	map[] = "             VMA       Size Align Out  "
	    "   In      Symbol\n";
	struct ldmap		*m;

	cr_assert_eq(ldmap_parse_buffer(&m, "mold.map", map, sizeof(map) - 1,
	    &d), -1);
	cr_assert_str_eq(d.list[0].msg,
	    "not a GNU ld or LLVM lld map (a mold map)");
}

/* lld 14 prints a script's ASSERT as an empty command: nothing placed. */
Test(ldmap, lld_assert_is_an_empty_line)
{
	static const char	map[] = "     VMA      LMA     Size Align Out     "
	    "In      Symbol\n"
	    "       0        0        0     1 x = 0x1000\n"
	    "       0        0        0     1 \n"
	    " 8000000  8000000        8     4 .text\n"
	    " 8000000  8000000        8     4         a.o:(.text)\n"
	    " 8000008  8000008        0     1         \n"
	    "       0        0       10     1 .shstrtab\n";
	struct ldmap		*m = parse_ok("a.map", map, sizeof(map) - 1);

	cr_assert_eq(m->noutputs, 2);
	cr_assert_eq(m->ninputs, 1);
	cr_assert_eq(m->outputs[0].ninputs, 1);
	ldmap_free(m);
}

/* lld's --cref table follows the map: not read. */
Test(ldmap, lld_cref_table_is_skipped)
{
	struct ldmap	*plain, *m;
	char		*buf, *cref;
	size_t		 len;

	buf = slurp(LX "/fw.map", &len);
	plain = parse_ok("fw.map", buf, len);
	cref = xasprintf("%.*s\nCross Reference Table\n\n"
	    "Symbol                                  "
	    "          File\nhelper                                      "
	    "      obj/libhelper.a(helper.o)\n                                "
	    "                  obj/main.o\n", (int)len, buf);
	m = parse_ok("cref.map", cref, strlen(cref));
	assert_same(plain, m, true);
	ldmap_free(plain);
	ldmap_free(m);
	free(cref);
	free(buf);
}

/*
 * ELF reader: images, input objects and DWARF positions, on builds of
 * fixtures/elf/fw.c committed in fixtures/unit (Arm little and big endian,
 * RISC-V 64; fixtures/unit/build.sh) and on a real ESP-IDF build. Expected
 * values come from binutils (readelf, objdump) run on the same files, not
 * from this reader's logic: their output is committed next to each ELF, and
 * only files without it (ESP-IDF, many_symbols) run the tools here.
 * Broken inputs are made by cutting and patching a real ELF.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dwarf_lines.h"
#include "image.h"
#include "objcache.h"
#include "util.h"

#include "tool_output.h"

#define FW_SRC	FIXTURES_DIR "/elf/fw.c"
#define UNIT	FIXTURES_DIR "/unit/"
#define ESP32C3	SHARED_DIR "/fixtures-external/esp-idf-size/esp32c3/" \
		    "hello_world.elf"

static struct diags	 d;
static char		 tmpdir[] = "/tmp/memfit-image-XXXXXX";

static int __attribute__((format(printf, 1, 2)))
run(const char *fmt, ...)
{
	va_list	 ap;
	char	*cmd;
	int	 rc;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void
setup(void)
{
	diags_init(&d);
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	diags_free(&d);
	run("rm -rf '%s'", tmpdir);
}

TestSuite(image, .init = setup, .fini = teardown, .timeout = 60);

/* A path in the test's directory; four live at a time. */
static const char *
tmp(const char *name)
{
	static char	 buf[4][512];
	static int	 next;
	char		*p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}


static struct image *
load_ok(const char *path)
{
	struct image	*img = NULL;

	cr_assert_eq(image_load(&img, path, &d), 0, "%s: %s", path,
	    d.n > 0 ? d.list[0].msg : "?");
	cr_assert_eq(d.nerrors, 0);
	return img;
}

static const struct img_section *
section_named(const struct image *img, const char *name)
{
	size_t	 i;

	for (i = 0; i < img->nsections; i++)
		if (strcmp(img->sections[i].name, name) == 0)
			return &img->sections[i];
	cr_assert_fail("no section %s", name);
	return NULL;
}

static const struct img_symbol *
symbol_named(const struct image *img, const char *name)
{
	size_t	 i;

	for (i = 0; i < img->nsymbols; i++)
		if (strcmp(img->symbols[i].name, name) == 0)
			return &img->symbols[i];
	cr_assert_fail("no symbol %s", name);
	return NULL;
}

static uint32_t
type_number(const char *name)
{
	static const struct {
		const char	*name;
		uint32_t	 type;
	} types[] = {
		{ "NULL", SHT_NULL }, { "PROGBITS", SHT_PROGBITS },
		{ "SYMTAB", SHT_SYMTAB }, { "STRTAB", SHT_STRTAB },
		{ "NOBITS", SHT_NOBITS }, { "REL", SHT_REL },
		{ "RELA", SHT_RELA }, { "NOTE", SHT_NOTE },
		{ "ARM_ATTRIBUTES", 0x70000003 },
		{ "RISCV_ATTRIBUTES", 0x70000003 },
		{ "INIT_ARRAY", SHT_INIT_ARRAY },
		{ "FINI_ARRAY", SHT_FINI_ARRAY },
	};
	size_t	 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, name) == 0)
			return types[i].type;
	return UINT32_MAX;
}

/* One "[Nr] Name Type Addr Off Size ES Flg Lk Inf Al" row of readelf -SW. */
static void
check_section_row(const struct image *img, const char *line)
{
	const struct img_section	*s;
	char				 name[256], type[64], flags[32] = "";
	unsigned			 idx;
	unsigned long long		 addr, off, size;
	int				 n;

	if (sscanf(line, " [%u]", &idx) != 1 || idx == 0) {
		cr_assert_eq(img->sections[0].type, SHT_NULL);
		cr_assert_str_eq(img->sections[0].name, "");
		return;
	}
	cr_assert_eq(sscanf(line, " [%u] %255s %63s %llx %llx %llx %*x %n",
	    &idx, name, type, &addr, &off, &size, &n), 6, "%s", line);
	/* A number next means there were no flags. */
	if (sscanf(line + n, " %31[A-Za-z]", flags) != 1)
		flags[0] = '\0';
	cr_assert_lt(idx, img->nsections);
	s = &img->sections[idx];
	cr_assert_eq(s->index, idx);
	cr_assert_str_eq(s->name, name);
	cr_assert_eq(s->vma, addr, "%s", name);
	cr_assert_eq(s->size, size, "%s", name);
	if (type_number(type) != UINT32_MAX)
		cr_assert_eq(s->type, type_number(type), "%s %s", name, type);
	cr_assert_eq(s->alloc, strchr(flags, 'A') != NULL, "%s", name);
	cr_assert_eq(s->nobits, strcmp(type, "NOBITS") == 0, "%s", name);
	cr_assert_eq((s->flags & SHF_WRITE) != 0, strchr(flags, 'W') != NULL);
	cr_assert_eq((s->flags & SHF_EXECINSTR) != 0,
	    strchr(flags, 'X') != NULL);
	cr_assert_eq((s->flags & SHF_COMPRESSED) != 0,
	    strchr(flags, 'C') != NULL);
}

static void
check_sections(const struct image *img, const char *readelf)
{
	FILE	*f;
	char	 line[1024];
	size_t	 rows = 0;
	bool	 piped;

	f = tool_output(readelf, "-SW", img->path, &piped);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, "  [") == line && line[3] != 'N') {
			check_section_row(img, line);
			rows++;
		}
	tool_close(f, piped);
	cr_assert_eq(rows, img->nsections);
}

/* objdump -h prints each allocated section's LMA as BFD computes it. */
static void
check_lmas(const struct image *img, const char *objdump)
{
	const struct img_section	*s;
	FILE				*f;
	char				 line[1024], name[256];
	unsigned long long		 size, vma, lma;
	unsigned			 idx, seen = 0;
	bool				 piped;

	f = tool_output(objdump, "-h -w", img->path, &piped);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, " %u %255s %llx %llx %llx", &idx, name, &size,
		    &vma, &lma) != 5)
			continue;
		s = section_named(img, name);
		if (!s->alloc)
			continue;
		cr_assert_eq(s->vma, vma, "%s", name);
		cr_assert_eq(s->lma, lma, "%s: lma 0x%llx, objdump 0x%llx",
		    name, (unsigned long long)s->lma, lma);
		seen++;
	}
	tool_close(f, piped);
	cr_assert_gt(seen, 0);
}

static uint32_t
shndx_number(const char *ndx)
{
	if (strcmp(ndx, "UND") == 0)
		return SHN_UNDEF;
	if (strcmp(ndx, "ABS") == 0)
		return SHN_ABS;
	if (strcmp(ndx, "COM") == 0)
		return SHN_COMMON;
	return (uint32_t)strtoul(ndx, NULL, 10);
}

static enum img_sym_type
sym_type_named(const char *t)
{
	if (strcmp(t, "NOTYPE") == 0)
		return SYM_NOTYPE;
	if (strcmp(t, "OBJECT") == 0)
		return SYM_OBJECT;
	if (strcmp(t, "FUNC") == 0)
		return SYM_FUNC;
	if (strcmp(t, "SECTION") == 0)
		return SYM_SECTION;
	if (strcmp(t, "FILE") == 0)
		return SYM_FILE;
	return SYM_OTHER;
}

/* "Num: Value Size Type Bind Vis Ndx Name" of readelf -sW. */
static void
check_symbol_row(const struct image *img, const char *line)
{
	const struct img_symbol	*y;
	char			 size[32], type[32], bind[32], ndx[32];
	char			 name[512] = "";
	unsigned long long	 value;
	unsigned		 num;

	if (sscanf(line, " %u: %llx %31s %31s %31s %*s %31s %511[^\n]", &num,
	    &value, size, type, bind, ndx, name) < 6 || num == 0)
		return;
	cr_assert_leq(num, img->nsymbols);
	y = &img->symbols[num - 1];
	/* readelf shows a section symbol by its section's name. */
	if (strcmp(type, "SECTION") == 0)
		cr_assert_str_eq(img->sections[y->shndx].name, name);
	else
		cr_assert_str_eq(y->name, name);
	cr_assert_eq(y->type, sym_type_named(type), "%s", name);
	if (y->type == SYM_FUNC && img->machine == EM_ARM)
		value &= ~1ULL;
	cr_assert_eq(y->value, value, "%s", name);
	cr_assert_eq(y->size, strtoull(size, NULL, 0), "%s", name);
	cr_assert_eq(y->shndx, shndx_number(ndx), "%s", name);
	cr_assert_eq(y->local, strcmp(bind, "LOCAL") == 0, "%s", name);
	cr_assert_eq(y->weak, strcmp(bind, "WEAK") == 0, "%s", name);
}

static void
check_symbols(const struct image *img, const char *readelf)
{
	FILE		*f;
	char		 line[1024];
	unsigned	 entries = 0;
	bool		 piped;

	f = tool_output(readelf, "-sW", img->path, &piped);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "Symbol table '.symtab' contains %u",
		    &entries) == 1)
			continue;
		check_symbol_row(img, line);
	}
	tool_close(f, piped);
	cr_assert_eq(img->has_symtab, entries > 0);
	cr_assert_eq(img->nsymbols, entries > 0 ? entries - 1 : 0);
}

/*
 * The LMA of .data from readelf -lW: the PT_LOAD whose addresses hold it
 * gives lma = p_paddr + (vma - p_vaddr).
 */
static uint64_t
readelf_lma(const char *readelf, const char *path, uint64_t vma)
{
	FILE			*f;
	char			 line[1024];
	unsigned long long	 off, va, pa, fsz, msz, lma = UINT64_MAX;
	bool			 piped;

	f = tool_output(readelf, "-lW", path, &piped);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, " LOAD %llx %llx %llx %llx %llx", &off, &va,
		    &pa, &fsz, &msz) == 5 && vma >= va && vma < va + msz &&
		    lma == UINT64_MAX)
			lma = pa + (vma - va);
	tool_close(f, piped);
	return lma;
}

static void
check_against_binutils(const struct image *img, const char *prefix)
{
	char	*readelf = xasprintf("%sreadelf", prefix);
	char	*objdump = xasprintf("%sobjdump", prefix);

	check_sections(img, readelf);
	check_lmas(img, objdump);
	check_symbols(img, readelf);
	free(readelf);
	free(objdump);
}

static void
check_fw_layout(const struct image *img, const char *readelf)
{
	const struct img_section	*data, *ccm, *rodata;

	data = section_named(img, ".data");
	rodata = section_named(img, ".rodata");
	cr_assert_eq(data->vma, 0x20000000);
	cr_assert_eq(data->lma, readelf_lma(readelf, img->path, data->vma));
	/* .data loads from flash, right after .rodata. */
	cr_assert_geq(data->lma, rodata->vma + rodata->size);
	cr_assert_lt(data->lma, 0x08010000);
	cr_assert(data->loaded && !data->nobits && data->alloc);
	ccm = section_named(img, ".ccmbss");
	cr_assert(ccm->nobits && !ccm->loaded && ccm->alloc);
	cr_assert_eq(ccm->vma, 0x10000000);
	cr_assert_eq(ccm->lma, 0x10000000);
	cr_assert_not(section_named(img, ".debug_info")->alloc);
	cr_assert_eq(symbol_named(img, "x")->value, 0x10000000);
	cr_assert_eq(symbol_named(img, "x")->size, 4);
	cr_assert_eq(symbol_named(img, "Reset_Handler")->type, SYM_FUNC);
	cr_assert(symbol_named(img, "scratch")->local);
	cr_assert_eq(image_section(img, ccm->index), ccm);
	cr_assert_null(image_section(img, (uint32_t)img->nsections));
}

Test(image, arm_little_endian_matches_binutils)
{
	struct image	*img;

	img = load_ok(UNIT "fw.elf");
	cr_assert_eq(img->elfclass, 32);
	cr_assert_not(img->big_endian);
	cr_assert_eq(img->machine, EM_ARM);
	cr_assert(img->has_symtab && img->has_debug_info);
	check_against_binutils(img, "arm-none-eabi-");
	check_fw_layout(img, "arm-none-eabi-readelf");
	/* Thumb: the symbol table says odd, memfit says where the code is. */
	cr_assert_eq(symbol_named(img, "Reset_Handler")->value % 2, 0);
	image_free(img);
}

Test(image, arm_big_endian_matches_binutils)
{
	struct image	*img;

	img = load_ok(UNIT "be.elf");
	cr_assert(img->big_endian);
	cr_assert_eq(img->elfclass, 32);
	check_against_binutils(img, "arm-none-eabi-");
	check_fw_layout(img, "arm-none-eabi-readelf");
	image_free(img);
}

Test(image, riscv64_matches_binutils)
{
	struct image	*img;

	img = load_ok(UNIT "rv.elf");
	cr_assert_eq(img->elfclass, 64);
	cr_assert_not(img->big_endian);
	cr_assert_eq(img->machine, EM_RISCV);
	check_against_binutils(img, "riscv64-unknown-elf-");
	check_fw_layout(img, "riscv64-unknown-elf-readelf");
	image_free(img);
}

Test(image, stripped_file_has_no_symbols)
{
	struct image	*img;

	img = load_ok(UNIT "s.elf");
	cr_assert_not(img->has_symtab);
	cr_assert_not(img->has_debug_info);
	cr_assert_eq(img->nsymbols, 0);
	check_against_binutils(img, "arm-none-eabi-");
	cr_assert_eq(section_named(img, ".data")->lma,
	    readelf_lma("arm-none-eabi-readelf", img->path, 0x20000000));
	image_free(img);
}

Test(image, compressed_debug_sections)
{
	struct image	*img;

	img = load_ok(UNIT "z.elf");
	cr_assert(img->has_debug_info);
	cr_assert(section_named(img, ".debug_info")->flags & SHF_COMPRESSED);
	check_against_binutils(img, "arm-none-eabi-");
	image_free(img);
}

Test(image, esp32c3_build_matches_binutils)
{
	struct image	*img;
	struct timespec	 t0, t1;
	double		 ms;

	if (access(ESP32C3, R_OK) != 0)
		cr_skip_test("%s is not there", ESP32C3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	img = load_ok(ESP32C3);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	cr_log_info("esp32c3 hello_world.elf: %zu sections, %zu symbols, "
	    "loaded in %.2f ms", img->nsections, img->nsymbols, ms);
	cr_assert_eq(img->machine, EM_RISCV);
	cr_assert_eq(img->elfclass, 32);
	cr_assert(img->has_symtab && img->has_debug_info);
	check_against_binutils(img, "riscv64-unknown-elf-");
	image_free(img);
}

/* The whole file, for cutting and patching. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*f = fopen(path, "rb");
	unsigned char	*buf;
	long		 n;

	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
spit(const char *path, const void *buf, size_t len)
{
	FILE	*f = fopen(path, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/*
 * Load a (broken) buffer: either it loads cleanly or it gives exactly one
 * error, located at the buffer's name. Returns the result.
 */
static int
load_buffer_once(const void *buf, size_t len, const char *name)
{
	struct image	*img = NULL;
	int		 rc;

	diags_free(&d);
	rc = image_load_buffer(&img, name, buf, len, &d);
	if (rc == 0) {
		cr_assert_not_null(img);
		cr_assert_eq(d.n, 0, "%s", d.list[0].msg);
	} else {
		cr_assert_eq(rc, -1);
		cr_assert_null(img);
		cr_assert_eq(d.n, 1, "%zu diagnostics for %s", d.n, name);
		cr_assert_eq(d.list[0].severity, DIAG_ERROR);
		cr_assert_str_eq(d.list[0].pos.file, name);
		cr_assert_eq(d.list[0].pos.line, 0);
		cr_assert_null(strchr(d.list[0].msg, '\n'));
	}
	image_free(img);
	return rc;
}

static const char *
only_error(void)
{
	cr_assert_eq(d.n, 1);
	return d.list[0].msg;
}

static void
add_offset(size_t *offs, size_t *n, size_t cap, uint64_t off)
{
	if (*n < cap)
		offs[(*n)++] = (size_t)off;
}

/* Every place where a header or a section starts or ends in a 32-bit ELF. */
static size_t
header_boundaries(const unsigned char *buf, size_t len, size_t *offs,
    size_t cap)
{
	Elf32_Ehdr	 eh;
	Elf32_Shdr	 sh;
	size_t		 n = 0, i;

	memcpy(&eh, buf, sizeof(eh));
	add_offset(offs, &n, cap, sizeof(eh));
	for (i = 0; i <= eh.e_phnum; i++)
		add_offset(offs, &n, cap, eh.e_phoff + i * eh.e_phentsize);
	for (i = 0; i <= eh.e_shnum; i++)
		add_offset(offs, &n, cap, eh.e_shoff + i * eh.e_shentsize);
	for (i = 0; i < eh.e_shnum; i++) {
		memcpy(&sh, buf + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		add_offset(offs, &n, cap, sh.sh_offset);
		add_offset(offs, &n, cap, sh.sh_offset + sh.sh_size);
	}
	for (i = 0; i < len; i += 97)
		add_offset(offs, &n, cap, i);
	add_offset(offs, &n, cap, len - 1);
	return n;
}

Test(image, truncated_at_every_boundary)
{
	const char	*elf = UNIT "fw.elf";
	unsigned char	*buf;
	size_t		 len, offs[1024], n, i, cut, failed = 0;
	Elf32_Ehdr	 eh;

	buf = slurp(elf, &len);
	memcpy(&eh, buf, sizeof(eh));
	n = header_boundaries(buf, len, offs, 1024);
	for (i = 0; i < n; i++) {
		for (cut = offs[i] > 0 ? offs[i] - 1 : 0; cut <= offs[i] + 1;
		    cut++) {
			if (cut >= len)
				continue;
			/* Section headers come last: every cut loses some. */
			cr_assert_eq(load_buffer_once(buf, cut, "cut.elf"), -1,
			    "cut at %zu loaded", cut);
			failed++;
		}
	}
	cr_assert_gt(failed, 100);
	cr_assert_eq(load_buffer_once(buf, len, "whole.elf"), 0);
	/* Through a file and mmap too. */
	spit(tmp("cut.elf"), buf, eh.e_shoff + 3 * sizeof(Elf32_Shdr));
	cr_assert_eq(image_load(&(struct image *){ NULL }, tmp("cut.elf"), &d),
	    -1);
	cr_assert(strstr(only_error(), "truncated?") != NULL, "%s",
	    only_error());
	free(buf);
}

/* Section header I of a little-endian 32-bit ELF in BUF. */
static Elf32_Shdr *
shdr(unsigned char *buf, unsigned i)
{
	Elf32_Ehdr	*eh = (Elf32_Ehdr *)buf;

	return (Elf32_Shdr *)(buf + eh->e_shoff + i * sizeof(Elf32_Shdr));
}

static unsigned
shdr_index(unsigned char *buf, uint32_t type)
{
	Elf32_Ehdr	*eh = (Elf32_Ehdr *)buf;
	unsigned	 i;

	for (i = 1; i < eh->e_shnum; i++)
		if (shdr(buf, i)->sh_type == type)
			return i;
	cr_assert_fail("no section of type %u", (unsigned)type);
	return 0;
}

/* Patch a copy of the ELF with FN and expect ERR in the one message. */
static void
expect_broken(const unsigned char *orig, size_t len,
    void (*fn)(unsigned char *), const char *err)
{
	unsigned char	*buf = xmalloc(len);

	memcpy(buf, orig, len);
	fn(buf);
	cr_assert_eq(load_buffer_once(buf, len, "bad.elf"), -1, "%s", err);
	cr_assert(strstr(only_error(), err) != NULL, "'%s' lacks '%s'",
	    only_error(), err);
	free(buf);
}

static void
shstrndx_past_end(unsigned char *buf)
{
	((Elf32_Ehdr *)buf)->e_shstrndx += 5;
}

static void
shstrndx_on_text(unsigned char *buf)
{
	((Elf32_Ehdr *)buf)->e_shstrndx = 2;
}

static void
text_offset_outside(unsigned char *buf)
{
	shdr(buf, 2)->sh_offset = 0x7ffffff0;
}

static void
symtab_size_outside(unsigned char *buf)
{
	shdr(buf, shdr_index(buf, SHT_SYMTAB))->sh_size = 0x1000000;
}

static void
symtab_link_outside(unsigned char *buf)
{
	shdr(buf, shdr_index(buf, SHT_SYMTAB))->sh_link = 900;
}

static void
symbol_name_outside(unsigned char *buf)
{
	Elf32_Shdr	*sym = shdr(buf, shdr_index(buf, SHT_SYMTAB));

	((Elf32_Sym *)(buf + sym->sh_offset))[3].st_name = 0x7fffff;
}

static void
section_name_outside(unsigned char *buf)
{
	shdr(buf, 3)->sh_name = 0x7fffff;
}

static void
symtab_compressed(unsigned char *buf)
{
	shdr(buf, shdr_index(buf, SHT_SYMTAB))->sh_flags |= SHF_COMPRESSED;
}

Test(image, corrupt_headers_give_one_error)
{
	const char	*elf = UNIT "fw.elf";
	unsigned char	*buf;
	size_t		 len;

	buf = slurp(elf, &len);
	expect_broken(buf, len, shstrndx_past_end,
	    "section name table index");
	expect_broken(buf, len, shstrndx_on_text, "is not a string table");
	expect_broken(buf, len, text_offset_outside, "outside the file");
	expect_broken(buf, len, symtab_size_outside, "outside the file");
	expect_broken(buf, len, symtab_link_outside, "out of range");
	expect_broken(buf, len, symbol_name_outside,
	    "symbol 3: name offset 0x7fffff is outside the string table");
	expect_broken(buf, len, section_name_outside,
	    "section header 3: name offset");
	expect_broken(buf, len, symtab_compressed, "compressed");
	free(buf);
}

/* Byte flips in the headers: any result but a crash or a leak. */
Test(image, random_header_damage_never_crashes)
{
	const char	*elf = UNIT "fw.elf";
	unsigned char	*orig, *buf;
	size_t		 len, hdr_end, i, k, at;
	unsigned	 seed = 12345;
	Elf32_Ehdr	 eh;

	orig = slurp(elf, &len);
	buf = xmalloc(len);
	memcpy(&eh, orig, sizeof(eh));
	hdr_end = eh.e_phoff + (size_t)eh.e_phnum * eh.e_phentsize;
	for (i = 0; i < 3000; i++) {
		memcpy(buf, orig, len);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245 + 12345;
			/* Half in the file and program headers, half anywhere
			 * in the section header table and symbol table. */
			at = (seed >> 8) % (i % 2 ? hdr_end : len - eh.e_shoff);
			at += i % 2 ? 0 : eh.e_shoff;
			buf[at] ^= (unsigned char)(1u << (seed >> 28) % 8 |
			    (seed >> 4));
		}
		load_buffer_once(buf, len, "flipped.elf");
	}
	free(buf);
	free(orig);
}

Test(image, not_an_elf_file)
{
	struct image	*img = NULL;

	spit(tmp("notes.txt"), "hello, world\n", 13);
	cr_assert_eq(image_load(&img, tmp("notes.txt"), &d), -1);
	cr_assert_null(img);
	cr_assert_str_eq(only_error(), "not an ELF file");
	cr_assert_str_eq(d.list[0].pos.file, tmp("notes.txt"));
	diags_free(&d);
	spit(tmp("empty"), "", 0);
	cr_assert_eq(image_load(&img, tmp("empty"), &d), -1);
	cr_assert_str_eq(only_error(), "not an ELF file");
	diags_free(&d);
	cr_assert_eq(image_load(&img, tmp("missing.elf"), &d), -1);
	cr_assert_str_eq(only_error(), "cannot open: No such file or directory");
	diags_free(&d);
	cr_assert_eq(image_load(&img, tmpdir, &d), -1);
	cr_assert_str_eq(only_error(), "is a directory");
	diags_free(&d);
	cr_assert_eq(image_load_buffer(&img, "mem", "\177ELF", 4, &d), -1);
	cr_assert_eq(d.n, 1);
}

Test(image, archive_is_not_an_image)
{
	struct image	*img = NULL;

	cr_assert_eq(image_load(&img, UNIT "libfw.a", &d), -1);
	cr_assert_str_eq(only_error(), "an archive, not a linked ELF file");
}

static const struct obj_symbol *
obj_symbol_named(const struct obj_section *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nsymbols; i++)
		if (strcmp(s->symbols[i].name, name) == 0)
			return &s->symbols[i];
	cr_assert_fail("no symbol %s in %s", name, s->name);
	return NULL;
}

static const struct obj_section *
obj_ok(struct objcache *c, const char *path, const char *member,
    const char *secname, uint64_t size)
{
	const struct obj_section	*s;
	char				*err = NULL;

	cr_assert_eq(objcache_section(&s, c, path, member, secname, size, true,
	    &err), 0, "%s: %s", secname, err ? err : "?");
	cr_assert_null(err);
	cr_assert_str_eq(s->name, secname);
	return s;
}

/* Expect an error containing WANT; returns nothing, frees the message. */
static void
obj_fails(struct objcache *c, const char *path, const char *member,
    const char *secname, uint64_t size, const char *want)
{
	const struct obj_section	*s = (void *)1;
	char				*err = NULL;

	cr_assert_eq(objcache_section(&s, c, path, member, secname, size, true,
	    &err), -1);
	cr_assert_null(s);
	cr_assert_not_null(err);
	cr_assert(strstr(err, want) != NULL, "'%s' lacks '%s'", err, want);
	cr_assert_null(strchr(err, '\n'));
	free(err);
}

static void
check_fw_object(struct objcache *c, const char *path, const char *member,
    bool big_endian)
{
	static const unsigned char	 le[] = { 0x11, 0, 0, 0 };
	static const unsigned char	 be[] = { 0, 0, 0, 0x11 };
	const struct obj_section	*s;

	s = obj_ok(c, path, member, ".ccmbss", 4);
	cr_assert_not(s->nobits);
	cr_assert_eq(s->size, 4);
	cr_assert_not_null(s->data);
	cr_assert_arr_eq(s->data, big_endian ? be : le, 4);
	cr_assert_not(s->has_relocs);
	cr_assert_eq(s->nsymbols, 1);
	cr_assert_str_eq(s->symbols[0].name, "x");
	cr_assert_eq(s->symbols[0].offset, 0);
	cr_assert_eq(s->symbols[0].size, 4);
	/* counter_ptr = &counter needs a relocation. */
	s = obj_ok(c, path, member, ".data", 8);
	cr_assert(s->has_relocs);
	cr_assert_eq(s->nsymbols, 2);
	cr_assert_eq(obj_symbol_named(s, "counter_ptr")->offset, 4);
	s = obj_ok(c, path, member, ".bss", 68);
	cr_assert(s->nobits);
	cr_assert_null(s->data);
	/* Local statics; GCC names the function-local one "calls.0". */
	cr_assert_eq(obj_symbol_named(s, "scratch")->size, 64);
	cr_assert_eq(obj_symbol_named(s, "calls.0")->offset, 64);
	s = obj_ok(c, path, member, ".text", 0x60);
	cr_assert_eq(obj_symbol_named(s, "bump")->offset, 0);
}

Test(image, objcache_reads_an_object)
{
	struct objcache			*c;
	const struct obj_section	*a, *b;

	objcache_new(&c);
	check_fw_object(c, UNIT "fw.o", NULL, false);
	/* Asked again: the same answer, not a new one. */
	a = obj_ok(c, UNIT "fw.o", NULL, ".ccmbss", 4);
	b = obj_ok(c, UNIT "fw.o", NULL, ".ccmbss", 4);
	cr_assert_eq(a, b);
	obj_fails(c, UNIT "fw.o", NULL, ".ccmdata", 4, "no section '.ccmdata'");
	obj_fails(c, UNIT "fw.o", NULL, ".data", 12,
	    "object changed since the link");
	obj_fails(c, UNIT "fw.o", "fw.o", ".data", 8, "not an archive");
	objcache_free(c);
}

Test(image, objcache_reads_big_endian_object)
{
	struct objcache	*c;

	objcache_new(&c);
	check_fw_object(c, UNIT "be.o", NULL, true);
	objcache_free(c);
}

Test(image, objcache_reads_archive_members)
{
	struct objcache	*c;

	/* A member name longer than 15 characters needs the long-name table. */
	objcache_new(&c);
	check_fw_object(c, UNIT "libfw.a", "fw.o", false);
	check_fw_object(c, UNIT "libfw.a", "a_rather_long_member_name.o",
	    false);
	cr_assert_eq(obj_ok(c, UNIT "libfw.a", "other.o", ".data", 4)->data[0],
	    3);
	obj_fails(c, UNIT "libfw.a", "gone.o", ".data", 4,
	    "no member 'gone.o' in the archive");
	obj_fails(c, UNIT "libfw.a", NULL, ".data", 4, "an archive");
	objcache_free(c);
}

/*
 * Without symbols an answer needs only the headers (and the bytes, unless
 * NOBITS); asking for them later fills in the same answer, also after the
 * member was closed and others were read.
 */
Test(image, objcache_reads_symbols_only_when_asked)
{
	const struct obj_section	*bss, *ccm;
	struct objcache			*c;
	char				*err = NULL;

	objcache_new(&c);
	cr_assert_eq(objcache_section(&bss, c, UNIT "libfw.a", "fw.o", ".bss",
	    68, false, &err), 0);
	cr_assert(bss->nobits);
	cr_assert_null(bss->data);
	cr_assert_eq(bss->nsymbols, 0);
	cr_assert_eq(objcache_section(&ccm, c, UNIT "libfw.a", "fw.o",
	    ".ccmbss", 4, false, &err), 0);
	cr_assert_eq(ccm->data[0], 0x11);
	cr_assert_eq(ccm->nsymbols, 0);
	cr_assert_eq(obj_ok(c, UNIT "libfw.a", "other.o", ".data", 4)->data[0],
	    3);
	cr_assert_eq(obj_ok(c, UNIT "libfw.a", "fw.o", ".bss", 68), bss);
	cr_assert_eq(obj_symbol_named(bss, "scratch")->size, 64);
	cr_assert_eq(obj_symbol_named(bss, "calls.0")->offset, 64);
	cr_assert_eq(obj_ok(c, UNIT "libfw.a", "fw.o", ".ccmbss", 4), ccm);
	cr_assert_eq(ccm->nsymbols, 1);
	cr_assert_str_eq(ccm->symbols[0].name, "x");
	cr_assert_eq(ccm->data[0], 0x11);
	objcache_free(c);
}

Test(image, objcache_reports_missing_and_foreign_files)
{
	struct objcache	*c;

	spit(tmp("notes.txt"), "hello, world\n", 13);
	objcache_new(&c);
	obj_fails(c, tmp("missing.o"), NULL, ".data", 4,
	    "cannot open: No such file or directory");
	/* Cached failures are reported again, the same way. */
	obj_fails(c, tmp("missing.o"), NULL, ".data", 4,
	    "cannot open: No such file or directory");
	obj_fails(c, tmp("notes.txt"), NULL, ".data", 4,
	    "not an ELF object or archive");
	obj_fails(c, tmpdir, NULL, ".data", 4, "is a directory");
	objcache_free(c);
}

Test(image, objcache_survives_damaged_objects)
{
	const char			*obj = UNIT "fw.o";
	const struct obj_section	*s;
	struct objcache			*c;
	unsigned char			*orig, *buf;
	unsigned			 seed = 777;
	char				*err, name[32];
	size_t				 len, i, at;

	orig = slurp(obj, &len);
	buf = xmalloc(len);
	objcache_new(&c);
	for (i = 0; i < 200; i++) {
		memcpy(buf, orig, len);
		seed = seed * 1103515245 + 12345;
		at = ((Elf32_Ehdr *)orig)->e_shoff + (seed >> 8) % 1000;
		buf[at % len] ^= (unsigned char)(seed >> 3);
		buf[(seed >> 4) % 52] ^= (unsigned char)(seed >> 13);
		snprintf(name, sizeof(name), "d%zu.o", i);
		spit(tmp(name), buf, len);
		err = NULL;
		if (objcache_section(&s, c, tmp(name), NULL, ".ccmbss", 4, true,
		    &err) != 0)
			cr_assert_not_null(err);
		free(err);
	}
	objcache_free(c);
	free(buf);
	free(orig);
}

/* The line of FW_SRC that holds TEXT, so the test follows edits. */
static unsigned
line_of(const char *text)
{
	FILE		*f = fopen(FW_SRC, "r");
	char		 line[512];
	unsigned	 n = 0;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		if (strstr(line, text) != NULL) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	cr_assert_fail("%s not in %s", text, FW_SRC);
	return 0;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t	 n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

static void
check_positions(const char *elf)
{
	struct image		*img = load_ok(elf);
	struct srcloc_query	 q[] = {
		{ .name = "x", .addr = symbol_named(img, "x")->value,
		    .data = true },
		{ .name = "calls.0",
		    .addr = symbol_named(img, "calls.0")->value,
		    .data = true },
		{ .name = "Reset_Handler",
		    .addr = symbol_named(img, "Reset_Handler")->value },
		{ .name = "counter" },
		{ .name = "x", .addr = 0x12345678 },	/* another x */
		{ .name = "not_in_the_source" },
	};
	size_t			 i;

	cr_assert_eq(srcloc_resolve(elf, q, 6, &d), 0);
	cr_assert_eq(d.n, 0);
	cr_assert(ends_with(q[0].file, "/elf/fw.c"), "%s", q[0].file);
	cr_assert_eq(q[0].line, line_of("int x __attribute__"));
	cr_assert_eq(q[1].line, line_of("static int calls;"));
	cr_assert_eq(q[2].line, line_of("Reset_Handler(void)"));
	cr_assert_eq(q[3].line, line_of("int counter = 5;"));
	cr_assert_null(q[4].file);
	cr_assert_null(q[5].file);
	for (i = 0; i < 6; i++)
		free(q[i].file);
	image_free(img);
}

Test(image, srcloc_finds_declarations)
{
	check_positions(UNIT "fw.elf");
}

Test(image, srcloc_reads_compressed_dwarf)
{
	check_positions(UNIT "gz.elf");
}

/*
 * File names from the line program's header, as GCC writes it (gas writes
 * version 3): versions 4 and 5.
 */
Test(image, srcloc_dwarf4_line_table)
{
	check_positions(UNIT "d4.elf");
}

Test(image, srcloc_dwarf5_line_table)
{
	check_positions(UNIT "d5.elf");
}

/*
 * clang's DWARF 5 (fixtures/unit/lldmap/dw5.elf, linked by ld.lld): the
 * unit's own source is file 0, which earlier versions reserve for "none",
 * and variables' addresses are DW_OP_addrx into .debug_addr.
 */
Test(image, srcloc_clang_dwarf5)
{
	const char		*elf = FIXTURES_DIR "/unit/lldmap/dw5.elf";
	struct image		*img = load_ok(elf);
	struct srcloc_query	 q[] = {
		{ .name = "x", .addr = symbol_named(img, "x")->value,
		    .data = true },
		{ .name = "Reset_Handler",
		    .addr = symbol_named(img, "Reset_Handler")->value },
		{ .name = "counter",
		    .addr = symbol_named(img, "counter")->value,
		    .data = true },
	};
	size_t			 i;

	cr_assert_eq(srcloc_resolve(elf, q, 3, &d), 0);
	cr_assert_eq(d.n, 0);
	for (i = 0; i < 3; i++)
		cr_assert(q[i].file != NULL && ends_with(q[i].file,
		    "/elf/fw.c"), "%s: %s", q[i].name, q[i].file);
	cr_assert_eq(q[0].line, line_of("int x __attribute__"));
	cr_assert_eq(q[1].line, line_of("Reset_Handler(void)"));
	cr_assert_eq(q[2].line, line_of("int counter = 5;"));
	for (i = 0; i < 3; i++)
		free(q[i].file);
	image_free(img);
}

Test(image, srcloc_big_endian)
{
	check_positions(UNIT "be.elf");
}

Test(image, srcloc_riscv64)
{
	check_positions(UNIT "rv.elf");
}

Test(image, srcloc_without_dwarf_sets_nothing)
{
	struct srcloc_query	 q = { .name = "x" };

	cr_assert_eq(srcloc_resolve(UNIT "s.elf", &q, 1, &d), 0);
	cr_assert_null(q.file);
	cr_assert_eq(q.line, 0);
	cr_assert_eq(d.n, 0);
	spit(tmp("notes.txt"), "hello, world\n", 13);
	cr_assert_eq(srcloc_resolve(tmp("notes.txt"), &q, 1, &d), 0);
	cr_assert_null(q.file);
	cr_assert_eq(srcloc_resolve(tmp("missing.elf"), &q, 1, &d), -1);
	cr_assert_str_eq(only_error(), "cannot open: No such file or directory");
}

/* Many queries cost one walk: 20 000 names that are not there, and one. */
Test(image, srcloc_many_queries)
{
	const char		*elf = UNIT "fw.elf";
	struct srcloc_query	*q;
	char			*names;
	size_t			 n = 20000, i;

	q = xcalloc(n, sizeof(*q));
	names = xmalloc(n * 16);
	for (i = 0; i < n - 1; i++) {
		snprintf(names + i * 16, 16, "sym%zu", i);
		q[i].name = names + i * 16;
	}
	q[n - 1].name = "bump";
	cr_assert_eq(srcloc_resolve(elf, q, n, &d), 0);
	for (i = 0; i < n - 1; i++)
		cr_assert_null(q[i].file);
	cr_assert_eq(q[n - 1].line, line_of("bump(void)"));
	free(q[n - 1].file);
	free(q);
	free(names);
}

Test(image, srcloc_esp32c3)
{
	struct srcloc_query	 q[] = { { .name = "app_main" },
	    { .name = "esp_restart" } };

	if (access(ESP32C3, R_OK) != 0)
		cr_skip_test("%s is not there", ESP32C3);
	cr_assert_eq(srcloc_resolve(ESP32C3, q, 2, &d), 0);
	cr_assert(ends_with(q[0].file, "main/hello_world_main.c"), "%s",
	    q[0].file);
	cr_assert_gt(q[0].line, 0);
	cr_assert(ends_with(q[1].file, "esp_system.c"), "%s", q[1].file);
	free(q[0].file);
	free(q[1].file);
}

/* Enough symbols that the image's store is mapped, not malloc'd. */
Test(image, many_symbols)
{
	struct image	*img;
	FILE		*f;
	size_t		 i, n = 40000;

	need("arm-none-eabi-as");
	need("arm-none-eabi-ld");
	f = fopen(tmp("many.s"), "w");
	cr_assert_not_null(f);
	fputs(".section .data,\"aw\"\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, ".globl v%zu\n.type v%zu,%%object\n.size v%zu,4\n"
		    "v%zu: .word %zu\n", i, i, i, i, i);
	fclose(f);
	cr_assert_eq(run("arm-none-eabi-as -o %s %s && arm-none-eabi-ld "
	    "-Tdata=0x20000000 -e 0 -o %s %s", tmp("many.o"), tmp("many.s"),
	    tmp("many.elf"), tmp("many.o")), 0);
	img = load_ok(tmp("many.elf"));
	cr_assert_geq(img->nsymbols, n);
	cr_assert_eq(symbol_named(img, "v39999")->value, 0x20000000 + 4 * 39999);
	check_against_binutils(img, "arm-none-eabi-");
	image_free(img);
}

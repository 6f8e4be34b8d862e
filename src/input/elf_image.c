/*
 * ELF reader: linked images (struct image), and the libelf side of the
 * input objects a map names (src/input/objcache.c has the rest). The only
 * module that talks to libelf (also for the DWARF sections
 * src/input/dwarf_lines.c reads itself).
 *
 * Every offset and index read from the file is checked before use, so a
 * truncated or hostile file gives one "PATH: error: ..." line, never a
 * crash. Names in a struct image point into one private copy of the two
 * string tables it needs, so loading costs three allocations whatever the
 * number of symbols, and the file can be freed at once.
 */
#include <sys/stat.h>

#include <ar.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "image.h"
#include "objcache.h"
#include "util.h"

/* Arm's pre-EABI Thumb function type; still seen in old objects. */
#define STT_ARM_TFUNC_OLD	13

struct loader {
	struct image	*img;
	Elf		*elf;
	const char	*name;		/* for messages */
	struct diags	*d;
	size_t		 filesize;
	size_t		 shstrndx;
	uint32_t	*name_off;	/* sh_name of each section */
	size_t		 symtab;	/* section index, 0 when none */
	size_t		 symtab_link;	/* its string table */
	size_t		 xndx;		/* SHT_SYMTAB_SHNDX section, or 0 */
	size_t		 xndx_link;
	Elf_Data	*shstr_data;
	Elf_Data	*str_data;
	Elf_Data	*sym_data;
	Elf_Data	*xndx_data;
	size_t		 nsyms;		/* entries, with the null one */
	char		*strings;	/* copy of the section name table */
	char		*symstrings;	/* copy of the symbol string table */
};

static int
libelf_init(void)
{
	static int	 state;	/* 0 unknown, 1 ready, -1 unusable */

	if (state == 0)
		state = elf_version(EV_CURRENT) == EV_NONE ? -1 : 1;
	return state > 0 ? 0 : -1;
}

static int __attribute__((format(printf, 2, 3)))
load_error(struct loader *ld, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(ld->d, DIAG_ERROR, &(struct srcpos){ .file = ld->name },
	    fmt, ap);
	va_end(ap);
	return -1;
}

/* Whether [off, off + len) lies inside the file. */
static bool
in_file(const struct loader *ld, uint64_t off, uint64_t len)
{
	return off <= ld->filesize && len <= ld->filesize - off;
}

/*
 * libelf quietly treats a header table that does not fit in the file as
 * empty; say what is wrong instead (usually a truncated file).
 */
static int
check_tables(struct loader *ld, const GElf_Ehdr *eh)
{
	uint64_t	 nsh = eh->e_shnum != 0 ? eh->e_shnum : 1;

	if (eh->e_shoff != 0 &&
	    !in_file(ld, eh->e_shoff, nsh * eh->e_shentsize))
		return load_error(ld, "section headers at offset 0x%llx lie "
		    "outside the file (0x%zx bytes): truncated?",
		    (unsigned long long)eh->e_shoff, ld->filesize);
	if (eh->e_phoff != 0 && !in_file(ld, eh->e_phoff,
	    (uint64_t)eh->e_phnum * eh->e_phentsize))
		return load_error(ld, "program headers at offset 0x%llx lie "
		    "outside the file (0x%zx bytes): truncated?",
		    (unsigned long long)eh->e_phoff, ld->filesize);
	return 0;
}

/* The machines whose hosted programs people try, with their article. */
static const char *
machine_name(unsigned m)
{
	switch (m) {
	case EM_X86_64:
		return "an x86-64";
	case EM_386:
		return "an x86";
	case EM_AARCH64:
		return "an AArch64";
	case EM_ARM:
		return "an Arm";
	case EM_RISCV:
		return "a RISC-V";
	default:
		return "a";
	}
}

/* Whether the image asks for a program interpreter (a dynamic loader). */
static bool
has_interp(struct loader *ld)
{
	GElf_Phdr	 ph;
	size_t		 n, i;

	if (elf_getphdrnum(ld->elf, &n) != 0)
		return false;
	for (i = 0; i < n; i++)
		if (gelf_getphdr(ld->elf, (int)i, &ph) != NULL &&
		    ph.p_type == PT_INTERP)
			return true;
	return false;
}

/*
 * memfit reads linked images: executables, and ET_DYN for position-
 * independent firmware. Objects and core files are not, and a program
 * with a dynamic loader (PT_INTERP) runs under an operating system: no
 * firmware has one, whatever its machine (RISC-V 64 and x86 firmware are
 * real). The section headers are what memfit reads; without them (strip
 * --strip-sections) it would see nothing at all.
 */
static int
check_linked(struct loader *ld, const GElf_Ehdr *eh)
{
	if (eh->e_type == ET_REL)
		return load_error(ld, "a relocatable object, not a linked "
		    "image");
	if (eh->e_type == ET_CORE)
		return load_error(ld, "a core file, not a linked image");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return load_error(ld, "ELF type %u, not a linked image",
		    (unsigned)eh->e_type);
	if (has_interp(ld))
		return load_error(ld, "%s program for an operating system "
		    "(it asks for a dynamic loader), not firmware",
		    machine_name(eh->e_machine));
	if (eh->e_shoff == 0 || eh->e_shnum == 0)
		return load_error(ld, "no section headers (stripped with "
		    "--strip-sections?): memfit reads the sections");
	return 0;
}

static int
read_header(struct loader *ld)
{
	GElf_Ehdr	 eh;
	const char	*ident;

	if (gelf_getehdr(ld->elf, &eh) == NULL ||
	    (ident = elf_getident(ld->elf, NULL)) == NULL)
		return load_error(ld, "cannot read ELF header: %s",
		    elf_errmsg(-1));
	ld->img->elfclass = ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	ld->img->big_endian = ident[EI_DATA] == ELFDATA2MSB;
	ld->img->machine = eh.e_machine;
	ld->img->entry = eh.e_entry;
	if (check_tables(ld, &eh) != 0 || check_linked(ld, &eh) != 0)
		return -1;
	if (elf_getshdrstrndx(ld->elf, &ld->shstrndx) != 0)
		return load_error(ld, "cannot read section headers: %s",
		    elf_errmsg(-1));
	return 0;
}

static int
check_shdr(struct loader *ld, size_t i, const GElf_Shdr *sh)
{
	if (sh->sh_type != SHT_NOBITS && sh->sh_type != SHT_NULL &&
	    !in_file(ld, sh->sh_offset, sh->sh_size))
		return load_error(ld, "section header %zu: data at offset "
		    "0x%llx size 0x%llx lies outside the file (0x%zx bytes)",
		    i, (unsigned long long)sh->sh_offset,
		    (unsigned long long)sh->sh_size, ld->filesize);
	if ((sh->sh_flags & (SHF_ALLOC | SHF_COMPRESSED)) ==
	    (SHF_ALLOC | SHF_COMPRESSED))
		return load_error(ld, "section header %zu: an allocated "
		    "section cannot be compressed", i);
	return 0;
}

/* Fill one img_section from its header; names come later. */
static int
read_one_section(struct loader *ld, size_t i)
{
	struct img_section	*s = &ld->img->sections[i];
	Elf_Scn			*scn;
	GElf_Shdr		 sh;

	if ((scn = elf_getscn(ld->elf, i)) == NULL ||
	    gelf_getshdr(scn, &sh) == NULL)
		return load_error(ld, "cannot read section header %zu: %s",
		    i, elf_errmsg(-1));
	if (check_shdr(ld, i, &sh) != 0)
		return -1;
	ld->name_off[i] = sh.sh_name;
	s->vma = s->lma = sh.sh_addr;
	s->size = sh.sh_size;
	s->flags = sh.sh_flags;
	s->type = sh.sh_type;
	s->index = (uint32_t)i;
	s->alloc = (sh.sh_flags & SHF_ALLOC) != 0;
	s->nobits = sh.sh_type == SHT_NOBITS;
	if (sh.sh_type == SHT_SYMTAB ||
	    (sh.sh_type == SHT_DYNSYM && ld->symtab == 0)) {
		ld->symtab = i;
		ld->symtab_link = sh.sh_link;
	} else if (sh.sh_type == SHT_SYMTAB_SHNDX) {
		ld->xndx = i;
		ld->xndx_link = sh.sh_link;
	}
	return 0;
}

static int
read_sections(struct loader *ld)
{
	struct image	*img = ld->img;
	size_t		 n, i;

	if (elf_getshdrnum(ld->elf, &n) != 0)
		return load_error(ld, "cannot read section headers: %s",
		    elf_errmsg(-1));
	if (n > 0 && ld->shstrndx >= n)
		return load_error(ld, "section name table index %zu is out "
		    "of range (%zu sections)", ld->shstrndx, n);
	img->sections = xcalloc(n, sizeof(*img->sections));
	img->nsections = n;
	ld->name_off = xcalloc(n, sizeof(*ld->name_off));
	for (i = 0; i < n; i++)
		if (read_one_section(ld, i) != 0)
			return -1;
	return 0;
}

/*
 * A section belongs to a PT_LOAD when its addresses (and, if it has file
 * bytes, its file range) fall inside the segment's. Zero-sized sections at
 * a segment's end also match the next segment; the first match wins.
 */
static bool
segment_holds(const GElf_Phdr *ph, const struct img_section *s,
    const GElf_Shdr *sh)
{
	if (s->vma < ph->p_vaddr || s->vma - ph->p_vaddr > ph->p_memsz ||
	    s->size > ph->p_memsz - (s->vma - ph->p_vaddr))
		return false;
	if (s->nobits || s->size == 0)
		return true;
	return sh->sh_offset >= ph->p_offset &&
	    sh->sh_offset - ph->p_offset <= ph->p_filesz &&
	    s->size <= ph->p_filesz - (sh->sh_offset - ph->p_offset);
}

static void
place_section(struct img_section *s, const GElf_Shdr *sh,
    const GElf_Phdr *loads, size_t nloads)
{
	size_t	 i;

	for (i = 0; i < nloads; i++) {
		if (!segment_holds(&loads[i], s, sh))
			continue;
		s->lma = loads[i].p_paddr + (s->vma - loads[i].p_vaddr);
		s->loaded = !s->nobits && s->size > 0;
		return;
	}
}

static int
read_loads(struct loader *ld, GElf_Phdr **out, size_t *nout)
{
	GElf_Phdr	 ph;
	size_t		 n, i, cap = 0;

	*out = NULL;
	*nout = 0;
	if (elf_getphdrnum(ld->elf, &n) != 0)
		return load_error(ld, "cannot read program headers: %s",
		    elf_errmsg(-1));
	for (i = 0; i < n; i++) {
		if (gelf_getphdr(ld->elf, (int)i, &ph) == NULL)
			return load_error(ld, "cannot read program header "
			    "%zu: %s", i, elf_errmsg(-1));
		if (ph.p_type == PT_LOAD)
			*ARRAY_PUSH(*out, *nout, cap) = ph;
	}
	return 0;
}

/* Set lma and loaded of every allocated section from the PT_LOADs. */
static int
place_sections(struct loader *ld)
{
	struct img_section	*s;
	GElf_Phdr		*loads = NULL;
	GElf_Shdr		 sh;
	size_t			 nloads, i;
	int			 ret = -1;

	if (read_loads(ld, &loads, &nloads) != 0)
		goto out;
	for (i = 1; i < ld->img->nsections && nloads > 0; i++) {
		s = &ld->img->sections[i];
		if (!s->alloc ||
		    gelf_getshdr(elf_getscn(ld->elf, i), &sh) == NULL)
			continue;
		place_section(s, &sh, loads, nloads);
	}
	ret = 0;
out:
	free(loads);
	return ret;
}

/* The bytes of a string table named by index, checked to be one. */
static int
string_table(struct loader *ld, Elf_Data **out, size_t idx, const char *what)
{
	const struct img_section	*s;

	*out = NULL;
	if (idx >= ld->img->nsections)
		return load_error(ld, "%s index %zu is out of range (%zu "
		    "sections)", what, idx, ld->img->nsections);
	s = &ld->img->sections[idx];
	if (s->type != SHT_STRTAB)
		return load_error(ld, "%s (section %zu) is not a string table",
		    what, idx);
	if (s->flags & SHF_COMPRESSED)
		return load_error(ld, "%s (section %zu) is compressed", what,
		    idx);
	*out = elf_getdata(elf_getscn(ld->elf, idx), NULL);
	if (*out == NULL && s->size > 0)
		return load_error(ld, "cannot read %s: %s", what,
		    elf_errmsg(-1));
	return 0;
}

/* The symbol table and its extended section indexes, if any. */
static int
symtab_data(struct loader *ld)
{
	struct image	*img = ld->img;
	size_t		 entsize;

	if (ld->symtab == 0)
		return 0;
	if (img->sections[ld->symtab].flags & SHF_COMPRESSED)
		return load_error(ld, "the symbol table is compressed");
	ld->sym_data = elf_getdata(elf_getscn(ld->elf, ld->symtab), NULL);
	if (ld->sym_data == NULL)
		return load_error(ld, "cannot read symbol table: %s",
		    elf_errmsg(-1));
	entsize = img->elfclass == 64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	ld->nsyms = ld->sym_data->d_size / entsize;
	if (ld->xndx == 0 || ld->xndx_link != ld->symtab)
		return 0;
	ld->xndx_data = elf_getdata(elf_getscn(ld->elf, ld->xndx), NULL);
	if (ld->xndx_data == NULL)
		return load_error(ld, "cannot read extended section "
		    "indexes: %s", elf_errmsg(-1));
	return 0;
}

/*
 * One block holds the symbols and the strings: a 200 000-symbol image is
 * 10 MB, and taking its pages in one go (mem_prefault) costs a seventh of
 * faulting them in one by one.
 */
static void *
store_new(struct image *img, size_t len)
{
	img->priv = xmalloc(len);
	mem_prefault(img->priv, len);
	return img->priv;
}

static size_t
data_size(const Elf_Data *data)
{
	return data != NULL ? data->d_size : 0;
}

/*
 * Room for the symbols, then a copy of the section name table and of the
 * symbol string table, each followed by a NUL so that any in-range offset
 * gives a C string.
 */
static int
make_store(struct loader *ld)
{
	size_t	 nsym = ld->nsyms > 1 ? ld->nsyms - 1 : 0;
	size_t	 n1, n2, symbytes = nsym * sizeof(struct img_symbol);
	char	*p;

	if (ld->shstrndx != 0 && string_table(ld, &ld->shstr_data,
	    ld->shstrndx, "section name table") != 0)
		return -1;
	if (ld->symtab != 0 && string_table(ld, &ld->str_data,
	    ld->symtab_link, "symbol string table") != 0)
		return -1;
	n1 = data_size(ld->shstr_data);
	n2 = data_size(ld->str_data);
	p = store_new(ld->img, symbytes + n1 + n2 + 2);
	ld->img->symbols = nsym > 0 ? (struct img_symbol *)p : NULL;
	ld->strings = p + symbytes;
	if (n1 > 0)
		memcpy(ld->strings, ld->shstr_data->d_buf, n1);
	ld->strings[n1] = '\0';
	ld->symstrings = ld->strings + n1 + 1;
	if (n2 > 0)
		memcpy(ld->symstrings, ld->str_data->d_buf, n2);
	ld->symstrings[n2] = '\0';
	return 0;
}

static int
name_sections(struct loader *ld)
{
	struct img_section	*s;
	size_t			 n = 0, i;

	if (ld->shstr_data != NULL)
		n = ld->shstr_data->d_size;
	for (i = 0; i < ld->img->nsections; i++) {
		s = &ld->img->sections[i];
		if (ld->name_off[i] >= n && ld->name_off[i] != 0)
			return load_error(ld, "section header %zu: name "
			    "offset 0x%x is outside the section name table",
			    i, (unsigned)ld->name_off[i]);
		s->name = ld->strings + ld->name_off[i];
		if (strcmp(s->name, ".debug_info") == 0 ||
		    strcmp(s->name, ".zdebug_info") == 0)
			ld->img->has_debug_info = true;
	}
	return 0;
}

static enum img_sym_type
sym_type(unsigned stt, unsigned machine)
{
	switch (stt) {
	case STT_NOTYPE:
		return SYM_NOTYPE;
	case STT_OBJECT:
	case STT_COMMON:
		return SYM_OBJECT;
	case STT_FUNC:
	case STT_GNU_IFUNC:
		return SYM_FUNC;
	case STT_SECTION:
		return SYM_SECTION;
	case STT_FILE:
		return SYM_FILE;
	case STT_ARM_TFUNC_OLD:
		return machine == EM_ARM ? SYM_FUNC : SYM_OTHER;
	default:
		return SYM_OTHER;
	}
}

/*
 * Symbol I of the table in libelf's host-order copy. The copy may sit
 * unaligned in the file mapping, hence memcpy.
 */
static void
sym_at(const struct loader *ld, size_t i, GElf_Sym *out)
{
	const char	*base = ld->sym_data->d_buf;
	Elf32_Sym	 s;

	if (ld->img->elfclass == 64) {
		memcpy(out, base + i * sizeof(Elf64_Sym), sizeof(*out));
		return;
	}
	memcpy(&s, base + i * sizeof(s), sizeof(s));
	out->st_name = s.st_name;
	out->st_info = s.st_info;
	out->st_other = s.st_other;
	out->st_shndx = s.st_shndx;
	out->st_value = s.st_value;
	out->st_size = s.st_size;
}

static int
sym_xindex(struct loader *ld, size_t i, uint32_t *out)
{
	if (ld->xndx_data == NULL ||
	    i >= ld->xndx_data->d_size / sizeof(Elf32_Word))
		return load_error(ld, "symbol %zu: no extended section index",
		    i);
	memcpy(out, (const char *)ld->xndx_data->d_buf + i * sizeof(*out),
	    sizeof(*out));
	return 0;
}

static int
read_symbol(struct loader *ld, size_t i, struct img_symbol *out)
{
	GElf_Sym	 sym;

	sym_at(ld, i, &sym);
	if (sym.st_name >= data_size(ld->str_data) && sym.st_name != 0)
		return load_error(ld, "symbol %zu: name offset 0x%x is "
		    "outside the string table", i, (unsigned)sym.st_name);
	out->name = ld->symstrings + sym.st_name;
	out->value = sym.st_value;
	out->size = sym.st_size;
	out->shndx = sym.st_shndx;
	if (sym.st_shndx == SHN_XINDEX && sym_xindex(ld, i, &out->shndx) != 0)
		return -1;
	out->type = sym_type(GELF_ST_TYPE(sym.st_info), ld->img->machine);
	out->local = GELF_ST_BIND(sym.st_info) == STB_LOCAL;
	out->weak = GELF_ST_BIND(sym.st_info) == STB_WEAK;
	if (out->type == SYM_FUNC && ld->img->machine == EM_ARM)
		out->value &= ~(uint64_t)1;
	return 0;
}

static int
read_symbols(struct loader *ld)
{
	size_t	 i;

	if (ld->symtab == 0)
		return 0;
	/* Entry 0 is the reserved null symbol. */
	for (i = 1; i < ld->nsyms; i++)
		if (read_symbol(ld, i, &ld->img->symbols[i - 1]) != 0)
			return -1;
	ld->img->nsymbols = ld->nsyms > 1 ? ld->nsyms - 1 : 0;
	ld->img->has_symtab = true;
	return 0;
}

static int
check_kind(struct loader *ld)
{
	const char	*raw;
	size_t		 len = 0;

	switch (elf_kind(ld->elf)) {
	case ELF_K_ELF:
		return 0;
	case ELF_K_AR:
		return load_error(ld, "an archive, not a linked ELF file");
	default:
		raw = elf_rawfile(ld->elf, &len);
		if (raw != NULL && len >= SELFMAG &&
		    memcmp(raw, ELFMAG, SELFMAG) == 0)
			return load_error(ld, "unsupported ELF class, byte "
			    "order or version, or truncated ELF header");
		return load_error(ld, "not an ELF file");
	}
}

/*
 * Up to IMG_MAX_VECTORS words at the start of section I, as numbers,
 * kept when the second is the entry point or, BY_NAME, any Thumb code.
 */
static bool
vector_words(struct loader *ld, size_t i, bool by_name)
{
	struct image	*img = ld->img;
	Elf_Scn		*scn = elf_getscn(ld->elf, i);
	Elf_Data	*data = scn ? elf_getdata(scn, NULL) : NULL;
	const unsigned char *b;
	size_t		 n, k;

	if (data == NULL || data->d_buf == NULL || data->d_size < 8)
		return false;
	n = data->d_size / 4;
	n = n < IMG_MAX_VECTORS ? n : IMG_MAX_VECTORS;
	img->vectors = xcalloc(n, sizeof(*img->vectors));
	for (k = 0, b = data->d_buf; k < n; k++, b += 4)
		img->vectors[k] = img->big_endian ?
		    (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		    (uint32_t)b[2] << 8 | b[3] :
		    (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
		    (uint32_t)b[1] << 8 | b[0];
	img->nvectors = n;
	img->vector_section = (uint32_t)i;
	if (img->vectors[1] == (img->entry | 1) ||
	    (by_name && (img->vectors[1] & 1) != 0))
		return true;
	free(img->vectors);
	img->vectors = NULL;
	img->nvectors = 0;
	return false;
}

/* What vendors' scripts call the vector table's section. */
static bool
is_vector_name(const char *name)
{
	static const char *const names[] = { ".isr_vector", ".vectors",
	    ".vector_table", ".intvecs", ".isr_vectors" };
	size_t			 i;

	for (i = 0; name != NULL && i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/*
 * A Cortex-M vector table: the allocated section whose second word is
 * the entry point (the reset handler, with the Thumb bit), whatever the
 * section is called (.isr_vector, .vectors, or the start of .text); when
 * the entry point is not the reset handler (no ENTRY in the script), a
 * section of a vector table's usual name whose second word is Thumb code.
 */
static void
read_vectors(struct loader *ld)
{
	struct image	*img = ld->img;
	size_t		 i;

	if (img->machine != EM_ARM || img->elfclass != 32)
		return;
	for (i = 1; i < img->nsections; i++)
		if (img->sections[i].alloc && !img->sections[i].nobits &&
		    img->sections[i].type == SHT_PROGBITS && img->entry != 0 &&
		    vector_words(ld, i, false))
			return;
	for (i = 1; i < img->nsections; i++)
		if (img->sections[i].alloc && !img->sections[i].nobits &&
		    img->sections[i].type == SHT_PROGBITS &&
		    is_vector_name(img->sections[i].name) &&
		    vector_words(ld, i, true))
			return;
}

static int
load_elf(struct image **out, Elf *elf, const char *name, struct diags *d)
{
	struct loader	 ld = { .elf = elf, .name = name, .d = d };
	int		 ret = -1;

	if (check_kind(&ld) != 0)
		return -1;
	ld.img = xcalloc(1, sizeof(*ld.img));
	ld.img->path = xstrdup(name);
	if (elf_rawfile(elf, &ld.filesize) == NULL) {
		load_error(&ld, "cannot read: %s", elf_errmsg(-1));
		goto out;
	}
	if (read_header(&ld) != 0 || read_sections(&ld) != 0 ||
	    place_sections(&ld) != 0 || symtab_data(&ld) != 0 ||
	    make_store(&ld) != 0 || name_sections(&ld) != 0 ||
	    read_symbols(&ld) != 0)
		goto out;
	read_vectors(&ld);
	*out = ld.img;
	ld.img = NULL;
	ret = 0;
out:
	image_free(ld.img);
	free(ld.name_off);
	return ret;
}

/* BUF is the caller's and writable: libelf may convert it in place. */
static int
load_memory(struct image **out, const char *name, char *buf, size_t len,
    struct diags *d)
{
	Elf	*elf;
	int	 ret = -1;

	if (libelf_init() != 0) {
		diag_error(d, &(struct srcpos){ .file = name }, "libelf: %s",
		    elf_errmsg(-1));
		return -1;
	}
	if ((elf = elf_memory(buf, len)) == NULL)
		diag_error(d, &(struct srcpos){ .file = name }, "cannot read: "
		    "%s", elf_errmsg(-1));
	else
		ret = load_elf(out, elf, name, d);
	elf_end(elf);
	return ret;
}

/* The caller's buffer may be read-only: libelf gets a private copy. */
int
image_load_buffer(struct image **out, const char *name, const void *buf,
    size_t len, struct diags *d)
{
	char	*copy;
	int	 ret;

	*out = NULL;
	copy = xmalloc(len > 0 ? len : 1);
	if (len > 0)
		memcpy(copy, buf, len);
	ret = load_memory(out, name, copy, len, d);
	free(copy);
	return ret;
}

/*
 * PATH mapped into MF (a link that truncates it under memfit is then an
 * error, not SIGBUS: see file_intact). Files are opened without blocking
 * and refused unless regular, so a FIFO named in a map cannot hang the
 * check.
 */
int
image_map_file(struct mapped_file *mf, struct stat *st, const char *path,
    char **err)
{
	char		*why = NULL;
	int		 fd, ret = -1;

	memset(mf, 0, sizeof(*mf));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		*err = xasprintf("cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0)
		*err = xasprintf("cannot open: %s", strerror(errno));
	else if (S_ISDIR(st->st_mode))
		*err = xstrdup("is a directory");
	else if (!S_ISREG(st->st_mode))
		*err = xstrdup("not a regular file");
	else if (file_map_fd(mf, fd, (size_t)st->st_size, &why) != 0) {
		*err = xasprintf("cannot read: %s", why);
		free(why);
	} else
		ret = 0;
	close(fd);
	return ret;
}

int
image_load(struct image **out, const char *path, struct diags *d)
{
	struct mapped_file	 mf;
	struct stat		 st;
	char			*err = NULL;
	int			 ret;

	*out = NULL;
	if (image_map_file(&mf, &st, path, &err) != 0) {
		diag_error(d, &(struct srcpos){ .file = path }, "%s", err);
		free(err);
		return -1;
	}
	ret = load_memory(out, path, mf.priv, mf.len, d);
	if (ret == 0 && !file_intact(&mf)) {
		/* What was read past the cut was zeros, not the image. */
		diag_error(d, &(struct srcpos){ .file = path }, "cannot read: "
		    FILE_SHRANK);
		image_free(*out);
		*out = NULL;
		ret = -1;
	}
	file_unmap(&mf);
	return ret;
}

void
image_free(struct image *img)
{
	if (img == NULL)
		return;
	free(img->path);
	free(img->sections);
	free(img->vectors);
	free(img->priv);	/* holds the symbols too */
	free(img);
}

const struct img_section *
image_section(const struct image *img, uint32_t idx)
{
	if (idx >= img->nsections)
		return NULL;
	return &img->sections[idx];
}

/*
 * For src/dwarf_lines.c, which reads a few DWARF sections that libdw has
 * no call for. ELF is the Elf * libdw opened: it decompresses .debug_*
 * sections in place when it opens them, so one still marked compressed
 * is not read here.
 */
const unsigned char *
image_elf_bytes(void *elf, const char *name, size_t *size, bool *big_endian)
{
	Elf_Scn		*scn = NULL;
	Elf_Data	*data;
	GElf_Shdr	 sh;
	const char	*s, *ident;
	size_t		 shstrndx;

	if ((ident = elf_getident(elf, NULL)) == NULL ||
	    elf_getshdrstrndx(elf, &shstrndx) != 0)
		return NULL;
	*big_endian = ident[EI_DATA] == ELFDATA2MSB;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL ||
		    (s = elf_strptr(elf, shstrndx, sh.sh_name)) == NULL ||
		    strcmp(s, name) != 0)
			continue;
		if (sh.sh_type == SHT_NOBITS ||
		    (sh.sh_flags & SHF_COMPRESSED) != 0 ||
		    (data = elf_getdata(scn, NULL)) == NULL ||
		    data->d_buf == NULL)
			return NULL;
		*size = data->d_size;
		return data->d_buf;
	}
	return NULL;
}

/*
 * The libelf side of the object cache. src/input/objcache.c keeps the
 * bookkeeping (the files by path, the newer-than-the-map check, each
 * archive's member index, the choice among candidates) and asks here,
 * through the image_obj* calls in image.h, for what needs an Elf *: so
 * <libelf.h> stays in this one file, and objcache.c stays free of it.
 *
 * An img_objs is one file's objects: the file itself, or each member of an
 * archive. An object is opened (ELF header and section headers) for a
 * question and closed again once it is answered (image_obj_close): kept
 * open, the 8 000 members of a big link held 14 KB of libelf state and
 * section table each to the end of the check. An answer is built once and
 * kept, so it stays valid until image_objs_free; its symbols are read only
 * when asked for (the init rule asks only when the section has non-zero
 * bytes), as a SHT_NOBITS section needs no more than its header. The
 * caller keeps the file's bytes mapped until image_objs_free.
 */
struct obj_sec {
	const char		*name;	/* valid while the object is open */
	Elf_Scn			*scn;
	uint32_t		 type;
	uint64_t		 flags;
	uint64_t		 addr;
	uint64_t		 size;
	bool			 relocated;
};

/* A built answer, in a list so that pointers to it stay valid. */
struct obj_answer {
	struct obj_answer	*next;
	size_t			 idx;
	bool			 symbols_read;
	struct obj_section	 os;
	char			*name;
	char			*symnames;	/* the symbols' names */
	unsigned char		*copy;		/* the bytes, if not in the map */
};

struct img_obj {
	struct img_objs		*file;
	Elf			*elf;		/* NULL while closed */
	size_t			 aroff;		/* a member's header offset */
	char			*member;	/* NULL for a plain file */
	bool			 failed;	/* not opened again: see err */
	char			*err;
	bool			 relocatable;
	bool			 big_endian;
	unsigned		 machine;
	struct obj_sec		*secs;
	size_t			 nsecs;
	size_t			 symtab, symtab_link, xndx;
	struct obj_answer	*answers;
};

struct img_objs {
	Elf		*elf;		/* the archive; NULL for a plain file */
	const char	*buf;		/* the file's bytes */
	size_t		 len;
	bool		 archive;
	struct img_obj	*objs;
	size_t		 nobjs, capobjs;
};

void
image_obj_close(struct img_obj *o)
{
	free(o->secs);
	o->secs = NULL;
	o->nsecs = 0;
	elf_end(o->elf);
	o->elf = NULL;
}

static void
obj_free(struct img_obj *o)
{
	struct obj_answer	*a, *next;

	image_obj_close(o);
	for (a = o->answers; a != NULL; a = next) {
		next = a->next;
		free(a->os.symbols);
		free(a->symnames);
		free(a->name);
		free(a->copy);
		free(a);
	}
	free(o->member);
	free(o->err);
}

/* An archive member's size: decimal digits, padded with spaces. */
static bool
ar_size(const char *p, size_t *out)
{
	size_t	i;

	*out = 0;
	for (i = 0; i < 10 && p[i] >= '0' && p[i] <= '9'; i++)
		*out = *out * 10 + (size_t)(p[i] - '0');
	for (; i < 10; i++)
		if (p[i] != ' ')
			return false;
	return true;
}

/*
 * A member's name as libelf gives it: up to a '/' (GNU) or without the
 * padding; "/N" is at N in the "//" table (LONGS), up to its '/'. NULL
 * for the archive's own tables ("/", "/SYM64/", "//"); *bad for a name
 * libelf refuses.
 */
static char *
ar_name(const char *h, const char *longs, size_t nlongs, bool *bad)
{
	const char	*end;
	size_t		 off, n;

	*bad = false;
	if (h[0] != '/') {
		if ((end = memchr(h, '/', 16)) != NULL)
			return xstrndup(h, (size_t)(end - h));
		for (n = 15; n > 0 && h[n - 1] == ' '; n--)
			continue;
		return xstrndup(h, n);
	}
	if (h[1] < '0' || h[1] > '9') {
		*bad = memcmp(h, "/               ", 16) != 0 &&
		    memcmp(h, "/SYM64/         ", 16) != 0 &&
		    memcmp(h, "//              ", 16) != 0;
		return NULL;
	}
	for (off = 0, n = 1; n < 16 && h[n] >= '0' && h[n] <= '9'; n++)
		off = off * 10 + (size_t)(h[n] - '0');
	if (longs == NULL || off >= nlongs) {
		*bad = true;
		return NULL;
	}
	end = memchr(longs + off, '/', nlongs - off);
	return xstrndup(longs + off, end != NULL ? (size_t)(end - longs - off) :
	    nlongs - off);
}

/*
 * Each member's name and header offset, from the ar headers themselves:
 * libelf names members only through elf_begin, which also sets up the
 * member's section table (14 KB of it, as much work as the question
 * after). A member is opened with elf_rand when asked about. The walk
 * stops at a malformed header, as libelf's does.
 */
static void
read_members(struct img_objs *f)
{
	const char	*h, *longs = NULL;
	struct img_obj	*o;
	size_t		 off = SARMAG, size, nlongs = 0;
	char		*name;
	bool		 bad = false;

	while (!bad && f->len - off >= sizeof(struct ar_hdr)) {
		h = f->buf + off;
		if (memcmp(h + offsetof(struct ar_hdr, ar_fmag), ARFMAG, 2) ||
		    !ar_size(h + offsetof(struct ar_hdr, ar_size), &size))
			break;
		/* libelf cuts a member the file cuts short; so do we. */
		if (size > f->len - off - sizeof(struct ar_hdr))
			size = f->len - off - sizeof(struct ar_hdr);
		if (memcmp(h, "//              ", 16) == 0) {
			longs = h + sizeof(struct ar_hdr);
			nlongs = size;
		}
		if ((name = ar_name(h, longs, nlongs, &bad)) != NULL) {
			o = ARRAY_PUSH(f->objs, f->nobjs, f->capobjs);
			memset(o, 0, sizeof(*o));
			o->file = f;
			o->aroff = off;
			o->member = name;
		}
		off += sizeof(struct ar_hdr) + size;
		if ((off & 1) != 0 && off < f->len)
			off++;
	}
}

static int __attribute__((format(printf, 2, 3)))
obj_error(struct img_obj *o, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	free(o->err);
	o->err = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/* A member again from its header in the archive, a file from its bytes. */
static int
obj_open(struct img_obj *o)
{
	Elf	*ar = o->file->elf;

	if (o->file->archive) {
		if (elf_rand(ar, o->aroff) != o->aroff ||
		    (o->elf = elf_begin(-1, ELF_C_READ_MMAP, ar)) == NULL)
			return obj_error(o, "cannot read member: %s",
			    elf_errmsg(-1));
	} else if ((o->elf = elf_memory((char *)o->file->buf,
	    o->file->len)) == NULL)
		return obj_error(o, "cannot read: %s", elf_errmsg(-1));
	return 0;
}

/*
 * The section name table, to take names from in place: when it is a
 * string table that ends in a NUL, any offset inside it is a whole
 * string, so elf_strptr's check of each one is not needed.
 */
static const Elf_Data *
obj_names(struct img_obj *o, size_t shstrndx)
{
	Elf_Scn		*scn = elf_getscn(o->elf, shstrndx);
	Elf_Data	*d;
	GElf_Shdr	 sh;

	if (scn == NULL || gelf_getshdr(scn, &sh) == NULL ||
	    sh.sh_type != SHT_STRTAB || (d = elf_rawdata(scn, NULL)) == NULL ||
	    d->d_size == 0 || ((const char *)d->d_buf)[d->d_size - 1] != '\0')
		return NULL;
	return d;
}

static int
obj_read_sec(struct img_obj *o, size_t i, size_t shstrndx,
    const Elf_Data *names)
{
	struct obj_sec	*s = &o->secs[i];
	GElf_Shdr	 sh;

	if ((s->scn = elf_getscn(o->elf, i)) == NULL ||
	    gelf_getshdr(s->scn, &sh) == NULL)
		return obj_error(o, "cannot read section header %zu: %s", i,
		    elf_errmsg(-1));
	if (names != NULL && sh.sh_name < names->d_size)
		s->name = (const char *)names->d_buf + sh.sh_name;
	else if ((s->name = elf_strptr(o->elf, shstrndx, sh.sh_name)) ==
	    NULL)
		return obj_error(o, "section header %zu: bad name: %s", i,
		    elf_errmsg(-1));
	s->type = sh.sh_type;
	s->flags = sh.sh_flags;
	s->addr = sh.sh_addr;
	s->size = sh.sh_size;
	if ((sh.sh_type == SHT_REL || sh.sh_type == SHT_RELA) &&
	    sh.sh_info < o->nsecs && sh.sh_size > 0)
		o->secs[sh.sh_info].relocated = true;
	else if (sh.sh_type == SHT_SYMTAB) {
		o->symtab = i;
		o->symtab_link = sh.sh_link;
	} else if (sh.sh_type == SHT_SYMTAB_SHNDX)
		o->xndx = i;
	return 0;
}

/* The ELF header and the section headers: all a question needs. */
static int
obj_read_headers(struct img_obj *o)
{
	const Elf_Data	*names;
	GElf_Ehdr	 eh;
	size_t		 shstrndx, i;

	if (elf_kind(o->elf) != ELF_K_ELF)
		return obj_error(o, "not an ELF object");
	if (gelf_getehdr(o->elf, &eh) == NULL)
		return obj_error(o, "cannot read ELF header: %s",
		    elf_errmsg(-1));
	o->relocatable = eh.e_type == ET_REL;
	o->machine = eh.e_machine;
	o->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	if (elf_getshdrnum(o->elf, &o->nsecs) != 0 ||
	    elf_getshdrstrndx(o->elf, &shstrndx) != 0)
		return obj_error(o, "cannot read section headers: %s",
		    elf_errmsg(-1));
	o->secs = xcalloc(o->nsecs, sizeof(*o->secs));
	o->symtab = o->symtab_link = o->xndx = 0;
	names = obj_names(o, shstrndx);
	for (i = 0; i < o->nsecs; i++)
		if (obj_read_sec(o, i, shstrndx, names) != 0)
			return -1;
	return 0;
}

/*
 * The symbols a rule can name: data and code, not section or file
 * symbols, and not the "$d"/"$t"/"$x" mapping symbols of Arm and RISC-V.
 * Sets *shndx to its section, or returns false.
 */
static bool
obj_sym_wanted(struct img_obj *o, Elf_Data *data, Elf_Data *xdata, size_t i,
    GElf_Sym *sym, size_t *shndx, const char **name)
{
	Elf32_Word	 x = 0;
	unsigned	 t;

	if ((xdata != NULL ? gelf_getsymshndx(data, xdata, (int)i, sym, &x) :
	    gelf_getsym(data, (int)i, sym)) == NULL)
		return false;
	t = GELF_ST_TYPE(sym->st_info);
	if (t != STT_NOTYPE && t != STT_OBJECT && t != STT_FUNC)
		return false;
	*shndx = sym->st_shndx == SHN_XINDEX ? x : sym->st_shndx;
	if (*shndx == SHN_UNDEF || *shndx >= o->nsecs ||
	    (sym->st_shndx >= SHN_LORESERVE && sym->st_shndx != SHN_XINDEX))
		return false;
	*name = elf_strptr(o->elf, o->symtab_link, sym->st_name);
	return *name != NULL && (*name)[0] != '\0' &&
	    !(t == STT_NOTYPE && (*name)[0] == '$');
}

static void
obj_put_sym(struct img_obj *o, struct obj_symbol *os, const GElf_Sym *sym,
    size_t shndx)
{
	os->offset = sym->st_value;
	if (!o->relocatable)
		os->offset -= o->secs[shndx].addr;
	if (o->machine == EM_ARM && GELF_ST_TYPE(sym->st_info) == STT_FUNC)
		os->offset &= ~(uint64_t)1;
	os->size = sym->st_size;
}

/* The symbol table's entries (with the null one), or -1 and *err. */
static int
obj_symtab(struct img_obj *o, Elf_Data **data, Elf_Data **xdata, size_t *n,
    char **err)
{
	*data = *xdata = NULL;
	*n = 0;
	if (o->symtab == 0)
		return 0;
	if ((*data = elf_getdata(o->secs[o->symtab].scn, NULL)) == NULL) {
		*err = xasprintf("cannot read symbol table: %s",
		    elf_errmsg(-1));
		return -1;
	}
	if (o->xndx != 0)
		*xdata = elf_getdata(o->secs[o->xndx].scn, NULL);
	*n = (*data)->d_size / (gelf_getclass(o->elf) == ELFCLASS64 ?
	    sizeof(Elf64_Sym) : sizeof(Elf32_Sym));
	return 0;
}

/*
 * The wanted symbols of A's section, names copied (the object is closed
 * after the question): count, then place.
 */
static int
obj_symbols(struct img_obj *o, struct obj_answer *a, char **err)
{
	Elf_Data	*data, *xdata;
	GElf_Sym	 sym;
	const char	*name;
	size_t		 n, i, shndx, count = 0, len = 0, at = 0, k = 0;

	if (obj_symtab(o, &data, &xdata, &n, err) != 0)
		return -1;
	for (i = 1; i < n; i++)
		if (obj_sym_wanted(o, data, xdata, i, &sym, &shndx, &name) &&
		    shndx == a->idx) {
			count++;
			len += strlen(name) + 1;
		}
	a->os.symbols = xcalloc(count, sizeof(*a->os.symbols));
	a->symnames = xmalloc(len + 1);
	for (i = 1; i < n && k < count; i++)
		if (obj_sym_wanted(o, data, xdata, i, &sym, &shndx, &name) &&
		    shndx == a->idx) {
			obj_put_sym(o, &a->os.symbols[k], &sym, shndx);
			a->os.symbols[k++].name = a->symnames + at;
			at += strlen(strcpy(a->symnames + at, name)) + 1;
		}
	a->os.nsymbols = k;
	a->symbols_read = true;
	return 0;
}

/* P (N bytes) where it is, in the file's mapping; else a copy in *COPY. */
static const unsigned char *
obj_keep(const struct img_obj *o, const void *p, size_t n,
    unsigned char **copy)
{
	uintptr_t	 b = (uintptr_t)o->file->buf, q = (uintptr_t)p;

	if (q >= b && q - b <= o->file->len && n <= o->file->len - (q - b))
		return p;
	*copy = xmalloc(n);
	memcpy(*copy, p, n);
	return *copy;
}

/* Build the answer for section I once; errors concern that section only. */
static struct obj_answer *
obj_build(struct img_obj *o, size_t i, char **err)
{
	struct obj_sec		*s = &o->secs[i];
	struct obj_answer	*a;
	Elf_Data		*data = NULL;

	if (s->flags & SHF_COMPRESSED) {
		*err = xasprintf("section '%s' is compressed", s->name);
		return NULL;
	}
	/* Raw bytes: initial values as the target stores them. */
	if (s->type != SHT_NOBITS && s->size > 0 &&
	    ((data = elf_rawdata(s->scn, NULL)) == NULL ||
	    data->d_size != s->size)) {
		*err = xasprintf("cannot read section '%s': %s", s->name,
		    data == NULL ? elf_errmsg(-1) : "truncated");
		return NULL;
	}
	a = xcalloc(1, sizeof(*a));
	a->idx = i;
	a->os.name = a->name = xstrdup(s->name);
	a->os.nobits = s->type == SHT_NOBITS;
	a->os.size = s->size;
	if (data != NULL)
		a->os.data = obj_keep(o, data->d_buf, data->d_size, &a->copy);
	a->os.has_relocs = s->relocated;
	a->os.big_endian = o->big_endian;
	a->next = o->answers;
	o->answers = a;
	return a;
}

/*
 * Find SECNAME of the size the link had. ld merges strings in SHF_MERGE
 * sections and relaxes code, so a lone section of another size is still
 * the one when it is of those kinds.
 */
enum obj_match
image_obj_find(const struct img_obj *o, const char *secname, uint64_t size,
    size_t *idx)
{
	const struct obj_sec	*s;
	size_t			 i, count = 0;

	for (i = 1; i < o->nsecs; i++) {
		s = &o->secs[i];
		if (strcmp(s->name, secname) != 0)
			continue;
		*idx = i;
		if (s->size == size)
			return MATCH_EXACT;
		count++;
	}
	if (count == 0)
		return MATCH_NONE;
	if (count == 1 && (o->secs[*idx].flags & (SHF_MERGE | SHF_EXECINSTR)))
		return MATCH_RESIZED;
	return MATCH_SIZE_DIFFERS;
}


void
image_objs_free(struct img_objs *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	/* Members first: libelf keeps an archive alive while they are. */
	for (i = 0; i < f->nobjs; i++)
		obj_free(&f->objs[i]);
	elf_end(f->elf);
	free(f->objs);
	free(f);
}

int
image_objs_open(struct img_objs **out, void *buf, size_t len, char **err)
{
	struct img_objs	*f;
	struct img_obj	*o;
	Elf		*e;

	*out = NULL;
	*err = NULL;
	if (libelf_init() != 0) {
		*err = xasprintf("libelf: %s", elf_errmsg(-1));
		return -1;
	}
	f = xcalloc(1, sizeof(*f));
	f->buf = buf;
	f->len = len;
	if ((e = elf_memory(buf, len)) == NULL)
		*err = xasprintf("cannot read: %s", elf_errmsg(-1));
	else if (elf_kind(e) == ELF_K_AR) {
		f->elf = e;
		f->archive = true;
		read_members(f);
	} else if (elf_kind(e) == ELF_K_ELF) {
		/* Open already: the first question uses this descriptor. */
		o = ARRAY_PUSH(f->objs, f->nobjs, f->capobjs);
		memset(o, 0, sizeof(*o));
		o->file = f;
		o->elf = e;
	} else {
		elf_end(e);
		*err = xstrdup("not an ELF object or archive");
	}
	if (*err != NULL) {
		image_objs_free(f);
		return -1;
	}
	*out = f;
	return 0;
}

bool
image_objs_archive(const struct img_objs *f)
{
	return f->archive;
}

size_t
image_objs_count(const struct img_objs *f)
{
	return f->nobjs;
}

struct img_obj *
image_objs_at(struct img_objs *f, size_t i)
{
	return &f->objs[i];
}

const char *
image_obj_member(const struct img_obj *o)
{
	return o->member;
}

size_t
image_obj_offset(const struct img_obj *o)
{
	return o->aroff;
}

/*
 * Open O (if closed) and read its headers: 0, or -1 with *err pointing at
 * the reason (the object's; not to free). An object that cannot be read
 * is not tried again.
 */
int
image_obj_parse(struct img_obj *o, const char **err)
{
	if (!o->failed && o->secs == NULL &&
	    ((o->elf == NULL && obj_open(o) != 0) ||
	    obj_read_headers(o) != 0)) {
		o->failed = true;
		image_obj_close(o);
	}
	if (o->failed) {
		*err = o->err;
		return -1;
	}
	return 0;
}

uint64_t
image_obj_size(const struct img_obj *o, size_t idx)
{
	return o->secs[idx].size;
}

int
image_obj_section(const struct obj_section **out, struct img_obj *o,
    size_t idx, bool symbols, char **err)
{
	struct obj_answer	*a;

	*out = NULL;
	for (a = o->answers; a != NULL && a->idx != idx; a = a->next)
		continue;
	if (a == NULL && (a = obj_build(o, idx, err)) == NULL)
		return -1;
	if (symbols && !a->symbols_read && obj_symbols(o, a, err) != 0)
		return -1;
	*out = &a->os;
	return 0;
}

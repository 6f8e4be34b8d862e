/*
 * Board file loader: YAML (libyaml's document API) to struct board.
 *
 * This is the only module that includes <yaml.h>. Mappings are parsed
 * through key tables (name, handler, required), which give unknown-key
 * errors with suggestions, duplicate-key errors and missing-key errors in
 * one place. Every stored element keeps its file:line:col.
 *
 * YAML aliases are resolved by libyaml to shared nodes, never copied; the
 * walk below only descends into keys it knows, and counts node visits, so
 * a "billion laughs" document is an error after a bounded amount of work.
 */
#include <dirent.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "board.h"
#include "board_check.h"
#include "board_load.h"
#include "fileio.h"
#include "memfit.h"
#include "quantity.h"
#include "util.h"

#define MAX_VISITS	200000	/* node visits, aliases counted each time */
#define MAX_BOARD_BYTES	(1 << 20)
#define MAX_REGIONS	1024
#define MAX_ITEMS	4096	/* any other list */
#define MAX_KEYS	256	/* in one mapping: no valid one has a fifth */

struct ldctx {
	const char	*file;
	const char	**node_file;	/* per node when merged, else NULL */
	yaml_document_t	*doc;
	struct diags	*d;
	struct board	*b;
	size_t		 visits;
	bool		 too_big;
	struct board	*from_files;	/* stack_files' entries, merged last */
};

typedef void	(*key_fn)(struct ldctx *, yaml_node_t *, void *);

struct key_spec {
	const char	*name;
	key_fn		 parse;
	bool		 required;
};

static struct srcpos
node_pos(const struct ldctx *c, const yaml_node_t *n)
{
	struct srcpos	pos = { c->file, 0, 0 };

	if (n != NULL && c->node_file != NULL)
		pos.file = c->node_file[n - c->doc->nodes.start];
	if (n != NULL) {
		pos.line = (unsigned)n->start_mark.line + 1;
		pos.col = (unsigned)n->start_mark.column + 1;
	}
	return pos;
}

#define ERR(c, n, ...) do {						\
	struct srcpos	 _p = node_pos((c), (n));			\
	diag_error((c)->d, &_p, __VA_ARGS__);				\
} while (0)

static yaml_node_t *
node_get(struct ldctx *c, int idx)
{
	if (++c->visits > MAX_VISITS) {
		if (!c->too_big)
			diag_error(c->d, &(struct srcpos){ .file = c->file },
			    "document too large after expanding aliases "
			    "(more than %d nodes)", MAX_VISITS);
		c->too_big = true;
		return NULL;
	}
	return yaml_document_get_node(c->doc, idx);
}

static const char *
node_type_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

static bool
expect(struct ldctx *c, yaml_node_t *n, yaml_node_type_t type,
    const char *what)
{
	static const char *const names[] = {
		[YAML_SCALAR_NODE] = "a scalar",
		[YAML_SEQUENCE_NODE] = "a list",
		[YAML_MAPPING_NODE] = "a mapping",
	};

	if (n->type == type)
		return true;
	ERR(c, n, "%s must be %s, not %s", what, names[type],
	    node_type_name(n));
	return false;
}

static const char *
scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static bool
get_u64(struct ldctx *c, yaml_node_t *n, uint64_t *out, bool suffix,
    const char *what)
{
	const char	*err;

	if (!expect(c, n, YAML_SCALAR_NODE, what))
		return false;
	if ((suffix ? parse_size(out, scalar(n), &err) :
	    parse_uint(out, scalar(n), &err)) < 0) {
		ERR(c, n, "%s: %s: '%s'", what, err, scalar(n));
		return false;
	}
	return true;
}

/* A quoted "true" or "1" is a string in YAML; the schema says so too. */
static bool
is_plain(struct ldctx *c, yaml_node_t *n, const char *what, const char *type)
{
	if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return true;
	ERR(c, n, "%s must be %s, not a quoted string", what, type);
	return false;
}

static bool
get_bool(struct ldctx *c, yaml_node_t *n, bool *out, const char *what)
{
	if (!expect(c, n, YAML_SCALAR_NODE, what) ||
	    !is_plain(c, n, what, "true or false"))
		return false;
	if (strcmp(scalar(n), "true") == 0)
		*out = true;
	else if (strcmp(scalar(n), "false") == 0)
		*out = false;
	else {
		ERR(c, n, "%s must be true or false, not '%s'", what,
		    scalar(n));
		return false;
	}
	return true;
}

static char *
get_string(struct ldctx *c, yaml_node_t *n, const char *what)
{
	if (!expect(c, n, YAML_SCALAR_NODE, what))
		return NULL;
	/* They would reach a terminal, a report or a script raw. */
	if (str_has_controls(scalar(n))) {
		ERR(c, n, "%s has a control character (a newline, tab, escape "
		    "...)", what);
		return NULL;
	}
	return xstrdup(scalar(n));
}

static void
get_threshold(struct ldctx *c, yaml_node_t *n, struct threshold *t)
{
	const char	*s, *err;
	int		 rc;

	if (!expect(c, n, YAML_SCALAR_NODE, "budget"))
		return;
	s = scalar(n);
	t->pos = node_pos(c, n);
	rc = threshold_parse(t, s, &err);
	if (rc == QUANTITY_ABOVE_100)
		ERR(c, n, "budget above 100%%: '%s'", s);
	else if (rc < 0 && t->is_percent)
		ERR(c, n, "%s: '%s'", err, s);
	else if (rc < 0)
		ERR(c, n, "budget: %s: '%s'", err, s);
}

static void
suggest_key(struct ldctx *c, yaml_node_t *key, const struct key_spec *keys,
    const char *what)
{
	const struct key_spec	*k, *best = NULL;
	unsigned		 dist, bestd = 3;

	for (k = keys; k->name != NULL; k++) {
		dist = edit_distance(scalar(key), k->name);
		if (dist < bestd) {
			bestd = dist;
			best = k;
		}
	}
	if (best != NULL)
		ERR(c, key, "unknown key '%s' in %s (did you mean '%s'?)",
		    scalar(key), what, best->name);
	else
		ERR(c, key, "unknown key '%s' in %s", scalar(key), what);
}

/* The first earlier pair in MAP whose key equals the key of pair I. */
static yaml_node_t *
duplicate_of(struct ldctx *c, yaml_node_t *map, yaml_node_pair_t *pair)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k = yaml_document_get_node(c->doc, pair->key);
	yaml_node_t		*pk;

	for (p = map->data.mapping.pairs.start; p < pair; p++) {
		pk = yaml_document_get_node(c->doc, p->key);
		if (pk->type == YAML_SCALAR_NODE &&
		    strcmp(scalar(pk), scalar(k)) == 0)
			return pk;
	}
	return NULL;
}

static bool
too_many_keys(struct ldctx *c, yaml_node_t *map, const char *what)
{
	size_t	n = (size_t)(map->data.mapping.pairs.top -
		    map->data.mapping.pairs.start);

	if (n <= MAX_KEYS)
		return false;
	ERR(c, map, "too many keys in %s (%zu; at most %d)", what, n,
	    MAX_KEYS);
	return true;
}

/* Dispatch one key/value pair; returns the spec index, or -1. */
static int
parse_pair(struct ldctx *c, yaml_node_t *map, yaml_node_pair_t *pair,
    const struct key_spec *keys, void *target, const char *what)
{
	yaml_node_t	*k, *v, *dup;
	int		 i;

	if ((k = node_get(c, pair->key)) == NULL ||
	    (v = node_get(c, pair->value)) == NULL)
		return -1;
	if (!expect(c, k, YAML_SCALAR_NODE, "a key"))
		return -1;
	if ((dup = duplicate_of(c, map, pair)) != NULL) {
		ERR(c, k, "duplicate key '%s' (first at line %zu)", scalar(k),
		    dup->start_mark.line + 1);
		return -1;
	}
	for (i = 0; keys[i].name != NULL; i++) {
		if (strcmp(keys[i].name, scalar(k)) == 0) {
			if (keys[i].parse != NULL)
				keys[i].parse(c, v, target);
			return i;
		}
	}
	suggest_key(c, k, keys, what);
	return -1;
}

static void
parse_mapping(struct ldctx *c, yaml_node_t *map, const struct key_spec *keys,
    void *target, const char *what)
{
	yaml_node_pair_t	*pair;
	uint64_t		 seen = 0;
	int			 i;

	if (!expect(c, map, YAML_MAPPING_NODE, what))
		return;
	/* Each key is compared with the ones before it: bound the cost. */
	if (too_many_keys(c, map, what))
		return;
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top && !c->too_big; pair++) {
		if ((i = parse_pair(c, map, pair, keys, target, what)) >= 0)
			seen |= 1ULL << i;
	}
	for (i = 0; keys[i].name != NULL && !c->too_big; i++)
		if (keys[i].required && !(seen & (1ULL << i)))
			ERR(c, map, "missing required key '%s' in %s",
			    keys[i].name, what);
}

/* Call FN on each item of the list N, with its index. */
static void
for_each_item(struct ldctx *c, yaml_node_t *n, const char *what, size_t max,
    void (*fn)(struct ldctx *, yaml_node_t *, size_t, void *), void *arg)
{
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	size_t			 count;

	if (!expect(c, n, YAML_SEQUENCE_NODE, what))
		return;
	count = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (count > max) {
		ERR(c, n, "too many items in %s (%zu; at most %zu)", what,
		    count, max);
		return;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top && !c->too_big; it++) {
		if ((item = node_get(c, *it)) == NULL)
			return;
		fn(c, item, (size_t)(it - n->data.sequence.items.start), arg);
	}
}

static bool
is_identifier(const char *s)
{
	if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (s++; *s != '\0'; s++)
		if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static void
master_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct board	*b = c->b;
	struct master	*m;
	size_t		 cap = b->nmasters;

	(void)i;
	(void)arg;
	if (!expect(c, n, YAML_SCALAR_NODE, "a DMA master name"))
		return;
	if (!is_identifier(scalar(n))) {
		ERR(c, n, "bad DMA master name '%s' (letters, digits, _)",
		    scalar(n));
		return;
	}
	if (board_master_index(b, scalar(n)) >= 0) {
		ERR(c, n, "duplicate DMA master '%s'", scalar(n));
		return;
	}
	m = ARRAY_PUSH(b->masters, b->nmasters, cap);
	m->name = xstrdup(scalar(n));
	m->pos = node_pos(c, n);
}

static void
key_masters(struct ldctx *c, yaml_node_t *n, void *target)
{
	(void)target;
	for_each_item(c, n, "dma_masters", BOARD_MAX_MASTERS, master_item,
	    NULL);
}

static void
mask_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	uint32_t	*mask = arg;
	const char	*best = NULL;
	unsigned	 bestd = 3, dist;
	size_t		 j;
	int		 idx;

	(void)i;
	if (!expect(c, n, YAML_SCALAR_NODE, "a DMA master name"))
		return;
	if ((idx = board_master_index(c->b, scalar(n))) >= 0) {
		if (*mask & (1U << idx))
			ERR(c, n, "DMA master '%s' is listed twice", scalar(n));
		*mask |= 1U << idx;
		return;
	}
	for (j = 0; j < c->b->nmasters; j++) {
		dist = edit_distance(scalar(n), c->b->masters[j].name);
		if (dist < bestd) {
			bestd = dist;
			best = c->b->masters[j].name;
		}
	}
	if (best != NULL)
		ERR(c, n, "DMA master '%s' is not in dma_masters (did you mean "
		    "'%s'?)", scalar(n), best);
	else
		ERR(c, n, "DMA master '%s' is not in dma_masters", scalar(n));
}

static void
get_mask(struct ldctx *c, yaml_node_t *n, uint32_t *mask)
{
	*mask = 0;
	for_each_item(c, n, "a list of DMA masters", MAX_ITEMS, mask_item,
	    mask);
}

/* Output-section names and globs: what ld and GCC accept in a name. */
static bool
is_section_glob(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-$*?[]", *s) != NULL))
			return false;
	return true;
}

static void
string_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	char	***list = arg;

	(*list)[i] = get_string(c, n, "a glob");
}

/*
 * Section globs go into the generated linker script verbatim: anything
 * but a name's characters could close the rule and write another.
 */
static void
section_glob_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	if (!expect(c, n, YAML_SCALAR_NODE, "a glob"))
		return;
	if (!is_section_glob(scalar(n))) {
		ERR(c, n, "bad section glob '%s' (letters, digits and "
		    "._-$*?[])", scalar(n));
		return;
	}
	string_item(c, n, i, arg);
}

/* A list of strings into *out (NULL-free; failed items are skipped). */
static void
get_list(struct ldctx *c, yaml_node_t *n, char ***out, size_t *nout,
    void (*item)(struct ldctx *, yaml_node_t *, size_t, void *))
{
	size_t	i, j;

	if (n->type != YAML_SEQUENCE_NODE) {
		expect(c, n, YAML_SEQUENCE_NODE, "a list of globs");
		return;
	}
	*nout = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	*out = xcalloc(*nout ? *nout : 1, sizeof(**out));
	for_each_item(c, n, "a list of globs", MAX_ITEMS, item, out);
	for (i = j = 0; i < *nout; i++)
		if ((*out)[i] != NULL)
			(*out)[j++] = (*out)[i];
	*nout = j;
}

/* Region keys. */

static void
rk_name(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	if ((r->name = get_string(c, n, "region name")) == NULL)
		return;
	r->name_pos = node_pos(c, n);
	if (!is_identifier(r->name))
		ERR(c, n, "bad region name '%s' (letters, digits, _; as in the "
		    "ld MEMORY block)", r->name);
}

static void
rk_shares(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	if ((r->shares = get_string(c, n, "shares")) == NULL)
		return;
	r->shares_pos = node_pos(c, n);
	if (!is_identifier(r->shares))
		ERR(c, n, "bad region name '%s' in shares", r->shares);
}

static void
rk_kind(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	if (!expect(c, n, YAML_SCALAR_NODE, "kind"))
		return;
	if (strcmp(scalar(n), "flash") == 0)
		r->kind = REGION_FLASH;
	else if (strcmp(scalar(n), "ram") == 0)
		r->kind = REGION_RAM;
	else
		ERR(c, n, "kind must be flash or ram, not '%s'", scalar(n));
}

static void
rk_origin(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	r->origin_pos = node_pos(c, n);
	get_u64(c, n, &r->origin, false, "origin");
}

static void
rk_length(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	r->length_pos = node_pos(c, n);
	r->length_set = get_u64(c, n, &r->length, true, "length");
}

/* "load", "zero" or "none" into *out; false (with an error) otherwise. */
static bool
get_init(struct ldctx *c, yaml_node_t *n, enum region_init *out)
{
	size_t	i;

	if (!expect(c, n, YAML_SCALAR_NODE, "init"))
		return false;
	for (i = INIT_LOAD; i <= INIT_NONE; i++) {
		if (strcmp(scalar(n), region_init_name((enum region_init)i)) ==
		    0) {
			*out = (enum region_init)i;
			return true;
		}
	}
	ERR(c, n, "init must be load, zero or none, not '%s'", scalar(n));
	return false;
}

static void
rk_init(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region		*r = t;

	r->init_pos = node_pos(c, n);
	r->init_set = get_init(c, n, &r->init);
}

static void
rk_dma(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	r->dma_pos = node_pos(c, n);
	get_mask(c, n, &r->dma);
}

static void
rk_cacheable(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	r->cacheable_pos = node_pos(c, n);
	get_bool(c, n, &r->cacheable, "cacheable");
}

static void
rk_executable(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_bool(c, n, &((struct region *)t)->executable, "executable");
}

static void
rk_default(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	r->default_pos = node_pos(c, n);
	get_bool(c, n, &r->is_default, "default");
}

static void
rk_required(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_bool(c, n, &((struct region *)t)->required, "required");
}

static const struct key_spec budget_keys[];

static void
rk_budget(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	if (n->type == YAML_MAPPING_NODE) {
		parse_mapping(c, n, budget_keys, &r->budget, "budget");
		if (n->data.mapping.pairs.top == n->data.mapping.pairs.start)
			ERR(c, n, "budget needs warn, error or both");
	}
	else
		get_threshold(c, n, &r->budget.error);
}

static void
bk_warn(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_threshold(c, n, &((struct budget *)t)->warn);
}

static void
bk_error(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_threshold(c, n, &((struct budget *)t)->error);
}

static const struct key_spec budget_keys[] = {
	{ "warn", bk_warn, false },
	{ "error", bk_error, false },
	{ NULL, NULL, false }
};

static void
ak_origin(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct alias	*a = t;

	a->pos = node_pos(c, n);
	get_u64(c, n, &a->origin, false, "alias origin");
}

static void
ak_dma(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct alias	*a = t;

	a->dma_set = true;
	get_mask(c, n, &a->dma);
}

static const struct key_spec alias_keys[] = {
	{ "origin", ak_origin, true },
	{ "dma", ak_dma, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

static void
alias_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct region	*r = arg;

	r->aliases[i].pos = node_pos(c, n);
	parse_mapping(c, n, alias_keys, &r->aliases[i], "alias");
}

static void
rk_aliases(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region	*r = t;

	if (!expect(c, n, YAML_SEQUENCE_NODE, "aliases"))
		return;
	r->naliases = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (r->naliases > MAX_ITEMS)
		r->naliases = 0;
	r->aliases = xcalloc(r->naliases, sizeof(*r->aliases));
	for_each_item(c, n, "aliases", MAX_ITEMS, alias_item, r);
}

static void
sk_init(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct section_rule	*s = t;

	s->init_pos = node_pos(c, n);
	s->init_set = get_init(c, n, &s->init);
}

static void
sk_cacheable(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct section_rule	*s = t;

	s->cacheable_set = get_bool(c, n, &s->cacheable, "cacheable");
}

static const struct key_spec section_keys[] = {
	{ "init", sk_init, false },
	{ "cacheable", sk_cacheable, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

/* One "GLOB: MODE" or "GLOB: { init: MODE, cacheable: BOOL }" entry. */
static void
section_rule(struct ldctx *c, struct section_rule *s, yaml_node_t *k,
    yaml_node_t *v)
{
	s->pos = node_pos(c, k);
	if (!expect(c, k, YAML_SCALAR_NODE, "an output-section name"))
		return;
	s->glob = xstrdup(scalar(k));
	if (!is_section_glob(s->glob))
		ERR(c, k, "bad output-section name or glob '%s' (letters, "
		    "digits and ._-$*?[])", s->glob);
	if (v->type == YAML_SCALAR_NODE) {
		s->init_pos = node_pos(c, v);
		s->init_set = get_init(c, v, &s->init);
		return;
	}
	parse_mapping(c, v, section_keys, s, "section");
	/* Judged by board_validate: a region that shares may name only. */
	if (v->type == YAML_MAPPING_NODE &&
	    v->data.mapping.pairs.top == v->data.mapping.pairs.start) {
		s->named_only = true;
		s->init_pos = node_pos(c, v);
	}
}

static void
rk_sections(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct region		*r = t;
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v, *dup;

	if (!expect(c, n, YAML_MAPPING_NODE, "sections") ||
	    too_many_keys(c, n, "sections"))
		return;
	r->sections = xcalloc((size_t)(n->data.mapping.pairs.top -
	    n->data.mapping.pairs.start) + 1, sizeof(*r->sections));
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top && !c->too_big; pair++) {
		if ((k = node_get(c, pair->key)) == NULL ||
		    (v = node_get(c, pair->value)) == NULL)
			return;
		if (k->type == YAML_SCALAR_NODE &&
		    (dup = duplicate_of(c, n, pair)) != NULL) {
			ERR(c, k, "duplicate section '%s' (first at line %zu)",
			    scalar(k), dup->start_mark.line + 1);
			continue;
		}
		section_rule(c, &r->sections[r->nsections++], k, v);
	}
}

static const struct key_spec region_keys[] = {
	{ "name", rk_name, true },
	{ "kind", rk_kind, true },
	{ "origin", rk_origin, true },
	{ "length", rk_length, true },
	{ "init", rk_init, false },
	{ "dma", rk_dma, false },
	{ "cacheable", rk_cacheable, false },
	{ "executable", rk_executable, false },
	{ "budget", rk_budget, false },
	{ "default", rk_default, false },
	{ "required", rk_required, false },
	{ "aliases", rk_aliases, false },
	{ "sections", rk_sections, false },
	{ "shares", rk_shares, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

static void
region_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct region	*r = &c->b->regions[i];

	(void)arg;
	r->pos = node_pos(c, n);
	r->executable = true;
	parse_mapping(c, n, region_keys, r, "region");
}

static void
key_regions(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	size_t		 count;

	if (!expect(c, n, YAML_SEQUENCE_NODE, "regions"))
		return;
	count = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (count == 0) {
		ERR(c, n, "regions must list at least one region");
		return;
	}
	if (count > MAX_REGIONS) {
		ERR(c, n, "too many regions (%zu; at most %d)", count,
		    MAX_REGIONS);
		return;
	}
	b->regions = xcalloc(count, sizeof(*b->regions));
	b->nregions = count;
	for_each_item(c, n, "regions", MAX_REGIONS, region_item, NULL);
}

/* Stack and heap reservations. */

static void
resk_region(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct reservation	*rs = t;

	rs->region_pos = node_pos(c, n);
	rs->region = get_string(c, n, "region");
}

static void
resk_size(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_u64(c, n, &((struct reservation *)t)->size, true, "size");
}

static const struct key_spec reservation_keys[] = {
	{ "region", resk_region, true },
	{ "size", resk_size, true },
	{ NULL, NULL, false }
};

static void
stk_warn(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_threshold(c, n, &c->b->stack_warn);
	(void)t;
}

/* A size, or auto: gen reserves the worst case plus the margin. */
static void
stk_size(struct ldctx *c, yaml_node_t *n, void *t)
{
	if (n->type == YAML_SCALAR_NODE && strcmp(scalar(n), "auto") == 0) {
		c->b->stack_auto.set = true;
		c->b->stack_auto.pos = node_pos(c, n);
		return;
	}
	resk_size(c, n, t);
}

/* A size ("512") or a percentage of the worst case ("25%"). */
static void
stk_margin(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct stack_auto	*a = &c->b->stack_auto;
	const char		*err;

	(void)t;
	a->margin_pos = node_pos(c, n);
	if (!expect(c, n, YAML_SCALAR_NODE, "margin"))
		return;
	if (strchr(scalar(n), '%') == NULL) {
		a->margin_set = get_u64(c, n, &a->margin, true, "margin");
		return;
	}
	if (parse_percent(&a->margin_hundredths, scalar(n), false, &err) < 0) {
		ERR(c, n, "margin: %s: '%s'", err, scalar(n));
		return;
	}
	a->margin_set = a->margin_is_percent = true;
}

static void
stk_min(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct stack_auto	*a = &c->b->stack_auto;

	(void)t;
	a->min_pos = node_pos(c, n);
	a->min_set = get_u64(c, n, &a->min, true, "min");
}

/* The stack's keys: a reservation (or auto, with its margin and least
 * size), and a warn budget for its worst case. */
static const struct key_spec stack_keys[] = {
	{ "region", resk_region, true },
	{ "size", stk_size, true },
	{ "warn", stk_warn, false },
	{ "margin", stk_margin, false },
	{ "min", stk_min, false },
	{ NULL, NULL, false }
};

static void
key_stack(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	b->stack.set = true;
	b->stack.pos = node_pos(c, n);
	parse_mapping(c, n, stack_keys, &b->stack, "stack");
}

/* The stack analysis: tasks, interrupts, frames, indirect calls. */

static void
tk_entry(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct stack_task	*k = t;

	k->entry_pos = node_pos(c, n);
	if ((k->entry = get_string(c, n, "entry")) != NULL &&
	    !is_identifier(k->entry))
		ERR(c, n, "entry must be a function's name, not '%s'",
		    k->entry);
}

/* A size ("2K", 2048), or the name of the symbol that is the stack. */
static void
tk_stack(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct stack_task	*k = t;
	const char		*s;

	k->stack_pos = node_pos(c, n);
	if (!expect(c, n, YAML_SCALAR_NODE, "stack"))
		return;
	s = scalar(n);
	if (is_identifier(s))
		k->stack_symbol = xstrdup(s);
	else
		get_u64(c, n, &k->size, true, "stack");
}

static void
tk_warn(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_threshold(c, n, &((struct stack_task *)t)->warn);
}

/* The RTOS saves a task's registers on the task's own stack. */
static void
tk_switch_frame(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_u64(c, n, &((struct stack_task *)t)->switch_frame, true,
	    "switch_frame");
}

static const struct key_spec task_keys[] = {
	{ "entry", tk_entry, true },
	{ "stack", tk_stack, true },
	{ "switch_frame", tk_switch_frame, false },
	{ "warn", tk_warn, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

static void
task_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct stack_task	*k = &c->b->tasks[i];

	(void)arg;
	k->pos = node_pos(c, n);
	parse_mapping(c, n, task_keys, k, "task");
}

static void
key_tasks(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	if (!expect(c, n, YAML_SEQUENCE_NODE, "tasks"))
		return;
	b->ntasks = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (b->ntasks > MAX_ITEMS)
		b->ntasks = 0;
	b->tasks = xcalloc(b->ntasks + 1, sizeof(*b->tasks));
	for_each_item(c, n, "tasks", MAX_ITEMS, task_item, NULL);
}

static void
ik_nesting(struct ldctx *c, yaml_node_t *n, void *t)
{
	uint64_t	v;

	(void)t;
	if (!get_u64(c, n, &v, false, "nesting") ||
	    !is_plain(c, n, "nesting", "a number"))
		return;
	if (v < 1 || v > 256)
		ERR(c, n, "nesting must be 1 to 256 handlers, not %llu",
		    (unsigned long long)v);
	else
		c->b->irq_nesting = (unsigned)v;
}

static void
ik_frame(struct ldctx *c, yaml_node_t *n, void *t)
{
	(void)t;
	get_u64(c, n, &c->b->irq_frame, true, "frame");
}

/* Before the link no vector table names them: gen takes these. */
static void
ik_handlers(struct ldctx *c, yaml_node_t *n, void *t)
{
	(void)t;
	get_list(c, n, &c->b->irq_handlers, &c->b->nirq_handlers,
	    string_item);
}

static const struct key_spec interrupt_keys[] = {
	{ "nesting", ik_nesting, false },
	{ "frame", ik_frame, false },
	{ "handlers", ik_handlers, false },
	{ NULL, NULL, false }
};

static void
key_interrupts(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	b->interrupts_pos = node_pos(c, n);
	parse_mapping(c, n, interrupt_keys, b, "interrupts");
}

/*
 * Call FN on each "NAME: VALUE" of the mapping N (a duplicate NAME is an
 * error), with the pair's index; *COUNT is the number of pairs.
 */
static bool
for_each_pair(struct ldctx *c, yaml_node_t *n, const char *what,
    size_t *count, void (*fn)(struct ldctx *, yaml_node_t *, yaml_node_t *,
    size_t))
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k, *v, *dup;

	if (!expect(c, n, YAML_MAPPING_NODE, what) ||
	    too_many_keys(c, n, what))
		return false;
	*count = (size_t)(n->data.mapping.pairs.top -
	    n->data.mapping.pairs.start);
	for (pair = n->data.mapping.pairs.start;
	    pair < n->data.mapping.pairs.top && !c->too_big; pair++) {
		if ((k = node_get(c, pair->key)) == NULL ||
		    (v = node_get(c, pair->value)) == NULL)
			break;
		if (k->type == YAML_SCALAR_NODE &&
		    (dup = duplicate_of(c, n, pair)) != NULL) {
			ERR(c, k, "duplicate function '%s' (first at line "
			    "%zu)", scalar(k), dup->start_mark.line + 1);
			continue;
		}
		fn(c, k, v, (size_t)(pair - n->data.mapping.pairs.start));
	}
	return true;
}

/* A function's name as a key: a symbol, C++ ones mangled. */
static char *
function_key(struct ldctx *c, yaml_node_t *k)
{
	char	*s;

	if ((s = get_string(c, k, "a function's name")) != NULL && *s == '\0') {
		ERR(c, k, "a function's name cannot be empty");
		free(s);
		s = NULL;
	}
	return s;
}

static void
frame_pair(struct ldctx *c, yaml_node_t *k, yaml_node_t *v, size_t i)
{
	struct stack_frame	*f = &c->b->stack_frames[i];

	f->pos = node_pos(c, k);
	if ((f->function = function_key(c, k)) != NULL)
		get_u64(c, v, &f->bytes, true, "a function's stack");
}

static void
key_stack_frames(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	size_t		 count = 0, i;

	if (n->type == YAML_MAPPING_NODE)
		b->stack_frames = xcalloc((size_t)(n->data.mapping.pairs.top -
		    n->data.mapping.pairs.start) + 1, sizeof(*b->stack_frames));
	if (!for_each_pair(c, n, "stack_frames", &count, frame_pair))
		return;
	/* Keep the entries read; a bad one was an error. */
	for (i = 0; i < count; i++)
		if (b->stack_frames[i].function != NULL)
			b->stack_frames[b->nstack_frames++] =
			    b->stack_frames[i];
}

static void
target_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	char	***list = arg;

	(*list)[i] = function_key(c, n);
}

static void
indirect_pair(struct ldctx *c, yaml_node_t *k, yaml_node_t *v, size_t i)
{
	struct indirect_calls	*ic = &c->b->indirect_calls[i];

	ic->pos = node_pos(c, k);
	if ((ic->caller = function_key(c, k)) == NULL)
		return;
	if (v->type != YAML_SEQUENCE_NODE) {
		expect(c, v, YAML_SEQUENCE_NODE, "indirect call targets");
		return;
	}
	get_list(c, v, &ic->targets, &ic->ntargets, target_item);
}

static void
key_indirect_calls(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	size_t		 count = 0, i;

	if (n->type == YAML_MAPPING_NODE)
		b->indirect_calls = xcalloc((size_t)(n->data.mapping.pairs.top -
		    n->data.mapping.pairs.start) + 1,
		    sizeof(*b->indirect_calls));
	if (!for_each_pair(c, n, "indirect_calls", &count, indirect_pair))
		return;
	for (i = 0; i < count; i++)
		if (b->indirect_calls[i].caller != NULL)
			b->indirect_calls[b->nindirect_calls++] =
			    b->indirect_calls[i];
}

static void
key_heap(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	b->heap.set = true;
	b->heap.pos = node_pos(c, n);
	parse_mapping(c, n, reservation_keys, &b->heap, "heap");
}

/* DMA buffer rules. */

static void
dk_symbols(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct dma_rule	*r = t;

	get_list(c, n, &r->symbols, &r->nsymbols, string_item);
}

static void
dk_sections(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct dma_rule	*r = t;

	get_list(c, n, &r->sections, &r->nsections, section_glob_item);
}

static void
dk_masters(struct ldctx *c, yaml_node_t *n, void *t)
{
	get_mask(c, n, &((struct dma_rule *)t)->masters);
	if (n->type == YAML_SEQUENCE_NODE &&
	    n->data.sequence.items.top == n->data.sequence.items.start)
		ERR(c, n, "masters must name at least one master (leave it out "
		    "to accept any one master)");
}

static const struct key_spec dma_rule_keys[] = {
	{ "symbols", dk_symbols, false },
	{ "sections", dk_sections, false },
	{ "masters", dk_masters, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

static void
dma_rule_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct dma_rule	*r = &c->b->dma_rules[i];

	(void)arg;
	r->pos = node_pos(c, n);
	parse_mapping(c, n, dma_rule_keys, r, "dma_buffers entry");
	if (n->type == YAML_MAPPING_NODE && r->nsymbols + r->nsections == 0)
		ERR(c, n, "dma_buffers entry needs symbols or sections");
}

static void
key_dma_buffers(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	if (!expect(c, n, YAML_SEQUENCE_NODE, "dma_buffers"))
		return;
	b->ndma_rules = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (b->ndma_rules > MAX_ITEMS)
		b->ndma_rules = 0;
	b->dma_rules = xcalloc(b->ndma_rules, sizeof(*b->dma_rules));
	for_each_item(c, n, "dma_buffers", MAX_ITEMS, dma_rule_item, NULL);
}

/* Memory types. */

static void
mk_name(struct ldctx *c, yaml_node_t *n, void *t)
{
	((struct memtype *)t)->name = get_string(c, n, "memory type name");
}

static void
mk_sections(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct memtype	*m = t;

	get_list(c, n, &m->sections, &m->nsections, string_item);
}

static void
mk_regions(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct memtype	*m = t;

	get_list(c, n, &m->regions, &m->nregions, string_item);
}

static const struct key_spec memtype_keys[] = {
	{ "name", mk_name, true },
	{ "sections", mk_sections, true },
	{ "regions", mk_regions, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

static void
memtype_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct memtype	*m = &c->b->memtypes[i];

	(void)arg;
	m->pos = node_pos(c, n);
	parse_mapping(c, n, memtype_keys, m, "memory type");
}

static void
key_memory_types(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	if (!expect(c, n, YAML_SEQUENCE_NODE, "memory_types"))
		return;
	b->nmemtypes = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (b->nmemtypes > MAX_ITEMS)
		b->nmemtypes = 0;
	b->memtypes = xcalloc(b->nmemtypes, sizeof(*b->memtypes));
	for_each_item(c, n, "memory_types", MAX_ITEMS, memtype_item, NULL);
}

/* Waivers. */

static void
wk_rule(struct ldctx *c, yaml_node_t *n, void *t)
{
	((struct waiver *)t)->rule = get_string(c, n, "rule");
}

static void
wk_symbol(struct ldctx *c, yaml_node_t *n, void *t)
{
	((struct waiver *)t)->symbol = get_string(c, n, "symbol");
}

static void
wk_reason(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct waiver	*w = t;

	if ((w->reason = get_string(c, n, "reason")) != NULL &&
	    *w->reason == '\0')
		ERR(c, n, "a waiver's reason must say why the finding is "
		    "accepted");
}

static const struct key_spec waiver_keys[] = {
	{ "rule", wk_rule, true },
	{ "symbol", wk_symbol, false },
	{ "reason", wk_reason, true },
	{ NULL, NULL, false }
};

static void
waiver_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct waiver	*w = &c->b->waivers[i];

	(void)arg;
	w->pos = node_pos(c, n);
	parse_mapping(c, n, waiver_keys, w, "waiver");
}

static void
key_waivers(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;

	if (!expect(c, n, YAML_SEQUENCE_NODE, "waivers"))
		return;
	b->nwaivers = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (b->nwaivers > MAX_ITEMS)
		b->nwaivers = 0;
	b->waivers = xcalloc(b->nwaivers, sizeof(*b->waivers));
	for_each_item(c, n, "waivers", MAX_ITEMS, waiver_item, NULL);
}

/* Top level. */

static void
key_version(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	uint64_t	 v;

	if (!get_u64(c, n, &v, false, "memfit") ||
	    !is_plain(c, n, "memfit", "a number"))
		return;
	if (v != 1) {
		ERR(c, n, "unsupported board format version %llu (this memfit "
		    "reads version 1)", (unsigned long long)v);
		return;
	}
	b->version = 1;
}

static void
key_board(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	const char	*p;

	if ((b->id = get_string(c, n, "board")) == NULL)
		return;
	for (p = b->id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    (p != b->id && strchr("._-", *p) != NULL)))
			break;
	if (*p != '\0' || *b->id == '\0')
		ERR(c, n, "bad board id '%s' (lower-case letters, digits, "
		    "'.', '_', '-')", b->id);
}

static void
key_mcu(struct ldctx *c, yaml_node_t *n, void *t)
{
	((struct board *)t)->mcu = get_string(c, n, "mcu");
}

static void
key_cache_line(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	uint64_t	 v;

	b->cache_line_pos = node_pos(c, n);
	if (!get_u64(c, n, &v, false, "cache_line") ||
	    !is_plain(c, n, "cache_line", "a number"))
		return;
	if (v == 0 || v > 4096 || (v & (v - 1)) != 0) {
		ERR(c, n, "cache_line must be a power of two up to 4096, "
		    "not %llu", (unsigned long long)v);
		return;
	}
	b->cache_line = (uint32_t)v;
}

static void
key_address_bits(struct ldctx *c, yaml_node_t *n, void *t)
{
	struct board	*b = t;
	uint64_t	 v;

	b->address_bits_pos = node_pos(c, n);
	if (!get_u64(c, n, &v, false, "address_bits") ||
	    !is_plain(c, n, "address_bits", "a number"))
		return;
	if (v != 32 && v != 64) {
		ERR(c, n, "address_bits must be 32 or 64, not %llu",
		    (unsigned long long)v);
		return;
	}
	b->address_bits = (unsigned)v;
}

static void	key_stack_files(struct ldctx *, yaml_node_t *, void *);

static const struct key_spec board_keys[] = {
	{ "memfit", key_version, true },
	{ "board", key_board, true },
	{ "mcu", key_mcu, false },
	{ "description", NULL, false },
	{ "extends", NULL, false },		/* merged before, see below */
	{ "dma_masters", NULL, false },		/* read first, see below */
	{ "address_bits", key_address_bits, false },
	{ "cache_line", key_cache_line, false },
	{ "regions", key_regions, true },
	{ "stack", key_stack, false },
	{ "heap", key_heap, false },
	{ "tasks", key_tasks, false },
	{ "interrupts", key_interrupts, false },
	{ "stack_frames", key_stack_frames, false },
	{ "indirect_calls", key_indirect_calls, false },
	{ "stack_files", key_stack_files, false },
	{ "dma_buffers", key_dma_buffers, false },
	{ "waivers", key_waivers, false },
	{ "memory_types", key_memory_types, false },
	{ NULL, NULL, false }
};

/* Line and column (1-based) of byte OFFSET in BUF. */
static struct srcpos
offset_pos(const char *file, const char *buf, size_t len, size_t offset)
{
	struct srcpos	pos = { file, 1, 1 };
	size_t		i;

	for (i = 0; i < offset && i < len; i++) {
		if (buf[i] == '\n') {
			pos.line++;
			pos.col = 1;
		} else
			pos.col++;
	}
	return pos;
}

static void
yaml_problem(struct diags *d, const char *file, const yaml_parser_t *p,
    const char *buf, size_t len)
{
	struct srcpos	 pos;
	const char	*problem = p->problem ? p->problem : "malformed YAML";

	if (p->error == YAML_MEMORY_ERROR) {
		pos = (struct srcpos){ file, 0, 0 };
		diag_error(d, &pos, "out of memory while parsing the YAML");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		pos = offset_pos(file, buf, len, p->problem_offset);
		diag_error(d, &pos, "%s (the file must be UTF-8 text)",
		    problem);
		return;
	}
	pos = offset_pos(file, buf, len, p->problem_mark.index);
	if (p->problem_mark.index < len && buf[p->problem_mark.index] == '\t')
		diag_error(d, &pos, "tab character: YAML allows only spaces "
		    "for indentation");
	else if (p->context != NULL)
		diag_error(d, &pos, "%s %s", problem, p->context);
	else
		diag_error(d, &pos, "%s", problem);
}

#define MAX_DEPTH	64	/* a board nests about 5 levels */

struct shape {
	uint64_t	*size;		/* per node, memoised; 0 = not yet */
	int		 depth;
};

/*
 * The number of nodes the document would have with every alias expanded,
 * capped at MAX_VISITS + 1, and its depth: a "billion laughs" document or
 * one nested thousands deep gets one clear error before any walk.
 */
static uint64_t
expanded(struct shape *sh, yaml_document_t *doc, int idx, int depth)
{
	yaml_node_t	*n = yaml_document_get_node(doc, idx);
	uint64_t	 total = 1;

	if (depth > sh->depth)
		sh->depth = depth;
	if (n == NULL || depth > MAX_DEPTH)
		return MAX_VISITS + 1;
	if (sh->size[idx] != 0)
		return sh->size[idx];
	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *it;

		for (it = n->data.sequence.items.start; total <= MAX_VISITS &&
		    it < n->data.sequence.items.top; it++)
			total += expanded(sh, doc, *it, depth + 1);
	} else if (n->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *pr;

		for (pr = n->data.mapping.pairs.start; total <= MAX_VISITS &&
		    pr < n->data.mapping.pairs.top; pr++)
			total += expanded(sh, doc, pr->key, depth + 1) +
			    expanded(sh, doc, pr->value, depth + 1);
	}
	if (total > MAX_VISITS)
		total = MAX_VISITS + 1;
	sh->size[idx] = total;
	return total;
}

/* One error for a document too large or deep to be a board; -1 then. */
static int
check_shape(struct ldctx *c, yaml_node_t *root)
{
	struct shape	sh = { NULL, 0 };
	size_t		n = (size_t)(c->doc->nodes.top - c->doc->nodes.start);
	uint64_t	total;

	sh.size = xcalloc(n + 2, sizeof(*sh.size));
	total = expanded(&sh, c->doc, 1, 1);
	free(sh.size);
	if (sh.depth > MAX_DEPTH) {
		ERR(c, root, "YAML nested more than %d levels deep: not a board "
		    "file", MAX_DEPTH);
		return -1;
	}
	/* A big file without aliases gets the walk's more precise errors. */
	if (total > MAX_VISITS && n <= MAX_VISITS) {
		ERR(c, root, "YAML aliases expand to more than %d nodes (a "
		    "\"billion laughs\" document?): not a board file",
		    MAX_VISITS);
		return -1;
	}
	return 0;
}

/* memfit's own JSON reports are YAML too: say what the file is. */
static bool
is_report(struct ldctx *c, yaml_node_t *root)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k, *v;

	for (pr = root->data.mapping.pairs.start;
	    pr < root->data.mapping.pairs.top; pr++) {
		k = yaml_document_get_node(c->doc, pr->key);
		v = yaml_document_get_node(c->doc, pr->value);
		if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE ||
		    strcmp(scalar(k), "kind") != 0)
			continue;
		ERR(c, root, "this is a memfit %s report, not a board file",
		    scalar(v));
		return true;
	}
	return false;
}

static void	files_merge(struct ldctx *);

/* Parse the top mapping; false when the document is not a board at all. */
static bool
board_parse_root(struct ldctx *c, yaml_node_t *root)
{
	yaml_node_pair_t	*pair;
	yaml_node_t		*k;

	if (check_shape(c, root) < 0)
		return false;
	if (root->type != YAML_MAPPING_NODE) {
		ERR(c, root, "a board file must be a mapping with 'memfit: 1' "
		    "and 'regions', not %s", node_type_name(root));
		return false;
	}
	if (is_report(c, root))
		return false;
	if (too_many_keys(c, root, "the board"))
		return false;
	/* Masters first: regions name them, and may come earlier. */
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(c->doc, pair->key);
		if (k->type == YAML_SCALAR_NODE &&
		    strcmp(scalar(k), "dma_masters") == 0 &&
		    duplicate_of(c, root, pair) == NULL)
			key_masters(c, node_get(c, pair->value), NULL);
	}
	parse_mapping(c, root, board_keys, c->b, "the board");
	files_merge(c);
	return !c->too_big;
}

/*
 * extends: a board that names another (a shipped id, or a path relative
 * to itself) is read as that board's document with its own merged over
 * it, node by node, before any key is parsed: so every key handler and
 * check works unchanged, and every node keeps the file and line it was
 * written at. Mappings merge key by key (a budget's warn can change
 * alone); regions merge by name, and new names are added; dma_buffers and
 * waivers add to the base's; anything else replaces.
 */
#define MAX_EXTENDS	8

struct msrc {
	yaml_document_t	*doc;
	const char	**node_file;	/* per node, or NULL: all FILE */
	const char	*file;
};

struct merge {
	yaml_document_t	 out;
	const char	**node_file;
	size_t		 cap;
};

static yaml_node_t *
src_node(const struct msrc *s, int idx)
{
	return yaml_document_get_node(s->doc, idx);
}

static const char *
src_file(const struct msrc *s, int idx)
{
	return s->node_file != NULL ? s->node_file[idx - 1] : s->file;
}

/* A node like N of S in OUT (no children yet): its id. */
static int
add_like(struct merge *m, const struct msrc *s, int idx)
{
	yaml_node_t	*n = src_node(s, idx), *copy;
	int		 id;

	if (n->type == YAML_SCALAR_NODE)
		id = yaml_document_add_scalar(&m->out, n->tag,
		    n->data.scalar.value, (int)n->data.scalar.length,
		    n->data.scalar.style);
	else if (n->type == YAML_SEQUENCE_NODE)
		id = yaml_document_add_sequence(&m->out, n->tag,
		    n->data.sequence.style);
	else
		id = yaml_document_add_mapping(&m->out, n->tag,
		    n->data.mapping.style);
	if (id == 0)
		MEMFIT_BUG("out of memory in libyaml");
	copy = yaml_document_get_node(&m->out, id);
	copy->start_mark = n->start_mark;
	copy->end_mark = n->end_mark;
	if ((size_t)id > m->cap) {
		m->cap = (size_t)id * 2;
		m->node_file = xreallocarray(m->node_file, m->cap,
		    sizeof(*m->node_file));
	}
	m->node_file[id - 1] = src_file(s, idx);
	return id;
}

static int
copy_node(struct merge *m, const struct msrc *s, int idx)
{
	yaml_node_t		*n = src_node(s, idx);
	yaml_node_item_t	*it;
	yaml_node_pair_t	*pr;
	int			 id = add_like(m, s, idx), k, v;

	if (n->type == YAML_SEQUENCE_NODE)
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			yaml_document_append_sequence_item(&m->out, id,
			    copy_node(m, s, *it));
	else if (n->type == YAML_MAPPING_NODE)
		for (pr = n->data.mapping.pairs.start;
		    pr < n->data.mapping.pairs.top; pr++) {
			k = copy_node(m, s, pr->key);
			v = copy_node(m, s, pr->value);
			yaml_document_append_mapping_pair(&m->out, id, k, v);
		}
	return id;
}

/* The pair of scalar key KEY in mapping N of S, or NULL. */
static yaml_node_pair_t *
find_pair(const struct msrc *s, yaml_node_t *n, const char *key)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k;

	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = n->data.mapping.pairs.start;
	    pr < n->data.mapping.pairs.top; pr++) {
		k = src_node(s, pr->key);
		if (k->type == YAML_SCALAR_NODE && strcmp(scalar(k), key) == 0)
			return pr;
	}
	return NULL;
}

/* The value of scalar key KEY in mapping N of S; 0 if none. */
static int
map_value(const struct msrc *s, yaml_node_t *n, const char *key)
{
	yaml_node_pair_t	*pr = find_pair(s, n, key);

	return pr != NULL ? pr->value : 0;
}

/* The name of region item N, or "" (never equal to a real name). */
static const char *
item_name(const struct msrc *s, int idx)
{
	yaml_node_t	*v = src_node(s, map_value(s, src_node(s, idx),
			    "name"));

	return v != NULL && v->type == YAML_SCALAR_NODE ? scalar(v) : "";
}

static int	merge_nodes(struct merge *, const struct msrc *, int,
		    const struct msrc *, int, const char *);

/* regions: the base's, each merged with the item of the same name. */
static int
merge_regions(struct merge *m, const struct msrc *b, int bidx,
    const struct msrc *o, int oidx)
{
	yaml_node_t		*bn = src_node(b, bidx), *on = src_node(o, oidx);
	yaml_node_item_t	*bi, *oi;
	int			 id = add_like(m, o, oidx), v;

	for (bi = bn->data.sequence.items.start;
	    bi < bn->data.sequence.items.top; bi++) {
		v = 0;
		for (oi = on->data.sequence.items.start;
		    oi < on->data.sequence.items.top && v == 0; oi++)
			if (*item_name(b, *bi) != '\0' &&
			    strcmp(item_name(b, *bi), item_name(o, *oi)) == 0)
				v = merge_nodes(m, b, *bi, o, *oi, NULL);
		yaml_document_append_sequence_item(&m->out, id,
		    v != 0 ? v : copy_node(m, b, *bi));
	}
	for (oi = on->data.sequence.items.start;
	    oi < on->data.sequence.items.top; oi++) {
		for (bi = bn->data.sequence.items.start;
		    bi < bn->data.sequence.items.top; bi++)
			if (strcmp(item_name(b, *bi), item_name(o, *oi)) == 0)
				break;
		if (bi == bn->data.sequence.items.top ||
		    *item_name(o, *oi) == '\0')
			yaml_document_append_sequence_item(&m->out, id,
			    copy_node(m, o, *oi));
	}
	return id;
}

/* dma_buffers, waivers: the base's items, then the extending file's. */
static int
concat_lists(struct merge *m, const struct msrc *b, int bidx,
    const struct msrc *o, int oidx)
{
	yaml_node_t		*bn = src_node(b, bidx), *on = src_node(o, oidx);
	yaml_node_item_t	*it;
	int			 id = add_like(m, o, oidx);

	for (it = bn->data.sequence.items.start;
	    it < bn->data.sequence.items.top; it++)
		yaml_document_append_sequence_item(&m->out, id,
		    copy_node(m, b, *it));
	for (it = on->data.sequence.items.start;
	    it < on->data.sequence.items.top; it++)
		yaml_document_append_sequence_item(&m->out, id,
		    copy_node(m, o, *it));
	return id;
}

static int
merge_mappings(struct merge *m, const struct msrc *b, int bidx,
    const struct msrc *o, int oidx)
{
	yaml_node_t		*bn = src_node(b, bidx), *on = src_node(o, oidx);
	yaml_node_pair_t	*pr, *op;
	yaml_node_t		*k;
	int			 id = add_like(m, o, oidx);

	for (pr = bn->data.mapping.pairs.start;
	    pr < bn->data.mapping.pairs.top; pr++) {
		k = src_node(b, pr->key);
		op = k->type == YAML_SCALAR_NODE ? find_pair(o, on, scalar(k)) :
		    NULL;
		if (k->type == YAML_SCALAR_NODE &&
		    strcmp(scalar(k), "extends") == 0)
			continue;	/* the base's own: done with */
		if (op == NULL)
			yaml_document_append_mapping_pair(&m->out, id,
			    copy_node(m, b, pr->key), copy_node(m, b, pr->value));
		else
			yaml_document_append_mapping_pair(&m->out, id,
			    copy_node(m, o, op->key), merge_nodes(m, b,
			    pr->value, o, op->value, scalar(k)));
	}
	for (pr = on->data.mapping.pairs.start;
	    pr < on->data.mapping.pairs.top; pr++) {
		k = src_node(o, pr->key);
		if (k->type == YAML_SCALAR_NODE &&
		    find_pair(b, bn, scalar(k)) != NULL)
			continue;	/* merged above */
		yaml_document_append_mapping_pair(&m->out, id,
		    copy_node(m, o, pr->key), copy_node(m, o, pr->value));
	}
	return id;
}

/* The base's node B merged with the extending file's O, under KEY. */
static int
merge_nodes(struct merge *m, const struct msrc *b, int bidx,
    const struct msrc *o, int oidx, const char *key)
{
	yaml_node_type_t	bt = src_node(b, bidx)->type;
	yaml_node_type_t	ot = src_node(o, oidx)->type;

	if (bt == YAML_MAPPING_NODE && ot == YAML_MAPPING_NODE)
		return merge_mappings(m, b, bidx, o, oidx);
	if (bt == YAML_SEQUENCE_NODE && ot == YAML_SEQUENCE_NODE &&
	    key != NULL && strcmp(key, "regions") == 0)
		return merge_regions(m, b, bidx, o, oidx);
	if (bt == YAML_SEQUENCE_NODE && ot == YAML_SEQUENCE_NODE &&
	    key != NULL && (strcmp(key, "dma_buffers") == 0 ||
	    strcmp(key, "waivers") == 0 || strcmp(key, "stack_files") == 0))
		return concat_lists(m, b, bidx, o, oidx);
	return copy_node(m, o, oidx);
}

/*
 * A second document, or anything but comments after "...", would be
 * silently ignored by a reader that stops at the first one.
 */
static bool
only_document(yaml_parser_t *p, struct diags *d, const char *file,
    const char *buf, size_t len)
{
	yaml_document_t	 next;
	struct srcpos	 pos;
	bool		 ok;

	if (!yaml_parser_load(p, &next)) {
		yaml_problem(d, file, p, buf, len);
		return false;
	}
	ok = yaml_document_get_root_node(&next) == NULL;
	if (!ok) {
		pos = offset_pos(file, buf, len, next.start_mark.index);
		diag_error(d, &pos, "a second YAML document: the file holds "
		    "one");
	}
	yaml_document_delete(&next);
	return ok;
}

/*
 * stack_files: frames and indirect-call targets in files of their own, so
 * that a vendor library's table can be shared by boards or written by a
 * script. Each file is read where it is named, into C->from_files (two
 * files giving one function is an error); after the board's keys, the
 * board's own entries win over the files' (files_merge).
 */
static const struct key_spec stack_file_keys[] = {
	{ "stack_frames", key_stack_frames, false },
	{ "indirect_calls", key_indirect_calls, false },
	{ "description", NULL, false },
	{ NULL, NULL, false }
};

/* The stack file PATH, held in BUF, into T. */
static void
stack_file_parse(struct ldctx *c, struct board *t, const char *path,
    const char *buf, size_t len)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*root;
	struct ldctx	 fc = { .file = path, .doc = &doc, .d = c->d, .b = t };

	if (!yaml_parser_initialize(&parser))
		MEMFIT_BUG("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_problem(c->d, path, &parser, buf, len);
		yaml_parser_delete(&parser);
		return;
	}
	if ((root = yaml_document_get_root_node(&doc)) == NULL)
		diag_error(c->d, &(struct srcpos){ .file = path },
		    "empty stack file");
	else if (check_shape(&fc, root) == 0 &&
	    only_document(&parser, c->d, path, buf, len))
		parse_mapping(&fc, root, stack_file_keys, t, "a stack file");
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
}

/* Where frame or caller NAME is in OUT's entries from earlier files. */
static const struct srcpos *
files_have(const struct board *o, const char *name, bool frame)
{
	size_t	i;

	for (i = 0; frame && i < o->nstack_frames; i++)
		if (strcmp(o->stack_frames[i].function, name) == 0)
			return &o->stack_frames[i].pos;
	for (i = 0; !frame && i < o->nindirect_calls; i++)
		if (strcmp(o->indirect_calls[i].caller, name) == 0)
			return &o->indirect_calls[i].pos;
	return NULL;
}

static void	free_strings(char **, size_t);

static void
dup_entry(struct ldctx *c, const struct srcpos *pos, const char *name,
    const struct srcpos *was)
{
	diag_error(c->d, pos, "function '%s' is also in %s:%u", name,
	    was->file, was->line);
}

/* T's entries into C->from_files, emptying T. */
static void
files_add(struct ldctx *c, struct board *t)
{
	struct board		*o = c->from_files;
	struct stack_frame	*f;
	struct indirect_calls	*ic;
	const struct srcpos	*was;

	o->stack_frames = xreallocarray(o->stack_frames, o->nstack_frames +
	    t->nstack_frames + 1, sizeof(*o->stack_frames));
	o->indirect_calls = xreallocarray(o->indirect_calls,
	    o->nindirect_calls + t->nindirect_calls + 1,
	    sizeof(*o->indirect_calls));
	for (f = t->stack_frames; f < t->stack_frames + t->nstack_frames; f++)
		if ((was = files_have(o, f->function, true)) == NULL)
			o->stack_frames[o->nstack_frames++] = *f;
		else {
			dup_entry(c, &f->pos, f->function, was);
			free(f->function);
		}
	for (ic = t->indirect_calls; ic < t->indirect_calls +
	    t->nindirect_calls; ic++)
		if ((was = files_have(o, ic->caller, false)) == NULL)
			o->indirect_calls[o->nindirect_calls++] = *ic;
		else {
			dup_entry(c, &ic->pos, ic->caller, was);
			free(ic->caller);
			free_strings(ic->targets, ic->ntargets);
		}
	t->nstack_frames = t->nindirect_calls = 0;
}

/* The path of stack file V, named in FILE: beside it unless absolute. */
static char *
beside_board(const char *file, const char *v)
{
	const char	*slash = strrchr(file, '/');

	if (*v == '/' || slash == NULL)
		return xstrdup(v);
	return xasprintf("%.*s/%s", (int)(slash - file), file, v);
}

static void
stack_file_item(struct ldctx *c, yaml_node_t *n, size_t i, void *arg)
{
	struct board	*b = c->b, *t;
	struct stat	 st;
	char		*path, *buf = NULL, *err = NULL;
	size_t		 len;

	(void)i;
	(void)arg;
	if ((path = get_string(c, n, "a stack file")) == NULL)
		return;
	b->stack_files = xreallocarray(b->stack_files, b->nstack_files + 1,
	    sizeof(*b->stack_files));
	b->stack_files[b->nstack_files++] = beside_board(node_pos(c, n).file,
	    path);
	free(path);
	path = b->stack_files[b->nstack_files - 1];
	/* a FIFO would block the load, as a base board's would */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		err = xstrdup("not a regular file");
	if (err != NULL || file_read_all(&buf, &len, path, &err) < 0 ||
	    (len > MAX_BOARD_BYTES && (err = xstrdup("too large")))) {
		ERR(c, n, "stack file '%s': %s", scalar(n), err);
		goto out;
	}
	t = xcalloc(1, sizeof(*t));
	stack_file_parse(c, t, path, buf, len);
	files_add(c, t);
	board_free(t);
out:
	free(err);
	free(buf);
}

static void
key_stack_files(struct ldctx *c, yaml_node_t *n, void *t)
{
	(void)t;
	if (c->from_files == NULL)
		c->from_files = xcalloc(1, sizeof(*c->from_files));
	for_each_item(c, n, "stack_files", MAX_ITEMS, stack_file_item, NULL);
}

/* The files' entries after the board's own, which win. */
static void
files_merge(struct ldctx *c)
{
	struct board	*b = c->b, *o = c->from_files;
	size_t		 i;

	if (o == NULL)
		return;
	b->stack_frames = xreallocarray(b->stack_frames, b->nstack_frames +
	    o->nstack_frames + 1, sizeof(*b->stack_frames));
	for (i = 0; i < o->nstack_frames; i++)
		if (files_have(b, o->stack_frames[i].function, true) == NULL)
			b->stack_frames[b->nstack_frames++] = o->stack_frames[i];
		else
			free(o->stack_frames[i].function);
	b->indirect_calls = xreallocarray(b->indirect_calls,
	    b->nindirect_calls + o->nindirect_calls + 1,
	    sizeof(*b->indirect_calls));
	for (i = 0; i < o->nindirect_calls; i++)
		if (files_have(b, o->indirect_calls[i].caller, false) == NULL)
			b->indirect_calls[b->nindirect_calls++] =
			    o->indirect_calls[i];
		else {
			free(o->indirect_calls[i].caller);
			free_strings(o->indirect_calls[i].targets,
			    o->indirect_calls[i].ntargets);
		}
	o->nstack_frames = o->nindirect_calls = 0;
	board_free(o);
	c->from_files = NULL;
}

/* The path an extends value names: beside FILE, or a shipped board. */
static char *
extends_path(const char *file, const char *v, char **err)
{
	const char	*slash = strrchr(file, '/');

	if (*v != '/' && slash != NULL && (strchr(v, '/') != NULL ||
	    strstr(v, ".yaml") != NULL || strstr(v, ".yml") != NULL))
		return xasprintf("%.*s/%s", (int)(slash - file), file, v);
	return board_resolve(v, err);
}

static const char *
keep_file(struct board *b, char *path)
{
	b->files = xreallocarray(b->files, b->nfiles + 1, sizeof(*b->files));
	b->files[b->nfiles++] = path;
	return path;
}

/* Whether PATH is the board being loaded or one it already extends. */
static bool
extends_again(const struct board *b, const char *path)
{
	char	*real = realpath(path, NULL), *seen;
	bool	 again = false;
	size_t	 i;

	for (i = 0; real != NULL && i <= b->nfiles && !again; i++) {
		seen = realpath(i == b->nfiles ? b->path : b->files[i], NULL);
		again = seen != NULL && strcmp(seen, real) == 0;
		free(seen);
	}
	free(real);
	return again;
}

static int	merged_document(struct ldctx *, struct merge *,
		    yaml_document_t *, const char *, int);

/*
 * Read the base board that VALUE (the extends node of DOC, read from
 * FILE) names, itself merged with what it extends, into BASE.
 */
static int
load_base(struct ldctx *c, struct merge *base, yaml_node_t *value,
    const char *file, int depth)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	struct ldctx	 bc = *c;
	struct stat	 st;
	char		*path, *buf = NULL, *err = NULL;
	size_t		 len;
	int		 ret = -1;

	if (!expect(c, value, YAML_SCALAR_NODE, "extends"))
		return -1;
	if (depth >= MAX_EXTENDS) {
		ERR(c, value, "extends: more than %d boards deep (a cycle?)",
		    MAX_EXTENDS);
		return -1;
	}
	if ((path = extends_path(file, scalar(value), &err)) != NULL &&
	    extends_again(c->b, path)) {
		ERR(c, value, "extends '%s': a cycle (%s extends itself "
		    "through it)", scalar(value), c->b->path);
		free(path);
		return -1;
	}
	/* a base is a file: a FIFO named in a board would block the load */
	if (path != NULL && stat(path, &st) != 0)
		err = xstrdup(strerror(errno));
	else if (path != NULL && !S_ISREG(st.st_mode))
		err = xstrdup("not a regular file");
	if (path == NULL || err != NULL ||
	    file_read_all(&buf, &len, path, &err) < 0 ||
	    (len > MAX_BOARD_BYTES && (err = xstrdup("too large")))) {
		ERR(c, value, "extends '%s': %s", scalar(value), err);
		free(err);
		free(path);
		free(buf);
		return -1;
	}
	file = keep_file(c->b, path);
	if (!yaml_parser_initialize(&parser))
		MEMFIT_BUG("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc))
		yaml_problem(c->d, file, &parser, buf, len);
	else {
		bc.file = file;
		bc.doc = &doc;
		bc.node_file = NULL;
		if (only_document(&parser, c->d, file, buf, len))
			ret = merged_document(&bc, base, &doc, file, depth + 1);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	free(buf);
	return ret;
}

/*
 * DOC (read from FILE) with what it extends merged under it, into M.
 * Each source is bounded (check_shape) before a copy expands its aliases.
 */
static int
merged_document(struct ldctx *c, struct merge *m, yaml_document_t *doc,
    const char *file, int depth)
{
	struct msrc	 over = { doc, NULL, file };
	struct msrc	 under;
	struct merge	 base;
	yaml_node_t	*root = yaml_document_get_root_node(doc);
	int		 ext, ret = -1;

	memset(&base, 0, sizeof(base));
	if (!yaml_document_initialize(&m->out, NULL, NULL, NULL, 1, 1))
		MEMFIT_BUG("cannot initialise a YAML document");
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		diag_error(c->d, &(struct srcpos){ .file = file }, "a board "
		    "file must be a mapping with 'memfit: 1' and 'regions'");
		return -1;
	}
	if (check_shape(c, root) < 0)
		return -1;
	if ((ext = map_value(&over, root, "extends")) == 0) {
		copy_node(m, &over, 1);
		return 0;
	}
	if (load_base(c, &base, yaml_document_get_node(doc, ext), file,
	    depth) == 0) {
		under = (struct msrc){ &base.out, base.node_file, NULL };
		merge_nodes(m, &under, 1, &over, 1, NULL);
		ret = 0;
	}
	yaml_document_delete(&base.out);
	free(base.node_file);
	return ret;
}

/* A board with extends: merged first, then parsed as any other. */
static void
board_extended(struct ldctx *c, yaml_parser_t *parser, const char *buf,
    size_t len)
{
	struct merge	 m;
	struct ldctx	 mc = *c;

	memset(&m, 0, sizeof(m));
	if (only_document(parser, c->d, c->file, buf, len) &&
	    merged_document(c, &m, c->doc, c->file, 0) == 0) {
		mc.doc = &m.out;
		mc.node_file = m.node_file;
		c->b->extended = true;
		if (board_parse_root(&mc, yaml_document_get_root_node(&m.out)))
			board_validate(c->b, c->d);
	}
	yaml_document_delete(&m.out);
	free(m.node_file);
}


int
board_load_buffer(struct board **out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*root;
	struct board	*b = xcalloc(1, sizeof(*b));
	struct ldctx	 c = { .d = d, .b = b, .doc = &doc };
	size_t		 nerr = d->nerrors;
	int		 ret = -1;

	*out = NULL;
	b->path = xstrdup(name);
	b->address_bits = 32;
	b->irq_nesting = 1;
	b->pos.file = c.file = b->path;
	if (!yaml_parser_initialize(&parser))
		MEMFIT_BUG("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_problem(d, b->path, &parser, buf, len);
		goto out_parser;
	}
	if ((root = yaml_document_get_root_node(&doc)) == NULL)
		diag_error(d, &b->pos, "empty board file");
	else if (root->type == YAML_MAPPING_NODE &&
	    map_value(&(struct msrc){ &doc, NULL, b->path }, root,
	    "extends") != 0)
		board_extended(&c, &parser, buf, len);
	else if (board_parse_root(&c, root) && only_document(&parser, d,
	    b->path, buf, len))
		board_validate(b, d);
	yaml_document_delete(&doc);
	if (d->nerrors == nerr) {
		*out = b;
		b = NULL;
		ret = 0;
	}
out_parser:
	yaml_parser_delete(&parser);
	board_free(b);
	return ret;
}

int
board_load(struct board **out, const char *path, struct diags *d)
{
	struct srcpos	 pos = { path, 0, 0 };
	char		*buf = NULL, *err = NULL;
	size_t		 len;
	int		 ret;

	*out = NULL;
	if (file_read_all(&buf, &len, path, &err) < 0) {
		diag_error(d, &pos, "cannot read board file: %s", err);
		free(err);
		return -1;
	}
	/* libyaml's document takes ~80 bytes a byte: bound it up front. */
	if (len > MAX_BOARD_BYTES) {
		diag_error(d, &pos, "board file too large (%zu bytes; at most "
		    "%d): a board is a few kilobytes", len, MAX_BOARD_BYTES);
		free(buf);
		return -1;
	}
	ret = board_load_buffer(out, path, buf, len, d);
	free(buf);
	return ret;
}

static void
free_strings(char **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
board_free(struct board *b)
{
	size_t	i, j;

	if (b == NULL)
		return;
	for (i = 0; i < b->nregions; i++) {
		free(b->regions[i].name);
		free(b->regions[i].shares);
		free(b->regions[i].aliases);
		for (j = 0; j < b->regions[i].nsections; j++)
			free(b->regions[i].sections[j].glob);
		free(b->regions[i].sections);
	}
	for (i = 0; i < b->nmasters; i++)
		free(b->masters[i].name);
	for (i = 0; i < b->ndma_rules; i++) {
		free_strings(b->dma_rules[i].symbols, b->dma_rules[i].nsymbols);
		free_strings(b->dma_rules[i].sections,
		    b->dma_rules[i].nsections);
	}
	for (i = 0; i < b->nwaivers; i++) {
		free(b->waivers[i].rule);
		free(b->waivers[i].symbol);
		free(b->waivers[i].reason);
	}
	free(b->regions);
	free(b->masters);
	free(b->dma_rules);
	free(b->waivers);
	for (i = 0; i < b->nmemtypes; i++) {
		free(b->memtypes[i].name);
		free_strings(b->memtypes[i].sections,
		    b->memtypes[i].nsections);
		free_strings(b->memtypes[i].regions, b->memtypes[i].nregions);
	}
	free(b->memtypes);
	for (i = 0; i < b->ntasks; i++) {
		free(b->tasks[i].entry);
		free(b->tasks[i].stack_symbol);
	}
	free(b->tasks);
	for (i = 0; i < b->nstack_frames; i++)
		free(b->stack_frames[i].function);
	free(b->stack_frames);
	for (i = 0; i < b->nindirect_calls; i++) {
		free(b->indirect_calls[i].caller);
		free_strings(b->indirect_calls[i].targets,
		    b->indirect_calls[i].ntargets);
	}
	free(b->indirect_calls);
	free_strings(b->stack_files, b->nstack_files);
	free_strings(b->irq_handlers, b->nirq_handlers);
	free(b->stack.region);
	free(b->heap.region);
	free(b->id);
	free(b->mcu);
	free(b->path);
	for (i = 0; i < b->nfiles; i++)
		free(b->files[i]);
	free(b->files);
	free(b);
}

/*
 * Where shipped boards are: ./boards, MEMFIT_DATA_DIR/boards (for a build
 * tree or a relocated install) and DATADIR/boards, in that order. DIRS[1]
 * is allocated, or NULL.
 */
static void
board_dirs(char *dirs[3])
{
	const char	*env = getenv("MEMFIT_DATA_DIR");

	dirs[0] = xstrdup("boards");
	dirs[1] = env != NULL && *env != '\0' ?
	    xasprintf("%s/boards", env) : NULL;
	dirs[2] = xstrdup(MEMFIT_DATADIR "/boards");
}

static void
board_dirs_free(char *dirs[3])
{
	size_t	i;

	for (i = 0; i < 3; i++)
		free(dirs[i]);
}

/* A --board argument: an existing file, else a shipped board's id. */
char *
board_resolve(const char *arg, char **err)
{
	struct stat	 st;
	char		*dirs[3], *path;
	size_t		 i;

	/* A directory that happens to bear a board's id is not a board. */
	if ((stat(arg, &st) == 0 && !S_ISDIR(st.st_mode)) ||
	    strchr(arg, '/') != NULL || strstr(arg, ".yaml") != NULL ||
	    strstr(arg, ".yml") != NULL)
		return xstrdup(arg);
	board_dirs(dirs);
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL)
			continue;
		path = xasprintf("%s/%s.yaml", dirs[i], arg);
		if (access(path, R_OK) == 0) {
			board_dirs_free(dirs);
			return path;
		}
		free(path);
	}
	board_dirs_free(dirs);
	*err = xasprintf("no board file or shipped board named '%s'", arg);
	return NULL;
}

static bool
listed(char **paths, size_t n, const char *name)
{
	const char	*base;
	size_t		 i;

	for (i = 0; i < n; i++) {
		base = strrchr(paths[i], '/');
		if (strcmp(base + 1, name) == 0)
			return true;
	}
	return false;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every shipped board file, one per id (the first directory's). */
size_t
board_shipped(char ***out)
{
	struct dirent	*de;
	DIR		*dir;
	char		*dirs[3], **paths = NULL;
	size_t		 i, n = 0, len;

	board_dirs(dirs);
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || (dir = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			len = strlen(de->d_name);
			if (len <= 5 || de->d_name[0] == '.' ||
			    strcmp(de->d_name + len - 5, ".yaml") != 0 ||
			    listed(paths, n, de->d_name))
				continue;
			paths = xreallocarray(paths, n + 1, sizeof(*paths));
			paths[n++] = xasprintf("%s/%s", dirs[i], de->d_name);
		}
		closedir(dir);
	}
	board_dirs_free(dirs);
	if (n > 1)	/* readdir's order is the file system's */
		qsort(paths, n, sizeof(*paths), path_cmp);
	*out = paths;
	return n;
}

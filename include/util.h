/*
 * What every module uses from base/: allocation (alloc.h), the string
 * buffer (strbuf.h), sorting (sort.h), globs (globs.h), and the small
 * helpers of src/base/util.c declared here.
 */
#ifndef MEMFIT_UTIL_H
#define MEMFIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "globs.h"
#include "sort.h"
#include "strbuf.h"

/* 64-bit FNV-1a over a buffer: stable content hash for generated files. */
uint64_t hash_fnv1a64(const void *, size_t);

/* Levenshtein distance, capped: for "did you mean" suggestions. */
unsigned edit_distance(const char *, const char *);

#endif

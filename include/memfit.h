/*
 * memfit: shared constants for every module.
 *
 * Exit codes follow the grep/diff convention so that a CI script can tell
 * "the firmware does not fit" (1) from "memfit could not read its input" (2).
 */
#ifndef MEMFIT_H
#define MEMFIT_H

#define MEMFIT_VERSION		"0.1.0"
#define MEMFIT_FORMAT_VERSION	1	/* board file and JSON report */

#define MEMFIT_EXIT_OK		0	/* no error findings */
#define MEMFIT_EXIT_FINDINGS	1	/* checks failed */
#define MEMFIT_EXIT_ERROR	2	/* usage error or bad input */

/* Internal errors are bugs, never bad input: name the place and version. */
#define MEMFIT_BUG(msg)	memfit_bug(__FILE__, __LINE__, (msg))

void	memfit_bug(const char *, int, const char *) __attribute__((noreturn));

#endif

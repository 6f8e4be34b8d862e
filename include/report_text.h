/*
 * Plain terminal rendering of a report (check's default output).
 */
#ifndef MEMFIT_REPORT_TEXT_H
#define MEMFIT_REPORT_TEXT_H

#include <stdio.h>

#include "report.h"

/* INPUT names the place of findings without a file or object. */
void	 report_print_findings(FILE *, const struct report *, const char *input);
void	 report_print_usage(FILE *, const struct report *);
void	 report_print_summary(FILE *, const struct report *);

#endif

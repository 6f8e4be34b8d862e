/*
 * Small helpers: glob_match's string-compare fast paths must agree with
 * fnmatch(3), which it stands in for, on every shape.
 */
#include <criterion/criterion.h>
#include <fnmatch.h>

#include "util.h"

Test(util, glob_match_agrees_with_fnmatch)
{
	static const char *const pats[] = {
		"*_dma_buf*", "spiRxBuffer", "m_tx_buf*", "*Buf", "*", "**",
		"a*b", "[ab]c", "*x?*", "", "*dma*", "buf*", "*.dma.*", ".dma",
		"\\*lit", "*a\\*", "?", "*?", "a**b"
	};
	static const char *const names[] = {
		"uart_dma_buf", "spiRxBuffer", "spiRxBuffer2", "m_tx_buf",
		"m_tx_buf_1", "xDmaBuf", "DmaBuf", "", "ab", "acb", "bc", "x1",
		"dma", "_dma_buf", "buf", "bu", ".dma", ".dma.rx", "*lit", "a*",
		"a", "aXb"
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

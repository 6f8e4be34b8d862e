/*
 * Cortex-M7 startup for the STM32H743 example. memfit_init_ram() walks the
 * table from sections.ld: .data and .bss in DTCM, and every other RAM
 * region's sections. The D2 SRAMs (SRAM1-3) are clocked off at reset; a
 * firmware that keeps variables there enables them before this call.
 */
#include "static_mem.h"

extern char _estack[];

int	main(void);
void	Reset_Handler(void);
void	Default_Handler(void);

void
Reset_Handler(void)
{
	memfit_init_ram();
	(void)main();
	for (;;)
		;
}

void
Default_Handler(void)
{
	for (;;)
		;
}

typedef void (*vector_t)(void);

#define VECTORS	(16 + 150)	/* system exceptions and IRQ lines */

__attribute__((section(".isr_vector"), used))
const vector_t vectors[VECTORS] = {
	[0] = (vector_t)(void *)_estack,
	[1] = Reset_Handler,
	[2 ... VECTORS - 1] = Default_Handler,
};

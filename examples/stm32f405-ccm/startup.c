/*
 * Cortex-M4 startup for the STM32F405 example. The RAM set-up is the table
 * that `memfit gen` writes into sections.ld: memfit_init_ram() copies .data
 * and zeroes .bss and the CCM sections, whatever regions the board has.
 *
 * The example links newlib-nano (--specs=nano.specs) for malloc(), but
 * not its startup files (-nostartfiles): this file is the startup. It is
 * also the one file that defines MEMFIT_SBRK: static_mem.h then defines
 * _sbrk (an alias of __memfit_sbrk), which newlib's malloc() grows the
 * heap with, within the board's heap reservation. Defined in a second
 * file, the link would fail with two definitions of _sbrk. With a board
 * whose heap size is 0 (the shipped crazyflie-2), the header has no
 * _sbrk to offer and the link fails instead of handing out the stack.
 */
#include <stdint.h>

#include "firmware.h"
#define MEMFIT_SBRK		/* static_mem.h's bounded _sbrk: this file only */
#include "static_mem.h"

extern char _estack[];		/* top of the stack reservation, sections.ld */

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

/* 16 system exceptions, then the STM32F405's 82 interrupt lines. */
#define IRQ(n)	(16 + (n))
#define VECTORS	IRQ(82)

__attribute__((section(".isr_vector"), used))
const vector_t vectors[VECTORS] = {
	[0] = (vector_t)(void *)_estack,
	[1] = Reset_Handler,
	[2 ... IRQ(DMA2_STREAM0_IRQ) - 1] = Default_Handler,
	[IRQ(DMA2_STREAM0_IRQ)] = DMA2_Stream0_IRQHandler,
	[IRQ(DMA2_STREAM0_IRQ) + 1 ... VECTORS - 1] = Default_Handler,
};

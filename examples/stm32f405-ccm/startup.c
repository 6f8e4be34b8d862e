/*
 * Cortex-M4 startup for the STM32F405 example. The RAM set-up is the table
 * that `memfit gen` writes into sections.ld: memfit_init_ram() copies .data
 * and zeroes .bss and the CCM sections, whatever regions the board has.
 *
 * This example links without a C library. The board reserves no heap
 * (heap: size 0): linked with newlib, a call to malloc() would pull in
 * _sbrk and fail the link, naming the board. With a heap in the board,
 * #define MEMFIT_SBRK before the include below and the header defines an
 * _sbrk that stops at the end of the reservation.
 */
#include <stdint.h>

#include "firmware.h"
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

/*
 * STM32H743 DMA example: one buffer per DMA master (MDMA, DMA1, DMA2, BDMA,
 * SDMMC1), each where its master reaches, with the D-cache maintenance a
 * cached buffer needs around a transfer. buffers.c places the buffers.
 */
#include <stdint.h>

void	fault(void);
#define MEMFIT_ASSERT(expr)	((expr) ? (void)0 : fault())

#include "buffers.h"
#include "static_mem.h"

/* ARMv7-M cache maintenance by address (System Control Block). */
#define DCIMVAC	(*(volatile uint32_t *)0xE000EF5Cu)	/* invalidate to PoC */
#define DCCMVAC	(*(volatile uint32_t *)0xE000EF68u)	/* clean to PoC */

void
fault(void)
{
	for (;;)
		;
}

static void
dcache_op(volatile uint32_t *reg, const void *buf, uint32_t len)
{
	uintptr_t	a = (uintptr_t)buf, end = a + len;

	__asm volatile("dsb" ::: "memory");
	for (a &= ~(uintptr_t)(MEMFIT_CACHE_LINE - 1u); a < end;
	    a += MEMFIT_CACHE_LINE)
		*reg = (uint32_t)a;
	__asm volatile("dsb\n\tisb" ::: "memory");
}

/*
 * Before a master reads memory the CPU wrote: clean. After a master wrote
 * memory the CPU reads: invalidate. Neither is safe on a buffer that
 * shares a cache line with other data, hence the alignment.
 */
static void
dma_to_device(uint32_t master, const void *buf, uint32_t len)
{
	MEMFIT_ASSERT_DMA_SAFE_FOR(master, buf, len);
	if (!memfit_dma_reachable(0, buf, len))
		fault();
	dcache_op(&DCCMVAC, buf, len);
	/* a driver starts the stream here */
}

static void
dma_from_device(uint32_t master, void *buf, uint32_t len)
{
	MEMFIT_ASSERT_DMA_SAFE_FOR(master, buf, len);
	/* a driver starts the stream and waits for it here */
	dcache_op(&DCIMVAC, buf, len);
}

int
main(void)
{
	uint32_t	sum = 0;
	int		i;

	dma_from_device(MEMFIT_MASTER_DMA1, adc_dma1_buf,
	    2 * ADC_SAMPLES);
	for (i = 0; i < ADC_SAMPLES; i++)
		sum += adc_dma1_buf[i];
	for (i = 0; i < UART_BYTES; i++)
		uart_dma2_buf[i] = (uint8_t)(sum >> (i % 4 * 8));
	dma_to_device(MEMFIT_MASTER_DMA2, uart_dma2_buf, UART_BYTES);
	dma_to_device(MEMFIT_MASTER_BDMA, spi6_bdma_buf, SPI6_BYTES);
	dma_from_device(MEMFIT_MASTER_SDMMC1, sd_sdmmc1_buf, SD_BLOCK);
	dma_to_device(MEMFIT_MASTER_MDMA, copy_mdma_buf, COPY_BYTES);
	return (int)(sum + sd_sdmmc1_buf[0]);
}

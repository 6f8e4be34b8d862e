/*
 * The DMA buffers of the H7 example, one per master, named
 * <peripheral>_<master>_buf as board.yaml's dma_buffers rules expect.
 * buffers.c places them; broken/buffers.c misplaces them.
 */
#ifndef BUFFERS_H
#define BUFFERS_H

#include <stdint.h>

#define ADC_SAMPLES	48		/* 96 bytes: three cache lines */
#define SPI6_BYTES	32
#define UART_BYTES	40		/* rounded up where it is cached */
#define COPY_BYTES	256
#define SD_BLOCK	512

extern uint8_t	copy_mdma_buf[];	/* MDMA: memory-to-memory copies */
extern uint16_t	adc_dma1_buf[];		/* DMA1: ADC1 samples */
extern uint8_t	uart_dma2_buf[];	/* DMA2: USART1 transmit */
extern uint8_t	spi6_bdma_buf[];	/* BDMA: SPI6, in the D3 domain */
extern uint8_t	sd_sdmmc1_buf[];	/* SDMMC1's internal DMA */

#endif

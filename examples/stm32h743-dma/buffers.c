/*
 * Each buffer placed by the generated macro for its master: MEMFIT_DMA_X
 * picks a region X reaches and, when that region is cached, aligns the
 * buffer to the 32-byte line. MEMFIT_DMA_SIZE rounds the size up to whole
 * lines, so cleaning or invalidating a buffer never touches a neighbour.
 */
#include "buffers.h"
#include "static_mem.h"

MEMFIT_DMA_MDMA uint8_t copy_mdma_buf[COPY_BYTES];
MEMFIT_DMA_DMA1 uint16_t adc_dma1_buf[MEMFIT_DMA_SIZE(2 * ADC_SAMPLES) / 2];
MEMFIT_DMA_DMA2 uint8_t uart_dma2_buf[MEMFIT_DMA_SIZE(UART_BYTES)];
MEMFIT_DMA_BDMA uint8_t spi6_bdma_buf[MEMFIT_DMA_SIZE(SPI6_BYTES)];
MEMFIT_DMA_SDMMC1 uint8_t sd_sdmmc1_buf[MEMFIT_DMA_SIZE(SD_BLOCK)];

/*
 * The same buffers placed by hand, with the mistakes memfit check must
 * find (test.sh asserts exactly these four):
 *
 * - adc_dma1_buf in DTCM: DMA1 cannot reach the TCMs     dma-unreachable
 * - spi6_bdma_buf in AXI SRAM: BDMA reaches only SRAM4
 *   and the backup SRAM                                  dma-unreachable
 * - sd_sdmmc1_buf in SRAM1: SDMMC1's DMA cannot reach
 *   SRAM1 to SRAM4                                       dma-unreachable
 * - uart_dma2_buf in cached AXI SRAM, 40 bytes: its last
 *   line is shared with uart_tx_count, which a cache
 *   invalidate for the buffer can roll back              dma-cache-line
 *
 * copy_mdma_buf stays in DTCM, which MDMA reaches: no finding.
 */
#include "buffers.h"
#include "static_mem.h"

MEMFIT_DTCM_BSS uint8_t copy_mdma_buf[COPY_BYTES];
MEMFIT_DTCM_BSS uint16_t adc_dma1_buf[ADC_SAMPLES];
MEMFIT_AXI_SRAM_BSS __attribute__((aligned(32)))
uint8_t uart_dma2_buf[UART_BYTES];
MEMFIT_AXI_SRAM_BSS volatile uint32_t uart_tx_count;
MEMFIT_AXI_SRAM_BSS __attribute__((aligned(32)))
uint8_t spi6_bdma_buf[SPI6_BYTES];
MEMFIT_SRAM1_BSS __attribute__((aligned(32)))
uint8_t sd_sdmmc1_buf[SD_BLOCK];

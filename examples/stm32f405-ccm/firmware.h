/* Shared by the example's two files. */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#define DMA2_STREAM0_IRQ	56	/* ADC1 on DMA2 stream 0 (RM0090, DMA2 request map) */

void	DMA2_Stream0_IRQHandler(void);

#endif

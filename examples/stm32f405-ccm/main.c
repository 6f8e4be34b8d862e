/*
 * A Crazyflie-class STM32F405 firmware laid out by memfit.
 *
 * - ADC samples arrive by DMA2 into adc_dma_buf, telemetry leaves by DMA1
 *   from uart_tx_dma_buf: the MEMFIT_DMA_* macros put both where their
 *   controller reaches (main RAM, never CCM).
 * - The filter state and the sensor task's stack live in the 64K CCM,
 *   which only the CPU reaches: MEMFIT_CCMRAM_BSS (zeroed at startup) and
 *   MEMFIT_CCMRAM_NOINIT (left alone; the task fills its own stack).
 * - Every buffer handed to a DMA stream is checked at run time with
 *   MEMFIT_ASSERT_DMA_SAFE_FOR, with no address written here.
 * - The event log comes from malloc() (newlib-nano), once at start-up.
 *   The heap is the 4K the example's board.yaml reserves below the stack,
 *   and the _sbrk that malloc() grows it with is static_mem.h's
 *   (MEMFIT_SBRK, startup.c), which stops at the end of the reservation.
 *
 * The peripheral set-up itself is left out: the example is about where
 * things are linked, and it builds with nothing but arm-none-eabi-gcc and
 * its newlib-nano.
 */
#include <stdint.h>
#include <stdlib.h>

void	fault(void);
#define MEMFIT_ASSERT(expr)	((expr) ? (void)0 : fault())

#include "firmware.h"
#include "static_mem.h"

#define NSAMPLES	64
#define NTAPS		32
#define STACK_WORDS	512
#define STACK_FILL	0xdeadbeefu
#define LOG_BYTES	1024	/* fits the board's 4K heap */

/* DMA2 writes ADC samples here (double buffer: two halves). */
MEMFIT_DMA_DMA2 static volatile uint16_t adc_dma_buf[2][NSAMPLES];
/* DMA1 reads telemetry frames from here. */
MEMFIT_DMA_DMA1 static uint8_t uart_tx_dma_buf[64];

/* CPU-only data: CCM, zeroed by memfit_init_ram(). */
MEMFIT_CCMRAM_BSS static int32_t filter_hist[NTAPS];
MEMFIT_CCMRAM_BSS static int32_t filter_out[NSAMPLES];

/* The sensor task's stack: CCM, not initialised (filled below). */
MEMFIT_CCMRAM_NOINIT __attribute__((aligned(8)))
static uint32_t sensor_stack[STACK_WORDS];

/* Ordinary initialised data: main RAM, copied by memfit_init_ram(). */
int32_t filter_gain = 3;
static volatile unsigned half_ready;	/* 1 or 2 when a half is full */
static volatile unsigned frames_sent;

/* Event log, a byte ring read out by the debugger: heap, main RAM. */
static uint8_t	*log_buf;
static unsigned	 log_head;

void
fault(void)
{
	for (;;)
		;
}

/* A real driver programs the stream's address and count registers here. */
static void
dma_start(uint32_t master, const volatile void *buf, uint32_t len)
{
	MEMFIT_ASSERT_DMA_SAFE_FOR(master, (const void *)buf, len);
}

void
DMA2_Stream0_IRQHandler(void)
{
	half_ready = half_ready == 1 ? 2 : 1;
}

static int32_t
filter(int32_t x)
{
	int32_t	acc = 0;
	int	i;

	for (i = NTAPS - 1; i > 0; i--)
		filter_hist[i] = filter_hist[i - 1];
	filter_hist[0] = x;
	for (i = 0; i < NTAPS; i++)
		acc += filter_hist[i];
	return acc * filter_gain / NTAPS;
}

static void
send_frame(void)
{
	int	i;

	for (i = 0; i < (int)sizeof(uart_tx_dma_buf); i++)
		uart_tx_dma_buf[i] = (uint8_t)filter_out[i % NSAMPLES];
	dma_start(MEMFIT_MASTER_DMA1, uart_tx_dma_buf,
	    sizeof(uart_tx_dma_buf));
	frames_sent++;
}

static void
log_event(uint8_t ev, uint8_t arg)
{
	log_buf[log_head++ % LOG_BYTES] = ev;
	log_buf[log_head++ % LOG_BYTES] = arg;
}

static unsigned
stack_unused_words(void)
{
	unsigned	n = 0;

	while (n < STACK_WORDS && sensor_stack[n] == STACK_FILL)
		n++;
	return n;
}

static void __attribute__((noreturn))
sensor_task(void)
{
	for (;;) {
		unsigned	half = half_ready;
		int		i;

		if (half == 0)
			continue;
		half_ready = 0;
		for (i = 0; i < NSAMPLES; i++)
			filter_out[i] = filter((int32_t)adc_dma_buf[half - 1][i]);
		send_frame();
		log_event('F', (uint8_t)frames_sent);
		if (stack_unused_words() < STACK_WORDS / 8)
			fault();
	}
}

/* Thread mode on the process stack (PSP) at the top of sensor_stack. */
static void __attribute__((noreturn))
start_task(void (*entry)(void), uint32_t *stack_top)
{
	__asm volatile(
	    "msr psp, %0\n\t"
	    "movs r2, #2\n\t"
	    "msr control, r2\n\t"
	    "isb\n\t"
	    "bx %1\n"
	    : : "r" (stack_top), "r" (entry) : "r2", "memory");
	__builtin_unreachable();
}

int
main(void)
{
	int	i;

	/*
	 * The heap ends where the board says (__memfit_heap_end), not at the
	 * stack. Asked for more than is left, as malloc(8192) would be here,
	 * memfit's _sbrk sets errno to ENOMEM and returns (void *)-1, and
	 * malloc() returns NULL: the firmware stops in fault() below. The
	 * usual _sbrk (libnosys's, --specs=nosys.specs) has no bound: it
	 * would hand out the stack reservation above the heap, and memfit
	 * check reports it (heap-reaches-stack).
	 */
	log_buf = malloc(LOG_BYTES);
	if (log_buf == NULL)
		fault();
	for (i = 0; i < STACK_WORDS; i++)
		sensor_stack[i] = STACK_FILL;
	dma_start(MEMFIT_MASTER_DMA2, adc_dma_buf, sizeof(adc_dma_buf));
	start_task(sensor_task, &sensor_stack[STACK_WORDS]);
}

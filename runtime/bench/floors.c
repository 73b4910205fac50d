/* floors.c: what a lazy fault cannot cost less than, each measured in a phase of its own:
 * zero_4k, zeroing one 4 KiB frame that is in no cache; frame_pop, one single-frame
 * allocation from the host HAL (its free is not timed), OP_BATCH at a time (phase.h). */
#include <string.h>

#include <ptforge/ptforge.h>

#include "phase.h"

/* 128 MiB of frames touched once, then zeroed in turn: like the frames a fault takes
 * from resident memory, they are no longer in any cache */
#define FLOOR_FRAMES 32768

void bench_floors(const struct bench_run *run)
{
	struct measured *zero = &results_add(run->results, "floor", "zero_4k")->spec;
	struct measured *pop = &results_add(run->results, "floor", "frame_pop")->spec;
	size_t reps = run->config->floor_reps;
	struct ptf_host_hal *host = ptf_host_hal_create((FLOOR_FRAMES + 16) * PTF_FRAME_SIZE);
	if (!host)
		bench_die("floor arena", PTF_ENOMEM);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	struct phase floor_phase = { .run = run }; /* what TIMED_BATCH needs of a phase */
	uint64_t base = hal->alloc_frames(hal->ctx, FLOOR_FRAMES, PTF_FRAME_SIZE);
	unsigned char *mem = hal->phys_to_virt(hal->ctx, base);
	memset(mem, 1, (size_t)FLOOR_FRAMES * PTF_FRAME_SIZE);
	for (size_t i = 0; i < reps; i++) {
		unsigned char *frame = mem + (i % FLOOR_FRAMES) * PTF_FRAME_SIZE;
		uint64_t t0 = bench_ticks();
		memset(frame, 0, PTF_FRAME_SIZE);
		__asm__ volatile("" : : "r"(frame) : "memory"); /* the zeroes are stored, not elided */
		uint64_t t1 = bench_ticks();
		measured_push(zero, bench_elapsed_ns(run->timer, t0, t1));
	}
	uint64_t pa[OP_BATCH];
	for (size_t i = 0; i < reps; i += OP_BATCH) {
		TIMED_BATCH(&floor_phase, pop, OP_BATCH, b, !(pa[b] = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE)));
		for (size_t b = 0; b < OP_BATCH; b++)
			hal->free_frames(hal->ctx, pa[b], 1);
	}
	ptf_host_hal_destroy(host);
}

/* timer.c: calibrating the benchmark clock (see timer.h). */
#define _POSIX_C_SOURCE 200809L
#include "timer.h"

#include <time.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_timer_calibrate(struct bench_timer *t)
{
#if defined(__x86_64__)
	t->source = "rdtsc";
	uint64_t ns0 = now_ns(), tk0 = bench_ticks();
	while (now_ns() - ns0 < 50000000u)
		;
	uint64_t ns1 = now_ns(), tk1 = bench_ticks();
	t->ns_per_tick = (double)(ns1 - ns0) / (double)(tk1 - tk0);
#else
	t->source = "clock_gettime";
	t->ns_per_tick = 1.0;
#endif
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 10000; i++) {
		uint64_t a = bench_ticks(), b = bench_ticks();
		if (b - a < best)
			best = b - a;
	}
	t->overhead_ns = 0;
	t->overhead_ns = (double)best * t->ns_per_tick;
}

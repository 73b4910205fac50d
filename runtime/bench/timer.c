/* timer.c: calibrating the benchmark clock (see timer.h). */
#define _POSIX_C_SOURCE 200809L
#include "timer.h"

#include <stdlib.h>
#include <time.h>

#define EMPTY_READS 10000

static int cmp_ticks(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#if !defined(__x86_64__)
uint64_t bench_ticks(void)
{
	return now_ns();
}
#endif

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
	static uint64_t empty[EMPTY_READS];
	for (int i = 0; i < EMPTY_READS; i++) {
		uint64_t a = bench_ticks(), b = bench_ticks();
		empty[i] = b - a;
	}
	qsort(empty, EMPTY_READS, sizeof(empty[0]), cmp_ticks);
	t->overhead_ns = (double)empty[0] * t->ns_per_tick;
	t->median_empty_ns = (double)empty[EMPTY_READS / 2] * t->ns_per_tick;
}

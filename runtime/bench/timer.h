/* timer.h: per-operation timing fine enough for tens of nanoseconds.
 * On x86-64 the time-stamp counter (lfence; rdtsc) is read around each operation and
 * converted with a rate calibrated against CLOCK_MONOTONIC over 50 ms; elsewhere
 * clock_gettime(CLOCK_MONOTONIC) is used. Either way the cost of an empty measurement
 * (the minimum of many back-to-back reads) is measured and subtracted. */
#ifndef PTF_BENCH_TIMER_H
#define PTF_BENCH_TIMER_H

#include <stdint.h>

struct bench_timer {
	double ns_per_tick;
	double overhead_ns;     /* the cheapest empty measurement: what is subtracted */
	double median_empty_ns; /* a typical one, before subtraction: how far to trust tens of ns */
	const char *source;   /* "rdtsc" or "clock_gettime" */
};

void bench_timer_calibrate(struct bench_timer *t);

#if defined(__x86_64__)
static inline uint64_t bench_ticks(void)
{
	__builtin_ia32_lfence(); /* earlier work finishes before the counter is read */
	return __builtin_ia32_rdtsc();
}
#else
/* CLOCK_MONOTONIC in nanoseconds, out of line: timer.c has the POSIX declarations, and
 * the call's cost is part of the overhead measured and subtracted. */
uint64_t bench_ticks(void);
#endif

/* Nanoseconds between two tick readings, less the measured overhead (never negative). */
static inline double bench_elapsed_ns(const struct bench_timer *t, uint64_t start, uint64_t end)
{
	double ns = (double)(end - start) * t->ns_per_tick - t->overhead_ns;
	return ns > 0 ? ns : 0;
}

#endif

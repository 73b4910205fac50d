/* phase.h: how every operation is timed. An op group (the ops one set-up serves, e.g.
 * map_page_4k and unmap_page_4k) runs in phases: first the specialised walker's phase,
 * then the generic walker's, each opening its own rig (rig.h), timing one walker and
 * closing it: one tree and one walker at a time, never interleaved. Both phases draw from
 * the same random stream, so they time the same addresses in the same order. */
#ifndef PTF_BENCH_PHASE_H
#define PTF_BENCH_PHASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ptforge/format.h>

#include "results.h"
#include "rig.h"
#include "rng.h"
#include "timer.h"

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

/* Where the benches map runs of the smallest leaves: host addresses one page (the
 * format's granule) off huge-page alignment, so no larger leaf fits. */
#define SMALL_VA GiB
#define SMALL_PA(fmt) (8 * GiB + ((uint64_t)1 << (fmt)->granule_shift))

struct bench_config {
	size_t cold_rounds;      /* fresh 1 GiB areas, each faulted once per last-level table */
	size_t warm_faults;      /* each of the three fault_warm ops */
	size_t lookups;          /* per translate op and per translate floor */
	uint64_t small_map_size; /* translate_4k's span; map_linear_4k's and unmap_4k's size */
	uint64_t protect_size;
	uint64_t page_region;    /* map_page_4k / unmap_page_4k: random pages over this */
	size_t map_reps, huge_reps, protect_reps, page_reps, floor_reps;
	size_t parallel_faults, parallel_runs; /* fault_parallel: faults per run, runs */
};

struct bench_run {
	const struct bench_config *config;
	const struct bench_timer *timer;
	uint64_t seed;
	struct results *results;
};

/* Groups that share a stream time the same addresses: fault_warm_prezeroed_spread shares
 * fault_warm's, the translate floor translate_4k_hot's, so each pair compares directly. */
enum stream {
	STREAM_FAULT_COLD = 1,
	STREAM_FAULT_WARM,
	STREAM_TRANSLATE_4K,
	STREAM_TRANSLATE_HUGE,
	STREAM_TRANSLATE_HOT,
	STREAM_PAGE,
	STREAM_DIRTY,
	STREAM_AGE,
	STREAM_FAULT_HUGE,
	STREAM_FAULT_HOT,
};

#define PHASE_MAX_OPS 4

struct phase {
	const struct bench_run *run;
	const struct ptf_format *fmt;
	enum walker walker;
	struct bench_rng rng;
	struct measured *out[PHASE_MAX_OPS]; /* this walker's side of the group's results */
};

struct op_group {
	const char *ops[PHASE_MAX_OPS]; /* the results the group fills, in order (NULL ends) */
	void (*phase)(struct phase *p);
	bool specialised_only;          /* a floor: no generic phase */
	enum stream stream;
};

/* each group in turn, its phases one after the other */
void run_op_groups(const struct bench_run *run, const struct ptf_format *fmt, const struct op_group *groups,
                   size_t n);

/* One call, timed alone into m; a failed call stops the run. */
#define TIMED(p, m, call)                                                              \
	do {                                                                           \
		uint64_t t0_ = bench_ticks();                                          \
		int rc_ = (call);                                                      \
		uint64_t t1_ = bench_ticks();                                          \
		if (rc_)                                                               \
			bench_die(#call, rc_);                                         \
		measured_push((m), bench_elapsed_ns((p)->run->timer, t0_, t1_));      \
	} while (0)

/* Ops that take a few clock steps (10 ns each on some VMs) are timed OP_BATCH calls at a
 * time on addresses worked out before: a sample is the batch's mean per call. */
#define OP_BATCH 16

/* call, for i from 0 to n - 1, timed together into m as n samples of the mean; a
 * failed call stops the run. */
#define TIMED_BATCH(p, m, n, i, call)                                                  \
	do {                                                                           \
		int rc_ = 0;                                                           \
		uint64_t t0_ = bench_ticks();                                          \
		for (size_t i = 0; i < (n); i++)                                       \
			rc_ |= (call);                                                 \
		uint64_t t1_ = bench_ticks();                                          \
		if (rc_)                                                               \
			bench_die(#call, rc_);                                         \
		double each_ = bench_elapsed_ns((p)->run->timer, t0_, t1_) / (double)(n); \
		for (size_t k_ = 0; k_ < (n); k_++)                                    \
			measured_push((m), each_);                                     \
	} while (0)

static inline uint64_t phase_random(struct phase *p, uint64_t below)
{
	return bench_rng_next(&p->rng) % below;
}

/* Maps [SMALL_VA, + size) linear to hpa, read-write, through the rig's address space,
 * or ends the run. */
void map_small_or_die(const struct rig *r, uint64_t hpa, uint64_t size);

/* The operations, by file. */
void bench_faults(const struct bench_run *run, const struct ptf_format *fmt);    /* ops_fault.c */
void bench_translate(const struct bench_run *run, const struct ptf_format *fmt); /* ops_translate.c */
void bench_maps(const struct bench_run *run, const struct ptf_format *fmt);      /* ops_map.c */
void bench_floors(const struct bench_run *run);                                  /* floors.c */
void bench_parallel(const struct bench_run *run, const struct ptf_format *fmt);  /* ops_parallel.c */
void bench_dirty_log(const struct bench_run *run, const struct ptf_format *fmt); /* ops_dirty_log.c */
void bench_age(const struct bench_run *run, const struct ptf_format *fmt);       /* ops_age.c */

#endif

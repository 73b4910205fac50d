/* differ.h: running operations on the runtime and on the reference model (model.h) at
 * once, and comparing the two: the engine of the differential driver (diff.c: random
 * operations) and of the runtime fuzzer (tests/fuzz/fuzz_runtime.c: operations its input
 * chooses). A divergence is shrunk to the fewest operations that still show it and
 * printed as a scenario script that reproduces it. */
#ifndef PTF_DIFFER_H
#define PTF_DIFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ptforge/ptforge.h>

#include "model.h"

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)
/* the format under test's granule, its smallest page (run_format sets it) */
extern uint64_t diff_page;
#define PAGE diff_page
#define WINDOW_BASE GiB
#define WINDOW_SIZE diff_setup.window_size /* 4 GiB unless set */
/* linear maps point here: outside the HAL's arena, inside the format's output range */
#define HPA_BASE(f) ((f)->output_bits >= 40 ? (uint64_t)64 << 30 : (uint64_t)1 << ((f)->output_bits - 2))
#define MAX_PRESENT 40000             /* keep allocated frames well inside the arena */
#define ARENA ((size_t)512 << 20)
#define HUGE_FRAME_MAX ((uint64_t)2 << 20) /* the HAL's data_frame_max (hal.h) */
#define MAX_IO 64

/* the kinds up to OP_COLLAPSE change the address space (and may have a failure injected) */
enum op_kind { OP_MAP_LINEAR, OP_MAP_ALLOC, OP_UNMAP, OP_PROTECT, OP_FAULT, OP_POPULATE, OP_DIRTY_START,
	       OP_DIRTY_STOP, OP_DIRTY_GET, OP_AGE, OP_COLLAPSE, OP_TRANSLATE, OP_WRITE, OP_READ, OP_BUFFER,
	       OP_GUEST_WRITE, OP_CLEAR, OP_KINDS };
extern const char *const op_names[OP_KINDS];

struct op {
	enum op_kind kind;
	uint64_t gpa, hpa, size;
	unsigned flags;      /* map, protect; fault: access */
	bool populate;
	bool huge;           /* map_alloc, lazy: ptf_aspace_map_alloc_huge */
	bool overwrite;      /* map_linear, map_alloc (not huge): the _overwrite call */
	bool clear;          /* dirty_log_get */
	long fail_after;     /* -1: no injected failure */
	uint32_t data_seed;  /* write */
};
#define DIRTY_WORDS 512 /* a dirty-log get or age compares at most 64 * DIRTY_WORDS pages */

/* How the runs' HAL and address space are set up (diff.c's options, the fuzz input) */
struct diff_setup {
	bool records_from_frames; /* the HAL has no alloc_bytes: ptforge's records come from
	                             frames too, and injected failures reach them */
	bool vmid_all;            /* the HAL has flush_tlb_vmid_all: clear drops the whole VMID */
	uint64_t vmid;
	uint64_t window_size;     /* from WINDOW_BASE: 4 GiB for the driver, less where each
	                             run must be quick (the model has an entry per page) */
};
extern struct diff_setup diff_setup;

/* ---- differ.c ---- */

struct sut {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	struct ptf_hal own_hal; /* the hosted HAL with the flushes recorded (and less
	                           alloc_bytes, with records_from_frames) */
	const struct ptf_hal *hal;
	struct ptf_aspace *as;
	struct model m;
	size_t merged_seen; /* ptf_aspace_stats' blocks_merged after the last op that merged */
};

struct outcome {
	int rc, model_rc;
	bool injected_enomem;  /* the runtime failed for want of a frame: the model stays */
	size_t frames_before, frames_after; /* the HAL's count around the call */
	/* the model's pages of [lo, hi) (the op's pages, within the window) before the op */
	uint64_t lo, hi;
	struct model_page *before;
	size_t merged; /* blocks a linear merge joined after the op (merge_flush) */
};

/* The format's granule becomes PAGE; then a fresh address space and model. */
void sut_open(struct sut *s, const struct ptf_format *fmt);
/* Destroys both; the frames the HAL still counts in use afterwards (0: none leaked). */
size_t sut_close(struct sut *s);
struct outcome run_op(struct sut *s, const struct op *o);
/* After op i of n: false, with why, when the runtime and the model part. */
bool check_after(struct sut *s, const struct op *o, const struct outcome *out, char *why, size_t len);
bool periodic(struct sut *s, size_t i, size_t n, char *why, size_t len);
/* Index of the first op at which runtime and model part, or -1. */
long replay(const struct ptf_format *f, const struct op *ops, size_t n, char *why, size_t len);
/* The fewest of ops[0, n) that still part (the last kept); their count. */
size_t shrink(const struct ptf_format *f, struct op *ops, size_t n);
/* The bytes a write op writes. */
void fill(unsigned char *buf, size_t len, uint32_t seed);

/* ---- reproduce.c ---- */

/* The ops as a scenario script; each expectation is the model's, so the script fails
 * where the runtime diverges. what: the run that found them ("seed 7", "fuzz input"). */
void print_script(FILE *out, const struct ptf_format *f, const struct op *ops, size_t n, const char *what);

/* ---- random_ops.c ---- */

/* The randomness: splitmix64 from the seed, after the values queued (at most 8; the
 * runtime fuzzer's input chooses an operation's first draws, its kind first). */
void diff_rng_seed(uint64_t seed, const uint64_t *first, size_t n_first);
/* A random operation, shaped by what the model holds (maps mostly to free spots, faults
 * mostly to mapped pages, frames kept inside the arena); some invalid on purpose, some
 * (inject) with an allocation failure to come. */
struct op random_op(const struct model *m, bool inject);

#endif

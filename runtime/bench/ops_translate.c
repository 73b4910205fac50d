/* ops_translate.c: lookups at the walker interface (fmt->query, generic_query), each op
 * on a tree that maps only the range it looks up:
 *   translate_4k: over small_map_size (1 GiB) of 4 KiB leaves, 2 MiB of last-level
 *     entries: memory-bound;
 *   translate_huge: over 2 GiB of 1 GiB leaves;
 *   translate_4k_hot: over 4 MiB of 4 KiB leaves, 8 KiB of last-level entries: in cache;
 *   translate_4k_hot_inline: the same through ptf_F_query_inline, compiled into the
 *     lookup loop as a single-format embedder has it (no call per lookup);
 *   translate_floor: translate_4k_hot's addresses through a chain of fmt->levels
 *     dependent loads over hot memory and nothing else, what any walk costs at least.
 * A lookup takes about as long as reading the clock, so a sample is the mean of a batch
 * of LOOKUP_BATCH random lookups (independent of each other, as a guest's would be):
 * the distribution is of batch means. */
#include <stdlib.h>

#include "phase.h"
#include "ptf_formats.h"

#define LOOKUP_BATCH 64
#define HUGE_VA (4 * GiB)            /* identity: the largest leaves alignment allows (1 GiB) */
#define HUGE_SIZE (2 * GiB)
#define HOT_SPAN (4 * MiB)

typedef int (*lookup_batch)(const void *ctx, const uint64_t *va);

static int specialised_lookups(const void *ctx, const uint64_t *va)
{
	const struct rig *r = ctx;
	uint64_t pa;
	int rc = 0;
	for (int i = 0; i < LOOKUP_BATCH; i++)
		rc |= r->fmt->query(r->hal, r->root, va[i], &pa, NULL, NULL);
	return rc;
}

/* One batch function per built format, each with its format's inline query. */
#define INLINE_LOOKUPS(name)                                                                \
	static int inline_lookups_##name(const void *ctx, const uint64_t *va)                \
	{                                                                                    \
		const struct rig *r = ctx;                                                   \
		uint64_t pa;                                                                 \
		int rc = 0;                                                                  \
		for (int i = 0; i < LOOKUP_BATCH; i++)                                       \
			rc |= ptf_##name##_query_inline(r->hal, r->root, va[i], &pa, NULL, NULL); \
		return rc;                                                                   \
	}
PTF_FOR_EACH_FORMAT(INLINE_LOOKUPS)

#define INLINE_LOOKUPS_ENTRY(name) { &ptf_format_##name, inline_lookups_##name },
static const struct {
	const struct ptf_format *fmt;
	lookup_batch batch;
} inline_lookups[] = { PTF_FOR_EACH_FORMAT(INLINE_LOOKUPS_ENTRY) };

static lookup_batch inline_lookups_of(const struct ptf_format *fmt)
{
	for (size_t i = 0; i < sizeof(inline_lookups) / sizeof(inline_lookups[0]); i++)
		if (inline_lookups[i].fmt == fmt)
			return inline_lookups[i].batch;
	bench_die("no inline query for the format", PTF_EINVAL);
	return NULL;
}

static int generic_lookups(const void *ctx, const uint64_t *va)
{
	const struct rig *r = ctx;
	uint64_t pa;
	int rc = 0;
	for (int i = 0; i < LOOKUP_BATCH; i++)
		rc |= generic_query(&r->g, r->hal, r->root, va[i], &pa);
	return rc;
}

/* lookups / LOOKUP_BATCH timed batches at random 8-byte-aligned addresses of
 * [from, from + span), after a tenth as many untimed ones (caches and predictors in
 * their steady state); the samples end up per lookup. */
static void time_batches(struct phase *p, lookup_batch batch, const void *ctx, uint64_t from, uint64_t span)
{
	size_t batches = p->run->config->lookups / LOOKUP_BATCH, warmup = batches / 10;
	uint64_t va[LOOKUP_BATCH];
	for (size_t i = 0; i < warmup + batches; i++) {
		for (int k = 0; k < LOOKUP_BATCH; k++)
			va[k] = from + phase_random(p, span) / 8 * 8;
		if (i >= warmup)
			TIMED(p, p->out[0], batch(ctx, va));
		else if (batch(ctx, va))
			bench_die("warm-up lookups", PTF_ENOENT);
	}
	measured_scale(p->out[0], 1.0 / LOOKUP_BATCH);
}

/* Maps [va, va + size) to pa on a fresh rig and times lookups over it with batch (the
 * phase's walker's when NULL). */
static void time_tree_lookups(struct phase *p, uint64_t va, uint64_t pa, uint64_t size, lookup_batch batch)
{
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, size) + 8 * MiB);
	int rc = rig_map_range(&r, va, pa, size);
	if (rc)
		bench_die("map the range to look up", rc);
	if (!batch)
		batch = p->walker == SPECIALISED ? specialised_lookups : generic_lookups;
	time_batches(p, batch, &r, va, size);
	rig_close(&r);
}

static void translate_4k_phase(struct phase *p)
{
	time_tree_lookups(p, SMALL_VA, SMALL_PA(p->fmt), p->run->config->small_map_size, NULL);
}

static void translate_huge_phase(struct phase *p)
{
	time_tree_lookups(p, HUGE_VA, HUGE_VA, HUGE_SIZE, NULL);
}

static void translate_4k_hot_phase(struct phase *p)
{
	time_tree_lookups(p, SMALL_VA, SMALL_PA(p->fmt), HOT_SPAN, NULL);
}

static void translate_4k_hot_inline_phase(struct phase *p)
{
	time_tree_lookups(p, SMALL_VA, SMALL_PA(p->fmt), HOT_SPAN, inline_lookups_of(p->fmt));
}

/* The floor's memory: one 4 KiB table per level, whose entries all hold the next
 * table's address (the last table's hold values), indexed by the low 9 bits of the
 * address bits the format's level takes. */
#define FLOOR_ENTRIES 512

struct load_chain {
	unsigned levels;
	unsigned shift[PTF_MAX_LEVELS];
	uint64_t *tables; /* levels tables of FLOOR_ENTRIES, one after the other */
};

static int chain_lookups(const void *ctx, const uint64_t *va)
{
	const struct load_chain *c = ctx;
	uint64_t sum = 0;
	for (int i = 0; i < LOOKUP_BATCH; i++) {
		uint64_t at = (uint64_t)(uintptr_t)c->tables;
		for (unsigned d = 0; d < c->levels; d++)
			at = ((const uint64_t *)(uintptr_t)at)[(va[i] >> c->shift[d]) & (FLOOR_ENTRIES - 1)];
		sum += at;
	}
	/* the loads' results leave the function, so none of them can be elided */
	__asm__ volatile("" : : "r"(sum));
	return 0;
}

static void translate_floor_phase(struct phase *p)
{
	struct load_chain c = { .levels = p->fmt->levels };
	c.tables = aligned_alloc(PTF_FRAME_SIZE, c.levels * FLOOR_ENTRIES * sizeof(uint64_t));
	if (!c.tables)
		bench_die("floor tables", PTF_ENOMEM);
	for (unsigned d = 0; d < c.levels; d++) {
		c.shift[d] = p->fmt->level[d].index_lo;
		uint64_t *table = c.tables + d * FLOOR_ENTRIES;
		for (uint64_t i = 0; i < FLOOR_ENTRIES; i++)
			table[i] = d + 1 < c.levels ? (uint64_t)(uintptr_t)(table + FLOOR_ENTRIES) : i * PTF_FRAME_SIZE;
	}
	time_batches(p, chain_lookups, &c, SMALL_VA, HOT_SPAN);
	free(c.tables);
}

void bench_translate(const struct bench_run *run, const struct ptf_format *fmt)
{
	static const struct op_group groups[] = {
		{ .ops = { "translate_4k" }, .phase = translate_4k_phase, .stream = STREAM_TRANSLATE_4K },
		{ .ops = { "translate_huge" }, .phase = translate_huge_phase, .stream = STREAM_TRANSLATE_HUGE },
		{ .ops = { "translate_4k_hot" }, .phase = translate_4k_hot_phase, .stream = STREAM_TRANSLATE_HOT },
		{ .ops = { "translate_4k_hot_inline" }, .phase = translate_4k_hot_inline_phase,
		  .specialised_only = true, .stream = STREAM_TRANSLATE_HOT },
		{ .ops = { "translate_floor" }, .phase = translate_floor_phase, .specialised_only = true,
		  .stream = STREAM_TRANSLATE_HOT },
	};
	run_op_groups(run, fmt, groups, sizeof(groups) / sizeof(groups[0]));
}

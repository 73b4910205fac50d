/* ops_map.c: map, unmap and protect at the walker interface (fmt->map_page and the
 * others, generic_map_page and the others).
 *   map_page_4k / unmap_page_4k: single 4 KiB pages at random over page_region, every
 *     table present: one page stays mapped in each last-level table, so no map needs a
 *     table and no unmap empties one;
 *   map_linear_4k / unmap_4k: small_map_size (1 GiB) of 4 KiB pages in one call each,
 *     protect_4k: protect_size of them, while mapped;
 *   map_linear_huge / unmap_huge: one leaf of the largest size up to 1 GiB (1 GiB on x86
 *     and ARM 4 KiB), its tables present (a neighbouring one stays mapped, so no unmap
 *     empties a table and no map needs one).
 * Single pages take a few clock steps: they are timed OP_BATCH at a time (phase.h). */
#include <stdlib.h>

#include "phase.h"

#define PAGE_VA GiB
#define PAGE_PA_OFFSET (8 * GiB)

static void map_page_phase(struct phase *p)
{
	const struct bench_config *c = p->run->config;
	/* at least one table, where a table spans more than the region (64 KiB granule) */
	uint64_t span = last_level_table_span(p->fmt), tables = c->page_region > span ? c->page_region / span : 1;
	uint64_t page = ptf_format_granule(p->fmt), pages_per_table = span / page;
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, c->page_region) + 8 * MiB);
	/* the last page of every table's span stays mapped: the tables stay */
	size_t n = 0;
	uint32_t *pages = malloc(tables * pages_per_table * sizeof(*pages));
	if (!pages)
		bench_die("page list", PTF_ENOMEM);
	for (uint32_t t = 0; t < tables; t++) {
		uint64_t keep = PAGE_VA + (t + 1) * span - page;
		int rc = rig_map_page(&r, keep, keep + PAGE_PA_OFFSET);
		if (rc)
			bench_die("map the page that keeps a table", rc);
		for (uint32_t k = 0; k + 1 < pages_per_table; k++)
			pages[n++] = (uint32_t)(t * pages_per_table + k);
	}
	n -= n % OP_BATCH;
	for (size_t rep = 0; rep < c->page_reps; rep++) {
		bench_shuffle(&p->rng, pages, n);
		for (size_t i = 0; i < n; i += OP_BATCH) {
			const uint32_t *at = pages + i;
			TIMED_BATCH(p, p->out[0], OP_BATCH, b,
			            rig_map_page(&r, PAGE_VA + (uint64_t)at[b] * page,
			                         PAGE_VA + (uint64_t)at[b] * page + PAGE_PA_OFFSET));
		}
		bench_shuffle(&p->rng, pages, n);
		for (size_t i = 0; i < n; i += OP_BATCH) {
			const uint32_t *at = pages + i;
			TIMED_BATCH(p, p->out[1], OP_BATCH, b, rig_unmap_page(&r, PAGE_VA + (uint64_t)at[b] * page));
		}
	}
	free(pages);
	rig_close(&r);
}

static void map_linear_phase(struct phase *p)
{
	const struct bench_config *c = p->run->config;
	uint64_t size = c->small_map_size;
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, size) + 8 * MiB);
	for (size_t i = 0; i < c->map_reps; i++) {
		TIMED(p, p->out[0], rig_map_range(&r, SMALL_VA, SMALL_PA(p->fmt), size));
		for (size_t k = 0; k < c->protect_reps / c->map_reps + 1; k++)
			TIMED(p, p->out[2], rig_protect_range(&r, SMALL_VA, c->protect_size, k % 2 ? RW : PTF_R));
		TIMED(p, p->out[1], rig_unmap_range(&r, SMALL_VA, size));
	}
	rig_close(&r);
}

static void map_huge_phase(struct phase *p)
{
	/* leaves at 4 and 8 huge pages in (4 GiB and 8 GiB on x86) */
	uint64_t huge = huge_leaf_size(p->fmt), va = 4 * huge, pa = 8 * huge;
	struct rig r;
	rig_open(&r, p->fmt, p->walker, 8 * MiB);
	int rc = rig_map_range(&r, va + OP_BATCH * huge, pa + OP_BATCH * huge, huge);
	if (rc)
		bench_die("map the leaf that keeps the tables", rc);
	for (size_t i = 0; i < p->run->config->huge_reps; i += OP_BATCH) {
		TIMED_BATCH(p, p->out[0], OP_BATCH, b, rig_map_range(&r, va + b * huge, pa + b * huge, huge));
		TIMED_BATCH(p, p->out[1], OP_BATCH, b, rig_unmap_range(&r, va + b * huge, huge));
	}
	rig_close(&r);
}

void bench_maps(const struct bench_run *run, const struct ptf_format *fmt)
{
	static const struct op_group groups[] = {
		{ .ops = { "map_page_4k", "unmap_page_4k" }, .phase = map_page_phase, .stream = STREAM_PAGE },
		{ .ops = { "map_linear_huge", "unmap_huge" }, .phase = map_huge_phase },
		{ .ops = { "map_linear_4k", "unmap_4k", "protect_4k" }, .phase = map_linear_phase },
	};
	run_op_groups(run, fmt, groups, sizeof(groups) / sizeof(groups[0]));
}

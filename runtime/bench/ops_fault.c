/* ops_fault.c: the lazy-fault path, through ptf_aspace_handle_fault (area look-up
 * included) for the specialised walker and the same steps for the generic one
 * (generic_handle_fault), on a 1 GiB lazy area at 1 GiB.
 *   fault_cold: one fault in each last-level table's span of a fresh area, in random
 *     order: each needs a new last-level table (the first also the tables above).
 *   fault_warm: faults at pages not mapped yet where every table exists, each in a
 *     region drawn at random (SPREAD below).
 *   fault_warm_prezeroed: the fault path itself: the host HAL's pool of pre-zeroed
 *     frames on, so the fault takes a frame and zeroes nothing (the pool is refilled
 *     between timed faults, as a hypervisor would from idle time), region by region so
 *     that the tables it writes are in cache (HOT below).
 *   fault_warm_prezeroed_spread: the pool on, at fault_warm's addresses: what cache
 *     misses on the tables add.
 *   fault_huge_2m: a fault that maps a whole huge frame (below).
 * Warm faults take a few clock steps: they are timed OP_BATCH at a time (phase.h). */
#include <stdlib.h>

#include "phase.h"

#define AREA_GPA GiB
#define AREA_SIZE GiB

/* fault_warm_prezeroed: refilled every REFILL_EVERY faults, the pool holds twice that,
 * so no timed fault finds it empty (the phase counts those that do: pool_misses) */
#define REFILL_EVERY 64
#define ZEROED_POOL (2 * REFILL_EVERY)

/* The area's last-level tables in a random order, as region indices. */
struct regions {
	uint32_t *index;
	size_t n;
	uint64_t span;  /* one last-level table's span */
	uint64_t page;  /* the format's granule */
	uint64_t pages; /* pages in a span */
};

static void regions_open(struct regions *rg, const struct ptf_format *fmt)
{
	rg->span = last_level_table_span(fmt);
	rg->n = (size_t)(AREA_SIZE / rg->span);
	rg->page = ptf_format_granule(fmt);
	rg->pages = rg->span / rg->page;
	rg->index = malloc(rg->n * sizeof(*rg->index));
	if (!rg->index)
		bench_die("regions", PTF_ENOMEM);
	for (size_t i = 0; i < rg->n; i++)
		rg->index[i] = (uint32_t)i;
}

static uint64_t region_page(const struct regions *rg, size_t i, uint64_t page)
{
	return AREA_GPA + rg->index[i] * rg->span + page * rg->page;
}

static void fault_cold_phase(struct phase *p)
{
	struct regions rg;
	regions_open(&rg, p->fmt);
	/* room for a data frame and a table per region, and the tables above */
	size_t arena = (2 * rg.n + 64) * rg.page + 4 * MiB;
	for (size_t round = 0; round < p->run->config->cold_rounds; round++) {
		struct rig r;
		rig_open(&r, p->fmt, p->walker, arena);
		rig_add_lazy_area(&r, AREA_GPA, AREA_SIZE);
		bench_shuffle(&p->rng, rg.index, rg.n);
		for (size_t i = 0; i < rg.n; i++) {
			uint64_t gpa = region_page(&rg, i, phase_random(p, rg.pages));
			TIMED(p, p->out[0], rig_fault(&r, gpa));
		}
		rig_close(&r);
	}
	free(rg.index);
}

/* Where warm faults go, each at a page not faulted yet (every region's page 0 was, for
 * its tables):
 *   SPREAD: each fault in a region drawn at random, every region once before any twice:
 *     the last-level entry it writes is rarely in a near cache (1 GiB has 2 MiB of them);
 *   HOT: region by region, HOT_SPAN of them at a time (one region where a region is
 *     larger), every page there in random order, as a guest that goes on touching memory
 *     where it last did: the tables stay in cache, as the frame-pop floor's word does. */
enum warm_order { SPREAD, HOT };

#define HOT_SPAN (4 * MiB)

struct warm_addresses {
	const struct regions *rg;
	enum warm_order order;
	size_t given;
	/* HOT: the pages of the regions in hand, shuffled (region slot * pages + page) */
	uint32_t *group;
	size_t group_n, group_at, next_slot, slots_per_group;
};

static void warm_open(struct warm_addresses *w, struct phase *p, struct regions *rg, enum warm_order order)
{
	*w = (struct warm_addresses){ .rg = rg, .order = order };
	bench_shuffle(&p->rng, rg->index, rg->n);
	if (order == HOT) {
		w->slots_per_group = rg->span >= HOT_SPAN ? 1 : (size_t)(HOT_SPAN / rg->span);
		w->group = malloc(w->slots_per_group * rg->pages * sizeof(*w->group));
		if (!w->group)
			bench_die("fault order", PTF_ENOMEM);
	}
}

static uint64_t warm_next(struct warm_addresses *w, struct phase *p)
{
	const struct regions *rg = w->rg;
	size_t k = w->given++;
	if (w->order == SPREAD) {
		if (k && k % rg->n == 0)
			bench_shuffle(&p->rng, rg->index, rg->n);
		uint64_t page = 1 + (k / rg->n) % (rg->pages - 1); /* distinct for pages - 1 sweeps */
		return region_page(rg, k % rg->n, page);
	}
	if (w->group_at == w->group_n) {
		if (w->next_slot >= rg->n)
			bench_die("more warm faults than the area has pages", PTF_ENOMEM);
		w->group_n = 0;
		for (size_t i = 0; i < w->slots_per_group && w->next_slot < rg->n; i++, w->next_slot++)
			for (uint64_t page = 1; page < rg->pages; page++)
				w->group[w->group_n++] = (uint32_t)(w->next_slot * rg->pages + page);
		bench_shuffle(&p->rng, w->group, w->group_n);
		w->group_at = 0;
	}
	uint32_t at = w->group[w->group_at++];
	return region_page(rg, at / rg->pages, at % rg->pages);
}

static void time_warm_faults(struct phase *p, bool prezeroed, enum warm_order order)
{
	size_t faults = faults_for(p->fmt, p->run->config->warm_faults);
	struct regions rg;
	regions_open(&rg, p->fmt);
	struct rig r;
	rig_open(&r, p->fmt, p->walker, (faults + 2 * rg.n + ZEROED_POOL + 64) * rg.page + 4 * MiB);
	rig_add_lazy_area(&r, AREA_GPA, AREA_SIZE);
	/* the first page of every region: every table now exists */
	for (size_t i = 0; i < rg.n; i++)
		if (rig_fault(&r, region_page(&rg, i, 0)))
			bench_die("pre-fault", PTF_ENOMEM);
	if (prezeroed && ptf_host_hal_keep_zeroed_pages(r.host, rg.page, ZEROED_POOL))
		bench_die("pre-zeroed pool", PTF_ENOMEM);
	unsigned long misses_before = ptf_host_hal_zero_misses(r.host);
	struct warm_addresses w;
	warm_open(&w, p, &rg, order);
	uint64_t gpa[OP_BATCH];
	for (size_t i = 0; i < faults; i += OP_BATCH) {
		for (size_t b = 0; b < OP_BATCH; b++)
			gpa[b] = warm_next(&w, p);
		if (prezeroed && i % REFILL_EVERY == 0)
			ptf_host_hal_refill_zeroed(r.host); /* untimed: idle time */
		TIMED_BATCH(p, p->out[0], OP_BATCH, b, rig_fault(&r, gpa[b]));
	}
	p->out[0]->pool_misses = ptf_host_hal_zero_misses(r.host) - misses_before;
	rig_close(&r);
	free(w.group);
	free(rg.index);
}

static void fault_warm_phase(struct phase *p)
{
	time_warm_faults(p, false, SPREAD);
}

static void fault_warm_prezeroed_phase(struct phase *p)
{
	time_warm_faults(p, true, HOT);
}

static void fault_warm_prezeroed_spread_phase(struct phase *p)
{
	time_warm_faults(p, true, SPREAD);
}

/* fault_huge_2m: a fault in an area that asks for huge frames (ptf_aspace_map_alloc_huge)
 * maps the whole first-huge-size frame around the page (2 MiB with 4 KiB pages, 32 MiB
 * with 16 KiB), zeroed: one fault in each of HUGE_FAULTS such ranges, in random order,
 * every table above them there already. Specialised only (the generic walker has no
 * huge frames); unmeasured where that size is above 32 MiB (a 64 KiB granule's 512 MiB). */
#define HUGE_FAULTS 32

static void fault_huge_phase(struct phase *p)
{
	uint64_t huge = p->fmt->n_page_sizes > 1 ? p->fmt->page_sizes[1] : 0;
	if (!huge || huge > 32 * MiB)
		return;
	size_t n = HUGE_FAULTS;
	uint32_t *order = malloc(n * sizeof(*order));
	if (!order)
		bench_die("order", PTF_ENOMEM);
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	for (size_t round = 0; round < p->run->config->cold_rounds; round++) {
		struct rig r;
		rig_open(&r, p->fmt, p->walker, (n + 1) * huge + 8 * MiB);
		ptf_host_hal_set_data_frame_max(r.host, huge);
		int rc = ptf_aspace_map_alloc_huge(r.as, AREA_GPA, (n + 1) * huge, RW);
		if (rc)
			bench_die("map_alloc_huge", rc);
		/* the tables above the huge leaves: a fault in the last range, then its frame back */
		uint64_t last = AREA_GPA + n * huge;
		if (rig_fault(&r, last) || ptf_aspace_unmap(r.as, last, huge) || ptf_aspace_map_alloc_huge(r.as, last, huge, RW))
			bench_die("pre-fault", PTF_ENOMEM);
		bench_shuffle(&p->rng, order, n);
		for (size_t i = 0; i < n; i++) {
			uint64_t gpa = AREA_GPA + order[i] * huge + phase_random(p, huge / r.page) * r.page;
			TIMED(p, p->out[0], rig_fault(&r, gpa));
		}
		rig_close(&r);
	}
	free(order);
}

void bench_faults(const struct bench_run *run, const struct ptf_format *fmt)
{
	static const struct op_group groups[] = {
		{ .ops = { "fault_cold" }, .phase = fault_cold_phase, .stream = STREAM_FAULT_COLD },
		{ .ops = { "fault_warm" }, .phase = fault_warm_phase, .stream = STREAM_FAULT_WARM },
		{ .ops = { "fault_warm_prezeroed" }, .phase = fault_warm_prezeroed_phase, .stream = STREAM_FAULT_HOT },
		/* fault_warm's addresses: the two differ only in the pool */
		{ .ops = { "fault_warm_prezeroed_spread" }, .phase = fault_warm_prezeroed_spread_phase,
		  .stream = STREAM_FAULT_WARM },
		{ .ops = { "fault_huge_2m" }, .phase = fault_huge_phase, .specialised_only = true,
		  .stream = STREAM_FAULT_HUGE },
	};
	run_op_groups(run, fmt, groups, sizeof(groups) / sizeof(groups[0]));
}

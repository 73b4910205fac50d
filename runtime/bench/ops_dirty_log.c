/* ops_dirty_log.c: dirty logging through the address space (ptf_aspace_dirty_log_*), on
 * small_map_size (1 GiB) at 1 GiB. The specialised walker only: the generic walker has no
 * dirty log. Each group times one thing on a rig of its own (phase.h).
 *   dirty_log_start: start over a linear area of leaves of the first huge page size
 *     (2 MiB on x86 and ARM 4 KiB; one leaf at least): the eager split of every leaf
 *     into write-protected granule pages; its yardstick is map_linear_4k, mapping as
 *     many granule pages;
 *   dirty_log_get_1pct: get with clear over granule pages of which 1% were written since
 *     the last get (write faults at random pages, not timed; where the format has
 *     hardware dirty bits, writes through mmu_sim.h's MMU, which set them);
 *   protect_all: ptf_aspace_protect of all of those pages (read-only, then back to
 *     read-write), the yardstick of the get. */
#include <stdlib.h>

#include "mmu_sim.h"
#include "phase.h"

static void dirty_log_start_phase(struct phase *p)
{
	const struct bench_config *c = p->run->config;
	uint64_t huge = p->fmt->n_page_sizes > 1 ? p->fmt->page_sizes[1] : 0;
	if (!huge)
		return; /* no huge leaf to split: unmeasured */
	/* one leaf at least (a 64 KiB granule's is 512 MiB, beyond a quick run's size) */
	uint64_t size = c->small_map_size > huge ? c->small_map_size : huge;
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, size) + 8 * MiB);
	for (size_t i = 0; i < c->map_reps; i++) {
		/* aligned to the huge size and off the next one: leaves of that size only */
		map_small_or_die(&r, 8 * GiB + huge, size);
		TIMED(p, p->out[0], ptf_aspace_dirty_log_start(r.as, SMALL_VA, size));
		int rc = ptf_aspace_dirty_log_stop(r.as, SMALL_VA, size);
		if (!rc)
			rc = ptf_aspace_unmap(r.as, SMALL_VA, size);
		if (rc)
			bench_die("stop and unmap", rc);
	}
	rig_close(&r);
}

static void dirty_log_get_phase(struct phase *p)
{
	const struct bench_config *c = p->run->config;
	uint64_t size = c->small_map_size, page = ptf_format_granule(p->fmt), pages = size / page;
	uint64_t dirty = pages / 100 ? pages / 100 : 1;
	uint64_t *bitmap = calloc((size_t)(size / 4096 / 64 + 1), sizeof(uint64_t));
	if (!bitmap)
		bench_die("bitmap", PTF_ENOMEM);
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, size) + 8 * MiB);
	map_small_or_die(&r, SMALL_PA(p->fmt), size);
	int rc = ptf_aspace_dirty_log_start(r.as, SMALL_VA, size);
	if (rc)
		bench_die("dirty_log_start", rc);
	for (size_t i = 0; i < c->protect_reps; i++) {
		for (uint64_t k = 0; k < dirty; k++) {
			uint64_t gpa = SMALL_VA + phase_random(p, pages) * page;
			if (p->fmt->dirty == PTF_DIRTY_HARDWARE &&
			    mmu_sim_access(p->fmt, r.hal, ptf_aspace_root(r.as), gpa, true) == MMU_SIM_DONE)
				continue;
			rc = ptf_aspace_handle_fault(r.as, gpa, PTF_W);
			if (rc)
				bench_die("write fault", rc);
		}
		TIMED(p, p->out[0], ptf_aspace_dirty_log_get(r.as, SMALL_VA, size, bitmap, true));
	}
	rig_close(&r);
	free(bitmap);
}

static void protect_all_phase(struct phase *p)
{
	const struct bench_config *c = p->run->config;
	uint64_t size = c->small_map_size;
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, size) + 8 * MiB);
	map_small_or_die(&r, SMALL_PA(p->fmt), size);
	for (size_t i = 0; i < c->protect_reps; i++)
		TIMED(p, p->out[0], ptf_aspace_protect(r.as, SMALL_VA, size, i % 2 ? RW : PTF_R));
	rig_close(&r);
}

void bench_dirty_log(const struct bench_run *run, const struct ptf_format *fmt)
{
	static const struct op_group groups[] = {
		{ .ops = { "dirty_log_start" }, .phase = dirty_log_start_phase, .specialised_only = true },
		{ .ops = { "dirty_log_get_1pct" }, .phase = dirty_log_get_phase, .specialised_only = true,
		  .stream = STREAM_DIRTY },
		{ .ops = { "protect_all" }, .phase = protect_all_phase, .specialised_only = true },
	};
	run_op_groups(run, fmt, groups, sizeof(groups) / sizeof(groups[0]));
}

/* ops_age.c: access tracking through the address space (ptf_aspace_age), the working-set
 * scan of a reclaim or migration policy. The specialised walker only: the generic walker
 * has no access tracking. One group on a rig of its own (phase.h):
 *   age: ptf_aspace_age over small_map_size (1 GiB) of granule pages at 1 GiB, of which
 *     1% were used since the previous age (read faults at random pages, not timed, which
 *     make an aged page used again in the format's way). Its yardstick is protect_all
 *     (ops_dirty_log.c), a change of every leaf of the same range. */
#include <stdlib.h>

#include "phase.h"

static void age_phase(struct phase *p)
{
	const struct bench_config *c = p->run->config;
	uint64_t size = c->small_map_size, page = ptf_format_granule(p->fmt), pages = size / page;
	uint64_t used = pages / 100 ? pages / 100 : 1;
	uint64_t *bitmap = calloc((size_t)(size / 4096 / 64 + 1), sizeof(uint64_t));
	if (!bitmap)
		bench_die("bitmap", PTF_ENOMEM);
	struct rig r;
	rig_open(&r, p->fmt, p->walker, last_level_table_bytes(p->fmt, size) + 8 * MiB);
	map_small_or_die(&r, SMALL_PA(p->fmt), size);
	int rc = ptf_aspace_age(r.as, SMALL_VA, size, bitmap); /* every page is new: age them all once */
	if (rc)
		bench_die("age", rc);
	for (size_t i = 0; i < c->protect_reps; i++) {
		for (uint64_t k = 0; k < used; k++) {
			rc = ptf_aspace_handle_fault(r.as, SMALL_VA + phase_random(p, pages) * page, PTF_R);
			if (rc)
				bench_die("read fault", rc);
		}
		TIMED(p, p->out[0], ptf_aspace_age(r.as, SMALL_VA, size, bitmap));
	}
	rig_close(&r);
	free(bitmap);
}

void bench_age(const struct bench_run *run, const struct ptf_format *fmt)
{
	static const struct op_group groups[] = {
		{ .ops = { "age" }, .phase = age_phase, .specialised_only = true, .stream = STREAM_AGE },
	};
	run_op_groups(run, fmt, groups, sizeof(groups) / sizeof(groups[0]));
}

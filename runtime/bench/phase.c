/* phase.c: running an op group's phases (see phase.h). */
#include "phase.h"

static void run_op_group(const struct bench_run *run, const struct ptf_format *fmt, const struct op_group *g)
{
	struct result *res[PHASE_MAX_OPS];
	size_t n = 0;
	for (; n < PHASE_MAX_OPS && g->ops[n]; n++)
		res[n] = results_add(run->results, fmt->name, g->ops[n]);
	enum walker last = g->specialised_only ? SPECIALISED : GENERIC;
	for (enum walker w = SPECIALISED; w <= last; w++) {
		struct phase p = { .run = run, .fmt = fmt, .walker = w, .rng = bench_rng_stream(run->seed, g->stream) };
		for (size_t i = 0; i < n; i++)
			p.out[i] = result_side(res[i], w);
		g->phase(&p);
	}
}

void run_op_groups(const struct bench_run *run, const struct ptf_format *fmt, const struct op_group *groups, size_t n)
{
	for (size_t i = 0; i < n; i++)
		run_op_group(run, fmt, &groups[i]);
}

void map_small_or_die(const struct rig *r, uint64_t hpa, uint64_t size)
{
	int rc = ptf_aspace_map_linear(r->as, SMALL_VA, hpa, size, RW);
	if (rc)
		bench_die("map the area", rc);
}

/* results.h: what a run measured. One result per (format, op): the specialised walker's
 * samples and, where there is a baseline, the generic walker's, each summarised as
 * percentiles once the run is over. */
#ifndef PTF_BENCH_RESULTS_H
#define PTF_BENCH_RESULTS_H

#include <stddef.h>

enum walker { SPECIALISED, GENERIC };

struct summary {
	double p50, p90, p99, p999, max, mean;
};

/* One walker's side of a result. */
struct measured {
	double *ns;       /* one sample per timed region (translate: per lookup, see ops_translate.c) */
	size_t n, cap;
	struct summary s; /* filled by results_summarise */
	unsigned long pool_misses; /* fault_warm_prezeroed*: allocations that found the pool empty */
};

struct result {
	const char *format; /* a format's name, or "floor" */
	const char *op;
	struct measured spec;
	struct measured generic; /* n == 0 where there is no baseline */
};

struct results {
	struct result **r; /* pointers stay valid while the array grows */
	size_t n, cap;
};

struct result *results_add(struct results *rs, const char *format, const char *op);
/* NULL if the run has no such result */
const struct result *results_find(const struct results *rs, const char *format, const char *op);
struct measured *result_side(struct result *r, enum walker w);
void measured_push(struct measured *m, double ns);
void measured_scale(struct measured *m, double factor);
/* sorts every result's samples and fills its summaries */
void results_summarise(struct results *rs);
/* generic p50 / specialised p50, NaN without a baseline */
double result_ratio(const struct result *r);
void results_free(struct results *rs);

#endif

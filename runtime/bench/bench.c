/* bench.c: `ptf bench`, fault-path and walker latency per format.
 *
 * Every operation is timed one call at a time (timer.h) and summarised as percentiles.
 * In the same run it measures the floors of a lazy fault (zeroing a 4 KiB frame, one
 * frame-allocator pop) and the same operations done by the classic generic walker
 * (generic_walker.h) on the same formats, and reports generic/specialised ratios.
 * The fault paths are timed through the address-space API (area look-up included, for
 * both walkers); map/unmap/protect/translate are timed at the walker interface. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ptforge/ptforge.h>

#include "generic_walker.h"
#include "subcommands.h"
#include "timer.h"

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)
#define RW (PTF_R | PTF_W)

struct bench_config {
	size_t cold_rounds;      /* of 512 faults, one per 2 MiB region of a fresh 1 GiB area */
	size_t warm_faults;
	size_t lookups;
	uint64_t small_map_size; /* the 4 KiB-page map, unmap and protect */
	uint64_t protect_size;
	size_t map_reps, huge_reps, protect_reps, floor_reps;
};

static const struct bench_config full_config = {
	.cold_rounds = 32, .warm_faults = 100000, .lookups = 400000, .small_map_size = GiB,
	.protect_size = 64 * MiB, .map_reps = 20, .huge_reps = 2000, .protect_reps = 100, .floor_reps = 100000,
};

static const struct bench_config quick_config = {
	.cold_rounds = 1, .warm_faults = 2000, .lookups = 5000, .small_map_size = 16 * MiB,
	.protect_size = 2 * MiB, .map_reps = 2, .huge_reps = 20, .protect_reps = 4, .floor_reps = 2000,
};

/* ---- samples and results ---- */

struct samples {
	double *ns;
	size_t n, cap;
};

static void push(struct samples *s, double ns)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->ns = realloc(s->ns, s->cap * sizeof(double));
		if (!s->ns) {
			fprintf(stderr, "ptf bench: out of memory\n");
			exit(2);
		}
	}
	s->ns[s->n++] = ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct summary {
	double p50, p90, p99, p999, max, mean;
};

static double pct(const double *sorted, size_t n, double p)
{
	size_t i = (size_t)ceil(p * (double)n) ;
	return sorted[i ? i - 1 : 0];
}

static struct summary summarise(struct samples *s)
{
	struct summary r = { NAN, NAN, NAN, NAN, NAN, NAN };
	if (!s->n)
		return r;
	qsort(s->ns, s->n, sizeof(double), cmp_double);
	double sum = 0;
	for (size_t i = 0; i < s->n; i++)
		sum += s->ns[i];
	r.p50 = pct(s->ns, s->n, 0.50);
	r.p90 = pct(s->ns, s->n, 0.90);
	r.p99 = pct(s->ns, s->n, 0.99);
	r.p999 = pct(s->ns, s->n, 0.999);
	r.max = s->ns[s->n - 1];
	r.mean = sum / (double)s->n;
	return r;
}

struct result {
	const char *format;
	const char *op;
	struct samples spec, generic;   /* generic empty where there is no baseline */
	struct summary s, g;
};

struct results {
	struct result **r;   /* pointers stay valid while the array grows */
	size_t n, cap;
};

static struct result *new_result(struct results *rs, const char *format, const char *op)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->r = realloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	struct result *r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "ptf bench: out of memory\n");
		exit(2);
	}
	rs->r[rs->n++] = r;
	r->format = format;
	r->op = op;
	return r;
}

/* ---- deterministic randomness (--seed) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void shuffle(uint32_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rnd() % i);
		uint32_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* ---- one format's address spaces: specialised (as) and generic (gas + groot) ---- */

struct rig {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	const struct ptf_hal *hal;
	struct ptf_aspace *as;      /* the specialised path */
	struct ptf_aspace *gas;     /* areas for the generic path's look-ups (its tree is unused) */
	uint64_t groot;             /* the generic walker's tree */
	struct generic_paging g;
};

static void die(const char *what, int rc)
{
	fprintf(stderr, "ptf bench: %s: %s\n", what, ptf_strerror(rc));
	exit(2);
}

static void rig_open(struct rig *r, const struct ptf_format *fmt, size_t arena)
{
	memset(r, 0, sizeof(*r));
	r->fmt = fmt;
	r->host = ptf_host_hal_create(arena);
	if (!r->host)
		die("arena", PTF_ENOMEM);
	r->hal = ptf_host_hal_get(r->host);
	/* a hypervisor's memory is resident: take the kernel's first-touch faults now */
	memset(r->hal->phys_to_virt(r->hal->ctx, ptf_host_hal_arena_base(r->host)), 0,
	       ptf_host_hal_arena_frames(r->host) * PTF_FRAME_SIZE);
	uint64_t window = (uint64_t)1 << (fmt->input_bits < 40 ? fmt->input_bits : 40);
	int rc;
	if ((rc = ptf_aspace_create(&r->as, fmt, 0, window, r->hal)) ||
	    (rc = ptf_aspace_create(&r->gas, fmt, 0, window, r->hal)) || (rc = fmt->root_alloc(r->hal, &r->groot)))
		die("address space", rc);
	generic_paging_init(&r->g, fmt);
}

static void rig_close(struct rig *r)
{
	ptf_aspace_destroy(r->as);
	ptf_aspace_destroy(r->gas);
	r->fmt->destroy(r->hal, r->groot); /* frees the tables; data frames go with the arena */
	ptf_host_hal_destroy(r->host);
}

/* The generic fault path: the same steps as ptf_aspace_handle_fault, through the
 * generic walker. */
static int generic_fault(struct rig *r, uint64_t gpa, unsigned access)
{
	struct ptf_area_info area;
	int rc = ptf_aspace_find_area(r->gas, gpa, &area);
	if (rc)
		return rc;
	if ((area.flags & access) != access)
		return PTF_EACCESS;
	uint64_t page = gpa & ~(uint64_t)(PTF_FRAME_SIZE - 1), pa;
	if (generic_query(&r->g, r->hal, r->groot, page, &pa) == PTF_OK)
		return PTF_OK;
	uint64_t frame = r->hal->alloc_frames(r->hal->ctx, 1, PTF_FRAME_SIZE);
	if (!frame)
		return PTF_ENOMEM;
	memset(r->hal->phys_to_virt(r->hal->ctx, frame), 0, PTF_FRAME_SIZE);
	rc = generic_map_page(&r->g, r->hal, r->groot, page, frame, PTF_FRAME_SIZE, area.flags);
	if (rc)
		r->hal->free_frames(r->hal->ctx, frame, 1);
	return rc;
}

static const struct bench_timer *timer;

#define TIMED(samples, call)                                                 \
	do {                                                                     \
		uint64_t t0_ = bench_ticks();                                        \
		int rc_ = (call);                                                    \
		uint64_t t1_ = bench_ticks();                                        \
		if (rc_)                                                             \
			die(#call, rc_);                                                 \
		push((samples), bench_elapsed_ns(timer, t0_, t1_));                  \
	} while (0)

/* ---- the operations ---- */

static void bench_fault_cold(struct results *rs, const struct ptf_format *f, const struct bench_config *c)
{
	struct result *res = new_result(rs, f->name, "fault_cold");
	uint32_t regions[512];
	for (size_t round = 0; round < c->cold_rounds; round++) {
		struct rig r;
		rig_open(&r, f, 64 << 20);
		if (ptf_aspace_map_alloc(r.as, GiB, GiB, RW, false) || ptf_aspace_map_alloc(r.gas, GiB, GiB, RW, false))
			die("map_alloc", PTF_EINVAL);
		for (uint32_t i = 0; i < 512; i++)
			regions[i] = i;
		shuffle(regions, 512);
		for (size_t i = 0; i < 512; i++) {
			uint64_t gpa = GiB + regions[i] * 2 * MiB + (rnd() % 512) * 4 * KiB;
			TIMED(&res->spec, ptf_aspace_handle_fault(r.as, gpa, PTF_W));
			TIMED(&res->generic, generic_fault(&r, gpa, PTF_W));
		}
		rig_close(&r);
	}
}

static void bench_fault_warm(struct results *rs, const struct ptf_format *f, const struct bench_config *c)
{
	struct result *res = new_result(rs, f->name, "fault_warm");
	struct rig r;
	rig_open(&r, f, (size_t)(2 * c->warm_faults + 8192) * PTF_FRAME_SIZE + (64 << 20));
	if (ptf_aspace_map_alloc(r.as, GiB, GiB, RW, false) || ptf_aspace_map_alloc(r.gas, GiB, GiB, RW, false))
		die("map_alloc", PTF_EINVAL);
	uint32_t regions[512];
	for (uint32_t i = 0; i < 512; i++) {
		regions[i] = i;
		/* the first page of every 2 MiB region: every table now exists */
		if (ptf_aspace_handle_fault(r.as, GiB + i * 2 * MiB, PTF_W) || generic_fault(&r, GiB + i * 2 * MiB, PTF_W))
			die("pre-fault", PTF_ENOMEM);
	}
	for (size_t i = 0; i < c->warm_faults; i++) {
		if (i % 512 == 0)
			shuffle(regions, 512);
		uint64_t page = 1 + (i / 512) % 511; /* distinct within a region for 511 sweeps */
		uint64_t gpa = GiB + regions[i % 512] * 2 * MiB + page * 4 * KiB;
		TIMED(&res->spec, ptf_aspace_handle_fault(r.as, gpa, PTF_W));
		TIMED(&res->generic, generic_fault(&r, gpa, PTF_W));
	}
	rig_close(&r);
}

/* A lookup takes about as long as reading the clock, so each translate sample is the
 * mean of a batch of LOOKUP_BATCH random lookups: the distribution is of batch means. */
#define LOOKUP_BATCH 16

static int spec_query(struct rig *r, const uint64_t *va)
{
	uint64_t pa, root = ptf_aspace_root(r->as);
	int rc = 0;
	for (int i = 0; i < LOOKUP_BATCH; i++)
		rc |= r->fmt->query(r->hal, root, va[i], &pa, NULL, NULL);
	return rc;
}

static int gen_query(struct rig *r, const uint64_t *va)
{
	uint64_t pa;
	int rc = 0;
	for (int i = 0; i < LOOKUP_BATCH; i++)
		rc |= generic_query(&r->g, r->hal, r->groot, va[i], &pa);
	return rc;
}

static void batch_samples(struct samples *s, size_t from)
{
	for (size_t i = from; i < s->n; i++)
		s->ns[i] /= LOOKUP_BATCH;
}

static void bench_translate(struct results *rs, const struct ptf_format *f, const struct bench_config *c)
{
	struct result *small = new_result(rs, f->name, "translate_4k");
	struct result *huge = new_result(rs, f->name, "translate_huge");
	struct result *hot = new_result(rs, f->name, "translate_4k_hot");
	struct rig r;
	rig_open(&r, f, 64 << 20);
	uint64_t root = ptf_aspace_root(r.as);
	uint64_t span = c->small_map_size;
	/* host addresses off by 4 KiB from 2 MiB alignment: only 4 KiB leaves fit */
	if (f->map_range(r.hal, root, GiB, 8 * GiB + 4 * KiB, span, RW) ||
	    generic_map_range(&r.g, r.hal, r.groot, GiB, 8 * GiB + 4 * KiB, span, RW))
		die("map 4 KiB pages", PTF_EINVAL);
	/* and 2 GiB of the largest leaves alignment allows (1 GiB here) */
	if (f->map_range(r.hal, root, 4 * GiB, 4 * GiB, 2 * GiB, RW) ||
	    generic_map_range(&r.g, r.hal, r.groot, 4 * GiB, 4 * GiB, 2 * GiB, RW))
		die("map huge pages", PTF_EINVAL);
	uint64_t small_va[LOOKUP_BATCH], huge_va[LOOKUP_BATCH], hot_va[LOOKUP_BATCH];
	for (size_t i = 0; i < c->lookups / LOOKUP_BATCH; i++) {
		for (int k = 0; k < LOOKUP_BATCH; k++) {
			small_va[k] = GiB + (rnd() % span) / 8 * 8;
			huge_va[k] = 4 * GiB + (rnd() % (2 * GiB)) / 8 * 8;
			/* the first 4 MiB: 8 KiB of last-level entries, all in cache */
			hot_va[k] = GiB + (rnd() % (4 * MiB)) / 8 * 8;
		}
		TIMED(&small->spec, spec_query(&r, small_va));
		TIMED(&small->generic, gen_query(&r, small_va));
		TIMED(&huge->spec, spec_query(&r, huge_va));
		TIMED(&huge->generic, gen_query(&r, huge_va));
		TIMED(&hot->spec, spec_query(&r, hot_va));
		TIMED(&hot->generic, gen_query(&r, hot_va));
	}
	batch_samples(&small->spec, 0);
	batch_samples(&small->generic, 0);
	batch_samples(&huge->spec, 0);
	batch_samples(&huge->generic, 0);
	batch_samples(&hot->spec, 0);
	batch_samples(&hot->generic, 0);
	rig_close(&r);
}

static void bench_map(struct results *rs, const struct ptf_format *f, const struct bench_config *c)
{
	struct result *map_huge = new_result(rs, f->name, "map_linear_huge");
	struct result *unmap_huge = new_result(rs, f->name, "unmap_huge");
	struct result *map_small = new_result(rs, f->name, "map_linear_4k");
	struct result *unmap_small = new_result(rs, f->name, "unmap_4k");
	struct result *protect = new_result(rs, f->name, "protect_4k");
	uint64_t span = c->small_map_size;
	struct rig r;
	rig_open(&r, f, (size_t)(3 * (span / GiB + 1) * 520 + 1024) * PTF_FRAME_SIZE + (16 << 20));
	uint64_t root = ptf_aspace_root(r.as);
	for (size_t i = 0; i < c->huge_reps; i++) {
		TIMED(&map_huge->spec, f->map_range(r.hal, root, 4 * GiB, 8 * GiB, GiB, RW));
		TIMED(&unmap_huge->spec, f->unmap_range(r.hal, root, 4 * GiB, GiB));
		TIMED(&map_huge->generic, generic_map_range(&r.g, r.hal, r.groot, 4 * GiB, 8 * GiB, GiB, RW));
		TIMED(&unmap_huge->generic, generic_unmap_range(&r.g, r.hal, r.groot, 4 * GiB, GiB));
	}
	for (size_t i = 0; i < c->map_reps; i++) {
		TIMED(&map_small->spec, f->map_range(r.hal, root, GiB, 8 * GiB + 4 * KiB, span, RW));
		TIMED(&map_small->generic, generic_map_range(&r.g, r.hal, r.groot, GiB, 8 * GiB + 4 * KiB, span, RW));
		for (size_t k = 0; k < c->protect_reps / c->map_reps + 1; k++) {
			unsigned flags = k % 2 ? RW : PTF_R;
			TIMED(&protect->spec, f->protect_range(r.hal, root, GiB, c->protect_size, flags));
			TIMED(&protect->generic, generic_protect_range(&r.g, r.hal, r.groot, GiB, c->protect_size, flags));
		}
		TIMED(&unmap_small->spec, f->unmap_range(r.hal, root, GiB, span));
		TIMED(&unmap_small->generic, generic_unmap_range(&r.g, r.hal, r.groot, GiB, span));
	}
	rig_close(&r);
}

static void bench_floors(struct results *rs, const struct bench_config *c)
{
	struct result *zero = new_result(rs, "floor", "zero_4k");
	struct result *pop = new_result(rs, "floor", "frame_pop");
	/* 128 MiB of frames touched once, then zeroed in turn: like the frames a fault
	 * takes from resident memory, they are no longer in any cache */
	size_t frames = 32768;
	struct ptf_host_hal *host = ptf_host_hal_create((frames + 16) * PTF_FRAME_SIZE);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	uint64_t base = hal->alloc_frames(hal->ctx, frames, PTF_FRAME_SIZE);
	unsigned char *mem = hal->phys_to_virt(hal->ctx, base);
	memset(mem, 1, frames * PTF_FRAME_SIZE);
	for (size_t i = 0; i < c->floor_reps; i++) {
		unsigned char *p = mem + (i % frames) * PTF_FRAME_SIZE;
		uint64_t t0 = bench_ticks();
		memset(p, 0, PTF_FRAME_SIZE);
		__asm__ volatile("" : : "r"(p) : "memory");
		uint64_t t1 = bench_ticks();
		push(&zero->spec, bench_elapsed_ns(timer, t0, t1));
		t0 = bench_ticks();
		uint64_t pa = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE);
		t1 = bench_ticks();
		push(&pop->spec, bench_elapsed_ns(timer, t0, t1));
		hal->free_frames(hal->ctx, pa, 1);
	}
	ptf_host_hal_destroy(host);
}

/* ---- output ---- */

static double ratio(const struct result *r)
{
	return r->generic.n ? r->g.p50 / r->s.p50 : NAN;
}

static void print_table(FILE *out, const struct results *rs)
{
	fprintf(out, "%-18s %-16s %7s %9s %9s %9s %9s %10s %9s %12s %7s\n", "format", "op", "n", "p50_ns", "p90_ns",
	        "p99_ns", "p99.9_ns", "max_ns", "mean_ns", "generic_p50", "ratio");
	for (size_t i = 0; i < rs->n; i++) {
		const struct result *r = rs->r[i];
		fprintf(out, "%-18s %-16s %7zu %9.1f %9.1f %9.1f %9.1f %10.1f %9.1f", r->format, r->op, r->spec.n, r->s.p50,
		        r->s.p90, r->s.p99, r->s.p999, r->s.max, r->s.mean);
		if (r->generic.n)
			fprintf(out, " %12.1f %6.2fx\n", r->g.p50, ratio(r));
		else
			fprintf(out, " %12s %7s\n", "-", "-");
	}
}

static void json_number(FILE *f, double v)
{
	if (isnan(v))
		fprintf(f, "null");
	else
		fprintf(f, "%.2f", v);
}

static int write_json(const char *path, const struct results *rs, const struct bench_timer *t, uint64_t seed, bool quick)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "[\n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct result *r = rs->r[i];
		fprintf(f, "  {\"format\": \"%s\", \"op\": \"%s\", \"n\": %zu, \"p50_ns\": ", r->format, r->op, r->spec.n);
		json_number(f, r->s.p50);
		fprintf(f, ", \"p90_ns\": ");
		json_number(f, r->s.p90);
		fprintf(f, ", \"p99_ns\": ");
		json_number(f, r->s.p99);
		fprintf(f, ", \"p999_ns\": ");
		json_number(f, r->s.p999);
		fprintf(f, ", \"max_ns\": ");
		json_number(f, r->s.max);
		fprintf(f, ", \"mean_ns\": ");
		json_number(f, r->s.mean);
		fprintf(f, ", \"generic_p50_ns\": ");
		json_number(f, r->generic.n ? r->g.p50 : NAN);
		fprintf(f, ", \"ratio\": ");
		json_number(f, ratio(r));
		fprintf(f, ", \"clock\": \"%s\", \"seed\": %llu, \"quick\": %s}%s\n", t->source, (unsigned long long)seed,
		        quick ? "true" : "false", i + 1 < rs->n ? "," : "");
	}
	fprintf(f, "]\n");
	return fclose(f);
}

static int write_csv(const char *path, const struct results *rs)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "format,op,n,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,generic_p50_ns,ratio\n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct result *r = rs->r[i];
		fprintf(f, "%s,%s,%zu,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,", r->format, r->op, r->spec.n, r->s.p50, r->s.p90,
		        r->s.p99, r->s.p999, r->s.max, r->s.mean);
		if (r->generic.n)
			fprintf(f, "%.2f,%.3f\n", r->g.p50, ratio(r));
		else
			fprintf(f, ",\n");
	}
	return fclose(f);
}

static bool have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* CDFs of the per-operation latencies: one panel per fault/translate op, one line per
 * format (solid: specialised; dashed: generic). */
static int write_plot(const char *path, const struct results *rs)
{
	static const char *ops[] = { "fault_cold", "fault_warm", "translate_4k", "translate_4k_hot" };
	char dir[] = "/tmp/ptf-bench-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	char script[4096 + 256];
	snprintf(script, sizeof(script), "%s/plot.gp", dir);
	FILE *gp = fopen(script, "w");
	if (!gp)
		return -1;
	fprintf(gp, "set terminal svg size 1400,1000 dynamic background '#ffffff'\nset output '%s'\n", path);
	fprintf(gp, "set multiplot layout 2,2 title 'ptforge: per-operation latency, CDF (solid: specialised, dashed: generic)'\n");
	fprintf(gp, "set logscale x\nset xlabel 'ns'\nset ylabel 'fraction of operations'\nset key bottom right font ',8'\nset grid\n");
	for (size_t o = 0; o < 4; o++) {
		fprintf(gp, "set title '%s'\nplot ", ops[o]);
		bool first = true;
		for (size_t i = 0; i < rs->n; i++) {
			const struct result *r = rs->r[i];
			if (strcmp(r->op, ops[o]))
				continue;
			for (int which = 0; which < 2; which++) {
				const struct samples *s = which ? &r->generic : &r->spec;
				if (!s->n)
					continue;
				char data[4200];
				snprintf(data, sizeof(data), "%s/%s-%s-%d.dat", dir, r->format, r->op, which);
				FILE *d = fopen(data, "w");
				if (!d)
					return -1;
				size_t step = s->n > 2000 ? s->n / 2000 : 1;
				for (size_t k = 0; k < s->n; k += step)
					fprintf(d, "%.2f %.5f\n", s->ns[k] > 1 ? s->ns[k] : 1, (double)(k + 1) / (double)s->n);
				fclose(d);
				fprintf(gp, "%s'%s' using 1:2 with lines lc %zu dt %d title '%s%s'", first ? "" : ", ", data, i / 7 + 1,
				        which ? 2 : 1, r->format, which ? " (generic)" : "");
				first = false;
			}
		}
		fprintf(gp, "\n");
	}
	fprintf(gp, "unset multiplot\n");
	fclose(gp);
	char cmd[4400];
	snprintf(cmd, sizeof(cmd), "gnuplot '%s' && rm -rf '%s'", script, dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- the subcommand ---- */

static int bench_help(FILE *f)
{
	fprintf(f, "usage: ptf bench [--format NAME]... [--quick] [--seed N] [--json FILE] [--csv FILE] [--plot FILE.svg]\n"
	           "Measure per-operation latency (p50, p90, p99, p99.9, max, mean) of the fault path and the\n"
	           "walkers for every built format (or those named), against the floors (zeroing a 4 KiB frame,\n"
	           "a frame-allocator pop) and a generic data-driven walker, all in one run.\n"
	           "  --format NAME   only this format (repeatable)\n"
	           "  --quick         tiny sizes: a smoke run of a few seconds\n"
	           "  --seed N        seed for the random addresses (default 1)\n"
	           "  --json FILE     write the results as a JSON array of records\n"
	           "  --csv FILE      write the results as CSV\n"
	           "  --plot FILE     draw latency CDFs per format with gnuplot (SVG)\n");
	return f == stdout ? 0 : 2;
}

int cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },       { "format", required_argument, 0, 'f' },
		{ "quick", no_argument, 0, 'q' },      { "seed", required_argument, 0, 's' },
		{ "json", required_argument, 0, 'j' }, { "csv", required_argument, 0, 'c' },
		{ "plot", required_argument, 0, 'p' }, { 0, 0, 0, 0 },
	};
	const char *names[64];
	size_t n_names = 0;
	const char *json = NULL, *csv = NULL, *plot = NULL;
	bool quick = false;
	uint64_t seed = 1;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': return bench_help(stdout);
		case 'f':
			if (!ptf_format_find(optarg)) {
				fprintf(stderr, "ptf bench: unknown format '%s' (ptf formats lists them)\n", optarg);
				return 2;
			}
			if (n_names < 64)
				names[n_names++] = optarg;
			break;
		case 'q': quick = true; break;
		case 's': {
			char *end;
			seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg) {
				fprintf(stderr, "ptf bench: bad --seed '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'j': json = optarg; break;
		case 'c': csv = optarg; break;
		case 'p': plot = optarg; break;
		default: return bench_help(stderr);
		}
	}
	if (optind < argc)
		return bench_help(stderr);
	if (plot && !have_gnuplot()) {
		fprintf(stderr, "ptf bench: --plot needs gnuplot, which is not installed (apt-get install gnuplot-nox);"
		                " no plot will be drawn\n");
		plot = NULL;
	}
	const struct bench_config *c = quick ? &quick_config : &full_config;
	struct bench_timer t;
	bench_timer_calibrate(&t);
	timer = &t;
	rng_state = seed;
	fprintf(stderr, "ptf bench: clock %s, %.4f ns/tick, overhead %.1f ns subtracted, seed %llu%s\n", t.source,
	        t.ns_per_tick, t.overhead_ns, (unsigned long long)seed, quick ? ", quick" : "");

	struct results rs = { 0 };
	fprintf(stderr, "ptf bench: floors\n");
	bench_floors(&rs, c);
	for (size_t i = 0; ptf_formats[i]; i++) {
		const struct ptf_format *f = ptf_formats[i];
		bool wanted = n_names == 0;
		for (size_t k = 0; k < n_names; k++)
			wanted |= !strcmp(names[k], f->name);
		if (!wanted)
			continue;
		fprintf(stderr, "ptf bench: %s: faults\n", f->name);
		bench_fault_cold(&rs, f, c);
		bench_fault_warm(&rs, f, c);
		fprintf(stderr, "ptf bench: %s: translate\n", f->name);
		bench_translate(&rs, f, c);
		fprintf(stderr, "ptf bench: %s: map, unmap, protect\n", f->name);
		bench_map(&rs, f, c);
	}
	for (size_t i = 0; i < rs.n; i++) {
		rs.r[i]->s = summarise(&rs.r[i]->spec);
		rs.r[i]->g = summarise(&rs.r[i]->generic);
	}
	print_table(stdout, &rs);
	double floor_p50 = rs.r[0]->s.p50 + rs.r[1]->s.p50;
	printf("\nfloor (zero_4k p50 + frame_pop p50) = %.1f ns\n", floor_p50);
	for (size_t i = 0; i < rs.n; i++)
		if (!strcmp(rs.r[i]->op, "fault_warm"))
			printf("%-18s fault_warm p50 / floor = %.2fx   generic/specialised: fault_warm %.2fx\n", rs.r[i]->format,
			       rs.r[i]->s.p50 / floor_p50, ratio(rs.r[i]));
	int status = 0;
	if (json && write_json(json, &rs, &t, seed, quick)) {
		fprintf(stderr, "ptf bench: cannot write %s\n", json);
		status = 2;
	}
	if (csv && write_csv(csv, &rs)) {
		fprintf(stderr, "ptf bench: cannot write %s\n", csv);
		status = 2;
	}
	if (plot && write_plot(plot, &rs)) {
		fprintf(stderr, "ptf bench: gnuplot failed to draw %s\n", plot);
		status = 2;
	}
	for (size_t i = 0; i < rs.n; i++) {
		free(rs.r[i]->spec.ns);
		free(rs.r[i]->generic.ns);
		free(rs.r[i]);
	}
	free(rs.r);
	return status;
}

/* results.c: samples and their summaries (see results.h). */
#include "results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t bytes)
{
	p = realloc(p, bytes);
	if (!p) {
		fprintf(stderr, "ptf bench: out of memory\n");
		exit(2);
	}
	return p;
}

struct result *results_add(struct results *rs, const char *format, const char *op)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->r = grow(rs->r, rs->cap * sizeof(*rs->r));
	}
	struct result *r = grow(NULL, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->format = format;
	r->op = op;
	rs->r[rs->n++] = r;
	return r;
}

const struct result *results_find(const struct results *rs, const char *format, const char *op)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i]->format, format) && !strcmp(rs->r[i]->op, op))
			return rs->r[i];
	return NULL;
}

struct measured *result_side(struct result *r, enum walker w)
{
	return w == SPECIALISED ? &r->spec : &r->generic;
}

void measured_push(struct measured *m, double ns)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 1024;
		m->ns = grow(m->ns, m->cap * sizeof(double));
	}
	m->ns[m->n++] = ns;
}

void measured_scale(struct measured *m, double factor)
{
	for (size_t i = 0; i < m->n; i++)
		m->ns[i] *= factor;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* the nearest-rank percentile */
static double percentile(const double *sorted, size_t n, double p)
{
	size_t i = (size_t)ceil(p * (double)n);
	return sorted[i ? i - 1 : 0];
}

static void summarise(struct measured *m)
{
	m->s = (struct summary){ NAN, NAN, NAN, NAN, NAN, NAN };
	if (!m->n)
		return;
	qsort(m->ns, m->n, sizeof(double), cmp_double);
	double sum = 0;
	for (size_t i = 0; i < m->n; i++)
		sum += m->ns[i];
	m->s.p50 = percentile(m->ns, m->n, 0.50);
	m->s.p90 = percentile(m->ns, m->n, 0.90);
	m->s.p99 = percentile(m->ns, m->n, 0.99);
	m->s.p999 = percentile(m->ns, m->n, 0.999);
	m->s.max = m->ns[m->n - 1];
	m->s.mean = sum / (double)m->n;
}

void results_summarise(struct results *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		summarise(&rs->r[i]->spec);
		summarise(&rs->r[i]->generic);
	}
}

double result_ratio(const struct result *r)
{
	return r->generic.n ? r->generic.s.p50 / r->spec.s.p50 : NAN;
}

void results_free(struct results *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->r[i]->spec.ns);
		free(rs->r[i]->generic.ns);
		free(rs->r[i]);
	}
	free(rs->r);
	*rs = (struct results){ 0 };
}

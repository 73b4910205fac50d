/* guest_fixture.h: an address space on a hosted HAL for the backend, area and
 * failure-injection suites; every suite runs once per built format. */
#ifndef GUEST_FIXTURE_H
#define GUEST_FIXTURE_H

#include "format_geometry.h"
#include "walker_fixture.h"

struct guest {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	const struct ptf_hal *hal;
	struct ptf_aspace *as;
	uint64_t window;
};

/* A window at 0 of 64 GiB, or the whole input range when it is smaller. */
static inline struct guest guest_new(const struct ptf_format *fmt)
{
	struct guest g = { .fmt = fmt, .window = geo_window(fmt) };
	geo_current = fmt;
	g.host = ptf_host_hal_create((size_t)256 << 20);
	cr_assert_not_null(g.host);
	g.hal = ptf_host_hal_get(g.host);
	cr_assert_eq(ptf_aspace_create(&g.as, fmt, 0, g.window, g.hal), PTF_OK, "%s: create [0, %#llx)", fmt->name,
	             (unsigned long long)g.window);
	return g;
}

static inline void guest_free(struct guest *g)
{
	ptf_aspace_destroy(g->as);
	cr_expect_eq(ptf_host_hal_frames_in_use(g->host), 0, "destroy left %zu frames",
	             ptf_host_hal_frames_in_use(g->host));
	ptf_host_hal_destroy(g->host);
}

/* Tables and pages the address space holds, in the format's granules */
static inline size_t guest_frames(const struct guest *g)
{
	return ptf_host_hal_frames_in_use(g->host) / geo_frames_per_page(g->fmt);
}

static inline uint64_t translated(const struct guest *g, uint64_t gpa)
{
	uint64_t hpa = 0;
	cr_assert_eq(ptf_aspace_translate(g->as, gpa, &hpa, NULL), PTF_OK, "gpa %#llx mapped", (unsigned long long)gpa);
	return hpa;
}

static inline size_t area_count(const struct guest *g)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(g->as, &st);
	return st.areas;
}

#endif

/* format_geometry.h: the addresses and sizes a suite uses, derived from the format under
 * test, so that every suite runs for any correct platform file (two levels or five,
 * 32-bit or 64-bit entries, with or without 1 GiB pages) with no test change. */
#ifndef FORMAT_GEOMETRY_H
#define FORMAT_GEOMETRY_H

#include <ptforge/ptforge.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KiB
#define KiB ((uint64_t)1 << 10)
#endif
#ifndef MiB
#define MiB ((uint64_t)1 << 20)
#endif
#ifndef GiB
#define GiB ((uint64_t)1 << 30)
#endif
#ifndef TiB
#define TiB ((uint64_t)1 << 40)
#endif

/* HAL frames (PTF_FRAME_SIZE) in one table or page of the format */
static inline size_t geo_frames_per_page(const struct ptf_format *fmt)
{
	return (size_t)(ptf_format_granule(fmt) / PTF_FRAME_SIZE);
}

/* The formats a parameterised suite runs on, as indices into ptf_formats (at most cap):
 * every built one, or those named in PTF_TEST_FORMATS (comma-separated; the emulated
 * cross runs take a representative few), a name that is no built format stopping the
 * run rather than quietly leaving suites out. How many. */
static inline size_t geo_format_indices(unsigned *out, size_t cap)
{
	const char *only = getenv("PTF_TEST_FORMATS");
	size_t n = 0;
	for (size_t i = 0; !only && ptf_formats[i] && n < cap; i++)
		out[n++] = (unsigned)i;
	for (const char *p = only; p && *p && n < cap;) {
		size_t len = strcspn(p, ",");
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		size_t i = 0;
		while (ptf_formats[i] && strcmp(ptf_formats[i]->name, name))
			i++;
		if (!ptf_formats[i]) {
			fprintf(stderr, "PTF_TEST_FORMATS: '%s' is not a built format\n", name);
			abort();
		}
		out[n++] = (unsigned)i;
		p += len + (p[len] == ',');
	}
	return n;
}

/* The format the running test set up last (each test runs on one format): suites
 * write sizes and offsets in its pages, PG. */
static const struct ptf_format *geo_current __attribute__((unused));
#define PG ptf_format_granule(geo_current)

/* Where the input addresses from 0 end: 2^input_bits, or a sign-extended format's lower
 * half's end, 2^(input_bits - 1). Suites work in [0, geo_span); the upper half has its
 * own suite (test_aspace_upper_half.c). */
static inline uint64_t geo_span(const struct ptf_format *fmt)
{
	return ptf_format_input_end(fmt);
}

/* Every input address, as a walk takes a range: from the first, 2^input_bits bytes
 * (through 0, for a sign-extended format) */
static inline int geo_walk_all(const struct ptf_format *fmt, const struct ptf_hal *hal, uint64_t root,
                               unsigned visit, ptf_visitor_fn fn, void *arg)
{
	return fmt->walk(hal, root, fmt->input_base, (uint64_t)1 << fmt->input_bits, visit, fn, arg);
}

/* An address from which a two-page range wraps around the end of the input offsets
 * (ptf_format_input_offset): the 64-bit space's last page, or, sign-extended, the page
 * below the upper half */
static inline uint64_t geo_wrapping_va(const struct ptf_format *fmt)
{
	return fmt->input_base - ptf_format_granule(fmt);
}

/* 2^output_bits: where output addresses end */
static inline uint64_t geo_out_span(const struct ptf_format *fmt)
{
	return fmt->output_bits >= 64 ? UINT64_MAX : (uint64_t)1 << fmt->output_bits;
}

/* A suite's window: 64 GiB, or the whole input range when it is smaller. */
static inline uint64_t geo_window(const struct ptf_format *fmt)
{
	uint64_t w = (uint64_t)64 << 30;
	return geo_span(fmt) < w ? geo_span(fmt) : w;
}

/* A host address far from the hosted HAL's arena, for linear areas nobody touches: 4 TiB,
 * or a quarter of the output range when that is smaller, aligned to the largest page. */
static inline uint64_t geo_far_hpa(const struct ptf_format *fmt)
{
	uint64_t far = (uint64_t)4 << 40, quarter = geo_out_span(fmt) / 4;
	return far < quarter ? far : quarter;
}

/* The format's n-th page size above the smallest (n = 1: the first huge page, 2 MiB on
 * x86 and ARM 4 KiB, 4 MiB on Sv32x4); 0 when it has no such size. */
static inline uint64_t geo_huge(const struct ptf_format *fmt, unsigned n)
{
	return n < fmt->n_page_sizes ? fmt->page_sizes[n] : 0;
}

#endif

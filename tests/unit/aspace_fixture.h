/* aspace_fixture.h: an address space over a hosted HAL, shared by the aspace_* suites.
 * Every suite runs for every built format (parameterised tests) unless a test says
 * otherwise. Names differ from walker_fixture.h's so both headers can be included. */
#ifndef ASPACE_FIXTURE_H
#define ASPACE_FIXTURE_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "format_geometry.h"
#include <ptforge/ptforge.h>
#include <stdlib.h>
#include <string.h>


/* Flags every built format accepts: readable and writable normal memory, and read-only. */
#define AS_RW (PTF_R | PTF_W)
#define AS_RO PTF_R

#define ASPACE_ARENA_BYTES ((size_t)256 << 20)
#define ASPACE_MAX_RAM 16

struct aspace_fx {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	const struct ptf_hal *hal;
	struct ptf_aspace *as;
	uint64_t base, size;  /* the window */
	size_t root_frames;   /* tables in use by the address space with nothing mapped */
	/* Host "RAM" the test took from the HAL to back linear areas; freed at teardown. */
	size_t n_ram, ram_frames;
	struct { uint64_t pa; size_t count; } ram[ASPACE_MAX_RAM];
};


/* The format of the address space the test opened last (format_geometry.h's
 * geo_current): each test runs in a process of its own, so the geometry macros of a suite
 * may read it (ASFX_FAR_HPA, PG). */
#define asfx_current geo_current

/* A host address no linear area of the test reaches anything at (format_geometry.h). */
#define ASFX_FAR_HPA geo_far_hpa(asfx_current)

static inline struct aspace_fx asfx_open_window(const struct ptf_format *fmt, uint64_t base, uint64_t size)
{
	struct aspace_fx fx = { .fmt = fmt, .base = base, .size = size };
	asfx_current = fmt;
	/* room for host RAM of two of the smallest huge pages, however large they are */
	uint64_t arena = 8 * geo_huge(fmt, 1) > ASPACE_ARENA_BYTES ? 8 * geo_huge(fmt, 1) : ASPACE_ARENA_BYTES;
	fx.host = ptf_host_hal_create((size_t)(arena < 4 * GiB ? arena : 4 * GiB));
	cr_assert_not_null(fx.host);
	fx.hal = ptf_host_hal_get(fx.host);
	int rc = ptf_aspace_create(&fx.as, fmt, base, size, fx.hal);
	cr_assert_eq(rc, PTF_OK, "%s: create [%#llx, +%#llx): %s", fmt->name, (unsigned long long)base,
	             (unsigned long long)size, ptf_strerror(rc));
	cr_assert_not_null(fx.as);
	fx.root_frames = ptf_host_hal_frames_in_use(fx.host) / geo_frames_per_page(fmt);
	cr_assert_eq(fx.root_frames, fmt->root_tables, "%s: a new address space holds its root only", fmt->name);
	cr_assert_eq(ptf_host_hal_flush_calls(fx.host), 0);
	return fx;
}

static inline struct aspace_fx asfx_open(const struct ptf_format *fmt)
{
	return asfx_open_window(fmt, 0, geo_window(fmt));
}

/* Tables and pages the address space holds, in the format's granules, not counting the
 * test's RAM. */
static inline size_t asfx_frames(const struct aspace_fx *fx)
{
	return (ptf_host_hal_frames_in_use(fx->host) - fx->ram_frames) / geo_frames_per_page(fx->fmt);
}

/* The same in HAL frames (PTF_FRAME_SIZE), as struct ptf_aspace_stats counts frames_in_use */
static inline size_t asfx_hal_frames(const struct aspace_fx *fx)
{
	return ptf_host_hal_frames_in_use(fx->host) - fx->ram_frames;
}

static inline unsigned long asfx_flushes(const struct aspace_fx *fx)
{
	return ptf_host_hal_flush_calls(fx->host);
}

static inline void asfx_last_flush(const struct aspace_fx *fx, uint64_t *gpa, uint64_t *size)
{
	ptf_host_hal_last_flush(fx->host, gpa, size);
}

static inline void *asfx_va(const struct aspace_fx *fx, uint64_t pa)
{
	void *p = fx->hal->phys_to_virt(fx->hal->ctx, pa);
	cr_assert_not_null(p, "pa %#llx has a host virtual address", (unsigned long long)pa);
	return p;
}

/* bytes of host RAM (whole frames, aligned to align), every byte set to fill. */
static inline uint64_t asfx_ram(struct aspace_fx *fx, uint64_t bytes, uint64_t align, int fill)
{
	cr_assert_lt(fx->n_ram, ASPACE_MAX_RAM);
	size_t count = (size_t)((bytes + PTF_FRAME_SIZE - 1) / PTF_FRAME_SIZE);
	uint64_t pa = fx->hal->alloc_frames(fx->hal->ctx, count, (size_t)align);
	cr_assert_neq(pa, 0, "host RAM of %zu frames", count);
	memset(asfx_va(fx, pa), fill, count * PTF_FRAME_SIZE);
	fx->ram[fx->n_ram].pa = pa;
	fx->ram[fx->n_ram].count = count;
	fx->n_ram++;
	fx->ram_frames += count;
	return pa;
}

/* Leave n pages' worth of garbage in free arena memory, so a frame handed out later
 * is zero only if someone zeroed it. */
static inline void asfx_dirty_free_frames(struct aspace_fx *fx, size_t n, int fill)
{
	uint64_t *pas = calloc(n, sizeof(*pas));
	cr_assert_not_null(pas);
	for (size_t i = 0; i < n; i++) {
		pas[i] = fx->hal->alloc_frames(fx->hal->ctx, geo_frames_per_page(fx->fmt), (size_t)ptf_format_granule(fx->fmt));
		cr_assert_neq(pas[i], 0);
		memset(asfx_va(fx, pas[i]), fill, (size_t)ptf_format_granule(fx->fmt));
	}
	for (size_t i = n; i-- > 0;)
		fx->hal->free_frames(fx->hal->ctx, pas[i], geo_frames_per_page(fx->fmt));
	free(pas);
}

/* Destroy the address space: every frame it held goes back to the HAL. */
static inline void asfx_close(struct aspace_fx *fx)
{
	ptf_aspace_destroy(fx->as);
	fx->as = NULL;
	cr_expect_eq(asfx_frames(fx), 0, "%s: destroy left %zu frames in use", fx->fmt->name, asfx_frames(fx));
	for (size_t i = 0; i < fx->n_ram; i++)
		fx->hal->free_frames(fx->hal->ctx, fx->ram[i].pa, fx->ram[i].count);
	fx->n_ram = fx->ram_frames = 0;
	ptf_host_hal_destroy(fx->host);
	fx->host = NULL;
}

/* ---- "changes nothing": a snapshot of everything a call could change ---- */

#define ASFX_FNV_OFFSET 0xcbf29ce484222325ull
#define ASFX_FNV_PRIME 0x100000001b3ull

static inline uint64_t asfx_mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= ASFX_FNV_PRIME;
	}
	return h;
}

static inline int asfx_hash_area(const struct ptf_area_info *a, void *arg)
{
	uint64_t *h = arg;
	*h = asfx_mix(*h, a->gpa);
	*h = asfx_mix(*h, a->size);
	*h = asfx_mix(*h, a->flags);
	*h = asfx_mix(*h, (uint64_t)a->backend);
	*h = asfx_mix(*h, a->hpa);
	*h = asfx_mix(*h, a->populate);
	return 0;
}

static inline int asfx_hash_entry(const struct ptf_visit *v, unsigned visit, void *arg)
{
	uint64_t *h = arg;
	*h = asfx_mix(*h, visit);
	*h = asfx_mix(*h, v->depth);
	*h = asfx_mix(*h, v->va);
	*h = asfx_mix(*h, v->entry);
	return 0;
}

struct asfx_state {
	struct ptf_aspace_stats stats;
	size_t frames;            /* host HAL frames in use */
	unsigned long flushes;
	uint64_t areas_hash;      /* every area as for_each_area reports it */
	uint64_t tree_hash;       /* every valid entry of the page table */
};

static inline struct asfx_state asfx_state(const struct aspace_fx *fx)
{
	struct asfx_state s;
	memset(&s, 0, sizeof(s));
	ptf_aspace_stats(fx->as, &s.stats);
	s.frames = ptf_host_hal_frames_in_use(fx->host);
	s.flushes = asfx_flushes(fx);
	s.areas_hash = ASFX_FNV_OFFSET;
	cr_assert_eq(ptf_aspace_for_each_area(fx->as, asfx_hash_area, &s.areas_hash), 0);
	s.tree_hash = ASFX_FNV_OFFSET;
	cr_assert_eq(geo_walk_all(fx->fmt, fx->hal, ptf_aspace_root(fx->as), PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE,
	                          asfx_hash_entry, &s.tree_hash), 0);
	return s;
}

static inline void asfx_expect_unchanged(const struct aspace_fx *fx, const struct asfx_state *before, const char *what)
{
	struct asfx_state after = asfx_state(fx);
	const struct ptf_aspace_stats *a = &before->stats, *b = &after.stats;
	cr_expect_eq(a->areas, b->areas, "%s: %s: areas %zu -> %zu", fx->fmt->name, what, a->areas, b->areas);
	cr_expect_eq(a->tables, b->tables, "%s: %s: tables %zu -> %zu", fx->fmt->name, what, a->tables, b->tables);
	for (unsigned i = 0; i < PTF_MAX_LEVELS; i++)
		cr_expect_eq(a->leaves[i], b->leaves[i], "%s: %s: leaves[%u] %zu -> %zu", fx->fmt->name, what, i,
		             a->leaves[i], b->leaves[i]);
	cr_expect_eq(a->frames_owned, b->frames_owned, "%s: %s: frames_owned %zu -> %zu", fx->fmt->name, what,
	             a->frames_owned, b->frames_owned);
	cr_expect_eq(a->frames_in_use, b->frames_in_use, "%s: %s: stats frames_in_use %zu -> %zu", fx->fmt->name,
	             what, a->frames_in_use, b->frames_in_use);
	cr_expect_eq(before->frames, after.frames, "%s: %s: HAL frames in use %zu -> %zu", fx->fmt->name, what,
	             before->frames, after.frames);
	cr_expect_eq(before->flushes, after.flushes, "%s: %s: %lu TLB flushes", fx->fmt->name, what,
	             after.flushes - before->flushes);
	cr_expect_eq(before->areas_hash, after.areas_hash, "%s: %s: the areas changed", fx->fmt->name, what);
	cr_expect_eq(before->tree_hash, after.tree_hash, "%s: %s: the page table changed", fx->fmt->name, what);
}

/* Expect call to return err and leave the address space exactly as it was. */
#define ASFX_EXPECT_REFUSED(fx, err, call) \
	do { \
		struct asfx_state asfx_before_ = asfx_state(fx); \
		int asfx_rc_ = (call); \
		cr_expect_eq(asfx_rc_, (err), "%s: %s returned %d (%s), want %s", (fx)->fmt->name, #call, asfx_rc_, \
		             ptf_error_name(asfx_rc_) ? ptf_error_name(asfx_rc_) : "?", ptf_error_name(err)); \
		asfx_expect_unchanged((fx), &asfx_before_, #call); \
	} while (0)

/* ---- parameters ---- */

/* The index of every built format in ptf_formats. Criterion copies parameters into a
 * fresh process image, so they must be plain values, not pointers. */
#define ASPACE_MAX_FORMATS 64
#define ASPACE_FORMAT_PARAMS(suite, test) \
	ParameterizedTestParameters(suite, test) \
	{ \
		static unsigned indices[ASPACE_MAX_FORMATS]; \
		size_t n = geo_format_indices(indices, ASPACE_MAX_FORMATS); \
		return cr_make_param_array(unsigned, indices, n); \
	}

/* The format a parameterised test runs on; its pages are PG from here on. */
static inline const struct ptf_format *asfx_format(const unsigned *index)
{
	return geo_current = ptf_formats[*index];
}

#endif

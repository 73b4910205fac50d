/* Break-before-make, as the platform file declares it. On a format that declares it
 * (Arm stage 2: a change of kind, output address or memory type), no valid entry ever
 * becomes a different valid entry without a flush in between: splits, memory-type
 * protects and overwrites write the old entries invalid, flush, then write the new ones
 * (bbm_checker.h watches). Permission changes go in place with one flush. On a format
 * that declares none (x86 EPT, RISC-V: one atomic store, then the invalidation), the
 * same changes are made in place, and the checker sees them: the control that shows it
 * would catch a missing break. */
#include "aspace_fixture.h"
#include "bbm_checker.h"

#define LINEAR_GPA (2 * GiB)
#define FAR_HPA ASFX_FAR_HPA /* linear targets outside the arena: only the tables matter here */

struct bbm_fx {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	struct bbm_checker check;
	struct ptf_aspace *as;
};

/* fx must stay where it is while in use (its checker is the HAL's ctx). */
static void bbm_open(struct bbm_fx *fx, const struct ptf_format *fmt)
{
	fx->fmt = fmt;
	fx->host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(fx->host);
	const struct ptf_hal *hal = bbm_checker_wrap(&fx->check, fx->host, fmt);
	asfx_current = fmt;
	cr_assert_eq(ptf_aspace_create(&fx->as, fmt, 0, geo_window(fmt), hal), PTF_OK);
	bbm_checker_attach(&fx->check, ptf_aspace_root(fx->as));
}

static void bbm_close(struct bbm_fx *fx)
{
	ptf_aspace_destroy(fx->as);
	cr_expect_eq(ptf_host_hal_frames_in_use(fx->host), 0);
	bbm_checker_free(&fx->check);
	ptf_host_hal_destroy(fx->host);
}

/* Runs op, then a checkpoint: the op's flushes were checked as they came. */
#define CHANGE(fx, op)                                                                              \
	do {                                                                                        \
		int rc_ = (op);                                                                     \
		cr_assert_eq(rc_, PTF_OK, "%s: %s: %s", (fx)->fmt->name, #op, ptf_strerror(rc_));   \
		bbm_checkpoint(&(fx)->check);                                                       \
	} while (0)

/* Where the format declares break-before-make: no violation. Elsewhere: the change was
 * made in place, and the checker saw it (expected: whether the change alters what a
 * break would be needed for on this format). */
static void expect_breaks_as_declared(const struct bbm_fx *fx, bool changes_something, const char *what)
{
	if (fx->fmt->break_before_make)
		cr_expect_eq(fx->check.violations, 0, "%s: %s: %u violations, first: %s", fx->fmt->name, what,
		             fx->check.violations, fx->check.first);
	else if (changes_something)
		cr_expect_gt(fx->check.violations, 0, "%s: %s: the checker missed an in-place change", fx->fmt->name, what);
}

/* The largest leaf below 1 GiB the format has (2 MiB on every 4 KiB-granule format). */
static uint64_t block_size(const struct ptf_format *fmt)
{
	for (unsigned i = fmt->n_page_sizes; i-- > 0;)
		if (fmt->page_sizes[i] < GiB && fmt->page_sizes[i] > PG)
			return fmt->page_sizes[i];
	return 0;
}

ASPACE_FORMAT_PARAMS(break_before_make, split_on_partial_unmap_of_a_block)
ParameterizedTest(const unsigned *fi, break_before_make, split_on_partial_unmap_of_a_block)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	uint64_t block = block_size(fx.fmt);
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, block, AS_RW));
	CHANGE(&fx, ptf_aspace_unmap(fx.as, LINEAR_GPA + 3 * PG, PG));
	expect_breaks_as_declared(&fx, true, "a block split into pages");
	bbm_close(&fx);
}

ASPACE_FORMAT_PARAMS(break_before_make, split_on_partial_protect_of_a_block)
ParameterizedTest(const unsigned *fi, break_before_make, split_on_partial_protect_of_a_block)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	uint64_t block = block_size(fx.fmt);
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, block, AS_RW));
	CHANGE(&fx, ptf_aspace_protect(fx.as, LINEAR_GPA + block / 2, 4 * PG, AS_RO));
	expect_breaks_as_declared(&fx, true, "a block split by a protect");
	bbm_close(&fx);
}

ASPACE_FORMAT_PARAMS(break_before_make, memory_type_protect_of_live_pages)
ParameterizedTest(const unsigned *fi, break_before_make, memory_type_protect_of_live_pages)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, 16 * PG, AS_RW));
	uint64_t pa, size;
	unsigned normal_flags, device_flags;
	cr_assert_eq(fx.fmt->query(&fx.check.w.hal, ptf_aspace_root(fx.as), LINEAR_GPA, &pa, &normal_flags, &size), PTF_OK);
	CHANGE(&fx, ptf_aspace_protect(fx.as, LINEAR_GPA, 16 * PG, PTF_R | PTF_W | PTF_DEVICE));
	cr_assert_eq(fx.fmt->query(&fx.check.w.hal, ptf_aspace_root(fx.as), LINEAR_GPA, &pa, &device_flags, &size), PTF_OK);
	/* a format that encodes device memory like normal memory (RISC-V without Svpbmt)
	 * changes nothing a break would be needed for */
	bool memtype_changed = (normal_flags ^ device_flags) & (PTF_DEVICE | PTF_UNCACHED);
	expect_breaks_as_declared(&fx, memtype_changed, "normal memory made device memory");
	bbm_close(&fx);
}

ASPACE_FORMAT_PARAMS(break_before_make, overwrite_moves_output_addresses)
ParameterizedTest(const unsigned *fi, break_before_make, overwrite_moves_output_addresses)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, 16 * PG, AS_RW));
	CHANGE(&fx, ptf_aspace_map_linear_overwrite(fx.as, LINEAR_GPA, FAR_HPA + GiB, 16 * PG, AS_RW));
	expect_breaks_as_declared(&fx, true, "pages moved to other frames");
	bbm_close(&fx);
}

ASPACE_FORMAT_PARAMS(break_before_make, overwrite_replaces_a_table_by_a_block)
ParameterizedTest(const unsigned *fi, break_before_make, overwrite_replaces_a_table_by_a_block)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	uint64_t block = block_size(fx.fmt);
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, 16 * PG, AS_RW));
	CHANGE(&fx, ptf_aspace_map_linear_overwrite(fx.as, LINEAR_GPA, FAR_HPA, block, AS_RW));
	expect_breaks_as_declared(&fx, true, "a table of pages replaced by one block");
	bbm_close(&fx);
}

ASPACE_FORMAT_PARAMS(break_before_make, overwrite_of_faulted_pages_in_a_lazy_area)
ParameterizedTest(const unsigned *fi, break_before_make, overwrite_of_faulted_pages_in_a_lazy_area)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	CHANGE(&fx, ptf_aspace_map_alloc(fx.as, LINEAR_GPA, 16 * PG, AS_RW, false));
	for (unsigned i = 0; i < 16; i += 3)
		CHANGE(&fx, ptf_aspace_handle_fault(fx.as, LINEAR_GPA + i * PG, PTF_W));
	/* new frames for every page: the faulted ones move */
	CHANGE(&fx, ptf_aspace_map_alloc_overwrite(fx.as, LINEAR_GPA, 16 * PG, AS_RW, true));
	expect_breaks_as_declared(&fx, true, "faulted pages given new frames");
	bbm_close(&fx);
}

/* Permission changes need no break anywhere: one flush, after the change. */
ASPACE_FORMAT_PARAMS(break_before_make, permission_protect_changes_entries_in_place_with_one_flush)
ParameterizedTest(const unsigned *fi, break_before_make, permission_protect_changes_entries_in_place_with_one_flush)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, 16 * PG, AS_RW));
	unsigned before = fx.check.flushes;
	CHANGE(&fx, ptf_aspace_protect(fx.as, LINEAR_GPA, 16 * PG, AS_RO));
	cr_expect_eq(fx.check.flushes - before, 1, "%s: %u flushes for a permission change", fx.fmt->name,
	             fx.check.flushes - before);
	cr_expect_eq(fx.check.violations, 0, "%s: %s", fx.fmt->name, fx.check.first);
	bbm_close(&fx);
}

/* Break all, one flush, make all: the made entries replace invalid ones, so the flush
 * between is the only one, however many entries were broken. */
ASPACE_FORMAT_PARAMS(break_before_make, a_break_flushes_once_for_the_whole_range)
ParameterizedTest(const unsigned *fi, break_before_make, a_break_flushes_once_for_the_whole_range)
{
	struct bbm_fx fx;
	bbm_open(&fx, asfx_format(fi));
	CHANGE(&fx, ptf_aspace_map_linear(fx.as, LINEAR_GPA, FAR_HPA, 16 * PG, AS_RW));
	unsigned before = fx.check.flushes;
	CHANGE(&fx, ptf_aspace_map_linear_overwrite(fx.as, LINEAR_GPA, FAR_HPA + GiB, 16 * PG, AS_RW));
	cr_expect_eq(fx.check.flushes - before, 1, "%s: %u flushes for 16 moved pages", fx.fmt->name,
	             fx.check.flushes - before);
	expect_breaks_as_declared(&fx, true, "16 pages moved");
	bbm_close(&fx);
}

/* Dirty logging where the format has hardware dirty bits (platform file: dirty; in this
 * tree the formats of tests/socs/host_hardware_dirty.lua and the Cascade Lake build):
 * start splits huge leaves and leaves every page clean, writable pages staying writable;
 * the MMU records a write in the leaf (runtime/tools/mmu_sim.h plays it), with no fault;
 * get reports those pages with the log's own marks, and with clear makes the leaves clean
 * again, with one flush; a change that takes a dirty leaf away or leaves it clean keeps
 * its write in the log. The formats that log by write protection skip (the dirty_log
 * suite is theirs). */
#include "aspace_fixture.h"
#include "page_bitmap.h"

#include "mmu_sim.h"

#include <pthread.h>

static struct aspace_fx open_hardware(const unsigned *fi)
{
	const struct ptf_format *fmt = asfx_format(fi);
	if (fmt->dirty != PTF_DIRTY_HARDWARE)
		cr_skip_test("%s: writes are logged by write protection", fmt->name);
	return asfx_open(fmt);
}

/* The guest writes gpa: the MMU sets the dirty bit, with no fault for the hypervisor. */
static void guest_write(const struct aspace_fx *fx, uint64_t gpa)
{
	cr_assert_eq(mmu_sim_access(fx->fmt, fx->hal, ptf_aspace_root(fx->as), gpa, true), MMU_SIM_DONE,
	             "%s: the write to %#llx goes through without a fault", fx->fmt->name, (unsigned long long)gpa);
}

/* The raw leaf that maps gpa */
static uint64_t leaf_entry(const struct aspace_fx *fx, uint64_t gpa)
{
	unsigned depth;
	void *slot = mmu_sim_leaf_slot(fx->fmt, fx->hal, ptf_aspace_root(fx->as), gpa, &depth);
	cr_assert_not_null(slot, "%s: %#llx mapped", fx->fmt->name, (unsigned long long)gpa);
	return fx->fmt->pte_bytes == 8 ? *(uint64_t *)slot : *(uint32_t *)slot;
}

/* Clean: the dirty bit clear, and where the format has a writable bit (Arm DBM), that
 * bit still set on a page of a writable area, so that the MMU may write it. */
static void expect_clean(const struct aspace_fx *fx, uint64_t gpa)
{
	uint64_t e = leaf_entry(fx, gpa);
	cr_expect_eq(e & fx->fmt->dirty_bit, 0, "%s: %#llx clean (entry %#llx)", fx->fmt->name, (unsigned long long)gpa,
	             (unsigned long long)e);
	if (fx->fmt->dirty_writable)
		cr_expect_neq(e & fx->fmt->dirty_writable, 0, "%s: %#llx writable by the MMU", fx->fmt->name,
		              (unsigned long long)gpa);
}

static struct bits get(const struct aspace_fx *fx, uint64_t gpa, uint64_t size, bool clear)
{
	struct bits b;
	poison_words(&b);
	int rc = ptf_aspace_dirty_log_get(fx->as, gpa, size, b.w, clear);
	cr_assert_eq(rc, PTF_OK, "%s: get: %s", fx->fmt->name, ptf_strerror(rc));
	check_words(fx->fmt->name, &b, size);
	return b;
}

ASPACE_FORMAT_PARAMS(hardware_dirty, start_leaves_every_page_clean_and_writable_by_the_mmu)
ParameterizedTest(const unsigned *fi, hardware_dirty, start_leaves_every_page_clean_and_writable_by_the_mmu)
{
	struct aspace_fx fx = open_hardware(fi);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	for (uint64_t i = 0; i < 8; i += 2)
		guest_write(&fx, GiB + i * PG); /* before the log: not its business */
	unsigned long flushes = asfx_flushes(&fx);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 8 * PG), PTF_OK);
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: one flush", fx.fmt->name);
	for (uint64_t i = 0; i < 8; i++)
		expect_clean(&fx, GiB + i * PG);
	struct bits none = { { 0 } };
	struct bits b = get(&fx, GiB, 8 * PG, false);
	expect_bits(fx.fmt->name, &b, &none, "nothing written since start");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(hardware_dirty, a_write_through_the_mmu_is_harvested_and_made_clean_with_one_flush)
ParameterizedTest(const unsigned *fi, hardware_dirty, a_write_through_the_mmu_is_harvested_and_made_clean_with_one_flush)
{
	struct aspace_fx fx = open_hardware(fi);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 16 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 16 * PG), PTF_OK);
	guest_write(&fx, GiB + 2 * PG);
	guest_write(&fx, GiB + 9 * PG + 8);
	const uint64_t written[] = { 2, 9 };
	struct bits want = pages(written, 2), none = { { 0 } };
	unsigned long flushes = asfx_flushes(&fx);
	struct bits b = get(&fx, GiB, 16 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "pages 2 and 9, read");
	cr_expect_eq(asfx_flushes(&fx), flushes, "%s: a get without clear changes nothing", fx.fmt->name);
	b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &want, "pages 2 and 9, taken");
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: one flush", fx.fmt->name);
	uint64_t gpa, size;
	asfx_last_flush(&fx, &gpa, &size);
	cr_expect(gpa <= GiB + 2 * PG && gpa + size >= GiB + 10 * PG, "%s: the flush covers pages 2 to 9",
	          fx.fmt->name);
	expect_clean(&fx, GiB + 2 * PG);
	expect_clean(&fx, GiB + 9 * PG);
	b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &none, "nothing written since");
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: nothing to make clean, no flush", fx.fmt->name);
	guest_write(&fx, GiB + 9 * PG);
	const uint64_t again[] = { 9 };
	want = pages(again, 1);
	b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &want, "page 9 written again");
	asfx_close(&fx);
}

/* Eager splitting: a linear block is logged page by page. */
ASPACE_FORMAT_PARAMS(hardware_dirty, start_splits_a_block_and_its_pages_are_logged_one_by_one)
ParameterizedTest(const unsigned *fi, hardware_dirty, start_splits_a_block_and_its_pages_are_logged_one_by_one)
{
	struct aspace_fx fx = open_hardware(fi);
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 2 * huge > fx.size || huge / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: no huge page that fits the window twice and a bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	guest_write(&fx, huge); /* the block dirty before the log */
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, huge, huge), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[0], huge / PG, "%s: split to the granule", fx.fmt->name);
	expect_clean(&fx, huge);
	expect_clean(&fx, huge + huge - PG);
	guest_write(&fx, huge + 5 * PG);
	const uint64_t written[] = { 5 };
	struct bits want = pages(written, 1);
	struct bits b = get(&fx, huge, huge, true);
	expect_bits(fx.fmt->name, &b, &want, "page 5 only");
	cr_assert_eq(ptf_aspace_dirty_log_stop(fx.as, huge, huge), PTF_OK);
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[1], 1, "%s: stop merges the block back", fx.fmt->name);
	asfx_close(&fx);
}

/* A dirty leaf that an unmap takes away (one page, or a whole table of them), or a protect
 * leaves without W, keeps its write in the log. */
ASPACE_FORMAT_PARAMS(hardware_dirty, unmap_and_protect_keep_the_writes_of_the_leaves_they_change)
ParameterizedTest(const unsigned *fi, hardware_dirty, unmap_and_protect_keep_the_writes_of_the_leaves_they_change)
{
	struct aspace_fx fx = open_hardware(fi);
	uint64_t table_span = geo_huge(fx.fmt, 1);
	if (!table_span || 4 * table_span > fx.size || 2 * table_span / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: no table span that fits the window and a bitmap", fx.fmt->name);
	uint64_t base = 2 * table_span;
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, base, 2 * table_span, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, base, 2 * table_span), PTF_OK);
	uint64_t second = table_span / PG; /* the first page of the second table */
	guest_write(&fx, base + 3 * PG);            /* unmapped alone */
	guest_write(&fx, base + 4 * PG);            /* protected read-only */
	guest_write(&fx, base + (second + 7) * PG); /* unmapped with its whole table */
	cr_assert_eq(ptf_aspace_unmap(fx.as, base + 3 * PG, PG), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, base + 4 * PG, PG, AS_RO), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, base + table_span, table_span), PTF_OK);
	const uint64_t written[] = { 3, 4, second + 7 };
	struct bits want = pages(written, 3);
	struct bits b = get(&fx, base, 2 * table_span, true);
	expect_bits(fx.fmt->name, &b, &want, "the three writes");
	asfx_close(&fx);
}

/* What does not go through the MMU is logged as before: ptf_aspace_write, and a write
 * fault on a page a read fault mapped read-only. */
ASPACE_FORMAT_PARAMS(hardware_dirty, host_writes_and_write_faults_are_logged_with_the_mmu_bits)
ParameterizedTest(const unsigned *fi, hardware_dirty, host_writes_and_write_faults_are_logged_with_the_mmu_bits)
{
	struct aspace_fx fx = open_hardware(fi);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 8 * PG), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + PG, PTF_W), PTF_OK);     /* written by the fault */
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 2 * PG, PTF_R), PTF_OK); /* read-only for now */
	cr_expect_eq(mmu_sim_access(fx.fmt, fx.hal, ptf_aspace_root(fx.as), GiB + 2 * PG, true), MMU_SIM_FAULT,
	             "%s: a page mapped for a read faults on the write", fx.fmt->name);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 2 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 3 * PG, PTF_R), PTF_OK);
	const char bytes[] = "hv";
	cr_assert_eq(ptf_aspace_write(fx.as, GiB + 6 * PG + 100, bytes, sizeof(bytes)), PTF_OK);
	guest_write(&fx, GiB + PG);
	const uint64_t written[] = { 1, 2, 6 };
	struct bits want = pages(written, 3);
	struct bits b = get(&fx, GiB, 8 * PG, true);
	expect_bits(fx.fmt->name, &b, &want, "the fault's, the host's and the MMU's");
	asfx_close(&fx);
}

/* Only logged pages report: a write outside the log, or after stop, reads as clean. */
ASPACE_FORMAT_PARAMS(hardware_dirty, pages_outside_the_log_read_clean)
ParameterizedTest(const unsigned *fi, hardware_dirty, pages_outside_the_log_read_clean)
{
	struct aspace_fx fx = open_hardware(fi);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 16 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB + 4 * PG, 4 * PG), PTF_OK);
	guest_write(&fx, GiB + 1 * PG);
	guest_write(&fx, GiB + 5 * PG);
	guest_write(&fx, GiB + 12 * PG);
	const uint64_t written[] = { 5 };
	struct bits want = pages(written, 1), none = { { 0 } };
	struct bits b = get(&fx, GiB, 16 * PG, false);
	expect_bits(fx.fmt->name, &b, &want, "the logged page only");
	cr_assert_eq(ptf_aspace_dirty_log_stop(fx.as, GiB, 16 * PG), PTF_OK);
	guest_write(&fx, GiB + 6 * PG);
	b = get(&fx, GiB, 16 * PG, true);
	expect_bits(fx.fmt->name, &b, &none, "stopped");
	asfx_close(&fx);
}

/* get with clear is a reader where the MMU keeps the bits: guest writes go on beside it
 * (two vCPUs here, each writing its own pages round after round), and every page written
 * is in some get's bitmap, while no page never written is. */
struct vcpu_writes {
	const struct aspace_fx *fx;
	unsigned first;  /* pages first, first + 2, ... of the first 32 */
	unsigned rounds;
};

static void *vcpu_writer(void *arg)
{
	const struct vcpu_writes *w = arg;
	for (unsigned r = 0; r < w->rounds; r++)
		for (unsigned i = w->first; i < 32; i += 2)
			if (mmu_sim_access(w->fx->fmt, w->fx->hal, ptf_aspace_root(w->fx->as), GiB + i * PG, true) !=
			    MMU_SIM_DONE)
				return (void *)1;
	return NULL;
}

ASPACE_FORMAT_PARAMS(hardware_dirty, gets_beside_guest_writes_lose_none_and_invent_none)
ParameterizedTest(const unsigned *fi, hardware_dirty, gets_beside_guest_writes_lose_none_and_invent_none)
{
	struct aspace_fx fx = open_hardware(fi);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 64 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 64 * PG), PTF_OK);
	struct vcpu_writes w[2] = { { &fx, 0, 200 }, { &fx, 1, 200 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, vcpu_writer, &w[i]), 0);
	struct bits seen = { { 0 } };
	for (int k = 0; k < 200; k++) {
		struct bits b = get(&fx, GiB, 64 * PG, true);
		for (unsigned i = 0; i < LOG_WORDS; i++)
			seen.w[i] |= b.w[i];
	}
	for (int i = 0; i < 2; i++) {
		void *failed;
		cr_assert_eq(pthread_join(t[i], &failed), 0);
		cr_expect_null(failed, "%s: a guest write faulted", fx.fmt->name);
	}
	struct bits b = get(&fx, GiB, 64 * PG, true);
	for (unsigned i = 0; i < LOG_WORDS; i++)
		seen.w[i] |= b.w[i];
	struct bits want = first_bits(32 * BPP);
	expect_bits(fx.fmt->name, &seen, &want, "the 32 pages written, none of the other 32");
	asfx_close(&fx);
}

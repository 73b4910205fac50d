/* Permission faults: a fault on a mapped page whose leaf denies an access its area
 * allows (dirty-log write protection; here, a leaf changed behind ptforge's back) gives
 * the leaf the area's permissions back, flushes that page, and returns 0. A fault the
 * leaf already allows changes nothing. */
#include "aspace_fixture.h"

#include <pthread.h>

/* A live entry of the tree, 32 or 64 bits wide, and its depth */
struct slot {
	void *p;
	unsigned bytes, depth;
};

static uint64_t slot_get(struct slot s)
{
	return s.bytes == 4 ? __atomic_load_n((uint32_t *)s.p, __ATOMIC_ACQUIRE)
	                    : __atomic_load_n((uint64_t *)s.p, __ATOMIC_ACQUIRE);
}

static void slot_set(struct slot s, uint64_t e)
{
	if (s.bytes == 4)
		__atomic_store_n((uint32_t *)s.p, (uint32_t)e, __ATOMIC_RELEASE);
	else
		__atomic_store_n((uint64_t *)s.p, e, __ATOMIC_RELEASE);
}

/* The slot of the leaf that maps va, found with the format's raw index and decode */
static struct slot leaf_slot(const struct aspace_fx *fx, uint64_t va)
{
	const struct ptf_format *f = fx->fmt;
	uint64_t table = ptf_aspace_root(fx->as);
	for (unsigned d = 0; d < f->levels; d++) {
		struct slot s = { (char *)asfx_va(fx, table) + (size_t)f->index(va, d) * f->pte_bytes, f->pte_bytes, d };
		struct ptf_entry_info info;
		f->decode(slot_get(s), d, &info);
		if (info.kind == PTF_ENTRY_LEAF)
			return s;
		cr_assert_eq(info.kind, PTF_ENTRY_TABLE, "%s: nothing maps %#llx", f->name, (unsigned long long)va);
		table = info.pa;
	}
	cr_assert_fail("%s: no leaf for %#llx", f->name, (unsigned long long)va);
	return (struct slot){ 0 };
}

/* Behind ptforge's back: the leaf in s becomes read-only (same output address). What it held. */
static uint64_t write_protect(const struct aspace_fx *fx, struct slot s)
{
	const struct ptf_format *f = fx->fmt;
	uint64_t e = slot_get(s);
	struct ptf_entry_info info;
	f->decode(e, s.depth, &info);
	uint64_t ro = f->leaf(info.pa, PTF_R, s.depth);
	cr_assert_neq(ro, 0, "%s: a read-only leaf at depth %u", f->name, s.depth);
	slot_set(s, ro);
	return e;
}

static unsigned leaf_flags(const struct aspace_fx *fx, uint64_t va)
{
	unsigned flags = 0;
	cr_assert_eq(fx->fmt->query(fx->hal, ptf_aspace_root(fx->as), va, NULL, &flags, NULL), PTF_OK);
	return flags;
}

ASPACE_FORMAT_PARAMS(permission_faults, a_write_fault_on_a_write_protected_page_gives_w_back_and_flushes_the_page)
ParameterizedTest(const unsigned *fi, permission_faults, a_write_fault_on_a_write_protected_page_gives_w_back_and_flushes_the_page)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t page = GiB + PG;
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 4 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, page, PTF_R), PTF_OK);
	struct slot s = leaf_slot(&fx, page);
	uint64_t granted = write_protect(&fx, s);
	cr_assert_eq(leaf_flags(&fx, page) & PTF_W, 0);
	size_t frames = asfx_frames(&fx);
	unsigned long flushes = asfx_flushes(&fx);
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, page + 8, PTF_W), PTF_OK);
	cr_expect_eq(slot_get(s), granted, "%s: the leaf is the area's again: %#llx, want %#llx", fx.fmt->name,
	             (unsigned long long)slot_get(s), (unsigned long long)granted);
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: one flush", fx.fmt->name);
	uint64_t gpa = 0, size = 0;
	asfx_last_flush(&fx, &gpa, &size);
	cr_expect(gpa == page && size == PG, "%s: flushed [%#llx, +%#llx), want the page", fx.fmt->name,
	          (unsigned long long)gpa, (unsigned long long)size);
	cr_expect_eq(asfx_frames(&fx), frames, "%s: a repair takes no frame", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(permission_faults, a_fault_the_leaf_allows_changes_nothing)
ParameterizedTest(const unsigned *fi, permission_faults, a_fault_the_leaf_allows_changes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 4 * PG, AS_RW, true), PTF_OK);
	struct slot s = leaf_slot(&fx, GiB);
	uint64_t e = slot_get(s);
	unsigned long flushes = asfx_flushes(&fx);
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, GiB, PTF_W), PTF_OK);
	cr_expect_eq(slot_get(s), e);
	/* only an MMU that may hold a stale invalid entry (RISC-V without Svvptc) is flushed */
	cr_expect_eq(asfx_flushes(&fx), flushes + (fx.fmt->caches_invalid_entries ? 1 : 0), "%s", fx.fmt->name);
	asfx_close(&fx);
}

/* A linear area of the first huge page size: its one block leaf, write-protected, gets W
 * back whole on a fault anywhere in it (no split: no table taken). */
ASPACE_FORMAT_PARAMS(permission_faults, a_write_protected_huge_leaf_gets_w_back_whole)
ParameterizedTest(const unsigned *fi, permission_faults, a_write_protected_huge_leaf_gets_w_back_whole)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 2 * huge > fx.size)
		cr_skip_test("%s: no huge page that fits the window twice", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	struct slot s = leaf_slot(&fx, huge);
	cr_assert_lt(s.depth, fx.fmt->levels - 1, "%s: a block leaf", fx.fmt->name);
	uint64_t granted = write_protect(&fx, s);
	size_t frames = asfx_frames(&fx);
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, huge + huge / 2 + 8, PTF_W), PTF_OK);
	cr_expect_eq(slot_get(s), granted, "%s: the block is the area's again", fx.fmt->name);
	cr_expect_eq(asfx_frames(&fx), frames, "%s: nothing split", fx.fmt->name);
	asfx_close(&fx);
}

struct racer {
	struct ptf_aspace *as;
	uint64_t gpa;
	int rc;
};

static void *fault_w(void *arg)
{
	struct racer *r = arg;
	r->rc = ptf_aspace_handle_fault(r->as, r->gpa, PTF_W);
	return NULL;
}

/* Two vCPUs' write faults on one write-protected page: one repairs it (compare-and-swap),
 * the other finds it repaired; both return 0. */
ASPACE_FORMAT_PARAMS(permission_faults, two_faults_repairing_one_leaf_both_succeed)
ParameterizedTest(const unsigned *fi, permission_faults, two_faults_repairing_one_leaf_both_succeed)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 4 * PG, AS_RW, true), PTF_OK);
	struct slot s = leaf_slot(&fx, GiB);
	for (unsigned round = 0; round < 32; round++) {
		uint64_t granted = write_protect(&fx, s);
		struct racer r[2] = { { fx.as, GiB, -1 }, { fx.as, GiB + 64, -1 } };
		pthread_t t[2];
		for (unsigned i = 0; i < 2; i++)
			cr_assert_eq(pthread_create(&t[i], NULL, fault_w, &r[i]), 0);
		for (unsigned i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		cr_expect(r[0].rc == PTF_OK && r[1].rc == PTF_OK, "%s: %d, %d", fx.fmt->name, r[0].rc, r[1].rc);
		cr_expect_eq(slot_get(s), granted);
	}
	asfx_close(&fx);
}

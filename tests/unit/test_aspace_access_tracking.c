/* Access tracking (aspace.h, ptf_aspace_age): test-and-clear of each 4 KiB page's use,
 * one bit per 4 KiB, the pages of a huge leaf sharing its bit. A new mapping is used; an
 * age ages every used leaf in the format's way (format.h, enum ptf_accessed); a fault on
 * an aged page makes it used again and puts its entry back as it was; protects and splits
 * keep the age. Expected bitmaps are worked out here from the pages each test touches. */
#include "aspace_fixture.h"
#include "page_bitmap.h"

#include <pthread.h>

/* The bitmap age writes for [gpa, gpa + size) */
static struct bits age(const struct aspace_fx *fx, uint64_t gpa, uint64_t size)
{
	struct bits b;
	poison_words(&b); /* age writes every word its range needs */
	int rc = ptf_aspace_age(fx->as, gpa, size, b.w);
	cr_assert_eq(rc, PTF_OK, "%s: age [%#llx, +%#llx): %s", fx->fmt->name, (unsigned long long)gpa,
	             (unsigned long long)size, ptf_strerror(rc));
	check_words(fx->fmt->name, &b, size);
	return b;
}

struct found_leaf {
	uint64_t entry;
	unsigned flags;
	bool found;
};

static int take_leaf(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct found_leaf *f = arg;
	(void)visit;
	f->entry = v->entry;
	f->flags = v->info.flags;
	f->found = true;
	return 1;
}

/* The leaf that maps va, as the tree holds it */
static struct found_leaf leaf_at(const struct aspace_fx *fx, uint64_t va)
{
	struct found_leaf f = { 0, 0, false };
	fx->fmt->walk(fx->hal, ptf_aspace_root(fx->as), va, PG, PTF_VISIT_LEAF, take_leaf, &f);
	cr_assert(f.found, "%s: %#llx is mapped", fx->fmt->name, (unsigned long long)va);
	return f;
}

static unsigned bit_count(uint64_t x)
{
	unsigned n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

ASPACE_FORMAT_PARAMS(access_tracking, new_pages_read_as_used_and_a_second_age_reads_zeros)
ParameterizedTest(const unsigned *fi, access_tracking, new_pages_read_as_used_and_a_second_age_reads_zeros)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB + 16 * PG, 4 * PG, AS_RW, false), PTF_OK); /* lazy: nothing mapped */
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 17 * PG, PTF_R), PTF_OK);
	const uint64_t used[] = { 0, 1, 2, 3, 4, 5, 6, 7, 17 };
	struct bits want = pages(used, 9), none = { { 0 } };
	struct bits b = age(&fx, GiB, 24 * PG);
	expect_bits(fx.fmt->name, &b, &want, "every mapped page is new");
	b = age(&fx, GiB, 24 * PG);
	expect_bits(fx.fmt->name, &b, &none, "nothing used since");
	asfx_close(&fx);
}

/* How the aged leaf looks is the format's: no permission left (permissions), or one bit
 * less (an accessed flag); either way it is still the same mapping to ptforge. */
ASPACE_FORMAT_PARAMS(access_tracking, age_ages_the_leaf_in_the_formats_way)
ParameterizedTest(const unsigned *fi, access_tracking, age_ages_the_leaf_in_the_formats_way)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, PG, AS_RW, true), PTF_OK);
	struct found_leaf before = leaf_at(&fx, GiB);
	uint64_t hpa_before = 0, hpa_after = 0;
	cr_assert_eq(ptf_aspace_translate(fx.as, GiB, &hpa_before, NULL), PTF_OK);
	age(&fx, GiB, PG);
	struct found_leaf after = leaf_at(&fx, GiB);
	cr_assert_eq(ptf_aspace_translate(fx.as, GiB, &hpa_after, NULL), PTF_OK, "%s: still mapped", fx.fmt->name);
	cr_expect_eq(hpa_after, hpa_before);
	if (fx.fmt->accessed == PTF_ACCESSED_PERMISSIONS) {
		cr_expect_eq(after.flags & (PTF_R | PTF_W | PTF_X), 0, "%s: an aged leaf grants nothing", fx.fmt->name);
	} else {
		cr_expect_eq(after.flags, before.flags, "%s: permissions kept", fx.fmt->name);
		cr_expect_eq(bit_count(before.entry ^ after.entry), 1, "%s: one bit cleared: %#llx -> %#llx", fx.fmt->name,
		             (unsigned long long)before.entry, (unsigned long long)after.entry);
		cr_expect_eq(after.entry & ~before.entry, 0, "%s: nothing set", fx.fmt->name);
	}
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(access_tracking, fault_on_an_aged_page_marks_it_used_and_restores_its_entry)
ParameterizedTest(const unsigned *fi, access_tracking, fault_on_an_aged_page_marks_it_used_and_restores_its_entry)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 4 * PG, AS_RW, true), PTF_OK);
	struct found_leaf before = leaf_at(&fx, GiB + 2 * PG);
	age(&fx, GiB, 4 * PG);
	size_t frames = asfx_frames(&fx);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 2 * PG + 8, PTF_R), PTF_OK);
	cr_expect_eq(leaf_at(&fx, GiB + 2 * PG).entry, before.entry, "%s: the entry is as it was", fx.fmt->name);
	cr_expect_eq(asfx_frames(&fx), frames, "%s: nothing allocated", fx.fmt->name);
	const uint64_t used[] = { 2 };
	struct bits want = pages(used, 1);
	struct bits b = age(&fx, GiB, 4 * PG);
	expect_bits(fx.fmt->name, &b, &want, "page 2 used");
	asfx_close(&fx);
}

/* One flush covers the aged leaves' span; an age that ages nothing flushes nothing. */
ASPACE_FORMAT_PARAMS(access_tracking, one_flush_covers_the_aged_leaves)
ParameterizedTest(const unsigned *fi, access_tracking, one_flush_covers_the_aged_leaves)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB + 3 * PG, 5 * PG, AS_RW, true), PTF_OK);
	unsigned long flushes = asfx_flushes(&fx);
	age(&fx, GiB, 16 * PG);
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: one flush", fx.fmt->name);
	uint64_t gpa = 0, size = 0;
	asfx_last_flush(&fx, &gpa, &size);
	cr_expect(gpa == GiB + 3 * PG && size == 5 * PG, "%s: flushed [%#llx, +%#llx), want the 5 mapped pages",
	          fx.fmt->name, (unsigned long long)gpa, (unsigned long long)size);
	age(&fx, GiB, 16 * PG);
	cr_expect_eq(asfx_flushes(&fx), flushes + 1, "%s: nothing aged, nothing flushed", fx.fmt->name);
	asfx_close(&fx);
}

/* A huge leaf has one bit for all its pages: a range of one of its pages reads used, and
 * the age clears the whole leaf. */
ASPACE_FORMAT_PARAMS(access_tracking, pages_of_a_huge_leaf_share_its_bit)
ParameterizedTest(const unsigned *fi, access_tracking, pages_of_a_huge_leaf_share_its_bit)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 2 * huge > fx.size || huge / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: no huge page small enough for the test's bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	struct bits b = age(&fx, huge + 3 * PG, PG);
	struct bits want = first_bits(BPP), none = { { 0 } };
	expect_bits(fx.fmt->name, &b, &want, "one page of a new huge leaf");
	b = age(&fx, huge, huge);
	expect_bits(fx.fmt->name, &b, &none, "the whole leaf was aged");
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + huge / 2, PTF_W), PTF_OK);
	b = age(&fx, huge, huge);
	want = first_bits(huge / 4096);
	expect_bits(fx.fmt->name, &b, &want, "one access makes the whole leaf used");
	asfx_close(&fx);
}

/* A protect changes permissions and a split makes pieces: both keep the age, so only a
 * page used afterwards reads used. */
ASPACE_FORMAT_PARAMS(access_tracking, protect_and_split_keep_the_age)
ParameterizedTest(const unsigned *fi, access_tracking, protect_and_split_keep_the_age)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	if (!huge || 2 * huge > fx.size || huge / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: no huge page small enough for the test's bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge, ASFX_FAR_HPA, huge, AS_RW), PTF_OK);
	age(&fx, huge, huge);
	cr_assert_eq(ptf_aspace_protect(fx.as, huge, 2 * PG, AS_RO), PTF_OK); /* splits the leaf */
	cr_assert_eq(ptf_aspace_unmap(fx.as, huge + 4 * PG, PG), PTF_OK);
	cr_expect_eq(leaf_at(&fx, huge + 8 * PG).flags & (PTF_R | PTF_W | PTF_X),
	             fx.fmt->accessed == PTF_ACCESSED_PERMISSIONS ? 0u : (unsigned)AS_RW,
	             "%s: a piece is as aged as the leaf was", fx.fmt->name);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + PG, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, huge + 8 * PG, PTF_W), PTF_OK);
	cr_expect_eq(leaf_at(&fx, huge + PG).flags & (PTF_R | PTF_W), AS_RO, "%s: the protect holds", fx.fmt->name);
	const uint64_t used[] = { 1, 8 };
	struct bits want = pages(used, 2);
	struct bits b = age(&fx, huge, huge);
	expect_bits(fx.fmt->name, &b, &want, "pages 1 and 8 used after the protect and the split");
	asfx_close(&fx);
}

/* Dirty logging and ageing on the same pages: a write fault on a page both aged and
 * write-protected by the log marks it dirty and used, and gives W back. */
ASPACE_FORMAT_PARAMS(access_tracking, works_beside_dirty_logging)
ParameterizedTest(const unsigned *fi, access_tracking, works_beside_dirty_logging)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_dirty_log_start(fx.as, GiB, 8 * PG), PTF_OK);
	age(&fx, GiB, 8 * PG);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 5 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + 6 * PG, PTF_R), PTF_OK);
	cr_expect_eq(leaf_at(&fx, GiB + 5 * PG).flags & (PTF_R | PTF_W), AS_RW, "%s: W back", fx.fmt->name);
	cr_expect_eq(leaf_at(&fx, GiB + 6 * PG).flags & (PTF_R | PTF_W), AS_RO, "%s: read: still logged", fx.fmt->name);
	struct bits dirty;
	cr_assert_eq(ptf_aspace_dirty_log_get(fx.as, GiB, 8 * PG, dirty.w, true), PTF_OK);
	const uint64_t written[] = { 5 }, used[] = { 5, 6 };
	struct bits want_dirty = pages(written, 1), want_used = pages(used, 2);
	for (unsigned i = (8 * PG / 4096 + 63) / 64; i < LOG_WORDS; i++)
		dirty.w[i] = 0;
	expect_bits(fx.fmt->name, &dirty, &want_dirty, "page 5 dirty");
	struct bits b = age(&fx, GiB, 8 * PG);
	expect_bits(fx.fmt->name, &b, &want_used, "pages 5 and 6 used");
	cr_expect_eq(leaf_at(&fx, GiB + 5 * PG).flags & PTF_W, 0, "%s: the get protected page 5 again", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(access_tracking, bad_arguments_get_their_usual_errors)
ParameterizedTest(const unsigned *fi, access_tracking, bad_arguments_get_their_usual_errors)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 2 * PG, AS_RW, true), PTF_OK);
	uint64_t map[LOG_WORDS];
	ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_age(NULL, GiB, PG, map));
	ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_age(fx.as, GiB, PG, NULL));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_age(fx.as, GiB + 1, PG, map));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_age(fx.as, GiB, PG + 1, map));
	ASFX_EXPECT_REFUSED(&fx, PTF_ESIZE, ptf_aspace_age(fx.as, GiB, 0, map));
	ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_age(fx.as, fx.base + fx.size, PG, map));
	/* refused: the pages are as new as they were */
	const uint64_t used[] = { 0, 1 };
	struct bits want = pages(used, 2);
	struct bits b = age(&fx, GiB, 2 * PG);
	expect_bits(fx.fmt->name, &b, &want, "refused ages aged nothing");
	asfx_close(&fx);
}

/* Ages are readers: faults go on meanwhile. Every page faulted in is mapped in the end,
 * and after one last read of each, one age reports them all. */
#define AGE_RACE_PAGES 256
#define AGE_RACE_FAULTERS 2

struct age_race {
	struct ptf_aspace *as;
	uint64_t base, page;
	unsigned first;
};

static void *fault_pages(void *arg)
{
	const struct age_race *r = arg;
	for (unsigned round = 0; round < 4; round++)
		for (unsigned i = r->first; i < AGE_RACE_PAGES; i += AGE_RACE_FAULTERS)
			cr_assert_eq(ptf_aspace_handle_fault(r->as, r->base + i * r->page, round & 1 ? PTF_W : PTF_R), PTF_OK);
	return NULL;
}

ASPACE_FORMAT_PARAMS(access_tracking, ages_run_beside_faults)
ParameterizedTest(const unsigned *fi, access_tracking, ages_run_beside_faults)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t size = AGE_RACE_PAGES * PG;
	if (size / 4096 > 64 * LOG_WORDS)
		cr_skip_test("%s: pages too large for the test's bitmap", fx.fmt->name);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, size, AS_RW, false), PTF_OK);
	struct age_race r[AGE_RACE_FAULTERS];
	pthread_t t[AGE_RACE_FAULTERS];
	for (unsigned i = 0; i < AGE_RACE_FAULTERS; i++) {
		r[i] = (struct age_race){ .as = fx.as, .base = GiB, .page = PG, .first = i };
		cr_assert_eq(pthread_create(&t[i], NULL, fault_pages, &r[i]), 0);
	}
	for (unsigned n = 0; n < 64; n++)
		age(&fx, GiB, size);
	for (unsigned i = 0; i < AGE_RACE_FAULTERS; i++)
		pthread_join(t[i], NULL);
	age(&fx, GiB, size);
	for (unsigned i = 0; i < AGE_RACE_PAGES; i++)
		cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + i * PG, PTF_R), PTF_OK);
	struct bits b = age(&fx, GiB, size), want = first_bits(size / 4096);
	expect_bits(fx.fmt->name, &b, &want, "every page read after the race");
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[0], AGE_RACE_PAGES, "%s: every page mapped once", fx.fmt->name);
	asfx_close(&fx);
}

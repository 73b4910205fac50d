/* ptf_F_query_inline, the lookup the generated ptf_F.h offers inline for single-format
 * embedders, answers exactly as the descriptor's query does; and every built format's
 * header can be included in one translation unit (ptf_formats.h does so here). */
#include "walker_fixture.h"

#include "ptf_formats.h"

typedef int (*query_fn)(const struct ptf_hal *hal, uint64_t root, uint64_t va, uint64_t *pa, unsigned *flags,
                        uint64_t *page_size);

#define INLINE_QUERY_ENTRY(name) { &ptf_format_##name, ptf_##name##_query_inline },
static const struct {
	const struct ptf_format *fmt;
	query_fn query;
} inline_queries[] = { PTF_FOR_EACH_FORMAT(INLINE_QUERY_ENTRY) };

static query_fn inline_query_of(const struct ptf_format *f)
{
	for (size_t i = 0; i < sizeof(inline_queries) / sizeof(inline_queries[0]); i++)
		if (inline_queries[i].fmt == f)
			return inline_queries[i].query;
	cr_assert_fail("%s has no inline query", f->name);
	return NULL;
}

FORMAT_PARAMS(inline_query, inline_query_answers_as_the_descriptor_query_does)
ParameterizedTest(const unsigned *fi, inline_query, inline_query_answers_as_the_descriptor_query_does)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	query_fn inline_query = inline_query_of(f);
	uint64_t big = largest_page(f);
	/* every page size, flags that differ, and holes between */
	cr_assert_eq(f->map_range(t.hal, t.root, 2 * big - 4 * PG, 0x100000000 + PG, 16 * PG, RW), PTF_OK);
	cr_assert_eq(f->map_range(t.hal, t.root, 4 * big, 4 * big, 2 * big, PTF_R), PTF_OK);
	for (unsigned i = 0; i < f->n_page_sizes; i++)
		cr_assert_eq(f->map_range(t.hal, t.root, 8 * big + i * big, 8 * big, f->page_sizes[i], RW), PTF_OK);
	uint64_t span = 12 * big, state = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 20000; i++) {
		state = state * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t va = (state >> 11) % span;
		uint64_t pa1 = 1, pa2 = 2, size1 = 1, size2 = 2;
		unsigned flags1 = 1, flags2 = 2;
		int rc1 = f->query(t.hal, t.root, va, &pa1, &flags1, &size1);
		int rc2 = inline_query(t.hal, t.root, va, &pa2, &flags2, &size2);
		cr_assert_eq(rc2, rc1, "%s: at %#llx", f->name, (unsigned long long)va);
		if (rc1 == PTF_OK)
			cr_assert(pa1 == pa2 && flags1 == flags2 && size1 == size2, "%s: at %#llx", f->name,
			          (unsigned long long)va);
	}
	cr_expect_eq(inline_query(t.hal, t.root, (uint64_t)1 << f->input_bits, NULL, NULL, NULL), PTF_ERANGE);
	tree_free(&t);
}

/* ---- tables with bits set since ptforge wrote them ---- */

struct first_table {
	unsigned index;
	uint64_t entry;
	bool found;
};

static int root_entry_of(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)visit;
	struct first_table *t = arg;
	if (v->depth == 0 && !t->found) {
		t->index = v->index;
		t->entry = v->entry;
		t->found = true;
	}
	return 0;
}

static void put_entry(void *slot, unsigned bytes, uint64_t e)
{
	if (bytes == 4)
		*(uint32_t *)slot = (uint32_t)e;
	else
		*(uint64_t *)slot = e;
}

/* An entry may hold more than ptforge writes in a table entry (an MMU's accessed bit, a
 * bit software keeps): the walks take such an entry the long way, not the one compare
 * for an entry exactly as written, and must answer the same. Each bit outside the
 * table's address that leaves the root entry decoding as the same table is tried. */
FORMAT_PARAMS(inline_query, query_goes_through_a_table_entry_with_bits_set_since_it_was_written)
ParameterizedTest(const unsigned *fi, inline_query, query_goes_through_a_table_entry_with_bits_set_since_it_was_written)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	query_fn inline_query = inline_query_of(f);
	uint64_t va = 3 * largest_page(f) + 5 * PG, hpa = 0x200000000ull + 7 * PG;
	cr_assert_eq(f->map_range(t.hal, t.root, va, hpa, PG, RW), PTF_OK);
	struct first_table root = { 0 };
	cr_assert_eq(f->walk(t.hal, t.root, va, PG, PTF_VISIT_TABLE_PRE, root_entry_of, &root), PTF_OK);
	cr_assert(root.found);
	struct ptf_entry_info as_written;
	f->decode(root.entry, 0, &as_written);
	cr_assert_eq(as_written.kind, PTF_ENTRY_TABLE, "%s: the root entry is a table", f->name);
	unsigned char *slot = (unsigned char *)t.hal->phys_to_virt(t.hal->ctx, t.root) + (size_t)root.index * f->pte_bytes;
	unsigned tried = 0;
	for (unsigned bit = 0; bit < 8 * f->pte_bytes; bit++) {
		uint64_t e = root.entry | (1ull << bit);
		struct ptf_entry_info info;
		f->decode(e, 0, &info);
		if (e == root.entry || info.kind != PTF_ENTRY_TABLE || info.pa != as_written.pa)
			continue; /* a bit the table's address uses, or one that makes it something else */
		put_entry(slot, f->pte_bytes, e);
		uint64_t pa = 0, pa_inline = 0, size = 0;
		unsigned flags = 0;
		cr_expect_eq(f->query(t.hal, t.root, va + 8, &pa, &flags, &size), PTF_OK, "%s: bit %u", f->name, bit);
		cr_expect_eq(pa, hpa + 8, "%s: with bit %u set the query reached %#llx", f->name, bit,
		             (unsigned long long)pa);
		cr_expect_eq(size, PG);
		cr_expect_eq(inline_query(t.hal, t.root, va + 8, &pa_inline, NULL, NULL), PTF_OK);
		cr_expect_eq(pa_inline, hpa + 8, "%s: bit %u, inline", f->name, bit);
		cr_expect_eq(inline_query(t.hal, t.root, va + PG, &pa, NULL, NULL), PTF_ENOENT, "%s: bit %u", f->name, bit);
		tried++;
	}
	put_entry(slot, f->pte_bytes, root.entry);
	cr_expect(tried > 0, "%s: no bit outside the address leaves the root entry the same table", f->name);
	tree_free(&t);
}

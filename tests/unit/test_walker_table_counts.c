/* Every table below the root knows how many valid entries it holds (in the HAL's
 * frame_meta), so an unmap tells in O(1) that it emptied one; a HAL without frame_meta
 * gets the same trees, its tables scanned instead. */
#include "guest_fixture.h"
#include "wrapped_hal.h"

/* Every table's count against its valid entries, found by walking. */
struct count_check {
	const struct ptf_hal *meta_hal; /* whose frame_meta holds the counts */
	size_t valid[PTF_MAX_LEVELS + 1];
	size_t tables;
	const char *name;
};

static int check_counts(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct count_check *c = arg;
	if (visit == PTF_VISIT_TABLE_PRE) {
		c->valid[v->depth]++;
		c->valid[v->depth + 1] = 0;
	} else if (visit == PTF_VISIT_TABLE_POST) {
		const struct ptf_frame_meta *m =
			&c->meta_hal->frame_meta[(v->info.pa - c->meta_hal->frame_meta_base) / PTF_FRAME_SIZE];
		cr_expect_eq(m->live, c->valid[v->depth + 1], "%s: table at depth %u under %#llx counts %u, holds %zu",
		             c->name, v->depth + 1, (unsigned long long)v->va, m->live, c->valid[v->depth + 1]);
		cr_expect_gt(c->valid[v->depth + 1], 0, "%s: an empty table left linked under %#llx", c->name,
		             (unsigned long long)v->va);
		c->tables++;
	} else {
		c->valid[v->depth]++;
	}
	return 0;
}

static size_t expect_counts_right(const struct tree *t, const struct ptf_hal *hal)
{
	struct count_check c = { .meta_hal = t->hal, .name = t->fmt->name };
	geo_walk_all(t->fmt, hal, t->root, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE | PTF_VISIT_TABLE_POST, check_counts, &c);
	return c.tables;
}

/* Maps, a lazy fault, splits by unmap and by protect, and single-page unmaps: every way
 * a table gains or loses entries. */
static void mixed_changes(const struct tree *t, const struct ptf_hal *hal)
{
	int rc;
	const struct ptf_format *f = t->fmt;
	uint64_t big = largest_page(f);
	cr_assert_eq(f->map_range(hal, t->root, 3 * GiB - 4 * PG, 0x100000000, 16 * PG, RW), PTF_OK);
	cr_assert_eq(f->map_range(hal, t->root, 8 * GiB, 8 * GiB, 2 * big, RW), PTF_OK);
	uint64_t frame;
	rc = f->fault_page(hal, t->root, 8 * GiB + 2 * big + 3 * PG, RW, &frame);
	cr_assert_eq(rc, PTF_OK, "%s: fault: %s", f->name, ptf_strerror(rc));
	hal->free_frames(hal->ctx, frame, geo_frames_per_page(f)); /* the data frame is the caller's; the leaf stays */
	cr_assert_eq(f->unmap_range(hal, t->root, 8 * GiB + 5 * PG, 2 * PG), PTF_OK);
	cr_assert_eq(f->protect_range(hal, t->root, 8 * GiB + big + PG, PG, PTF_R), PTF_OK);
	for (uint64_t va = 3 * GiB - 4 * PG; va < 3 * GiB + 4 * PG; va += 2 * PG)
		cr_assert_eq(f->unmap_page(hal, t->root, va, PG), PTF_OK);
}

FORMAT_PARAMS(table_counts, every_table_counts_its_valid_entries_after_mixed_changes)
ParameterizedTest(const unsigned *fi, table_counts, every_table_counts_its_valid_entries_after_mixed_changes)
{
	struct tree t = tree_new(format_at(fi));
	mixed_changes(&t, t.hal);
	cr_expect_gt(expect_counts_right(&t, t.hal), 0, "%s: the changes left tables to check", t.fmt->name);
	tree_free(&t);
}

FORMAT_PARAMS(table_counts, unmapping_the_last_page_frees_every_table_above_it)
ParameterizedTest(const unsigned *fi, table_counts, unmapping_the_last_page_frees_every_table_above_it)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t va = 5 * GiB + 3 * MiB + 2 * PG;
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, va, 0x4000000, PG, RW), PTF_OK);
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, va + PG, 0x4000000 + PG, PG, RW), PTF_OK);
	cr_assert_eq(frames(&t), t.baseline + t.fmt->levels - 1);
	cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, va, PG), PTF_OK);
	cr_expect_eq(frames(&t), t.baseline + t.fmt->levels - 1, "%s: a table with an entry left stays", t.fmt->name);
	cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, va + PG, PG), PTF_OK);
	cr_expect_eq(frames(&t), t.baseline, "%s: the last page took every table above it along", t.fmt->name);
	tree_free(&t);
}

FORMAT_PARAMS(table_counts, a_hal_without_frame_meta_gets_the_same_tree)
ParameterizedTest(const unsigned *fi, table_counts, a_hal_without_frame_meta_gets_the_same_tree)
{
	struct tree counted = tree_new(format_at(fi));
	struct tree scanned = tree_new(format_at(fi));
	struct wrapped_hal w;
	/* records from the heap as in the counted tree, so that both take the same frames */
	const struct ptf_hal *no_meta = wrap_hal(&w, scanned.host, WRAP_LEND_BYTES);
	mixed_changes(&counted, counted.hal);
	mixed_changes(&scanned, no_meta);
	struct snapshot a = snapshot(&counted), b = snapshot(&scanned);
	/* the same entries, the frames aside (both arenas hand out the same frames in turn) */
	assert_same_snapshot(&a, &b, "counted vs scanned");
	cr_expect_eq(frames(&counted), frames(&scanned), "%s: the same frames in use", counted.fmt->name);
	tree_free(&counted);
	tree_free(&scanned);
}

/* The frame_meta of the last-level table that maps gpa in g's tree. */
struct find_table {
	uint64_t gpa;
	unsigned depth;
	uint64_t pa;
};

static int find_last_table(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct find_table *f = arg;
	if (visit == PTF_VISIT_TABLE_PRE && v->depth + 1 == f->depth && v->va <= f->gpa && f->gpa - v->va < v->info.size)
		f->pa = v->info.pa;
	return 0;
}

static const struct ptf_frame_meta *last_table_meta(const struct guest *g, uint64_t gpa)
{
	struct find_table f = { .gpa = gpa, .depth = g->fmt->levels - 1 };
	g->fmt->walk(g->hal, ptf_aspace_root(g->as), 0, g->window, PTF_VISIT_TABLE_PRE, find_last_table, &f);
	cr_assert_neq(f.pa, 0, "%s: a last-level table maps %#llx", g->fmt->name, (unsigned long long)gpa);
	return &g->hal->frame_meta[(f.pa - g->hal->frame_meta_base) / PTF_FRAME_SIZE];
}

/* Faults add entries on several CPUs at once and mark the count stale instead of
 * counting with a locked instruction; the next change of the table counts it. */
FORMAT_PARAMS(table_counts, faults_leave_the_count_stale_and_the_next_unmap_recounts_it)
ParameterizedTest(const unsigned *fi, table_counts, faults_leave_the_count_stale_and_the_next_unmap_recounts_it)
{
	struct guest g = guest_new(format_at(fi));
	uint64_t base = 2 * GiB;
	cr_assert_eq(ptf_aspace_map_alloc(g.as, base, 2 * MiB, RW, false), PTF_OK);
	size_t before = guest_frames(&g);
	for (unsigned i = 0; i < 5; i++)
		cr_assert_eq(ptf_aspace_handle_fault(g.as, base + i * 2 * PG, PTF_W), PTF_OK);
	const struct ptf_frame_meta *m = last_table_meta(&g, base);
	cr_expect_eq(m->uncounted, 1, "%s: faults mark the count stale", g.fmt->name);
	cr_assert_eq(ptf_aspace_unmap(g.as, base + 2 * PG, PG), PTF_OK);
	cr_expect_eq(m->uncounted, 0, "%s: the unmap settled the count", g.fmt->name);
	cr_expect_eq(m->live, 4, "%s: five faulted, one unmapped: 4 live, counted %u", g.fmt->name, m->live);
	/* counted again, the table is freed with its last entry */
	for (unsigned i = 0; i < 5; i++)
		if (i != 1)
			cr_assert_eq(ptf_aspace_unmap(g.as, base + i * 2 * PG, PG), PTF_OK);
	cr_expect_eq(guest_frames(&g), before, "%s: every table and frame the faults took is back", g.fmt->name);
	guest_free(&g);
}

FORMAT_PARAMS(table_counts, a_stale_count_is_settled_before_a_map_adds_to_it)
ParameterizedTest(const unsigned *fi, table_counts, a_stale_count_is_settled_before_a_map_adds_to_it)
{
	struct guest g = guest_new(format_at(fi));
	uint64_t base = 2 * GiB;
	cr_assert_eq(ptf_aspace_map_alloc(g.as, base, 16 * PG, RW, false), PTF_OK);
	for (unsigned i = 0; i < 3; i++)
		cr_assert_eq(ptf_aspace_handle_fault(g.as, base + i * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(g.as, base + 16 * PG, 0x40000000, 4 * PG, RW), PTF_OK);
	const struct ptf_frame_meta *m = last_table_meta(&g, base);
	cr_expect_eq(m->uncounted, 0, "%s: the map settled the count", g.fmt->name);
	cr_expect_eq(m->live, 3 + 4, "%s: 3 faulted and 4 mapped: counted %u", g.fmt->name, m->live);
	guest_free(&g);
}

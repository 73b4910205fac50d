/* The visitor walk: what it visits, in which order, and stopping early. */
#include "walker_fixture.h"

struct record {
	unsigned n;
	unsigned depth[16], visit[16];
	enum ptf_entry_kind kind[16];
	unsigned stop_after;
};

static int record(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct record *r = arg;
	if (r->n < 16) {
		r->depth[r->n] = v->depth;
		r->visit[r->n] = visit;
		r->kind[r->n] = v->info.kind;
	}
	r->n++;
	return r->stop_after && r->n == r->stop_after ? 42 : 0;
}

FORMAT_PARAMS(walker_walk, path_to_a_page_visits_each_depth_pre_and_post)
ParameterizedTest(const unsigned *fi, walker_walk, path_to_a_page_visits_each_depth_pre_and_post)
{
	struct tree t = tree_new(format_at(fi));
	unsigned L = t.fmt->levels;
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 4 * PG, 0, PG, RW), PTF_OK);
	struct record r = { 0 };
	cr_assert_eq(t.fmt->walk(t.hal, t.root, 4 * PG, 1, PTF_VISIT_ALL, record, &r), 0);
	cr_assert_eq(r.n, 2 * (L - 1) + 1, "pre and post for each table, one leaf");
	for (unsigned d = 0; d + 1 < L; d++) {
		cr_expect_eq(r.depth[d], d);
		cr_expect_eq(r.visit[d], PTF_VISIT_TABLE_PRE);
		cr_expect_eq(r.kind[d], PTF_ENTRY_TABLE);
		cr_expect_eq(r.visit[2 * (L - 1) - d], PTF_VISIT_TABLE_POST);
	}
	cr_expect_eq(r.depth[L - 1], L - 1);
	cr_expect_eq(r.visit[L - 1], PTF_VISIT_LEAF);
	tree_free(&t);
}

FORMAT_PARAMS(walker_walk, invalid_entries_are_visited_only_when_asked)
ParameterizedTest(const unsigned *fi, walker_walk, invalid_entries_are_visited_only_when_asked)
{
	struct tree t = tree_new(format_at(fi));
	struct record r = { 0 };
	cr_assert_eq(t.fmt->walk(t.hal, t.root, 0, 2 * PG, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE, record, &r), 0);
	cr_expect_eq(r.n, 0);
	cr_assert_eq(t.fmt->walk(t.hal, t.root, 0, 2 * PG, PTF_VISIT_INVALID, record, &r), 0);
	cr_expect_eq(r.n, 1, "one root entry covers both pages and is invalid");
	cr_expect_eq(r.kind[0], PTF_ENTRY_INVALID);
	tree_free(&t);
}

FORMAT_PARAMS(walker_walk, a_visitor_can_stop_the_walk)
ParameterizedTest(const unsigned *fi, walker_walk, a_visitor_can_stop_the_walk)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 16 * PG, RW), PTF_OK);
	struct record r = { .stop_after = 3 };
	cr_expect_eq(t.fmt->walk(t.hal, t.root, 0, 16 * PG, PTF_VISIT_LEAF, record, &r), 42);
	cr_expect_eq(r.n, 3);
	tree_free(&t);
}

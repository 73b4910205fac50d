/* The area map's tree (runtime/core/avl.h): after any sequence of insertions and
 * removals it holds exactly the records inserted and not removed, in key order, and
 * stays balanced (every node's subtrees differ in height by one at most, its parent
 * link and height right), so each operation is O(log n). Checked against a plain set. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "avl.h"

#define KEYS 2048

struct item {
	struct ptf_avl_node node;
	unsigned key;
};

static struct item items[KEYS];
static bool present[KEYS];

static void insert(struct ptf_avl_tree *t, struct item *it)
{
	struct ptf_avl_node **link = &t->root, *parent = NULL;
	while (*link) {
		parent = *link;
		link = it->key < PTF_AVL_ENTRY(parent, struct item, node)->key ? &parent->left : &parent->right;
	}
	ptf_avl_insert(t, &it->node, parent, link);
}

/* Height of n's subtree, checking every invariant below it; -1 on a violation. */
static int checked_height(const struct ptf_avl_node *n, const struct ptf_avl_node *parent)
{
	if (!n)
		return 0;
	if (n->parent != parent)
		return -1;
	int l = checked_height(n->left, n), r = checked_height(n->right, n);
	if (l < 0 || r < 0 || l - r > 1 || r - l > 1)
		return -1;
	int h = (l > r ? l : r) + 1;
	return n->height == h ? h : -1;
}

static void expect_tree_is(const struct ptf_avl_tree *t, const char *when)
{
	int h = checked_height(t->root, NULL);
	cr_assert_geq(h, 0, "%s: an AVL invariant is broken", when);
	size_t n = 0;
	unsigned want = 0;
	for (const struct ptf_avl_node *x = ptf_avl_first(t); x; x = ptf_avl_next(x), n++) {
		unsigned key = PTF_AVL_ENTRY(x, const struct item, node)->key;
		while (want < KEYS && !present[want])
			want++;
		cr_assert_eq(key, want, "%s: in-order walk gives %u where %u is next", when, key, want);
		want++;
	}
	size_t count = 0;
	for (unsigned k = 0; k < KEYS; k++)
		count += present[k];
	cr_assert_eq(n, count, "%s: %zu nodes in the tree, %zu inserted", when, n, count);
	/* AVL height bound: h < 1.4405 log2(n + 2); log2 rounded up */
	unsigned log2_up = 1;
	for (size_t m = n + 2; m > 1; m /= 2)
		log2_up++;
	cr_assert_leq((double)h, 1.4405 * log2_up, "%s: height %d for %zu nodes", when, h, n);
}

Test(core_avl, random_inserts_and_removals_keep_order_and_balance)
{
	struct ptf_avl_tree t = { NULL };
	srand(12345);
	for (unsigned k = 0; k < KEYS; k++)
		items[k].key = k;
	for (unsigned step = 0; step < 20000; step++) {
		unsigned k = (unsigned)rand() % KEYS;
		if (present[k])
			ptf_avl_remove(&t, &items[k].node);
		else
			insert(&t, &items[k]);
		present[k] = !present[k];
		if (step % 997 == 0)
			expect_tree_is(&t, "random");
	}
	expect_tree_is(&t, "random, at the end");
}

Test(core_avl, ascending_inserts_then_removal_from_the_middle_out)
{
	struct ptf_avl_tree t = { NULL };
	for (unsigned k = 0; k < KEYS; k++) {
		items[k].key = k;
		present[k] = true;
		insert(&t, &items[k]);
	}
	expect_tree_is(&t, "ascending");
	for (unsigned i = 0; i < KEYS / 2; i++) {
		unsigned a = KEYS / 2 - 1 - i, b = KEYS / 2 + i;
		ptf_avl_remove(&t, &items[a].node);
		ptf_avl_remove(&t, &items[b].node);
		present[a] = present[b] = false;
		if (i % 101 == 0)
			expect_tree_is(&t, "middle out");
	}
	cr_expect_null(t.root, "every node removed");
	cr_expect_null(ptf_avl_first(&t));
}

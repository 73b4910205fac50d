/* avl.c: the intrusive AVL tree (see avl.h). After an insertion or a removal, the
 * heights are fixed from the changed node up to the root, rotating wherever the two
 * subtrees' heights differ by two. */
#include "avl.h"

static int height(const struct ptf_avl_node *n)
{
	return n ? n->height : 0;
}

static void update_height(struct ptf_avl_node *n)
{
	int l = height(n->left), r = height(n->right);
	n->height = (l > r ? l : r) + 1;
}

/* Points whatever pointed at old (its parent's child link, or the root) at new. */
static void replace_child(struct ptf_avl_tree *t, struct ptf_avl_node *parent, struct ptf_avl_node *old,
                          struct ptf_avl_node *new)
{
	if (!parent)
		t->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/* n's right child takes n's place, n becomes its left child. Returns the new subtree root. */
static struct ptf_avl_node *rotate_left(struct ptf_avl_tree *t, struct ptf_avl_node *n)
{
	struct ptf_avl_node *r = n->right;
	n->right = r->left;
	if (r->left)
		r->left->parent = n;
	r->parent = n->parent;
	replace_child(t, n->parent, n, r);
	r->left = n;
	n->parent = r;
	update_height(n);
	update_height(r);
	return r;
}

static struct ptf_avl_node *rotate_right(struct ptf_avl_tree *t, struct ptf_avl_node *n)
{
	struct ptf_avl_node *l = n->left;
	n->left = l->right;
	if (l->right)
		l->right->parent = n;
	l->parent = n->parent;
	replace_child(t, n->parent, n, l);
	l->right = n;
	n->parent = l;
	update_height(n);
	update_height(l);
	return l;
}

/* n's subtrees are balanced AVL trees whose heights differ by at most two: makes n's
 * subtree one, and returns its root. */
static struct ptf_avl_node *balance(struct ptf_avl_tree *t, struct ptf_avl_node *n)
{
	int diff = height(n->left) - height(n->right);
	if (diff > 1) {
		if (height(n->left->left) < height(n->left->right))
			rotate_left(t, n->left);
		return rotate_right(t, n);
	}
	if (diff < -1) {
		if (height(n->right->right) < height(n->right->left))
			rotate_right(t, n->right);
		return rotate_left(t, n);
	}
	update_height(n);
	return n;
}

/* From n up to the root: every height right again, every node balanced. */
static void rebalance_up(struct ptf_avl_tree *t, struct ptf_avl_node *n)
{
	for (; n; n = n->parent)
		n = balance(t, n);
}

void ptf_avl_insert(struct ptf_avl_tree *t, struct ptf_avl_node *n, struct ptf_avl_node *parent,
                    struct ptf_avl_node **link)
{
	n->left = n->right = NULL;
	n->parent = parent;
	n->height = 1;
	*link = n;
	rebalance_up(t, parent);
}

void ptf_avl_remove(struct ptf_avl_tree *t, struct ptf_avl_node *n)
{
	struct ptf_avl_node *fix; /* the lowest node whose subtree lost height */
	if (n->left && n->right) {
		/* n's successor s (the leftmost of its right subtree, with no left child)
		 * takes n's place in the tree: links are moved, records never copied */
		struct ptf_avl_node *s = n->right;
		while (s->left)
			s = s->left;
		if (s->parent == n) {
			fix = s;
		} else {
			fix = s->parent;
			fix->left = s->right;
			if (s->right)
				s->right->parent = fix;
			s->right = n->right;
			n->right->parent = s;
		}
		s->left = n->left;
		n->left->parent = s;
		s->parent = n->parent;
		s->height = n->height;
		replace_child(t, n->parent, n, s);
	} else {
		struct ptf_avl_node *child = n->left ? n->left : n->right;
		if (child)
			child->parent = n->parent;
		replace_child(t, n->parent, n, child);
		fix = n->parent;
	}
	rebalance_up(t, fix);
}

struct ptf_avl_node *ptf_avl_first(const struct ptf_avl_tree *t)
{
	struct ptf_avl_node *n = t->root;
	while (n && n->left)
		n = n->left;
	return n;
}

struct ptf_avl_node *ptf_avl_next(const struct ptf_avl_node *n)
{
	if (n->right) {
		n = n->right;
		while (n->left)
			n = n->left;
		return (struct ptf_avl_node *)n;
	}
	while (n->parent && n->parent->right == n)
		n = n->parent;
	return n->parent;
}

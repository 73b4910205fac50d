/* avl.h: an intrusive AVL tree. The tree keeps no keys and allocates nothing: a user
 * embeds a struct ptf_avl_node in its records, finds where a new record goes by its own
 * comparison (walking from the root through left/right), then links it with
 * ptf_avl_insert, as Linux's rbtree is used. Every operation is O(log n); the height
 * of a tree of n nodes stays below 1.45 log2(n + 2). */
#ifndef PTF_AVL_H
#define PTF_AVL_H

#include <stddef.h>

struct ptf_avl_node {
	struct ptf_avl_node *left, *right, *parent;
	int height; /* of the subtree rooted here: 1 for a leaf */
};

struct ptf_avl_tree {
	struct ptf_avl_node *root;
};

/* Links n (whose own fields are set here) as parent's child at *link, where the
 * caller's search ended (link is &parent->left, &parent->right, or &tree->root when the
 * tree is empty), and rebalances. */
void ptf_avl_insert(struct ptf_avl_tree *t, struct ptf_avl_node *n, struct ptf_avl_node *parent,
                    struct ptf_avl_node **link);
/* Unlinks n, which is in t, and rebalances. */
void ptf_avl_remove(struct ptf_avl_tree *t, struct ptf_avl_node *n);
/* In order: the first node, and the one after n (NULL at the end). */
struct ptf_avl_node *ptf_avl_first(const struct ptf_avl_tree *t);
struct ptf_avl_node *ptf_avl_next(const struct ptf_avl_node *n);

/* The record that embeds node as member (NULL stays NULL). */
#define PTF_AVL_ENTRY(node, type, member) \
	((node) ? (type *)(void *)((char *)(node) - offsetof(type, member)) : (type *)NULL)

#endif

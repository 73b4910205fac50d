/* area_map.c: ordered, non-overlapping areas in an AVL tree (see area_map.h). */
#include "area_map.h"

#include <stddef.h>

#include "assert.h"

static struct area *area_of(const struct ptf_avl_node *n)
{
	return PTF_AVL_ENTRY(n, struct area, link);
}

void ptf_area_map_init(struct area_map *m)
{
	m->tree.root = NULL;
	m->count = 0;
}

struct area *ptf_area_map_first_from(const struct area_map *m, uint64_t addr)
{
	/* the last area starting at or below addr, if it still covers addr */
	struct ptf_avl_node *node = m->tree.root;
	struct area *below = NULL, *above = NULL;
	while (node) {
		struct area *a = area_of(node);
		if (a->start <= addr) {
			below = a;
			node = node->right;
		} else {
			above = a;
			node = node->left;
		}
	}
	if (below && below->end > addr)
		return below;
	return above;
}

struct area *ptf_area_map_find(const struct area_map *m, uint64_t addr)
{
	struct area *a = ptf_area_map_first_from(m, addr);
	return a && a->start <= addr ? a : NULL;
}

bool ptf_area_map_overlaps(const struct area_map *m, uint64_t start, uint64_t end)
{
	struct area *a = ptf_area_map_first_from(m, start);
	return a && a->start < end;
}

struct area *ptf_area_map_next(const struct area_map *m, struct area *a)
{
	(void)m;
	return area_of(ptf_avl_next(&a->link));
}

struct area *ptf_area_map_min(const struct area_map *m)
{
	return area_of(ptf_avl_first(&m->tree));
}

void ptf_area_map_insert(struct area_map *m, struct area *a)
{
	struct ptf_avl_node **link = &m->tree.root, *parent = NULL;
	while (*link) {
		parent = *link;
		/* the caller checked there is no overlap, so no area starts where a does */
		PTF_ASSERT(area_of(parent)->start != a->start);
		link = a->start < area_of(parent)->start ? &parent->left : &parent->right;
	}
	ptf_avl_insert(&m->tree, &a->link, parent, link);
	m->count++;
}

void ptf_area_map_remove(struct area_map *m, struct area *a)
{
	ptf_avl_remove(&m->tree, &a->link);
	m->count--;
}

static uint64_t align_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

bool ptf_area_map_find_free(const struct area_map *m, uint64_t lo, uint64_t hi, uint64_t size,
                        uint64_t align, uint64_t *out)
{
	uint64_t cursor = lo;
	for (struct area *a = ptf_area_map_first_from(m, lo);; a = ptf_area_map_next(m, a)) {
		uint64_t gap_end = a && a->start < hi ? a->start : hi;
		uint64_t candidate = align_up(cursor, align);
		if (candidate >= cursor && candidate <= gap_end && gap_end - candidate >= size) {
			*out = candidate;
			return true;
		}
		if (!a || a->start >= hi)
			return false;
		if (a->end > cursor)
			cursor = a->end;
	}
}

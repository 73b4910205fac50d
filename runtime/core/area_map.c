/* area_map.c: ordered, non-overlapping areas in a red-black tree (see area_map.h). */
#include "area_map.h"

#include <stddef.h>

#include "assert.h"

static int area_cmp(const struct area *a, const struct area *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

RB_GENERATE_STATIC(area_tree, area, link, area_cmp)

void ptf_area_map_init(struct area_map *m)
{
	RB_INIT(&m->tree);
	m->count = 0;
}

struct area *ptf_area_map_first_from(const struct area_map *m, uint64_t addr)
{
	/* the last area starting at or below addr, if it still covers addr */
	struct area *node = RB_ROOT(&m->tree), *below = NULL, *above = NULL;
	while (node) {
		if (node->start <= addr) {
			below = node;
			node = RB_RIGHT(node, link);
		} else {
			above = node;
			node = RB_LEFT(node, link);
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
	return RB_NEXT(area_tree, &((struct area_map *)m)->tree, a);
}

struct area *ptf_area_map_min(const struct area_map *m)
{
	return RB_MIN(area_tree, &((struct area_map *)m)->tree);
}

void ptf_area_map_insert(struct area_map *m, struct area *a)
{
	/* the caller checked there is no overlap, so no area starts where a does */
	struct area *clash = RB_INSERT(area_tree, &m->tree, a);
	PTF_ASSERT(clash == NULL);
	m->count++;
}

void ptf_area_map_remove(struct area_map *m, struct area *a)
{
	RB_REMOVE(area_tree, &m->tree, a);
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

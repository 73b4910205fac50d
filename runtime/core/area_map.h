/* area_map.h: the ordered, non-overlapping areas of an address space, in an intrusive
 * AVL tree keyed by start address (avl.h): find, insert and remove are O(log n), with no
 * allocation inside the tree. */
#ifndef PTF_AREA_MAP_H
#define PTF_AREA_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include <ptforge/aspace.h>

#include "avl.h"

struct area {
	struct ptf_avl_node link;
	uint64_t start, end;        /* [start, end), input offsets (aspace_internal.h) */
	unsigned flags;
	enum ptf_backend backend;
	uint64_t hpa_minus_gpa;     /* linear: the host address of offset o is o + this */
	bool populate;              /* alloc */
	bool huge_faults;           /* alloc, lazy: faults map huge frames (huge_frames.h) */
};

struct area_map {
	struct ptf_avl_tree tree;
	size_t count;
};

void ptf_area_map_init(struct area_map *m);
/* The area containing addr, or NULL. */
struct area *ptf_area_map_find(const struct area_map *m, uint64_t addr);
/* The first area ending after addr (the one containing it, or the next), or NULL. */
struct area *ptf_area_map_first_from(const struct area_map *m, uint64_t addr);
bool ptf_area_map_overlaps(const struct area_map *m, uint64_t start, uint64_t end);
struct area *ptf_area_map_next(const struct area_map *m, struct area *a);
struct area *ptf_area_map_min(const struct area_map *m);
/* The caller checked there is no overlap. */
void ptf_area_map_insert(struct area_map *m, struct area *a);
void ptf_area_map_remove(struct area_map *m, struct area *a);
/* Lowest aligned free range of size bytes inside [lo, hi); false if none. */
bool ptf_area_map_find_free(const struct area_map *m, uint64_t lo, uint64_t hi, uint64_t size,
                        uint64_t align, uint64_t *out);

#endif

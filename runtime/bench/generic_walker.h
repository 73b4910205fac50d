/* generic_walker.h: the baseline that specialisation must beat. A page-table walker
 * written the classic way (Jailhouse's struct paging, page_table_multiarch): one loop
 * over a run-time table of level descriptors, calling per-level callbacks (here the
 * format's depth-parameterised decode, leaf and table encoders) at every step. It works
 * on the same trees, formats and HAL as the generated walkers. Ranges must not cut a
 * huge leaf (the benchmark never asks it to); it refuses with PTF_EALIGN if they do. */
#ifndef PTF_BENCH_GENERIC_WALKER_H
#define PTF_BENCH_GENERIC_WALKER_H

#include <stdint.h>

#include <ptforge/format.h>
#include <ptforge/hal.h>

struct generic_level {
	unsigned shift;
	uint64_t index_mask;
	uint64_t size;
	bool leaf_ok;
};

struct generic_paging {
	const struct ptf_format *fmt;
	unsigned levels;
	unsigned pte_bytes;
	uint64_t granule;        /* bytes of a table */
	size_t granule_frames;   /* HAL frames per table */
	struct generic_level level[PTF_MAX_LEVELS];
	/* per-level callbacks, as a classic walker has them */
	void (*decode)(uint64_t entry, unsigned depth, struct ptf_entry_info *out);
	uint64_t (*make_leaf)(uint64_t pa, unsigned flags, unsigned depth);
	uint64_t (*make_table)(uint64_t pa, unsigned depth);
};

void generic_paging_init(struct generic_paging *g, const struct ptf_format *fmt);
int generic_query(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                  uint64_t *pa);
int generic_map_page(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                     uint64_t pa, uint64_t size, unsigned flags);
int generic_map_range(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                      uint64_t pa, uint64_t size, unsigned flags);
int generic_unmap_page(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                       uint64_t size);
int generic_unmap_range(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                        uint64_t size);
int generic_protect_range(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                          uint64_t size, unsigned flags);

#endif

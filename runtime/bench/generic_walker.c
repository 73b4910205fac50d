/* generic_walker.c: the classic data-driven walker (see generic_walker.h). */
#include "generic_walker.h"

#include <string.h>

#include <ptforge/errors.h>

void generic_paging_init(struct generic_paging *g, const struct ptf_format *fmt)
{
	g->fmt = fmt;
	g->levels = fmt->levels;
	g->pte_bytes = fmt->pte_bytes;
	g->granule = ptf_format_granule(fmt);
	g->granule_frames = (size_t)(g->granule / PTF_FRAME_SIZE);
	for (unsigned d = 0; d < fmt->levels; d++) {
		g->level[d].shift = fmt->level[d].index_lo;
		g->level[d].index_mask = ((uint64_t)1 << fmt->level[d].index_bits) - 1;
		g->level[d].size = (uint64_t)1 << fmt->level[d].index_lo;
		g->level[d].leaf_ok = fmt->level[d].leaf_size != 0;
	}
	g->decode = fmt->decode;
	g->make_leaf = fmt->leaf;
	g->make_table = fmt->table;
}

/* The same direct-map shortcut as the generated walkers, so that only the walking differs. */
static void *table_at(const struct ptf_hal *hal, uint64_t pa)
{
	if (hal->phys_to_virt == ptf_direct_map_phys_to_virt)
		return (void *)(((const struct ptf_direct_map *)hal->ctx)->offset + (uintptr_t)pa);
	return hal->phys_to_virt(hal->ctx, pa);
}

static uint64_t get_entry(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t table, uint64_t i)
{
	void *t = table_at(hal, table);
	return g->pte_bytes == 8 ? ((uint64_t *)t)[i] : ((uint32_t *)t)[i];
}

static void set_entry(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t table, uint64_t i,
                      uint64_t e)
{
	void *t = table_at(hal, table);
	if (g->pte_bytes == 8)
		((uint64_t *)t)[i] = e;
	else
		((uint32_t *)t)[i] = (uint32_t)e;
}

static uint64_t index_of(const struct generic_paging *g, unsigned d, uint64_t va)
{
	return (va >> g->level[d].shift) & g->level[d].index_mask;
}

int generic_query(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va, uint64_t *pa)
{
	uint64_t table = root;
	for (unsigned d = 0; d < g->levels; d++) {
		struct ptf_entry_info info;
		g->decode(get_entry(g, hal, table, index_of(g, d, va)), d, &info);
		if (info.kind == PTF_ENTRY_INVALID)
			return PTF_ENOENT;
		if (info.kind == PTF_ENTRY_LEAF) {
			*pa = info.pa | (va & (info.size - 1));
			return PTF_OK;
		}
		table = info.pa;
	}
	return PTF_ENOENT;
}

static uint64_t new_table(const struct generic_paging *g, const struct ptf_hal *hal)
{
	uint64_t pa = hal->alloc_frames(hal->ctx, g->granule_frames, (size_t)g->granule);
	if (pa && !hal->frames_zeroed) /* as ptforge: a frame the HAL zeroed is not zeroed again */
		memset(hal->phys_to_virt(hal->ctx, pa), 0, (size_t)g->granule);
	return pa;
}

int generic_map_page(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                     uint64_t pa, uint64_t size, unsigned flags)
{
	uint64_t table = root;
	for (unsigned d = 0; d < g->levels; d++) {
		uint64_t i = index_of(g, d, va);
		if (g->level[d].size == size) {
			struct ptf_entry_info info;
			g->decode(get_entry(g, hal, table, i), d, &info);
			if (info.kind != PTF_ENTRY_INVALID)
				return PTF_EEXIST;
			set_entry(g, hal, table, i, g->make_leaf(pa, flags, d));
			return PTF_OK;
		}
		struct ptf_entry_info info;
		g->decode(get_entry(g, hal, table, i), d, &info);
		if (info.kind == PTF_ENTRY_LEAF)
			return PTF_EEXIST;
		if (info.kind == PTF_ENTRY_INVALID) {
			uint64_t next = new_table(g, hal);
			if (!next)
				return PTF_ENOMEM;
			set_entry(g, hal, table, i, g->make_table(next, d));
			table = next;
		} else {
			table = info.pa;
		}
	}
	return PTF_EPAGESIZE;
}

static int map_level(const struct generic_paging *g, const struct ptf_hal *hal, unsigned d, uint64_t table,
                     uint64_t va, uint64_t end, uint64_t pa_minus_va, unsigned flags)
{
	const struct generic_level *l = &g->level[d];
	while (va < end) {
		uint64_t next = (va | (l->size - 1)) + 1;
		uint64_t stop = next < end ? next : end;
		uint64_t i = index_of(g, d, va);
		struct ptf_entry_info info;
		g->decode(get_entry(g, hal, table, i), d, &info);
		if (info.kind == PTF_ENTRY_LEAF)
			return PTF_EEXIST;
		if (info.kind == PTF_ENTRY_INVALID && l->leaf_ok && stop - va == l->size &&
		    !((va + pa_minus_va) & (l->size - 1))) {
			set_entry(g, hal, table, i, g->make_leaf(va + pa_minus_va, flags, d));
		} else if (d + 1 == g->levels) {
			return PTF_EEXIST;
		} else {
			uint64_t child = info.pa;
			if (info.kind == PTF_ENTRY_INVALID) {
				if (!(child = new_table(g, hal)))
					return PTF_ENOMEM;
				set_entry(g, hal, table, i, g->make_table(child, d));
			}
			int rc = map_level(g, hal, d + 1, child, va, stop, pa_minus_va, flags);
			if (rc)
				return rc;
		}
		va = stop;
	}
	return PTF_OK;
}

int generic_map_range(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                      uint64_t pa, uint64_t size, unsigned flags)
{
	return map_level(g, hal, 0, root, va, va + size, pa - va, flags);
}

static bool table_empty(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t table, unsigned d)
{
	for (uint64_t i = 0; i <= g->level[d].index_mask; i++)
		if (get_entry(g, hal, table, i))
			return false;
	return true;
}

/* protect when flags != NULL, else unmap */
static int edit_level(const struct generic_paging *g, const struct ptf_hal *hal, unsigned d, uint64_t table,
                      uint64_t va, uint64_t end, const unsigned *flags)
{
	const struct generic_level *l = &g->level[d];
	while (va < end) {
		uint64_t next = (va | (l->size - 1)) + 1;
		uint64_t stop = next < end ? next : end;
		uint64_t i = index_of(g, d, va);
		struct ptf_entry_info info;
		g->decode(get_entry(g, hal, table, i), d, &info);
		if (info.kind == PTF_ENTRY_LEAF) {
			if (stop - va != l->size)
				return PTF_EALIGN;
			set_entry(g, hal, table, i, flags ? g->make_leaf(info.pa, *flags, d) : 0);
		} else if (info.kind == PTF_ENTRY_TABLE) {
			int rc = edit_level(g, hal, d + 1, info.pa, va, stop, flags);
			if (rc)
				return rc;
			if (!flags && table_empty(g, hal, info.pa, d + 1)) {
				set_entry(g, hal, table, i, 0);
				hal->free_frames(hal->ctx, info.pa, g->granule_frames);
			}
		}
		va = stop;
	}
	return PTF_OK;
}

/* One leaf of exactly size bytes, in one descent; then, as Jailhouse's paging_destroy
 * does, every table that leaf's removal emptied is found by scanning it, unlinked and
 * freed, bottom up (never the root). Nothing mapped there: PTF_OK, as for a range. */
int generic_unmap_page(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                       uint64_t size)
{
	uint64_t path[PTF_MAX_LEVELS]; /* the table visited at each depth */
	uint64_t table = root;
	for (unsigned d = 0; d < g->levels; d++) {
		path[d] = table;
		struct ptf_entry_info info;
		g->decode(get_entry(g, hal, table, index_of(g, d, va)), d, &info);
		if (info.kind == PTF_ENTRY_INVALID)
			return PTF_OK;
		if (info.kind == PTF_ENTRY_TABLE) {
			table = info.pa;
			continue;
		}
		if (info.size != size)
			return PTF_EALIGN;
		set_entry(g, hal, table, index_of(g, d, va), 0);
		for (; d > 0 && table_empty(g, hal, path[d], d); d--) {
			set_entry(g, hal, path[d - 1], index_of(g, d - 1, va), 0);
			hal->free_frames(hal->ctx, path[d], g->granule_frames);
		}
		return PTF_OK;
	}
	return PTF_OK;
}

int generic_unmap_range(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                        uint64_t size)
{
	return edit_level(g, hal, 0, root, va, va + size, NULL);
}

int generic_protect_range(const struct generic_paging *g, const struct ptf_hal *hal, uint64_t root, uint64_t va,
                          uint64_t size, unsigned flags)
{
	return edit_level(g, hal, 0, root, va, va + size, &flags);
}

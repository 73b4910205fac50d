/* walker/bookkeeping.h: bookkeeping of the tables a change edits, for the format being
 * compiled (walker/instance.h binds it). */

/* Entry i of a table maps input addresses from (the table's first address) + i * size. */
static inline uint64_t FMT(chunk_end)(uint64_t va, uint64_t end, uint64_t size)
{
	uint64_t next = (va | (size - 1)) + 1;
	return next < end ? next : end;
}

/* A table below the root keeps its number of valid entries in the HAL's frame_meta, so
 * telling that an unmap emptied one costs O(1). The root is never freed and keeps none. */
static inline void FMT(count_entries)(struct ptf_tx *tx, unsigned depth, uint64_t table_pa, int delta)
{
	if (depth > 0 && tx->meta && delta)
		ptf_tx_meta(tx, table_pa)->live += (uint32_t)delta;
}

/* After `removed` entries of the table went: is it empty now? Without frame_meta the
 * table is scanned. The root never counts as empty. */
static inline __attribute__((always_inline)) bool FMT(table_emptied)(struct ptf_tx *tx, unsigned depth, uint64_t table_pa, const pte_t *table,
                                      unsigned entries, unsigned removed)
{
	if (depth == 0 || !removed)
		return false;
	if (tx->meta) {
		struct ptf_frame_meta *m = ptf_tx_meta(tx, table_pa);
		PTF_ASSERT(m->live >= removed);
		m->live -= removed;
		return m->live == 0;
	}
	for (unsigned i = 0; i < entries; i++)
		if (load_entry(&table[i]))
			return false;
	return true;
}

/* Tells the transaction of a leaf taken away (an unmap frees data frames that way). */
static inline void FMT(leaf_removed)(struct ptf_tx *tx, uint64_t va, uint64_t pa, uint64_t size)
{
	if (tx->removed)
		tx->removed(tx->removed_arg, va, pa, size);
}

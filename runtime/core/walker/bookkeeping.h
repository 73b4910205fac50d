/* walker/bookkeeping.h: bookkeeping of the tables a change edits, for the format being
 * compiled (walker/instance.h binds it). */

/* Entry i of a table maps input addresses from (the table's first address) + i * size. */
static inline uint64_t FMT(chunk_end)(uint64_t va, uint64_t end, uint64_t size)
{
	uint64_t next = (va | (size - 1)) + 1;
	return next < end ? next : end;
}

/* A table below the root keeps its number of valid entries in the HAL's frame_meta, so
 * telling that an unmap emptied one costs O(1). The root is never freed and keeps none.
 * Concurrent faults add to one table's count at once: atomically. */
static inline void FMT(count_entries)(struct ptf_tx *tx, unsigned depth, uint64_t table_pa, int delta)
{
	if (depth > 0 && tx->meta && delta)
		__atomic_fetch_add(&ptf_tx_meta(tx, table_pa)->live, (uint32_t)delta, __ATOMIC_RELAXED);
}

/* After `removed` entries of the table went: is it empty now? Without frame_meta the
 * table is scanned. The root never counts as empty. */
static inline __attribute__((always_inline)) bool FMT(table_emptied)(struct ptf_tx *tx, unsigned depth, uint64_t table_pa, const pte_t *table,
                                      unsigned entries, unsigned removed)
{
	if (depth == 0 || !removed)
		return false;
	if (tx->meta) {
		/* only a writer removes entries, with no fault in flight (gate.h) */
		uint32_t was = __atomic_fetch_sub(&ptf_tx_meta(tx, table_pa)->live, removed, __ATOMIC_RELAXED);
		PTF_ASSERT(was >= removed);
		return was == removed;
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

/* Would replacing valid entry e by valid entry next need a break (the platform file's
 * break_before_make)? kind: one is a leaf and the other a table; moved: a leaf's output
 * address changes. */
static inline bool FMT(needs_break)(uint64_t e, uint64_t next, bool kind, bool moved)
{
	return (FMTC(BBM_KIND) && kind) || (FMTC(BBM_ADDRESS) && moved) || ((e ^ next) & FMTC(BBM_ATTR_MASK));
}

/* A live entry as a range walk's pass sees it: in the apply pass, an entry the break
 * pass wrote invalid reads as what it held (*broken then set). */
static inline uint64_t FMT(entry_for)(struct ptf_tx *tx, enum ptf_pass pass, const pte_t *slot, bool *broken)
{
	uint64_t e = load_entry(slot);
	*broken = pass == PTF_PASS_APPLY && !e && ptf_tx_was_broken(tx, slot, &e);
	return e;
}

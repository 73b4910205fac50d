/* walker/dirty_level.h: one depth of the harvest of hardware dirty bits (DIRTY_BY
 * hardware; dirty_log.c): which leaves the MMU wrote through, and, with clear, each made
 * clean again by compare-and-swap, since the MMU may set bits in it meanwhile. (Formats
 * that log by write protection have no leaf dirty: the walk finds nothing.) */
/* A dirty leaf at slot, mapping [va, va + LEVEL_SIZE): its pages in the bitmap, and with
 * clear, made clean. */
static inline void AT(harvest_leaf)(struct ptf_dirty_op *op, pte_t *slot, uint64_t e, uint64_t va, uint64_t stop)
{
	/* a dirty leaf is writable: the MMU only ever sets the bit */
	while (op->clear && !install_entry(slot, &e, e & ~(uint64_t)DIRTY_BIT))
		;
	if (op->bitmap)
		ptf_bits_set(op->bitmap, (va - op->base) >> 12, (stop - op->base) >> 12);
	if (op->clear)
		ptf_tx_changed(op->tx, va & ~(LEVEL_SIZE - 1), LEVEL_SIZE);
}

static void AT(harvest_dirty)(struct ptf_dirty_op *op, const pte_t *t, uint64_t va, uint64_t end)
{
#if !HAS_BELOW
	/* The last depth, where a logged range's leaves are (granule pages): one test of the
	 * bit per entry, and the whole one only where it is set. [va, end) is whole granules
	 * of this one table. */
	pte_t *slot = (pte_t *)&t[LV(index)(va)];
	for (; va < end; va += LEVEL_SIZE, slot++) {
		uint64_t e = load_entry(slot);
		if ((e & DIRTY_BIT) && is_valid(e) && LV(is_leaf)(e) && FMT(leaf_dirty)(e))
			AT(harvest_leaf)(op, slot, e, va, va + LEVEL_SIZE);
	}
	return;
#endif
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		pte_t *slot = (pte_t *)&t[LV(index)(va)];
		uint64_t e = load_entry(slot);
		if (is_valid(e) && LV(is_leaf)(e)) {
			if (FMT(leaf_dirty)(e))
				AT(harvest_leaf)(op, slot, e, va, stop);
#if HAS_BELOW
		} else if (is_valid(e) && is_table(e)) {
			BELOW(harvest_dirty)(op, table_va(&op->tx->tables, entry_to_pa(e)), va, stop);
#endif
		}
		va = stop;
	}
}

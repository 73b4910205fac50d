/* walker/dirty_level.h: one depth of the harvest of hardware dirty bits (DIRTY_BY
 * hardware; dirty_log.c): which leaves the MMU wrote through, and, with clear, each made
 * clean again by compare-and-swap, since the MMU may set bits in it meanwhile. (Formats
 * that log by write protection have no leaf dirty: the walk finds nothing.) */
static void AT(harvest_dirty)(struct ptf_dirty_op *op, const pte_t *t, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		pte_t *slot = (pte_t *)&t[LV(index)(va)];
		uint64_t e = load_entry(slot);
		if (is_valid(e) && LV(is_leaf)(e)) {
			if (FMT(leaf_dirty)(e)) {
				/* a dirty leaf is writable: the MMU only ever sets the bit */
				while (op->clear && !install_entry(slot, &e, e & ~(uint64_t)DIRTY_BIT))
					;
				if (op->bitmap)
					ptf_bits_set(op->bitmap, (va - op->base) >> 12, (stop - op->base) >> 12);
				if (op->clear)
					ptf_tx_changed(op->tx, va & ~(LEVEL_SIZE - 1), LEVEL_SIZE);
			}
#if HAS_BELOW
		} else if (is_valid(e) && is_table(e)) {
			BELOW(harvest_dirty)(op, table_va(&op->tx->tables, entry_to_pa(e)), va, stop);
#endif
		}
		va = stop;
	}
}

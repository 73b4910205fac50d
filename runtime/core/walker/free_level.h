/* walker/free_level.h: one depth of freeing what hangs below a table that is already
 * unlinked (its first input address is va): every leaf is told to the transaction (an
 * unmap frees data frames that way), every table below is freed, after the flush when
 * the transaction holds frees. */
static void AT(free_below)(struct ptf_tx *tx, pte_t *table, uint64_t va)
{
	if (!HAS_BELOW && !tx->removed && !tx->dirtied)
		return; /* last-level entries matter only to a listener */
	for (unsigned i = 0; i < LEVEL_ENTRIES; i++) {
		uint64_t e = load_entry(&table[i]);
		uint64_t at = va + (uint64_t)i * LEVEL_SIZE;
		if (!is_valid(e))
			continue;
		if (LV(is_leaf)(e)) {
			/* (unlinked above: the MMU walks to it no more, and sets no bit in it) */
			if (tx->dirtied && FMT(leaf_dirty)(e))
				tx->dirtied(tx->dirtied_arg, at, 0, LEVEL_SIZE);
			FMT(leaf_removed)(tx, at, LV(leaf_pa)(e), LEVEL_SIZE);
#if HAS_BELOW
		} else if (is_table(e)) {
			uint64_t child = entry_to_pa(e);
			BELOW(free_below)(tx, table_va(&tx->tables, child), at);
			ptf_tx_free(tx, child, 1);
#endif
		}
	}
}

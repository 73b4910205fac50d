/* walker/edit_one_level.h: one depth of unmapping or protecting exactly one leaf-sized,
 * aligned range in one descent. Anything that would need a frame (a larger leaf to
 * split) or many leaves (protecting under a table) returns PTF_WALK_NEEDS_RANGE before
 * anything is written, and the caller runs the range walk instead. */
PTF_STEP int AT(edit_one)(struct ptf_edit_one *op, pte_t *table, uint64_t table_pa, uint64_t va)
{
	struct ptf_tx *tx = op->tx;
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	if (!is_valid(e))
		return PTF_OK; /* nothing mapped there */
	if (LV(is_leaf)(e)) {
		if (op->depth != DEPTH)
			return PTF_WALK_NEEDS_RANGE; /* a larger leaf covers the range: it splits */
		if (op->protect) {
			uint64_t next = (e & ~ATTR_MASK) | op->attr;
			if (next != e) {
				store_entry(slot, next);
				tx->changed = true;
			}
			return PTF_OK;
		}
		store_entry(slot, 0);
		tx->changed = true;
		FMT(leaf_removed)(tx, va, LV(leaf_pa)(e), LEVEL_SIZE);
		return FMT(table_emptied)(tx, DEPTH, table_pa, table, LEVEL_ENTRIES, 1) ? PTF_EDIT_EMPTIED : PTF_OK;
	}
#if HAS_BELOW
	if (!is_table(e))
		return PTF_OK;
	uint64_t child = entry_to_pa(e);
	pte_t *child_table = table_va(&tx->tables, child);
	if (op->depth == DEPTH) {
		if (op->protect)
			return PTF_WALK_NEEDS_RANGE; /* every leaf below this table */
		/* a table maps exactly the range: unlink it, then free it and all below */
		store_entry(slot, 0);
		tx->changed = true;
		BELOW(free_below)(tx, child_table, va);
	} else {
		int rc = BELOW(edit_one)(op, child_table, child, va);
		if (rc != PTF_EDIT_EMPTIED)
			return rc;
		/* the table below lost its last entry: unlink it */
		store_entry(slot, 0);
	}
	ptf_tx_free(tx, child, 1); /* held until the flush */
	return FMT(table_emptied)(tx, DEPTH, table_pa, table, LEVEL_ENTRIES, 1) ? PTF_EDIT_EMPTIED : PTF_OK;
#else
	return PTF_OK; /* a valid last-level entry that is no page maps nothing */
#endif
}

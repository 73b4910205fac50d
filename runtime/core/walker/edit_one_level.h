/* walker/edit_one_level.h: one depth of unmapping or protecting exactly one leaf-sized,
 * aligned range in one descent. Anything that would need a frame (a larger leaf to
 * split) or many leaves (protecting under a table) returns PTF_WALK_NEEDS_RANGE before
 * anything is written, and the caller runs the range walk instead. */

/* The entry that covers the range exactly: a leaf to unmap or protect, or (unmap) a
 * table to unlink and free with all below it. */
PTF_STEP int AT(edit_one_here)(struct ptf_edit_one *op, struct ptf_tables tm, pte_t *table, uint64_t table_pa,
                                    pte_t *slot, uint64_t e, uint64_t va)
{
	struct ptf_tx *tx = op->tx;
	(void)tm; /* the last depth reaches no table */
	if (LV(is_leaf)(e)) {
		if (op->protect) {
			uint64_t next = AT(keep_age)(e, (e & ~LEVEL_ATTR_MASK) | LV(attrs_in_leaf)(op->attr));
			if (FMT(needs_break)(e, next, false, false, LEVEL_BBM_ATTR_MASK))
				return PTF_WALK_NEEDS_RANGE; /* break, flush, make: the range walk does */
			if (next != e) {
				FMT(replace_leaf)(tx, slot, next, va, LEVEL_SIZE);
				ptf_tx_changed(tx, va, LEVEL_SIZE);
			}
			return PTF_OK;
		}
		FMT(replace_leaf)(tx, slot, 0, va, LEVEL_SIZE);
		ptf_tx_changed(tx, va, LEVEL_SIZE);
		FMT(leaf_removed)(tx, va, LV(leaf_pa)(e), LEVEL_SIZE);
#if HAS_BELOW
	} else if (is_table(e)) {
		if (op->protect)
			return PTF_WALK_NEEDS_RANGE; /* every leaf below this table */
		store_entry(slot, 0);
		BELOW(changed_below)(tx, table_va(&tm, entry_to_pa(e)), va);
		uint64_t child = entry_to_pa(e);
		BELOW(free_below)(tx, table_va(&tm, child), va);
		ptf_tx_free(tx, child, 1); /* held until the flush */
#endif
	} else {
		return PTF_OK; /* a valid encoding that maps nothing */
	}
	return FMT(table_emptied)(tx, DEPTH, table_pa, table, LEVEL_ENTRIES, 1) ? PTF_EDIT_EMPTIED : PTF_OK;
}

PTF_STEP int AT(edit_one)(struct ptf_edit_one *op, struct ptf_tables tm, pte_t *table, uint64_t table_pa, uint64_t va)
{
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	if (op->depth == DEPTH) {
		if (!is_valid(e))
			return PTF_OK; /* nothing mapped there */
		return AT(edit_one_here)(op, tm, table, table_pa, slot, e, va);
	}
#if HAS_BELOW
	/* the common case, a table as ptforge writes them, costs one compare */
	if (__builtin_expect(!is_plain_table(e), 0)) {
		if (!is_valid(e))
			return PTF_OK;
		if (LV(is_leaf)(e))
			return PTF_WALK_NEEDS_RANGE; /* a larger leaf covers the range: it splits */
		if (!is_table(e))
			return PTF_OK;
	}
	uint64_t child = entry_to_pa(e);
	int rc = BELOW(edit_one)(op, tm, table_va(&tm, child), child, va);
	if (__builtin_expect(rc != PTF_EDIT_EMPTIED, 1))
		return rc;
	/* the table below lost its last entry: unlink it; it is freed after the flush */
	store_entry(slot, 0);
	ptf_tx_free(op->tx, child, 1);
	return FMT(table_emptied)(op->tx, DEPTH, table_pa, table, LEVEL_ENTRIES, 1) ? PTF_EDIT_EMPTIED : PTF_OK;
#else
	return PTF_OK; /* not reached: the range ends at a depth that holds leaves */
#endif
}

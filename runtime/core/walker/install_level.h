/* walker/install_level.h: one depth of installing one leaf in one descent (map_page, a
 * single-leaf map, the lazy fault). Check and count happen on the way down: the first
 * missing table is where the reservation is made, for it, every table below it and the
 * data frame, so nothing is written unless all of them were had. */
PTF_STEP int AT(install)(struct ptf_install *op, pte_t *table, uint64_t table_pa, uint64_t va)
{
	struct ptf_tx *tx = op->tx;
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	if (LEVEL_HAS_LEAF && op->depth == DEPTH) {
		if (is_valid(e))
			return LV(is_leaf)(e) ? op->if_mapped : op->if_table;
		if (op->data_frame) {
			op->pa = op->reserved ? ptf_tx_take_data(tx) : ptf_tx_alloc_data(tx);
			if (!op->pa)
				return PTF_ENOMEM;
		}
		/* release: a fresh frame's zeroes are visible before the leaf that maps it */
		publish_entry(slot, LV(leaf)(op->pa, op->attr));
		FMT(count_entries)(tx, DEPTH, table_pa, 1);
		return PTF_OK;
	}
#if HAS_BELOW
	uint64_t child;
	bool fresh = !is_valid(e);
	if (!fresh) {
		if (LV(is_leaf)(e))
			return op->if_mapped; /* a larger leaf maps va already */
		child = entry_to_pa(e);
	} else {
		if (!op->reserved) {
			if (ptf_tx_reserve(tx, op->depth - DEPTH, op->data_frame ? 1 : 0))
				return PTF_ENOMEM;
			op->reserved = true;
		}
		child = ptf_tx_take_table(tx, true);
	}
	/* one call below, so that the whole descent inlines into one straight line */
	int rc = BELOW(install)(op, table_va(&tx->tables, child), child, va);
	if (!fresh)
		return rc;
	PTF_ASSERT(rc == PTF_OK); /* an empty table holds nothing to refuse, and all is reserved */
	/* the new subtree is complete: link it */
	publish_entry(slot, LV(table)(child));
	FMT(count_entries)(tx, DEPTH, table_pa, 1);
	return PTF_OK;
#else
	return PTF_EPAGESIZE; /* not reached: callers ask only for depths that hold leaves */
#endif
}

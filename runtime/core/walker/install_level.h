/* walker/install_level.h: one depth of installing one leaf in one descent (map_page, a
 * single-leaf map, the lazy fault), which may run on several CPUs at once in one tree.
 * Check and count happen on the way down: at the first missing table every table below
 * it and the data frame are reserved together, so nothing is written unless all of
 * them were had. Each missing table is linked empty and zeroed (complete as it is) by
 * compare-and-swap, and the leaf too: a walk that loses a race to another goes on
 * through the winner's table, or finds the winner's leaf and gives its frame back. */

#if HAS_BELOW
/* No table as ptforge writes them here: a leaf in the way, another valid encoding to go
 * through, or nothing yet, and a table to link. Out of line: the common descent stays
 * short. 0 with *entry the table entry to go through, or what the install returns. */
static __attribute__((noinline)) int AT(install_table)(struct ptf_install *op, pte_t *slot, uint64_t *entry,
                                                       uint64_t table_pa)
{
	struct ptf_tx *tx = op->tx;
	uint64_t e = *entry;
	for (;;) {
		if (is_valid(e)) {
			if (LV(is_leaf)(e))
				return op->if_mapped; /* a larger leaf maps va already */
			*entry = e;
			return PTF_OK;
		}
		if (!op->reserved) {
			if (ptf_tx_reserve(tx, op->depth - DEPTH, op->data_frame ? 1 : 0, 0))
				return PTF_ENOMEM;
			op->reserved = true;
		}
		uint64_t child = ptf_tx_take_table(tx, true);
		uint64_t link = LV(table)(child);
		if (install_entry(slot, &e, link)) {
			FMT(count_entries)(tx, DEPTH, table_pa, 1);
			*entry = link;
			return PTF_OK;
		}
		/* another walk linked a table here first: ours was never seen */
		ptf_tx_discard(tx, child);
	}
}
#endif

/* The leaf, by compare-and-swap. */
PTF_STEP int AT(install_leaf)(struct ptf_install *op, pte_t *slot, uint64_t e, uint64_t table_pa)
{
	if (!is_valid(e)) {
		if (op->data_frame) {
			op->pa = op->reserved ? ptf_tx_take_data(op->tx) : ptf_tx_alloc_data(op->tx);
			if (!op->pa)
				return PTF_ENOMEM;
		}
		/* release: a fresh frame's zeroes are seen before the leaf that maps it */
		if (install_entry(slot, &e, LV(leaf)(op->pa, op->attr))) {
			FMT(count_entries)(op->tx, DEPTH, table_pa, 1);
			return PTF_OK;
		}
		/* another walk mapped va first: its frame stands, ours was never seen */
		if (op->data_frame)
			ptf_tx_discard(op->tx, op->pa);
	}
	return LV(is_leaf)(e) ? op->if_mapped : op->if_table;
}

/* tm: how tables are reached, passed by value so that a direct map's NULL hal is a
 * constant the compiler folds into every step */
PTF_STEP int AT(install)(struct ptf_install *op, struct ptf_tables tm, pte_t *table, uint64_t table_pa, uint64_t va)
{
	(void)tm; /* the last depth reaches no table */
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	if (LEVEL_HAS_LEAF && op->depth == DEPTH)
		return AT(install_leaf)(op, slot, e, table_pa);
#if HAS_BELOW
	if (__builtin_expect(!is_plain_table(e), 0)) {
		int rc = AT(install_table)(op, slot, &e, table_pa);
		if (rc)
			return rc;
	}
	uint64_t child = entry_to_pa(e);
	return BELOW(install)(op, tm, table_va(&tm, child), child, va);
#else
	return PTF_EPAGESIZE; /* not reached: callers ask only for depths that hold leaves */
#endif
}

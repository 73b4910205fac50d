/* walker/install_level.h: one depth of installing one leaf in one descent (map_page, a
 * single-leaf map, the lazy fault). Check and count happen on the way down: the first
 * missing table is where the reservation is made, for it, every table below it and the
 * data frame, so nothing is written unless all of them were had. */

#if HAS_BELOW
PTF_STEP int AT(install)(struct ptf_install *op, struct ptf_tables tm, pte_t *table, uint64_t table_pa, uint64_t va);

/* Everything but an existing table as ptforge writes them: a leaf in the way, another
 * valid encoding, or no table yet. Out of line: the common descent stays short. */
static __attribute__((noinline)) int AT(install_uncommon)(struct ptf_install *op, struct ptf_tables tm, pte_t *slot,
                                                          uint64_t e, uint64_t table_pa, uint64_t va)
{
	struct ptf_tx *tx = op->tx;
	if (is_valid(e)) {
		if (LV(is_leaf)(e))
			return op->if_mapped; /* a larger leaf maps va already */
		uint64_t child = entry_to_pa(e);
		return BELOW(install)(op, tm, table_va(&tm, child), child, va);
	}
	if (!op->reserved) {
		if (ptf_tx_reserve(tx, op->depth - DEPTH, op->data_frame ? 1 : 0))
			return PTF_ENOMEM;
		op->reserved = true;
	}
	uint64_t child = ptf_tx_take_table(tx, true);
	int rc = BELOW(install)(op, tm, table_va(&tm, child), child, va);
	PTF_ASSERT(rc == PTF_OK); /* an empty table holds nothing to refuse, and all is reserved */
	/* the new subtree is complete: link it */
	publish_entry(slot, LV(table)(child));
	FMT(count_entries)(tx, DEPTH, table_pa, 1);
	return PTF_OK;
}
#endif

/* tm: how tables are reached, passed by value so that a direct map's NULL hal is a
 * constant the compiler folds into every step */
PTF_STEP int AT(install)(struct ptf_install *op, struct ptf_tables tm, pte_t *table, uint64_t table_pa, uint64_t va)
{
	(void)tm; /* the last depth reaches no table */
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	if (LEVEL_HAS_LEAF && op->depth == DEPTH) {
		if (is_valid(e))
			return LV(is_leaf)(e) ? op->if_mapped : op->if_table;
		if (op->data_frame) {
			op->pa = op->reserved ? ptf_tx_take_data(op->tx) : ptf_tx_alloc_data(op->tx);
			if (!op->pa)
				return PTF_ENOMEM;
		}
		/* release: a fresh frame's zeroes are visible before the leaf that maps it */
		publish_entry(slot, LV(leaf)(op->pa, op->attr));
		FMT(count_entries)(op->tx, DEPTH, table_pa, 1);
		return PTF_OK;
	}
#if HAS_BELOW
	if (__builtin_expect(!is_plain_table(e), 0))
		return AT(install_uncommon)(op, tm, slot, e, table_pa, va);
	uint64_t child = entry_to_pa(e);
	return BELOW(install)(op, tm, table_va(&tm, child), child, va);
#else
	return PTF_EPAGESIZE; /* not reached: callers ask only for depths that hold leaves */
#endif
}

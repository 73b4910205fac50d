/* walker/install_level.h: one depth of installing one leaf in one descent (map_page, a
 * single-leaf map, the lazy fault), which may run on several CPUs at once in one tree.
 * Check and count happen on the way down: at the first missing table every table below
 * it and the data frame are reserved together, so nothing is written unless all of
 * them were had. Each missing table is linked empty and zeroed (complete as it is), and
 * then the leaf. With other faults in flight (tx->concurrent) a walk first claims each
 * empty slot it fills (walker/bookkeeping.h); a walk that finds a slot claimed waits for
 * the claimer's entry, and goes on through its table or finds its leaf. */


/* A slot another fault claimed (walker/bookkeeping.h): wait for what it writes there. */
static inline uint64_t AT(wait_for_claim)(struct ptf_tx *tx, const pte_t *slot)
{
	uint64_t e;
	PTF_ASSERT(tx->concurrent); /* only faults claim slots, and only faults meet claims */
	while ((e = load_entry(slot)) == FMTC(CLAIMED))
		ptf_relax(tx->hal);
	return e;
}

#if HAS_BELOW
/* No table as ptforge writes them here: a leaf in the way, another valid encoding to go
 * through, or nothing yet, and a table to link. Out of line: the common descent stays
 * short. 0 with *entry the table entry to go through, or what the install returns. */
static __attribute__((noinline)) int AT(install_table)(struct ptf_install *op, const pte_t *table, pte_t *slot,
                                                       uint64_t *entry, uint64_t table_pa)
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
		if (e == FMTC(CLAIMED)) {
			e = AT(wait_for_claim)(tx, slot);
			continue;
		}
		if (!op->reserved) {
			if (ptf_tx_reserve(tx, op->depth - DEPTH, op->data_frame ? 1 : 0, 0))
				return PTF_ENOMEM;
			op->reserved = true;
		}
		if (!FMT(claim)(tx, slot, &e))
			continue; /* another walk got here first: e is what it wrote */
		uint64_t child = ptf_tx_take_table(tx, true);
		uint64_t link = LV(table)(child);
		/* release: the new table's zeroes are seen before the entry that links it */
		publish_entry(slot, link);
		FMT(count_entries)(tx, DEPTH, table_pa, table, LEVEL_ENTRIES, 1);
		*entry = link;
		return PTF_OK;
	}
}
#endif

/* The leaf: for a data frame (a fault), the frame is taken and zeroed only by the walk
 * that claimed the slot, and then mapped. A frame that arrives zeroed (tx->zeroed) needs
 * no claim: it is taken first and linked by one compare-and-swap, and a walk that loses
 * the race gives back a frame no one saw. */
PTF_STEP int AT(install_leaf)(struct ptf_install *op, const pte_t *table, pte_t *slot, uint64_t e,
                              uint64_t table_pa)
{
	struct ptf_tx *tx = op->tx;
	for (;;) {
		if (is_valid(e))
			return LV(is_leaf)(e) ? op->if_mapped : op->if_table;
		if (e == FMTC(CLAIMED)) {
			e = AT(wait_for_claim)(tx, slot);
			continue;
		}
		if (!op->data_frame) {
			if (FMT(install_at)(tx, slot, &e, LV(leaf)(op->pa, op->attr)))
				break;
			continue; /* another walk mapped va first: e is its entry */
		}
		if (tx->zeroed && !op->reserved) {
			uint64_t pa = ptf_tx_alloc_data(tx);
			if (!pa)
				return PTF_ENOMEM;
			/* release: the frame's zeroes are seen before the leaf that maps it */
			if (!FMT(install_at)(tx, slot, &e, LV(leaf)(pa, op->attr))) {
				ptf_tx_unused_data(tx, pa);
				continue; /* e is the winner's entry */
			}
			op->pa = pa;
			break;
		}
		if (!FMT(claim)(tx, slot, &e))
			continue;
		op->pa = op->reserved ? ptf_tx_take_data(tx) : ptf_tx_alloc_data(tx);
		if (!op->pa) {
			if (tx->concurrent)
				publish_entry(slot, 0); /* let go: a fault waiting here tries itself */
			return PTF_ENOMEM;
		}
		/* release: the frame's zeroes are seen before the leaf that maps it */
		publish_entry(slot, LV(leaf)(op->pa, op->attr));
		break;
	}
	FMT(count_entries)(tx, DEPTH, table_pa, table, LEVEL_ENTRIES, 1);
	return PTF_OK;
}

/* tm: how tables are reached, passed by value so that a direct map's NULL hal is a
 * constant the compiler folds into every step */
PTF_STEP int AT(install)(struct ptf_install *op, struct ptf_tables tm, pte_t *table, uint64_t table_pa, uint64_t va)
{
	(void)tm; /* the last depth reaches no table */
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	if (LEVEL_HAS_LEAF && op->depth == DEPTH)
		return AT(install_leaf)(op, table, slot, e, table_pa);
#if HAS_BELOW
	if (__builtin_expect(!is_plain_table(e), 0)) {
		int rc = AT(install_table)(op, table, slot, &e, table_pa);
		if (rc)
			return rc;
	}
	uint64_t child = entry_to_pa(e);
	return BELOW(install)(op, tm, table_va(&tm, child), child, va);
#else
	return PTF_EPAGESIZE; /* not reached: callers ask only for depths that hold leaves */
#endif
}

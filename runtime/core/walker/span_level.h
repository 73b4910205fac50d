/* walker/span_level.h: one depth of finding where the leaves below a table begin and end,
 * for the TLB flush of a change that unlinks the table whole: its translations are those
 * leaves', not its whole range. A table ptforge keeps always has a leaf below it (an
 * emptied one is freed), so one path down each side finds them: the first valid entry,
 * and the last. va: the table's first input offset. */

/* The offset of the first byte the lowest leaf below t maps or, with last, just past
 * the last byte the highest maps; false if there is none. */
static inline bool AT(edge_leaf)(const struct ptf_tables *tm, const pte_t *t, uint64_t va, bool last, uint64_t *at)
{
	(void)tm; /* the last depth reaches no table */
	for (unsigned k = 0; k < LEVEL_ENTRIES; k++) {
		unsigned i = last ? LEVEL_ENTRIES - 1 - k : k;
		uint64_t e = load_entry(&t[i]);
		uint64_t entry_va = va + (uint64_t)i * LEVEL_SIZE;
		if (!is_valid(e))
			continue;
		if (LV(is_leaf)(e)) {
			*at = last ? entry_va + LEVEL_SIZE : entry_va;
			return true;
		}
#if HAS_BELOW
		if (is_table(e) && BELOW(edge_leaf)(tm, table_va(tm, entry_to_pa(e)), entry_va, last, at))
			return true;
#endif
	}
	return false;
}

/* The table t (at va) is unlinked whole: the translations of its leaves changed. Only
 * the side that would widen the span so far is looked for (a change goes up in
 * address, so usually only the end). */
static inline void AT(changed_below)(struct ptf_tx *tx, const pte_t *t, uint64_t va)
{
	uint64_t lo, hi;
	bool low = va < tx->changed_lo; /* always, while nothing changed yet */
	if (low && !AT(edge_leaf)(&tx->tables, t, va, false, &lo))
		return; /* maps nothing */
	if (!low)
		lo = tx->changed_lo;
	if (!AT(edge_leaf)(&tx->tables, t, va, true, &hi))
		return;
	ptf_tx_changed(tx, lo, hi - lo);
}

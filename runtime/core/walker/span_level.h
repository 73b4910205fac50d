/* walker/span_level.h: one depth of finding where the leaves below a table begin and end,
 * for the TLB flush of a change that unlinks the table whole: its translations are those
 * leaves', not its whole range. A table ptforge keeps always has a leaf below it (an
 * emptied one is freed), so one path down each side finds them: the first valid entry,
 * and the last. va: the table's first input offset. */

/* The offset of the first byte the lowest leaf below t maps; false if there is none. */
static inline bool AT(first_leaf)(const struct ptf_tables *tm, const pte_t *t, uint64_t va, uint64_t *at)
{
	(void)tm; /* the last depth reaches no table */
	for (unsigned i = 0; i < LEVEL_ENTRIES; i++) {
		uint64_t e = load_entry(&t[i]);
		if (!is_valid(e))
			continue;
		if (LV(is_leaf)(e)) {
			*at = va + (uint64_t)i * LEVEL_SIZE;
			return true;
		}
#if HAS_BELOW
		if (is_table(e) && BELOW(first_leaf)(tm, table_va(tm, entry_to_pa(e)), va + (uint64_t)i * LEVEL_SIZE, at))
			return true;
#endif
	}
	return false;
}

/* The offset just past the highest leaf below t; false if there is none. */
static inline bool AT(last_leaf_end)(const struct ptf_tables *tm, const pte_t *t, uint64_t va, uint64_t *end)
{
	(void)tm;
	for (unsigned i = LEVEL_ENTRIES; i-- > 0;) {
		uint64_t e = load_entry(&t[i]);
		if (!is_valid(e))
			continue;
		if (LV(is_leaf)(e)) {
			*end = va + (uint64_t)(i + 1) * LEVEL_SIZE;
			return true;
		}
#if HAS_BELOW
		if (is_table(e) && BELOW(last_leaf_end)(tm, table_va(tm, entry_to_pa(e)), va + (uint64_t)i * LEVEL_SIZE, end))
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
	if (low && !AT(first_leaf)(&tx->tables, t, va, &lo))
		return; /* maps nothing */
	if (!low)
		lo = tx->changed_lo;
	if (!AT(last_leaf_end)(&tx->tables, t, va, &hi))
		return;
	ptf_tx_changed(tx, lo, hi - lo);
}

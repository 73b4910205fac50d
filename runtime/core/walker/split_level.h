/* walker/split_level.h: one depth of splitting a leaf into a table of next-depth leaves
 * that map the same, with the same attribute and software bits and the same age (or,
 * for a protect that covers the leaf whole, each piece as the protect makes it). */
#if HAS_BELOW
/* The new table is filled before anyone can see it; the caller links it. protect: NULL,
 * or the protect each piece goes through as it is written (walker/edit_level.h). */
static inline uint64_t AT(split)(struct ptf_tx *tx, uint64_t e, const struct ptf_edit_op *protect)
{
	uint64_t child_pa = ptf_tx_take_table(tx, false); /* every entry written: no zeroing */
	pte_t *child = table_va(&tx->tables, child_pa);
	uint64_t pa = LV(leaf_pa)(e);
	/* as an attribute word: a level field may sit elsewhere in a leaf below (x86 PAT) */
	uint64_t keep = LV(attrs_of_leaf)(e) & KEEP_ON_SPLIT;
	bool young = AT(is_young)(e); /* the pieces share the leaf's age */
	for (unsigned i = 0; i < BELOW_ENTRIES; i++) {
		uint64_t piece = BELOW_LV(leaf)(pa + (uint64_t)i * BELOW_SIZE, keep);
		piece = young ? piece : BELOW(make_old)(piece);
		child[i] = (pte_t)(protect ? BELOW(protected)(protect, piece) : piece);
	}
	FMT(count_entries)(tx, BELOW_DEPTH, child_pa, child, BELOW_ENTRIES, BELOW_ENTRIES);
	return child_pa;
}
#endif

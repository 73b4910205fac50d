/* walker/edit_level.h: one depth of the range edit, which unmaps or protects every leaf
 * in [va, end). A leaf the range cuts is split, and only the pieces inside are changed;
 * a table the unmap covers whole is unlinked and freed without visiting its entries one
 * by one through this walk; a table an unmap empties is unlinked and freed.
 *
 * The count pass (op->apply false) counts the splits; t == NULL there stands for a
 * table a split will create, all of whose entries are leaves. Returns, in the apply pass
 * of an unmap, whether this table lost its last entry. */
static bool AT(edit)(struct ptf_edit_op *op, pte_t *t, uint64_t t_pa, uint64_t va, uint64_t end)
{
	struct ptf_tx *tx = op->tx;
	unsigned removed = 0;
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		bool whole = stop - va == LEVEL_SIZE;
		if (!t) {
#if HAS_BELOW
			if (LEVEL_HAS_LEAF && !whole) {
				op->need.tables++;
				BELOW(edit)(op, NULL, 0, va, stop);
			}
#endif
			va = stop;
			continue;
		}
		pte_t *slot = &t[LV(index)(va)];
		uint64_t e = load_entry(slot);
		if (!is_valid(e)) {
			/* nothing mapped here */
		} else if (LV(is_leaf)(e)) {
			if (whole && op->apply && op->protect) {
				uint64_t next = (e & ~ATTR_MASK) | op->attr;
				if (next != e) {
					store_entry(slot, next);
					tx->changed = true;
				}
			} else if (whole && op->apply) {
				store_entry(slot, 0);
				tx->changed = true;
				FMT(leaf_removed)(tx, va, LV(leaf_pa)(e), LEVEL_SIZE);
				removed++;
#if HAS_BELOW
			} else if (!whole && !op->apply) {
				op->need.tables++;
				BELOW(edit)(op, NULL, 0, va, stop);
			} else if (!whole) {
				/* the pieces outside the range keep mapping what the leaf did */
				uint64_t child = AT(split)(tx, e);
				BELOW(edit)(op, table_va(&tx->tables, child), child, va, stop);
				publish_entry(slot, LV(table)(child));
				tx->changed = true;
#endif
			}
#if HAS_BELOW
		} else if (is_table(e)) {
			uint64_t child = entry_to_pa(e);
			pte_t *child_table = table_va(&tx->tables, child);
			if (whole && !op->protect) {
				if (op->apply) {
					store_entry(slot, 0);
					tx->changed = true;
					BELOW(free_below)(tx, child_table, va);
					ptf_tx_free(tx, child, 1); /* held until the flush */
					removed++;
				}
			} else if (BELOW(edit)(op, child_table, child, va, stop)) {
				store_entry(slot, 0);
				ptf_tx_free(tx, child, 1);
				removed++;
			}
#endif
		}
		va = stop;
	}
	return op->apply && FMT(table_emptied)(tx, DEPTH, t_pa, t, LEVEL_ENTRIES, removed);
}

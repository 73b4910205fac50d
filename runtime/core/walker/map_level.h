/* walker/map_level.h: one depth of the range map. Each entry the range touches gets the
 * largest leaf that fits it whole and that the mapping's alignment allows (alloc areas,
 * and maps with split_all: granule pages, alloc ones each its own data frame); otherwise
 * a table, new or existing, and the next depth. With replace (an overwrite), what was mapped gives way: a leaf or a whole
 * subtree is replaced, a leaf the range cuts is split first so its other pieces stay.
 * With fill (populate), only what is not mapped is: every leaf there stays as it is.
 *
 * The count pass only reads, counting the tables, data frames and breaks the others
 * will take; t == NULL there stands for a table the apply pass creates or splits, where
 * every entry counts as empty (replacing a leaf piece costs what filling an empty entry
 * does). The break pass writes invalid each valid entry whose replacement needs a break
 * (walker/bookkeeping.h), and goes no deeper than the tables that stay. The apply pass
 * fills each new table before linking it. fresh: t is such a new table, not linked yet:
 * what is replaced in it changes no translation anyone could have cached. */
static int AT(map)(struct ptf_map_op *op, pte_t *t, uint64_t t_pa, uint64_t va, uint64_t end, bool fresh)
{
	const struct ptf_walk_req *r = op->req;
	struct ptf_tx *tx = op->tx;
	bool apply = op->pass == PTF_PASS_APPLY;
	int added = 0;
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		bool whole = stop - va == LEVEL_SIZE;
		pte_t *slot = t ? &t[LV(index)(va)] : NULL;
		bool broken = false;
		uint64_t e = slot ? FMT(entry_for)(tx, op->pass, slot, &broken) : 0;
		bool valid = is_valid(e);
		/* at the last depth every valid entry counts as mapped */
		bool mapped = valid && (!HAS_BELOW || LV(is_leaf)(e));
		bool table_here = valid && !mapped;
		if (mapped && r->fill) {
			va = stop; /* populate: what is mapped stays */
			continue;
		}
		if (mapped && !r->replace)
			return PTF_EEXIST;
		/* an existing table takes smaller leaves, unless the range replaces it */
		bool leaf_here = LEVEL_HAS_LEAF && whole && (!table_here || r->replace) &&
		                 (!HAS_BELOW || (!r->alloc && !r->split_all && !((va + r->pa_minus_va) & (LEVEL_SIZE - 1))));
		if (leaf_here) {
			/* an alloc leaf always gets a new frame: its address moves */
			uint64_t pa = r->alloc ? 0 : va + r->pa_minus_va;
			bool needs_break = valid && FMT(needs_break)(e, LV(leaf)(pa, op->attr), table_here,
			                                             r->alloc || LV(leaf_pa)(e) != pa, LEVEL_BBM_ATTR_MASK);
			if (op->pass == PTF_PASS_COUNT) {
				op->need.data += r->alloc;
				op->need.breaks += needs_break;
			} else if (op->pass == PTF_PASS_BREAK) {
				if (needs_break)
					ptf_tx_break(tx, slot, sizeof(pte_t), va & ~(LEVEL_SIZE - 1), LEVEL_SIZE);
			} else {
				if (r->alloc)
					pa = ptf_tx_take_data(tx);
				/* release: an alloc frame's zeroes are visible before the leaf that maps it */
				if (mapped) {
					FMT(publish_over_leaf)(tx, slot, e, broken, LV(leaf)(pa, op->attr), true, va, LEVEL_SIZE);
					FMT(leaf_removed)(tx, va, LV(leaf_pa)(e), LEVEL_SIZE);
				} else {
					publish_entry(slot, LV(leaf)(pa, op->attr));
				}
				added += !valid;
				if (valid && !broken && !fresh)
					ptf_tx_changed(tx, va, stop - va);
#if HAS_BELOW
				if (table_here) {
					/* a leaf replaced a subtree: free what hung below it */
					uint64_t child = entry_to_pa(e);
					BELOW(free_below)(tx, table_va(&tx->tables, child), va);
					ptf_tx_free(tx, child, 1);
				}
#endif
			}
#if HAS_BELOW
		} else if (table_here) {
			uint64_t child = entry_to_pa(e);
			int rc = BELOW(map)(op, table_va(&tx->tables, child), child, va, stop, fresh);
			if (rc)
				return rc;
		} else if (op->pass == PTF_PASS_COUNT) {
			/* a new table here: for an empty slot, for a leaf the range replaces whole,
			 * or for a leaf the range cuts (split: its other pieces stay) */
			op->need.tables++;
			op->need.breaks += mapped && FMTC(BBM_KIND);
			int rc = BELOW(map)(op, NULL, 0, va, stop, true);
			if (rc)
				return rc;
		} else if (op->pass == PTF_PASS_BREAK) {
			if (mapped && FMTC(BBM_KIND))
				ptf_tx_break(tx, slot, sizeof(pte_t), va & ~(LEVEL_SIZE - 1), LEVEL_SIZE);
		} else {
			uint64_t child;
			bool replaced = mapped && whole;
			if (mapped && !whole)
				child = AT(split)(tx, e, NULL);
			else
				child = ptf_tx_take_table(tx, true);
			int rc = BELOW(map)(op, table_va(&tx->tables, child), child, va, stop, true);
			PTF_ASSERT(rc == PTF_OK); /* the count pass saw the same */
			if (replaced) {
				FMT(publish_over_leaf)(tx, slot, e, broken, LV(table)(child), false, va, LEVEL_SIZE);
				FMT(leaf_removed)(tx, va, LV(leaf_pa)(e), LEVEL_SIZE);
			} else {
				publish_entry(slot, LV(table)(child));
			}
			added += !valid;
			if (valid && !broken && !fresh)
				ptf_tx_changed(tx, va, stop - va);
#endif
		}
		va = stop;
	}
	if (apply)
		FMT(count_entries)(tx, DEPTH, t_pa, t, LEVEL_ENTRIES, added);
	return PTF_OK;
}

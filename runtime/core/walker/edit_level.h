/* walker/edit_level.h: one depth of the range edit, which unmaps or protects every leaf
 * in [va, end). A leaf the range cuts is split, and only the pieces inside are changed
 * (a protect with split_all splits every leaf above the granule; one with `only` skips
 * the pages whose bit is clear, and every entry above them);
 * a table the unmap covers whole is unlinked and freed without visiting its entries one
 * by one through this walk; a table an unmap empties is unlinked and freed.
 *
 * The count pass counts the splits and breaks; t == NULL there stands for a table a
 * split will create, all of whose entries are leaves. The break pass writes invalid the
 * leaves a split or a memory-type change must break first (walker/bookkeeping.h).
 * Returns, in the apply pass of an unmap, whether this table lost its last entry.
 * fresh: t is a split's new table, not linked yet: what changes in it changes no
 * translation anyone could have cached. */

/* The leaf e here as the protect op makes it. */
static inline uint64_t AT(protected)(const struct ptf_edit_op *op, uint64_t e)
{
	uint64_t next = AT(keep_age)(e, (e & ~LEVEL_ATTR_MASK) | LV(attrs_in_leaf)(op->attr));
	if (op->clean && FMT(leaf_dirty)(next))
		next &= ~(uint64_t)DIRTY_BIT;
	return next;
}

/* A protect's change of the leaf e at slot, mapping [va, va + LEVEL_SIZE) whole, in the
 * op's pass (broken: the break pass wrote it invalid). */
PTF_STEP void AT(protect_leaf)(struct ptf_edit_op *op, pte_t *slot, uint64_t e, bool broken, uint64_t va,
                              bool fresh)
{
	struct ptf_tx *tx = op->tx;
	uint64_t next = AT(protected)(op, e);
	bool needs_break = FMT(needs_break)(e, next, false, false, LEVEL_BBM_ATTR_MASK);
	if (op->pass == PTF_PASS_COUNT) {
		op->need.breaks += needs_break;
	} else if (op->pass == PTF_PASS_BREAK) {
		if (needs_break)
			ptf_tx_break(tx, slot, sizeof(pte_t), va, LEVEL_SIZE);
	} else if (broken) {
		store_entry(slot, next); /* e: what the slot held as the break took it */
		FMT(tell_dirtied)(tx, e, next, va, LEVEL_SIZE);
	} else if (fresh && next != e) {
		store_entry(slot, next); /* a split's new table: no MMU sees it yet */
	} else if (next != e) {
		FMT(replace_leaf)(tx, slot, next, va, LEVEL_SIZE);
		ptf_tx_changed(tx, va, LEVEL_SIZE);
	}
}

#if !HAS_BELOW
/* The last depth of a protect with `only` (a dirty-log get with clear): from one page
 * asked for to the next, word by word of the bitmap, so that a get at 1% dirty visits
 * 1% of the entries and little else. The range is whole granules: no leaf is cut. */
static bool AT(edit_only)(struct ptf_edit_op *op, pte_t *t, uint64_t va, uint64_t end, bool fresh)
{
	uint64_t first = (va - op->only_base) >> 12, last = (end - op->only_base) >> 12;
	for (uint64_t w = first >> 6; w << 6 < last; w++) {
		uint64_t word = op->only[w];
		if (w == first >> 6)
			word &= ~(uint64_t)0 << (first & 63);
		while (word) {
			uint64_t bit = (w << 6) + ptf_ctz64(word);
			if (bit >= last)
				return false;
			uint64_t leaf_va = (op->only_base + (bit << 12)) & ~(LEVEL_SIZE - 1);
			pte_t *slot = &t[LV(index)(leaf_va)];
			bool broken;
			uint64_t e = FMT(entry_for)(op->tx, op->pass, slot, &broken);
			if (is_valid(e) && LV(is_leaf)(e))
				AT(protect_leaf)(op, slot, e, broken, leaf_va, fresh);
			/* the leaf's other pages (a granule above 4 KiB) are done with it */
			uint64_t past = ((leaf_va + LEVEL_SIZE - op->only_base) >> 12) - (w << 6);
			word &= past >= 64 ? 0 : ~(uint64_t)0 << past;
		}
	}
	return false; /* a protect empties no table */
}
#endif

static bool AT(edit)(struct ptf_edit_op *op, pte_t *t, uint64_t t_pa, uint64_t va, uint64_t end, bool fresh)
{
	struct ptf_tx *tx = op->tx;
	bool apply = op->pass == PTF_PASS_APPLY;
	unsigned removed = 0;
#if !HAS_BELOW
	if (op->only && op->protect && t)
		return AT(edit_only)(op, t, va, end, fresh);
#endif
	while (va < end) {
		if (op->only) {
			/* straight to the entry of the next page asked for: a get at 1% dirty
			 * visits 1% of the last-level entries */
			uint64_t last = (end - op->only_base) >> 12;
			uint64_t next = ptf_bits_next(op->only, (va - op->only_base) >> 12, last);
			if (next == last)
				break;
			uint64_t entry_start = (op->only_base + (next << 12)) & ~(LEVEL_SIZE - 1);
			if (entry_start > va)
				va = entry_start;
		}
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		bool whole = stop - va == LEVEL_SIZE;
		/* a leaf is cut: split, and its pieces inside the range changed */
		bool cut = !whole || (HAS_BELOW && op->split_all);
		if (!t) {
#if HAS_BELOW
			if (LEVEL_HAS_LEAF && cut) {
				op->need.tables++;
				BELOW(edit)(op, NULL, 0, va, stop, true);
			}
#endif
			va = stop;
			continue;
		}
		pte_t *slot = &t[LV(index)(va)];
		bool broken;
		uint64_t e = FMT(entry_for)(tx, op->pass, slot, &broken);
		if (!is_valid(e)) {
			/* nothing mapped here */
		} else if (LV(is_leaf)(e)) {
			if (!cut && op->protect) {
				AT(protect_leaf)(op, slot, e, broken, va, fresh);
			} else if (!cut && apply) {
				FMT(replace_leaf)(tx, slot, 0, va, LEVEL_SIZE);
				if (!fresh)
					ptf_tx_changed(tx, va, stop - va);
				FMT(leaf_removed)(tx, va, LV(leaf_pa)(e), LEVEL_SIZE);
				removed++;
#if HAS_BELOW
			} else if (cut && op->pass == PTF_PASS_COUNT) {
				op->need.tables++;
				op->need.breaks += FMTC(BBM_KIND);
				BELOW(edit)(op, NULL, 0, va, stop, true);
			} else if (cut && op->pass == PTF_PASS_BREAK) {
				if (FMTC(BBM_KIND))
					ptf_tx_break(tx, slot, sizeof(pte_t), va & ~(LEVEL_SIZE - 1), LEVEL_SIZE);
			} else if (cut) {
				/* the pieces outside the range keep mapping what the leaf did; a
				 * protect that splits a leaf it covers whole into last-depth pages
				 * (dirty logging's eager split) writes each piece protected at once */
				bool at_once = op->protect && whole && !op->only && DEPTH + 2 == LEVELS;
				uint64_t child = AT(split)(tx, e, at_once ? op : NULL);
				if (!at_once)
					BELOW(edit)(op, table_va(&tx->tables, child), child, va, stop, true);
				publish_entry(slot, LV(table)(child));
				/* a protect that gives the pieces what they had changes nothing */
				if (!broken && !fresh && (!op->protect || AT(protected)(op, e) != e))
					ptf_tx_changed(tx, va, stop - va);
#endif
			}
#if HAS_BELOW
		} else if (is_table(e)) {
			uint64_t child = entry_to_pa(e);
			pte_t *child_table = table_va(&tx->tables, child);
			if (whole && !op->protect) {
				if (apply) {
					store_entry(slot, 0);
					BELOW(changed_below)(tx, child_table, va);
					BELOW(free_below)(tx, child_table, va);
					ptf_tx_free(tx, child, 1); /* held until the flush */
					removed++;
				}
			} else if (op->pass == PTF_PASS_COUNT && op->perms_only && DEPTH + 2 == LEVELS) {
				/* only last-depth pages below, changed in permissions: nothing to
				 * split or break, nothing to count */
			} else if (BELOW(edit)(op, child_table, child, va, stop, fresh)) {
				store_entry(slot, 0);
				ptf_tx_free(tx, child, 1);
				removed++;
			}
#endif
		}
		va = stop;
	}
	return apply && FMT(table_emptied)(tx, DEPTH, t_pa, t, LEVEL_ENTRIES, removed);
}

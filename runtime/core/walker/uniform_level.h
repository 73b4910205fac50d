/* walker/uniform_level.h: one depth of telling whether [va, end) is mapped as one leaf
 * would map it: every byte by a young leaf (accessed_level.h) whose attribute word is
 * op->attr, at output address va + op->pa_minus_va. What a linear merge (merge.c) asks
 * before it replaces the leaves by one: the guest must see no change, its pages' use
 * since the last age included. */
static bool AT(uniform)(const struct ptf_uniform *op, const pte_t *t, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		uint64_t e = load_entry((pte_t *)&t[LV(index)(va)]);
		if (!is_valid(e))
			return false;
		if (LV(is_leaf)(e)) {
			uint64_t first = va & ~(LEVEL_SIZE - 1);
			if (!AT(is_young)(e) || (LV(attrs_of_leaf)(e) & ATTR_MASK) != op->attr ||
			    LV(leaf_pa)(e) != first + op->pa_minus_va)
				return false;
#if HAS_BELOW
		} else if (!is_table(e) || !BELOW(uniform)(op, table_va(&op->tables, entry_to_pa(e)), va, stop)) {
			return false;
#else
		} else {
			return false;
#endif
		}
		va = stop;
	}
	return true;
}

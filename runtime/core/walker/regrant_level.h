/* walker/regrant_level.h: one depth of a permission fault's repair. The leaf that maps
 * va, found straight down as the query finds it, denies an access its area allows (write
 * protection, ageing, or an entry changed behind ptforge's back): it gets the area's
 * attribute word back; an aged leaf that grants the access is made young. Faults are readers (gate.h), so the leaf is replaced by compare-and-swap,
 * and of two faults on one leaf the second finds it repaired. Returns 0 after the repair
 * (the caller flushes the page), 1 when the leaf grants the access already (a spurious
 * fault) or differs in memory type too (protect's business, with its break where the
 * format needs one), PTF_ENOENT when no leaf maps va. */
PTF_STEP int AT(regrant)(const struct ptf_regrant *op, struct ptf_tables tm, pte_t *table, uint64_t va)
{
	pte_t *slot = &table[LV(index)(va)];
	uint64_t e = load_entry(slot);
	while (is_valid(e) && LV(is_leaf)(e)) {
		/* an aged leaf (accessed_level.h) faults on its next access: used now */
		bool granted = (LV(leaf_flags)(e) & op->access) == op->access;
		if (granted && AT(is_young)(e))
			return 1;
		uint64_t next = AT(make_young)(granted ? e : (e & ~LEVEL_ATTR_MASK) | LV(attrs_in_leaf)(op->attr));
		if (FMT(needs_break)(e, next, false, false, LEVEL_BBM_ATTR_MASK))
			return 1;
		if (install_entry(slot, &e, next))
			return 0; /* a permission or access-flag change: no break on any architecture */
		/* another fault changed it first: e holds what it wrote */
	}
#if HAS_BELOW
	if (is_valid(e) && is_table(e))
		return BELOW(regrant)(op, tm, table_va(&tm, entry_to_pa(e)), va);
#else
	(void)tm;
#endif
	return PTF_ENOENT;
}

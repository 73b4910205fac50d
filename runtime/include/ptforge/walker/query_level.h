/* ptforge/walker/query_level.h: one depth of the query (walker/query.h includes it once
 * per depth). Straight down: one entry read per depth, nothing written. */
PTF_STEP int AT(query)(const struct ptf_tables *tm, const pte_t *table, uint64_t va, uint64_t *pa,
                            unsigned *flags, uint64_t *page_size)
{
	uint64_t e = load_entry(&table[LV(index)(va)]);
	/* the common case, a table exactly as ptforge writes them, costs one compare, and
	 * the next load's address is this entry plus a constant of this walk */
	if (!HAS_BELOW || __builtin_expect(!is_exact_table(e), 0)) {
		if (!is_valid(e))
			return PTF_ENOENT;
		if (LV(is_leaf)(e)) {
			if (pa)
				*pa = LV(leaf_pa)(e) | (va & (LEVEL_SIZE - 1));
			if (flags)
				*flags = LV(leaf_flags)(e);
			if (page_size)
				*page_size = LEVEL_SIZE;
			return PTF_OK;
		}
		/* valid and not a leaf: a table with bits set since ptforge wrote it (decode()
		 * is stricter, for reports), taken as the entry ptforge wrote for it */
		e = (e & FMTC(ADDR_MASK)) | FMTC(TABLE_BITS);
	}
#if HAS_BELOW
	return BELOW(query)(tm, table_va(tm, exact_table_pa(e)), va, pa, flags, page_size);
#else
	(void)tm;
	return PTF_ENOENT;
#endif
}

/* ptforge/walker/query_level.h: one depth of the query (walker/query.h includes it once
 * per depth). Straight down: one entry read per depth, nothing written. */
PTF_STEP int AT(query)(const struct ptf_tables *tm, const pte_t *table, uint64_t va, uint64_t *pa,
                            unsigned *flags, uint64_t *page_size)
{
	uint64_t e = load_entry(&table[LV(index)(va)]);
#if HAS_BELOW
	/* the common case, a table exactly as ptforge writes them, costs one compare, and
	 * the next load's address is this entry plus a constant of this walk */
	if (__builtin_expect(is_exact_table(e), 1))
		return BELOW(query)(tm, table_va(tm, exact_table_pa(e)), va, pa, flags, page_size);
#endif
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
#if HAS_BELOW
	/* valid and not a leaf: a table with bits set since ptforge wrote it (decode() is
	 * stricter, for reports), walked by a call, so the walk above stays one line */
	return BELOW(query_out_of_line)(*tm, table_va(tm, entry_to_pa(e)), va, pa, flags, page_size);
#else
	(void)tm;
	return PTF_ENOENT;
#endif
}

/* This depth's step and all below it, as a function of its own: for the depth above,
 * when an entry leads here the long way. The tables' view comes by value: a pointer to
 * the caller's would make every step above reload it. */
static __attribute__((noinline, unused)) int AT(query_out_of_line)(struct ptf_tables tm, const pte_t *table,
                                                                   uint64_t va, uint64_t *pa, unsigned *flags,
                                                                   uint64_t *page_size)
{
	return AT(query)(&tm, table, va, pa, flags, page_size);
}

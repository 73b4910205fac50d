/* ptforge/walker/access.h: entries of live tables, for the format being compiled
 * (walker/bind.h). An MMU and other CPUs read tables while they change, so an entry is
 * read once into a local and decided on from that copy (READ_ONCE), and written with one
 * single-copy-atomic store of the entry's width (WRITE_ONCE), as Linux's kvm_pgtable and
 * Xen's atomic_write_ept_entry do; the compiler may neither split nor merge them. */

/* Acquire: a table (or frame) this entry points to was filled before the entry was
 * published (entry_publish, entry_install), and what was written there is seen. */
static inline uint64_t FMT(entry_load)(const pte_t *slot)
{
	return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

static inline void FMT(entry_store)(pte_t *slot, uint64_t e)
{
	__atomic_store_n(slot, (pte_t)e, __ATOMIC_RELAXED);
}

/* Links a table that was filled in before: release ordering makes everything written
 * into it visible before the entry that points to it. */
static inline void FMT(entry_publish)(pte_t *slot, uint64_t e)
{
	__atomic_store_n(slot, (pte_t)e, __ATOMIC_RELEASE);
}

/* Writes e where the slot still holds *expected, as one compare-and-swap: concurrent
 * faults claim a slot (or install an entry that needs no filling first) this way, and
 * exactly one wins. Release: what was written before is seen first. On failure
 * *expected receives the winner's entry. */
static inline bool FMT(entry_install)(pte_t *slot, uint64_t *expected, uint64_t e)
{
	pte_t seen = (pte_t)*expected;
	bool won = __atomic_compare_exchange_n(slot, &seen, (pte_t)e, false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE);
	*expected = seen;
	return won;
}

/* The table at pa. A SoC build whose SoC file fixes the direct map folds its offset in. */
static inline pte_t *FMT(table_at)(const struct ptf_tables *t, uint64_t pa)
{
	if (FMTC(DIRECT_MAP_FIXED))
		return (pte_t *)(uintptr_t)(pa + FMTC(DIRECT_MAP_OFFSET));
	return (pte_t *)ptf_tables_va(t, pa);
}

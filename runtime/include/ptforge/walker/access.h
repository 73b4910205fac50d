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

/* Writes e and returns what the slot held, as one atomic exchange: where the MMU sets
 * bits in live leaves (hardware dirty bits), a bit it set after the slot was read is in
 * what this returns, not lost under the store. */
static inline uint64_t FMT(entry_exchange)(pte_t *slot, uint64_t e)
{
	return __atomic_exchange_n(slot, (pte_t)e, __ATOMIC_RELAXED);
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
#if defined(__riscv) && __riscv_xlen == 64
	if (sizeof(pte_t) == 4) {
		/* RV64's lr.w sign-extends the word it loads, and GCC 12 compares it with the
		 * expected word as it happens to sit in its register, zero-extended: an entry
		 * with bit 31 set (a 32-bit format's high output address) never matched, and
		 * the CAS reported success without storing (the OpenJDK RISC-V port works
		 * around the same, JDK-8326936). Sign-extend it explicitly. */
		int64_t wide = (int32_t)(uint32_t)*expected;
		__asm__("sext.w %0, %0" : "+r"(wide));
		int32_t seen32 = (int32_t)wide;
		bool won32 = __atomic_compare_exchange_n((int32_t *)(void *)slot, &seen32, (int32_t)(uint32_t)e, false,
		                                         __ATOMIC_RELEASE, __ATOMIC_ACQUIRE);
		*expected = (uint32_t)seen32;
		return won32;
	}
#endif
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

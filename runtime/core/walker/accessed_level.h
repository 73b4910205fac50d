/* walker/accessed_level.h: one depth of access tracking (ptf_aspace_age), in the
 * format's way (ACCESSED_BY, from the platform file's accessed): whether a leaf here was
 * used since it was last aged, ageing it, making it young again, and the age walk.
 * A new leaf is young; a protect or a split keeps a leaf's age (its pieces share it). */

/* Whether leaf e was used since it was last aged. */
static inline bool AT(is_young)(uint64_t e)
{
	if (ACCESSED_BY == PTF_ACCESSED_PERMISSIONS)
		return (e & LEVEL_PARK_MASK) != LEVEL_PARK_BITS;
	if (ACCESSED_BY == PTF_ACCESSED_NONE)
		return true;
	return (e & ACCESSED_BIT) != 0;
}

/* Leaf e aged: its next access faults, or (hardware) sets the bit again. */
static inline uint64_t AT(make_old)(uint64_t e)
{
	if (ACCESSED_BY == PTF_ACCESSED_PERMISSIONS)
		return (e & ~LEVEL_PARK_MASK) | LEVEL_PARK_BITS;
	return e & ~ACCESSED_BIT;
}

/* Leaf e used. With ACCESSED_BY permissions the caller gives the permissions back,
 * which is what makes it young. */
static inline uint64_t AT(make_young)(uint64_t e)
{
	return e | ACCESSED_BIT;
}

/* next, a leaf made from old by a change of attributes, as young as old was */
static inline uint64_t AT(keep_age)(uint64_t old, uint64_t next)
{
	return AT(is_young)(old) ? next : AT(make_old)(next);
}

/* The age walk over [va, end): every young leaf is aged and the bits of its pages in the
 * range set. Age is a reader (gate.h): faults may make a leaf young meanwhile, so each
 * leaf is replaced by compare-and-swap, and what a fault restored after the swap is
 * seen by the next age. */
static void AT(age)(struct ptf_age_op *op, const pte_t *t, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		pte_t *slot = (pte_t *)&t[LV(index)(va)];
		uint64_t e = load_entry(slot);
		if (is_valid(e) && LV(is_leaf)(e)) {
			while (AT(is_young)(e)) {
				if (install_entry(slot, &e, AT(make_old)(e))) {
					ptf_bits_set(op->bitmap, (va - op->base) >> 12, (stop - op->base) >> 12);
					ptf_tx_changed(op->tx, va & ~(LEVEL_SIZE - 1), LEVEL_SIZE);
					break;
				}
				/* a fault changed it first: e holds what it wrote */
			}
#if HAS_BELOW
		} else if (is_valid(e) && is_table(e)) {
			BELOW(age)(op, table_va(&op->tx->tables, entry_to_pa(e)), va, stop);
#endif
		}
		va = stop;
	}
}

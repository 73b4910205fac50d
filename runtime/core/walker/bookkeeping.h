/* walker/bookkeeping.h: bookkeeping of the tables a change edits, for the format being
 * compiled (walker/instance.h binds it). */

/* Entry i of a table maps input addresses from (the table's first address) + i * size. */
static inline uint64_t FMT(chunk_end)(uint64_t va, uint64_t end, uint64_t size)
{
	uint64_t next = (va | (size - 1)) + 1;
	return next < end ? next : end;
}

/* A table below the root keeps its number of valid entries in the HAL's frame_meta, so
 * telling that an unmap emptied one costs O(1). The root is never freed and keeps none.
 *
 * Faults add entries to one table on several CPUs at once. Rather than count with a
 * locked instruction, a fault marks the table's count stale (uncounted), a store every
 * racing fault agrees on; faults never remove entries. A change (alone in the tree,
 * gate.h) that needs the count settles it first by counting the table's valid entries.
 * It does so after its own edits of that table, and with none of them half done (no
 * entry of the table broken and not yet made again): the count it finds is the one
 * its own delta would have led to. */
static inline bool FMT(settled)(struct ptf_frame_meta *m, const pte_t *table, unsigned entries)
{
	if (!__atomic_load_n(&m->uncounted, __ATOMIC_RELAXED))
		return false;
	uint32_t valid = 0;
	for (unsigned i = 0; i < entries; i++)
		valid += is_valid(load_entry(&table[i]));
	__atomic_store_n(&m->live, valid, __ATOMIC_RELAXED);
	__atomic_store_n(&m->uncounted, 0, __ATOMIC_RELAXED);
	return true;
}

/* delta entries were added to (or taken from) the table at table_pa / table, which holds
 * entries entries. */
static inline void FMT(count_entries)(struct ptf_tx *tx, unsigned depth, uint64_t table_pa, const pte_t *table,
                                      unsigned entries, int delta)
{
	if (depth == 0 || !tx->meta || !delta)
		return;
	struct ptf_frame_meta *m = ptf_tx_meta(tx, table_pa);
	if (tx->concurrent) {
		if (!__atomic_load_n(&m->uncounted, __ATOMIC_RELAXED))
			__atomic_store_n(&m->uncounted, 1, __ATOMIC_RELAXED);
		return;
	}
	if (FMT(settled)(m, table, entries))
		return;
	__atomic_store_n(&m->live, __atomic_load_n(&m->live, __ATOMIC_RELAXED) + (uint32_t)delta, __ATOMIC_RELAXED);
}

/* After `removed` entries of the table went: is it empty now? Without frame_meta the
 * table is scanned. The root never counts as empty. */
static inline __attribute__((always_inline)) bool FMT(table_emptied)(struct ptf_tx *tx, unsigned depth, uint64_t table_pa, const pte_t *table,
                                      unsigned entries, unsigned removed)
{
	if (depth == 0 || !removed)
		return false;
	if (tx->meta) {
		/* only a change removes entries, alone in the tree (gate.h) */
		struct ptf_frame_meta *m = ptf_tx_meta(tx, table_pa);
		if (FMT(settled)(m, table, entries))
			return m->live == 0;
		uint32_t was = __atomic_load_n(&m->live, __ATOMIC_RELAXED);
		PTF_ASSERT(was >= removed);
		__atomic_store_n(&m->live, was - removed, __ATOMIC_RELAXED);
		return was == removed;
	}
	for (unsigned i = 0; i < entries; i++)
		if (load_entry(&table[i]))
			return false;
	return true;
}

/* Tells the transaction of a leaf taken away (an unmap frees data frames that way). */
static inline void FMT(leaf_removed)(struct ptf_tx *tx, uint64_t va, uint64_t pa, uint64_t size)
{
	if (tx->removed)
		tx->removed(tx->removed_arg, va, pa, size);
}

/* Has the MMU written through leaf e (DIRTY_BY hardware: its dirty bit, and where the
 * format has one, the bit that let the MMU set it)? */
static inline bool FMT(leaf_dirty)(uint64_t e)
{
	return DIRTY_BY == PTF_DIRTY_HARDWARE && (e & (DIRTY_BIT | DIRTY_WRITABLE)) == (DIRTY_BIT | DIRTY_WRITABLE);
}

/* Leaf old, dirty, gives way to next, which is not: the transaction is told. */
static inline void FMT(tell_dirtied)(struct ptf_tx *tx, uint64_t old, uint64_t next, uint64_t va, uint64_t size)
{
	if (tx->dirtied && FMT(leaf_dirty)(old) && !FMT(leaf_dirty)(next))
		tx->dirtied(tx->dirtied_arg, va, 0, size);
}

/* A change writes next over the live leaf at slot, which maps [va, va + size). Where the
 * MMU sets dirty bits it may set one at any moment, so while a dirty log runs the old
 * leaf is taken by exchange, and a write it records that next does not keep is told to
 * the transaction (the log marks the pages). Elsewhere, one store: with no log, a lost
 * dirty bit is no one's (start makes every leaf clean). */
static inline void FMT(replace_leaf)(struct ptf_tx *tx, pte_t *slot, uint64_t next, uint64_t va, uint64_t size)
{
	if (DIRTY_BY != PTF_DIRTY_HARDWARE || !tx->dirtied) {
		store_entry(slot, next);
		return;
	}
	FMT(tell_dirtied)(tx, exchange_entry(slot, next), next, va, size);
}

/* next, a new leaf or table filled in before, replaces whole the live leaf at slot that
 * the walk read as e (broken: the break took it, and e is what it held then), with
 * release ordering as publish_entry; a write the old leaf recorded is told as
 * replace_leaf does. */
static inline void FMT(publish_over_leaf)(struct ptf_tx *tx, pte_t *slot, uint64_t e, bool broken, uint64_t next,
                                          bool next_is_leaf, uint64_t va, uint64_t size)
{
	if (DIRTY_BY == PTF_DIRTY_HARDWARE && tx->dirtied && !broken)
		e = __atomic_exchange_n(slot, (pte_t)next, __ATOMIC_RELEASE);
	else
		publish_entry(slot, next);
	FMT(tell_dirtied)(tx, e, next_is_leaf ? next : 0, va, size);
}

/* Would replacing valid entry e by valid entry next need a break (the platform file's
 * break_before_make)? kind: one is a leaf and the other a table; moved: a leaf's output
 * address changes; memtype_mask: the memory-type bits of a leaf at their depth. */
static inline bool FMT(needs_break)(uint64_t e, uint64_t next, bool kind, bool moved, uint64_t memtype_mask)
{
	return (FMTC(BBM_KIND) && kind) || (FMTC(BBM_ADDRESS) && moved) || ((e ^ next) & memtype_mask);
}

/* A live entry as a range walk's pass sees it: in the apply pass, an entry the break
 * pass wrote invalid reads as what it held (*broken then set). */
static inline uint64_t FMT(entry_for)(struct ptf_tx *tx, enum ptf_pass pass, const pte_t *slot, bool *broken)
{
	uint64_t e = load_entry(slot);
	*broken = pass == PTF_PASS_APPLY && !e && ptf_tx_was_broken(tx, slot, &e);
	return e;
}
/* Claims the empty slot (holding *seen) that this walk is about to fill, among concurrent
 * faults: one compare-and-swap writes the format's CLAIMED entry, invalid to the MMU.
 * The claimer then zeroes the frame it will link or map and publishes the entry with a
 * plain release store, so that no locked instruction waits for the zeroing's stores to
 * drain; the others wait for that entry. false, and *seen what another walk wrote, when
 * it got there first. Alone in the tree, a walk needs no claim. */
static inline bool FMT(claim)(const struct ptf_tx *tx, pte_t *slot, uint64_t *seen)
{
	return !tx->concurrent || install_entry(slot, seen, FMTC(CLAIMED));
}

/* The entry e at slot where it still holds *seen: by compare-and-swap among concurrent
 * walks (false, and *seen the winner's entry, when another got there first), else by a
 * plain release store. */
static inline bool FMT(install_at)(const struct ptf_tx *tx, pte_t *slot, uint64_t *seen, uint64_t e)
{
	if (tx->concurrent)
		return install_entry(slot, seen, e);
	publish_entry(slot, e);
	return true;
}

/* tx.h: one operation's frames, in the shape every operation has:
 *
 *   check and count -> reserve -> apply -> flush -> release
 *
 * A walker's count pass says how many frames a change needs; ptf_tx_reserve takes them
 * all or none before anything changes, so the apply pass cannot fail half-way. Frames
 * the apply pass unlinks are held until the flush when the caller asks (the address
 * space always does): another CPU may reach them through a stale TLB or walk cache
 * until then. The walkers reach tables and their bookkeeping through the HAL values
 * ptf_tx_begin read once.
 *
 * A transaction deals in granules, the format's table and page size: every table and
 * data frame it takes, holds or frees is one granule, granule / PTF_FRAME_SIZE
 * contiguous HAL frames aligned to the granule. */
#ifndef PTF_TX_H
#define PTF_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ptforge/hal.h>
#include <ptforge/walker/tables.h>

#include "records.h"

#define PTF_TX_INLINE_HELD 32
/* Beyond this many held frames (or when no memory is left to hold more), the
 * transaction flushes and frees a batch early. */
#define PTF_TX_MAX_HELD ((size_t)1 << 16)

/* Told of each leaf a change takes away (its input address, output address, size). */
typedef void (*ptf_removed_fn)(void *arg, uint64_t va, uint64_t pa, uint64_t size);

/* Reserved frames, chained through their own first 8 bytes: a reservation of any size
 * needs no memory of its own, and no reserved frame has been visible to hardware. */
struct ptf_reserve {
	uint64_t head;  /* pa of the first frame, while count is not 0 */
	size_t count;
};

/* An entry written invalid for break-before-make, and what it held. */
struct ptf_break {
	const void *slot;
	uint64_t old;
};

struct ptf_gate;

struct ptf_tx {
	/* read from the HAL once, when the operation begins */
	const struct ptf_hal *hal;
	uint64_t granule;               /* bytes of one table or data frame */
	size_t granule_frames;          /* HAL frames per granule */
	struct ptf_tables tables;
	struct ptf_frame_meta *meta;    /* per-table live-entry counts; NULL: tables are scanned */
	uint64_t meta_base;
	bool zeroed;                    /* the HAL's frames arrive zeroed */
	bool concurrent;                /* other walks install into the same tree meanwhile
	                                   (faults): slots are claimed, counts marked stale */
	/* reserve */
	struct ptf_reserve tables_reserved;
	struct ptf_reserve data_reserved;
	/* apply */
	ptf_removed_fn removed;         /* may be NULL */
	void *removed_arg;
	/* Told of the pages of each leaf the MMU had written (its hardware dirty bit set)
	 * that a change takes away or leaves clean (pa 0), so that the write is not lost
	 * to a dirty log (dirty_log.h). NULL: no one is logging. */
	ptf_removed_fn dirtied;
	void *dirtied_arg;
	/* the input offsets whose translations changed: [changed_lo, changed_hi), empty
	 * while changed_hi <= changed_lo; the TLB flush covers exactly that */
	uint64_t changed_lo, changed_hi;
	/* break-before-make: the entries the break pass wrote invalid (struct ptf_break), in
	 * walk order, for the make pass to read back; unread: how many it has not yet */
	struct ptf_record_list breaks;
	bool breaks_reserved;
	uint64_t broken_lo, broken_hi;  /* the input offsets the entries broken since the last
	                                   break pass translated: what its flush covers */
	size_t breaks_unread;
	struct ptf_gate *gate;          /* an address space's, to let looks in while the break
	                                   is flushed; NULL for the walkers' own calls */
	/* flush and release */
	bool hold;                      /* hold freed frames until the flush (else free at once) */
	uint64_t input_base;            /* offset + input_base: the address the TLB is told */
	uint64_t vmid;                  /* what flush_tlb_vmid is told (0 outside an address space) */
	bool whole_vmid;                /* flush every translation of the VMID instead of the span,
	                                   when the HAL can (clear, destroy) */
	uint64_t inline_held[PTF_TX_INLINE_HELD];
	size_t n_inline_held;
	struct ptf_record_list held;    /* beyond the inline ones (uint64_t pa each) */
};

/* Inline, and only what every transaction reads: a lazy fault begins and ends one every
 * time. (A reservation's head means something only while its count is not 0; the held
 * frames' buffer is set up by ptf_tx_hold_until_flush.) */
static inline void ptf_tx_begin(struct ptf_tx *tx, const struct ptf_hal *hal, uint64_t granule)
{
	tx->hal = hal;
	tx->granule = granule;
	tx->granule_frames = (size_t)(granule / PTF_FRAME_SIZE);
	tx->tables = ptf_tables_of(hal);
	tx->meta = hal->frame_meta;
	tx->meta_base = hal->frame_meta_base;
	tx->zeroed = hal->frames_zeroed;
	tx->concurrent = false;
	tx->tables_reserved.count = 0;
	tx->data_reserved.count = 0;
	tx->removed = NULL;
	tx->dirtied = NULL;
	tx->changed_lo = UINT64_MAX;
	tx->changed_hi = 0;
	tx->hold = false;
	tx->vmid = 0;
	tx->whole_vmid = false;
	tx->breaks_reserved = false;
	tx->breaks_unread = 0;
	tx->gate = NULL;
}
/* The translations of input offsets [va, va + size) changed: the flush must cover them. */
static inline void ptf_tx_changed(struct ptf_tx *tx, uint64_t va, uint64_t size)
{
	if (va < tx->changed_lo)
		tx->changed_lo = va;
	if (va + size > tx->changed_hi)
		tx->changed_hi = va + size;
}

static inline bool ptf_tx_has_changed(const struct ptf_tx *tx)
{
	return tx->changed_hi > tx->changed_lo;
}

/* Every TLB flush goes through here: the HAL's VMID-aware callback when it has one. */
static inline void ptf_flush_tlb(const struct ptf_hal *hal, uint64_t vmid, uint64_t gpa, uint64_t size)
{
	if (hal->flush_tlb_vmid)
		hal->flush_tlb_vmid(hal->ctx, vmid, gpa, size);
	else
		hal->flush_tlb(hal->ctx, gpa, size);
}

/* Hold freed frames until ptf_tx_finish flushes what changed; addresses are offsets plus
 * input_base. */
void ptf_tx_hold_until_flush(struct ptf_tx *tx, uint64_t input_base);
/* Reserve table and data frames, and room to record breaks: all of them, or none and
 * PTF_ENOMEM. */
int ptf_tx_reserve(struct ptf_tx *tx, size_t tables, size_t data, size_t breaks);
/* A reserved frame for a table: zeroed and with no live entry when empty is set (an
 * empty table), else left for the caller to fill completely (a split). */
uint64_t ptf_tx_take_table(struct ptf_tx *tx, bool empty);
/* A reserved data frame (one granule), zeroed. */
uint64_t ptf_tx_take_data(struct ptf_tx *tx);
/* One zeroed granule straight from the HAL (nothing reserved), or 0. Inline: the lazy
 * fault's one allocation. */
static inline uint64_t ptf_tx_alloc_data(struct ptf_tx *tx)
{
	uint64_t pa = tx->hal->alloc_frames(tx->hal->ctx, tx->granule_frames, (size_t)tx->granule);
	if (pa && !tx->zeroed)
		__builtin_memset(ptf_tables_va(&tx->tables, pa), 0, (size_t)tx->granule);
	return pa;
}
/* A data frame from ptf_tx_alloc_data that was never linked (another fault mapped the
 * page first): no CPU or MMU has seen it, so it goes straight back. */
static inline void ptf_tx_unused_data(struct ptf_tx *tx, uint64_t pa)
{
	tx->hal->free_frames(tx->hal->ctx, pa, tx->granule_frames);
}
/* count granules from pa are unlinked: freed after the flush (hold), else at once. */
void ptf_tx_free(struct ptf_tx *tx, uint64_t pa, size_t count);
/* Break-before-make: write the live entry at slot invalid, and record what it held; it translated input offsets [va, va + size), which the break's flush covers
 * (broken_lo, broken_hi). */
void ptf_tx_break(struct ptf_tx *tx, void *slot, size_t entry_bytes, uint64_t va, uint64_t size);
/* The flush between the break and the make, of the broken entries' addresses
 * [gpa, gpa + size): with an address space's gate, looking readers may come in meanwhile. */
void ptf_tx_flush_break(struct ptf_tx *tx, uint64_t gpa, uint64_t size);
/* In the make pass: what slot held before the break, if it was broken (*e then holds it). */
static inline bool ptf_tx_was_broken(struct ptf_tx *tx, const void *slot, uint64_t *e)
{
	if (!tx->breaks_unread)
		return false;
	const struct ptf_break *b = ptf_record_list_peek(&tx->breaks);
	if (b->slot != slot)
		return false;
	*e = b->old;
	ptf_record_list_skip(&tx->breaks);
	tx->breaks_unread--;
	return true;
}
/* The end: flush what changed if holding (nothing when nothing did), free what was held,
 * give back what was reserved and not taken. */
void ptf_tx_settle(struct ptf_tx *tx);

static inline void ptf_tx_finish(struct ptf_tx *tx)
{
	/* most faults and single-page changes have nothing to flush, free or give back
	 * (frames are held only when hold is set) */
	if (tx->hold || tx->tables_reserved.count || tx->data_reserved.count || tx->breaks_reserved)
		ptf_tx_settle(tx);
}

/* A table's bookkeeping: the slot of its first HAL frame. */
static inline struct ptf_frame_meta *ptf_tx_meta(const struct ptf_tx *tx, uint64_t table_pa)
{
	return &tx->meta[(table_pa - tx->meta_base) / PTF_FRAME_SIZE];
}

#endif

/* tx.c: an operation's reserved frames in, held frees out (see tx.h). */
#include "tx.h"

#include <ptforge/errors.h>

#include "assert.h"
#include "gate.h"

void ptf_tx_hold_until_flush(struct ptf_tx *tx, uint64_t input_base)
{
	tx->hold = true;
	tx->input_base = input_base;
	tx->n_inline_held = 0;
	ptf_record_list_init(&tx->held, tx->hal, sizeof(uint64_t));
}

static uint64_t *frame_word(const struct ptf_tx *tx, uint64_t pa)
{
	/* frames the HAL hands out always have a virtual address (hal.h) */
	return (uint64_t *)tx->hal->phys_to_virt(tx->hal->ctx, pa);
}

/* Gives back reserved frames until only `keep` are left. */
static void release_to(struct ptf_tx *tx, struct ptf_reserve *r, size_t keep)
{
	while (r->count > keep) {
		uint64_t pa = r->head;
		r->head = *frame_word(tx, pa);
		r->count--;
		tx->hal->free_frames(tx->hal->ctx, pa, tx->granule_frames);
	}
}

static int reserve(struct ptf_tx *tx, struct ptf_reserve *r, size_t n)
{
	size_t before = r->count;
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = tx->hal->alloc_frames(tx->hal->ctx, tx->granule_frames, (size_t)tx->granule);
		if (!pa) {
			release_to(tx, r, before);
			return PTF_ENOMEM;
		}
		*frame_word(tx, pa) = r->head;
		r->head = pa;
		r->count++;
	}
	return PTF_OK;
}

int ptf_tx_reserve(struct ptf_tx *tx, size_t tables, size_t data, size_t breaks)
{
	size_t tables_before = tx->tables_reserved.count;
	if (reserve(tx, &tx->tables_reserved, tables))
		return PTF_ENOMEM;
	if (reserve(tx, &tx->data_reserved, data)) {
		release_to(tx, &tx->tables_reserved, tables_before);
		return PTF_ENOMEM;
	}
	if (breaks) {
		PTF_ASSERT(!tx->breaks_reserved); /* one range change per transaction */
		ptf_record_list_init(&tx->breaks, tx->hal, sizeof(struct ptf_break));
		if (ptf_record_list_reserve(&tx->breaks, breaks)) {
			release_to(tx, &tx->tables_reserved, tables_before);
			release_to(tx, &tx->data_reserved, tx->data_reserved.count - data);
			return PTF_ENOMEM;
		}
		tx->breaks_reserved = true;
	}
	return PTF_OK;
}

void ptf_tx_break(struct ptf_tx *tx, void *slot, size_t entry_bytes, uint64_t va, uint64_t size)
{
	if (va < tx->broken_lo)
		tx->broken_lo = va;
	if (va + size > tx->broken_hi)
		tx->broken_hi = va + size;
	/* the count pass counted every break, and the reservation made room for them */
	struct ptf_break *b = tx->breaks_reserved ? ptf_record_list_add(&tx->breaks) : NULL;
	PTF_ASSERT(b != NULL);
	/* what the slot held as it was broken: by exchange, since the MMU may have set an
	 * accessed or dirty bit in it after the walker read it */
	uint64_t old;
	if (entry_bytes == 8)
		old = __atomic_exchange_n((uint64_t *)slot, 0, __ATOMIC_RELAXED);
	else
		old = __atomic_exchange_n((uint32_t *)slot, 0, __ATOMIC_RELAXED);
	*b = (struct ptf_break){ slot, old };
	tx->breaks_unread++;
}

void ptf_tx_flush_break(struct ptf_tx *tx, uint64_t gpa, uint64_t size)
{
	if (tx->gate)
		ptf_gate_let_looks_in(tx->gate);
	ptf_flush_tlb(tx->hal, tx->vmid, gpa, size);
	if (tx->gate)
		ptf_gate_close(tx->gate, tx->hal);
}

/* The next reserved frame; the word that chained it is cleared, the rest zeroed when
 * asked to and the HAL did not zero it already. */
static uint64_t take(struct ptf_tx *tx, struct ptf_reserve *r, bool zero)
{
	PTF_ASSERT(r->count > 0); /* the count pass asked for every frame the apply takes */
	uint64_t pa = r->head;
	uint64_t *p = frame_word(tx, pa);
	r->head = *p;
	r->count--;
	if (zero && !tx->zeroed)
		__builtin_memset(p, 0, (size_t)tx->granule);
	else
		*p = 0;
	return pa;
}

uint64_t ptf_tx_take_table(struct ptf_tx *tx, bool empty)
{
	uint64_t pa = take(tx, &tx->tables_reserved, empty);
	if (tx->meta)
		*ptf_tx_meta(tx, pa) = (struct ptf_frame_meta){ .live = 0, .uncounted = 0 };
	return pa;
}

uint64_t ptf_tx_take_data(struct ptf_tx *tx)
{
	return take(tx, &tx->data_reserved, true);
}

/* Everything changed so far (nothing if nothing did), or every translation of the VMID
 * when asked to and the HAL can. */
static void flush_changed(struct ptf_tx *tx)
{
	if (!ptf_tx_has_changed(tx))
		return;
	if (tx->whole_vmid && tx->hal->flush_tlb_vmid_all)
		tx->hal->flush_tlb_vmid_all(tx->hal->ctx, tx->vmid);
	else
		ptf_flush_tlb(tx->hal, tx->vmid, tx->changed_lo + tx->input_base, tx->changed_hi - tx->changed_lo);
}

static void free_one_held(void *arg, void *record)
{
	const struct ptf_tx *tx = arg;
	tx->hal->free_frames(tx->hal->ctx, *(const uint64_t *)record, tx->granule_frames);
}

static void free_held(struct ptf_tx *tx)
{
	for (size_t i = 0; i < tx->n_inline_held; i++)
		tx->hal->free_frames(tx->hal->ctx, tx->inline_held[i], tx->granule_frames);
	tx->n_inline_held = 0;
	ptf_record_list_each(&tx->held, free_one_held, tx);
	ptf_record_list_clear(&tx->held);
}

void ptf_tx_free(struct ptf_tx *tx, uint64_t pa, size_t count)
{
	if (!tx->hold) {
		tx->hal->free_frames(tx->hal->ctx, pa, count * tx->granule_frames);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		uint64_t frame = pa + i * tx->granule;
		if (tx->n_inline_held < PTF_TX_INLINE_HELD) {
			tx->inline_held[tx->n_inline_held++] = frame;
			continue;
		}
		uint64_t *slot = tx->held.count < PTF_TX_MAX_HELD ? ptf_record_list_add(&tx->held) : NULL;
		if (slot) {
			*slot = frame;
			continue;
		}
		/* no room to hold more: everything held is unlinked already, by changes the span
		 * covers, so one flush makes it safe to give back now, and the inline room is
		 * free again (frame, maybe still mapped, stays held) */
		flush_changed(tx);
		free_held(tx);
		tx->inline_held[tx->n_inline_held++] = frame;
	}
}

void ptf_tx_settle(struct ptf_tx *tx)
{
	if (tx->hold) {
		flush_changed(tx);
		free_held(tx);
		tx->hold = false;
	}
	/* reserved and never taken: never visible to hardware, back at once */
	release_to(tx, &tx->tables_reserved, 0);
	release_to(tx, &tx->data_reserved, 0);
	if (tx->breaks_reserved) {
		ptf_record_list_clear(&tx->breaks);
		tx->breaks_reserved = false;
		tx->breaks_unread = 0;
	}
}

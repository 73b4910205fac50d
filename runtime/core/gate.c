/* gate.c: readers together, writers one at a time and alone (see gate.h). */
#include "gate.h"

#include "relax.h"

#include <stdint.h>

void ptf_gate_init(struct ptf_gate *g)
{
	atomic_init(&g->state, GATE_OPEN);
	atomic_flag_clear(&g->writers);
	for (unsigned i = 0; i < GATE_SLOTS; i++)
		atomic_init(&g->slot[i].taken, 0);
}

static unsigned my_slot(const struct ptf_hal *hal)
{
	if (hal->cpu)
		return hal->cpu(hal->ctx) % GATE_SLOTS;
	/* no CPU number: every thread runs on a stack of its own, so its address spreads
	 * threads over the slots (two that share one only share its cache line) */
	char here;
	uintptr_t a = (uintptr_t)&here >> 12;
	return (unsigned)((a ^ (a >> 7) ^ (a >> 15)) % GATE_SLOTS);
}

static bool lets_in(unsigned state, enum gate_reader kind)
{
	return state == GATE_OPEN || (state == GATE_LOOKS_ONLY && kind == GATE_LOOK);
}

/* A slot of its own: the CPU's, or the next free one after it. A reader holds one slot
 * at a time (readers do not nest), so with no more readers in flight than slots one is
 * always free; with more, a reader waits for one. */
static unsigned claim_slot(struct ptf_gate *g, const struct ptf_hal *hal)
{
	unsigned s = my_slot(hal);
	for (unsigned tries = 0;; tries++, s = (s + 1) % GATE_SLOTS) {
		unsigned expected = 0;
		/* sequentially consistent: ordered before our look at the gate (Dekker) */
		if (atomic_compare_exchange_strong_explicit(&g->slot[s].taken, &expected, 1, memory_order_seq_cst,
		                                            memory_order_relaxed))
			return s;
		if (tries % GATE_SLOTS == GATE_SLOTS - 1)
			ptf_relax(hal);
	}
}

unsigned ptf_gate_enter(struct ptf_gate *g, const struct ptf_hal *hal, enum gate_reader kind)
{
	for (;;) {
		/* take a slot, then look at the gate: with both sequentially consistent, either
		 * the closing writer sees our slot taken or we see the gate closed (Dekker) */
		unsigned s = claim_slot(g, hal);
		if (lets_in(atomic_load_explicit(&g->state, memory_order_seq_cst), kind))
			return s;
		atomic_store_explicit(&g->slot[s].taken, 0, memory_order_release);
		while (!lets_in(atomic_load_explicit(&g->state, memory_order_acquire), kind))
			ptf_relax(hal);
	}
}

void ptf_gate_exit(struct ptf_gate *g, unsigned slot)
{
	/* release: what the reader did comes before a writer's change. A plain store: the
	 * slot is this reader's alone */
	atomic_store_explicit(&g->slot[slot].taken, 0, memory_order_release);
}

void ptf_gate_lock_writers(struct ptf_gate *g, const struct ptf_hal *hal)
{
	while (atomic_flag_test_and_set_explicit(&g->writers, memory_order_acquire))
		ptf_relax(hal);
}

/* Closing again after letting looks in waits for them to leave, as the first time. */
void ptf_gate_close(struct ptf_gate *g, const struct ptf_hal *hal)
{
	atomic_store_explicit(&g->state, GATE_CLOSED, memory_order_seq_cst);
	for (unsigned i = 0; i < GATE_SLOTS; i++)
		while (atomic_load_explicit(&g->slot[i].taken, memory_order_seq_cst))
			ptf_relax(hal);
}

void ptf_gate_let_looks_in(struct ptf_gate *g)
{
	atomic_store_explicit(&g->state, GATE_LOOKS_ONLY, memory_order_release);
}

void ptf_gate_open(struct ptf_gate *g)
{
	/* release: the change comes before anything a reader does after entering */
	atomic_store_explicit(&g->state, GATE_OPEN, memory_order_release);
}

void ptf_gate_unlock_writers(struct ptf_gate *g)
{
	atomic_flag_clear_explicit(&g->writers, memory_order_release);
}

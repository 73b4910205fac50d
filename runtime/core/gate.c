/* gate.c: readers together, writers one at a time and alone (see gate.h). */
#include "gate.h"

#include <stdint.h>

void ptf_gate_init(struct ptf_gate *g)
{
	atomic_init(&g->state, GATE_OPEN);
	atomic_flag_clear(&g->writers);
	for (unsigned i = 0; i < GATE_SLOTS; i++)
		atomic_init(&g->slot[i].readers, 0);
}

/* A moment's wait in a spin loop. */
static void relax(const struct ptf_hal *hal)
{
	if (hal->relax) {
		hal->relax(hal->ctx);
		return;
	}
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#endif
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

unsigned ptf_gate_enter(struct ptf_gate *g, const struct ptf_hal *hal, enum gate_reader kind)
{
	unsigned s = my_slot(hal);
	for (;;) {
		/* count ourselves in, then look at the gate: with both sequentially consistent,
		 * either the closing writer sees our count or we see it closed (Dekker) */
		atomic_fetch_add_explicit(&g->slot[s].readers, 1, memory_order_seq_cst);
		if (lets_in(atomic_load_explicit(&g->state, memory_order_seq_cst), kind))
			return s;
		atomic_fetch_sub_explicit(&g->slot[s].readers, 1, memory_order_release);
		while (!lets_in(atomic_load_explicit(&g->state, memory_order_acquire), kind))
			relax(hal);
	}
}

void ptf_gate_exit(struct ptf_gate *g, unsigned slot)
{
	/* release: what the reader did comes before a writer's change */
	atomic_fetch_sub_explicit(&g->slot[slot].readers, 1, memory_order_release);
}

void ptf_gate_lock_writers(struct ptf_gate *g, const struct ptf_hal *hal)
{
	while (atomic_flag_test_and_set_explicit(&g->writers, memory_order_acquire))
		relax(hal);
}

/* Closing again after letting looks in waits for them to leave, as the first time. */
void ptf_gate_close(struct ptf_gate *g, const struct ptf_hal *hal)
{
	atomic_store_explicit(&g->state, GATE_CLOSED, memory_order_seq_cst);
	for (unsigned i = 0; i < GATE_SLOTS; i++)
		while (atomic_load_explicit(&g->slot[i].readers, memory_order_seq_cst))
			relax(hal);
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

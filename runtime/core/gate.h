/* gate.h: who may touch an address space's structure at a time.
 *
 * Readers (faults, translations, guest-memory accesses, look-ups) pass the gate
 * together; each takes one of GATE_SLOTS slots for as long as it is inside, its CPU's
 * (struct ptf_hal's optional cpu, else one picked by its stack) or the next free one,
 * each on cache lines of its own, so that faults on different CPUs write no shared line
 * and leaving is a plain store. Readers wait for each other only when GATE_SLOTS of them
 * are inside at once. A writer (a change of areas or of whole ranges) first takes the
 * writers' lock, which serialises writers with their check, count and reserve phases
 * while readers go on; then closes the gate: it waits until every slot is free and
 * keeps new readers out while it applies its change. That wait is also the grace period
 * ptforge needs: once the gate is closed no software walk is inside a table the change
 * unlinks.
 *
 * While a writer flushes the TLB between breaking entries and making them anew
 * (break-before-make), it lets looking readers in (translations, guest memory,
 * look-ups: they may see the broken entries as unmapped), so that a HAL's flush callback
 * may look at the address space; faults stay out, they would map what is being remade.
 *
 * C11 atomics only, no OS: waiting spins, calling struct ptf_hal's optional relax
 * (NULL: a CPU pause hint). */
#ifndef PTF_GATE_H
#define PTF_GATE_H

#include <stdatomic.h>
#include <stdbool.h>

#include <ptforge/hal.h>

#define GATE_SLOTS 32
/* Four cache lines between slots: each has an aligned pair of lines of its own (CPUs
 * fetch lines in pairs) whatever the alignment of the address space (malloc's). */
#define GATE_SPACING 256

struct gate_slot {
	atomic_uint taken; /* 1 while a reader is inside */
	char pad[GATE_SPACING - sizeof(atomic_uint)];
};

enum gate_state {
	GATE_OPEN,
	GATE_LOOKS_ONLY, /* a writer flushes between break and make */
	GATE_CLOSED,     /* a writer holds the gate, or is closing it */
};

/* What a reader does: looks (reads tables and areas), or faults (also adds entries). */
enum gate_reader {
	GATE_LOOK,
	GATE_FAULT,
};

struct ptf_gate {
	atomic_uint state;   /* enum gate_state */
	atomic_flag writers; /* the writers' lock */
	char pad[GATE_SPACING - sizeof(atomic_uint) - sizeof(atomic_flag)];
	struct gate_slot slot[GATE_SLOTS];
};

void ptf_gate_init(struct ptf_gate *g);

/* Readers: enter returns the slot that exit takes back. */
unsigned ptf_gate_enter(struct ptf_gate *g, const struct ptf_hal *hal, enum gate_reader kind);
void ptf_gate_exit(struct ptf_gate *g, unsigned slot);

/* Writers: lock, then close for the change (let looks in and shut them out again
 * around a break's flush), open, unlock. */
void ptf_gate_lock_writers(struct ptf_gate *g, const struct ptf_hal *hal);
void ptf_gate_close(struct ptf_gate *g, const struct ptf_hal *hal);
void ptf_gate_let_looks_in(struct ptf_gate *g);
void ptf_gate_open(struct ptf_gate *g);
void ptf_gate_unlock_writers(struct ptf_gate *g);

#endif

/* aspace_internal.h: the address space's state, shared by the files that implement
 * it (lifecycle and mapping, fault path, guest-memory accessor).
 *
 * Who touches what (the concurrency contract of aspace.h): fmt, hal, base, end and root
 * never change after create. The areas and the structure of the tree change only while
 * a writer holds the gate closed (gate.h); readers (faults, translations, guest memory,
 * look-ups) enter the gate and only read them. Faults also add entries to the tree,
 * concurrently with each other, by compare-and-swap (walker/install_level.h). The data
 * frames an address space owns are its alloc areas' leaves: ptf_aspace_stats counts
 * them, so that no fault has to. */
#ifndef PTF_ASPACE_INTERNAL_H
#define PTF_ASPACE_INTERNAL_H

#include <ptforge/aspace.h>
#include <ptforge/errors.h>
#include <ptforge/flags.h>

#include "area_map.h"
#include "gate.h"
#include "records.h"

struct dirty_log;

struct ptf_aspace {
	struct ptf_gate gate;
	const struct ptf_format *fmt;
	const struct ptf_hal *hal;
	uint64_t base, end;          /* window [base, end), as offsets (below) */
	uint64_t page;               /* the format's granule: the smallest page, the unit of
	                                every address and size */
	uint64_t root;
	uint64_t vmid;               /* what the HAL's flushes are told: written by a writer,
	                                read by faults (atomically) */
	struct area_map areas;
	struct ptf_slab nodes;       /* the areas' nodes (records.h) */
	struct dirty_log *logs;      /* the ranges being dirty-logged (dirty_log.h), or NULL */
	size_t blocks_merged;        /* merge.h; written by writers, read by stats */
	size_t blocks_collapsed;     /* collapse.c; likewise */
};

/* Addresses come in and go out as the format's input addresses; inside, the address
 * space keeps offsets from the format's first one (ptf_format_input_offset), in which
 * every range is contiguous, a sign-extended format's across 0 too: the window, the
 * areas, and the walker's requests are offsets. The TLB and the HAL are told addresses. */
static inline uint64_t offset_of(const struct ptf_aspace *as, uint64_t gpa)
{
	return ptf_format_input_offset(as->fmt, gpa);
}

static inline uint64_t address_of(const struct ptf_aspace *as, uint64_t off)
{
	return off + as->fmt->input_base;
}

/* The size of the leaf that maps off, or 0 when none does */
static inline uint64_t leaf_size_at(const struct ptf_aspace *as, uint64_t off)
{
	uint64_t page_size = 0;
	return as->fmt->query(as->hal, as->root, address_of(as, off), NULL, NULL, &page_size) == PTF_OK ? page_size : 0;
}

static inline bool in_window(const struct ptf_aspace *as, uint64_t off)
{
	return off >= as->base && off < as->end;
}

/* Readers pass the gate (gate.h). The address space is const to them; its gate is
 * not, and casting const away is sound because every address space is created
 * writable (ptf_aspace_create). A reader never enters twice: a writer closing the gate
 * between the two entries would wait for the first while the second waits for it. */
static inline unsigned reader_enter(const struct ptf_aspace *as, enum gate_reader kind)
{
	return ptf_gate_enter(&((struct ptf_aspace *)as)->gate, as->hal, kind);
}

static inline void reader_exit(const struct ptf_aspace *as, unsigned slot)
{
	ptf_gate_exit(&((struct ptf_aspace *)as)->gate, slot);
}

/* translate without entering the gate: for callers inside it already */
int ptf_aspace_translate_in(const struct ptf_aspace *as, uint64_t gpa, uint64_t *hpa, uint64_t *limit);

#endif

/* dirty_log.h: the ranges an address space logs writes in (ptf_aspace_dirty_log_*), as
 * the other operations see them.
 *
 * Invariant, relied on by the fault path and by get: in a logged range every leaf is
 * granule-sized, and a leaf of a writable area grants W only if every 4 KiB it maps has
 * its dirty bit set (or is a page ptf_aspace_write wrote since); every other leaf there
 * is write protected. So a write the log must see always takes a permission fault
 * first, whose repair gives W to that page alone and marks it (fault.c). Keeping it:
 * start protects writable areas' leaves and splits every area's (one without W may be
 * given it while the log runs); a map that reaches a log maps granule leaves there, and
 * neither populate nor a huge area's fault takes a huge frame there; a fault maps a
 * read-only page for a read, or marks the page it makes writable; populate maps
 * read-only; a map or a protect that grants W over logged pages marks them; get with
 * clear protects again exactly the pages it clears.
 *
 * With hardware dirty bits (PTF_DIRTY_HARDWARE) the invariant is the MMU's instead: in a
 * logged range every leaf is granule-sized, and a page written since start or since its
 * bit was last taken has its bit in the log or a dirty leaf (walker/bookkeeping.h,
 * leaf_dirty). Keeping it: start makes every leaf clean; get with clear makes clean only
 * the leaves whose bits it took; a change that takes a dirty leaf away or leaves it
 * clean marks the log first (tx.h, dirtied), reading the leaf by exchange.
 *
 * The logs change only with the gate closed (a writer's apply phase); readers walk the
 * list inside the gate. Bits are set by readers with atomic OR and taken by get with
 * atomic AND: a bit set while get runs is in this get's bitmap or in the next one. */
#ifndef PTF_DIRTY_LOG_H
#define PTF_DIRTY_LOG_H

#include <stdatomic.h>

#include "aspace_internal.h"

#define PTF_DIRTY_PAGE_SHIFT 12 /* one bit per 4 KiB, whatever the granule */

struct dirty_log {
	struct dirty_log *next;      /* logs are disjoint and in address order */
	uint64_t start, end;         /* offsets, granule aligned */
	size_t bytes;                /* the record's size */
	_Atomic uint64_t bits[];     /* bit i: the 4 KiB at start + (i << 12) was written */
};

/* Is off logged? (*end receives where that answer ends, at most limit.) */
bool ptf_dirty_log_covers(const struct ptf_aspace *as, uint64_t off, uint64_t limit, uint64_t *end);
/* Marks [off, off + size) written where it is logged. */
void ptf_dirty_log_mark(const struct ptf_aspace *as, uint64_t off, uint64_t size);
/* flags less W for a logged page, or PTF_EFLAGS if the format cannot express that. */
int ptf_dirty_log_protected(const struct ptf_aspace *as, unsigned flags, unsigned *out);
/* A map or protect giving flags to [off, end): PTF_EFLAGS if they grant W over a logged
 * page and have no read-only form, which the log needs to keep the page's next write. */
int ptf_dirty_log_check_grant(const struct ptf_aspace *as, uint64_t off, uint64_t end, unsigned flags);
/* Frames the logs' records take from alloc_frames (ptf_aspace_stats). */
size_t ptf_dirty_log_frames(const struct ptf_aspace *as);
/* Destroy: every log's record given back. */
void ptf_dirty_log_free_all(struct ptf_aspace *as);

#endif

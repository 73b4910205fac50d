/* huge_frames.h: alloc areas backed by huge frames. Where the HAL allows (hal.h,
 * data_frame_max), memory that is populated, or faulted in an area that asks for it, is
 * mapped by the largest leaves whose aligned range lies inside what is filled: one zeroed
 * 2 MiB or 1 GiB frame from alloc_frames(count, align) per leaf, a smaller size where the
 * HAL has none of the larger, granule pages for the rest. Fewer leaves, fewer tables,
 * fewer TLB entries for the guest. */
#ifndef PTF_HUGE_FRAMES_H
#define PTF_HUGE_FRAMES_H

#include "change.h"

/* Frames taken for a fill, in address order, each one's first bytes a struct huge_link
 * (huge_frames.c) until the walker maps it. */
struct huge_chain {
	uint64_t head, tail; /* pa of the first and last frame; 0: none */
	uint64_t next;       /* the next frame a fill pass comes to */
};

static inline void ptf_huge_chain_init(struct huge_chain *ch)
{
	ch->head = ch->tail = ch->next = 0;
}

/* The largest data page size the format has and the HAL allows above the granule, or 0. */
uint64_t ptf_huge_max(const struct ptf_aspace *as);

/* The next smaller huge size than size the HAL allows, or 0 (granule pages). */
uint64_t ptf_huge_smaller(const struct ptf_aspace *as, uint64_t size);

/* Appends a frame of size bytes, taken for [va, va + size), to ch. */
void ptf_huge_chain_append(const struct ptf_aspace *as, struct huge_chain *ch, uint64_t pa, uint64_t va,
                           uint64_t size);
/* The frame after the last one popped (since the rewind), with the range it was taken
 * for; 0 at the end. Its first bytes still hold the link until the caller writes it. */
uint64_t ptf_huge_chain_pop(const struct ptf_aspace *as, struct huge_chain *ch, uint64_t *va, uint64_t *size);

/* Takes a zeroed frame for every aligned huge-page-sized range of [lo, hi) (offsets of
 * one alloc area, not dirty-logged) with nothing mapped in it (or anything, with replace:
 * an overwrite), largest first, appended to ch. Never fails: a range the HAL has no
 * frame for is left to smaller ones. */
void ptf_huge_take(struct ptf_aspace *as, uint64_t lo, uint64_t hi, bool replace, struct huge_chain *ch);

/* Before each pass over the fills: back to ch's first frame. */
static inline void ptf_huge_rewind(struct huge_chain *ch)
{
	ch->next = ch->head;
}

/* One pass over [lo, hi) of an alloc area, in the change's shape (ptf_change_step):
 * each of ch's frames in it mapped by one leaf, the rest filled with granule pages
 * (what is mapped stays; with replace it gives way). need: the count pass; NULL: the
 * apply pass, which is where a frame's range that a fault filled in part meanwhile gets
 * the frame's pieces where it is still empty, and the rest of that frame goes back. */
int ptf_huge_fill(struct change *c, struct huge_chain *ch, uint64_t lo, uint64_t hi, unsigned flags, bool replace,
                  struct ptf_walk_need *need);

/* Gives back every frame of ch: the change failed before its apply pass. */
void ptf_huge_give_back(struct ptf_aspace *as, struct huge_chain *ch);

/* The lazy fault of an area that asks for huge frames: one zeroed frame of the largest
 * size whose aligned range around page lies inside [area_lo, area_hi) with nothing mapped
 * or dirty-logged in it, installed as one leaf by compare-and-swap beside other faults. PTF_OK, or 1
 * when it did not (no such range, no frame, a race lost): the caller maps one granule. */
int ptf_huge_fault(struct ptf_aspace *as, uint64_t page, uint64_t area_lo, uint64_t area_hi, unsigned flags);

#endif

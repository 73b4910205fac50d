/* frame_pool.h: the frames one runtime operation takes and gives back.
 *
 * A pool stands in for the embedder's HAL while an operation runs. Allocations pop
 * frames reserved up front, so once the worst case is reserved the steps cannot fail
 * half-way. Frees are held back: a frame that was part of a translation (a data frame,
 * a page table) may still be reached through another CPU's TLB or walk cache until the
 * operation's flush, so it goes back to the HAL only after that flush. Frames are only
 * handed to the pool once nothing links to them any more. */
#ifndef PTF_FRAME_POOL_H
#define PTF_FRAME_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ptforge/hal.h>
#include <ptforge/walker_support.h>

#define FRAME_POOL_INLINE 64
/* Beyond this many frees in one operation, the pool flushes and frees a batch early. */
#define FRAME_POOL_MAX_DEFERRED ((size_t)1 << 16)

struct frame_pool {
	struct ptf_direct_map dm;     /* first, copied from the real HAL's when it has one */
	struct ptf_hal hal;           /* the stand-in handed to the walkers */
	const struct ptf_hal *real;
	struct ptf_reserve frames;    /* reserved, never yet visible to hardware */
	uint64_t *deferred;           /* freed, waiting for the flush */
	size_t n_deferred, cap_deferred;
	uint64_t inline_deferred[FRAME_POOL_INLINE];
	uint64_t flush_gpa, flush_size;
};

/* Reserve `reserve` frames from real (PTF_ENOMEM, and nothing held, on failure); room
 * for about `frees` held-back frees; [flush_gpa, +flush_size) is what the operation
 * changes. */
int frame_pool_init(struct frame_pool *p, const struct ptf_hal *real, size_t reserve, size_t frees,
                    uint64_t flush_gpa, uint64_t flush_size);
/* Hold back count frames from pa until the flush. */
void frame_pool_defer(struct frame_pool *p, uint64_t pa, size_t count);
/* End of the operation: flush if it changed a translation, then free what was held back
 * and return what was reserved but not used. */
void frame_pool_finish(struct frame_pool *p, bool flush);

#endif

/* frame_pool.h: frames reserved up front for a multi-step runtime operation.
 * A pool stands in for the embedder's HAL while the operation runs: allocations pop
 * reserved frames and frees push them back, so once the worst case is reserved the
 * steps cannot fail half-way. Whatever is left goes back to the HAL at the end. */
#ifndef PTF_FRAME_POOL_H
#define PTF_FRAME_POOL_H

#include <stddef.h>
#include <stdint.h>

#include <ptforge/hal.h>
#include <ptforge/walker_support.h>

struct frame_pool {
	struct ptf_direct_map dm;     /* first, copied from the real HAL's when it has one */
	struct ptf_hal hal;           /* the stand-in handed to the walkers */
	const struct ptf_hal *real;
	struct ptf_reserve frames;
};

/* Reserve n frames from real; PTF_ENOMEM (and nothing held) on failure. */
int frame_pool_init(struct frame_pool *p, const struct ptf_hal *real, size_t n);
void frame_pool_release(struct frame_pool *p);

#endif

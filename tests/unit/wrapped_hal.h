/* wrapped_hal.h: a HAL that forwards to a hosted one but differs from it where a test
 * asks: it has no direct map (walks reach every table through phys_to_virt, which it
 * counts), lends ptforge no frame_meta unless asked (tables are then scanned) nor its
 * byte allocator (ptforge's records then come from frames), and may
 * say its frames arrive zeroed. Shared by the suites that look at how ptforge uses its
 * HAL. */
#ifndef WRAPPED_HAL_H
#define WRAPPED_HAL_H

#include <ptforge/ptforge.h>

#define WRAP_LEND_META 0x1u    /* pass the hosted HAL's frame_meta on */
#define WRAP_SAY_ZEROED 0x2u   /* claim frames arrive zeroed (whether or not they are) */
#define WRAP_LEND_BYTES 0x4u   /* pass the hosted HAL's alloc_bytes on (else records come
                                  from frames) */

struct wrapped_hal {
	struct ptf_hal hal;
	const struct ptf_hal *real;
	unsigned long virt_calls;
};

static inline uint64_t wrapped_alloc(void *ctx, size_t count, size_t align)
{
	const struct wrapped_hal *w = ctx;
	return w->real->alloc_frames(w->real->ctx, count, align);
}

static inline void wrapped_free(void *ctx, uint64_t pa, size_t count)
{
	const struct wrapped_hal *w = ctx;
	w->real->free_frames(w->real->ctx, pa, count);
}

static inline void *wrapped_virt(void *ctx, uint64_t pa)
{
	struct wrapped_hal *w = ctx;
	w->virt_calls++;
	return w->real->phys_to_virt(w->real->ctx, pa);
}

static inline void wrapped_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	const struct wrapped_hal *w = ctx;
	w->real->flush_tlb(w->real->ctx, gpa, size);
}

/* w must stay where it is while in use: it is the HAL's ctx. */
static inline const struct ptf_hal *wrap_hal(struct wrapped_hal *w, struct ptf_host_hal *host, unsigned options)
{
	w->real = ptf_host_hal_get(host);
	w->virt_calls = 0;
	w->hal = (struct ptf_hal){
		.ctx = w,
		.alloc_frames = wrapped_alloc,
		.free_frames = wrapped_free,
		.phys_to_virt = wrapped_virt,
		.flush_tlb = wrapped_flush,
		.frames_zeroed = (options & WRAP_SAY_ZEROED) != 0,
		.frame_meta = (options & WRAP_LEND_META) ? w->real->frame_meta : NULL,
		.frame_meta_base = (options & WRAP_LEND_META) ? w->real->frame_meta_base : 0,
		.alloc_bytes = (options & WRAP_LEND_BYTES) ? w->real->alloc_bytes : NULL,
		.free_bytes = (options & WRAP_LEND_BYTES) ? w->real->free_bytes : NULL,
	};
	return &w->hal;
}

#endif

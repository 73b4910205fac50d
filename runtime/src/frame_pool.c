/* frame_pool.c: a HAL that hands out frames reserved in advance (see frame_pool.h). */
#include "frame_pool.h"

#include <ptforge/errors.h>

static uint64_t pool_alloc(void *ctx, size_t count, size_t align)
{
	struct frame_pool *p = ctx;
	if (count != 1 || align > PTF_FRAME_SIZE || !p->frames.head)
		return 0; /* walkers only ask for single tables; roots are not made here */
	return ptf_reserve_take(p->real, &p->frames);
}

static void pool_free(void *ctx, uint64_t pa, size_t count)
{
	struct frame_pool *p = ctx;
	for (size_t i = 0; i < count; i++) {
		uint64_t frame = pa + i * PTF_FRAME_SIZE;
		*(uint64_t *)p->real->phys_to_virt(p->real->ctx, frame) = p->frames.head;
		p->frames.head = frame;
		p->frames.count++;
	}
}

static void *pool_phys_to_virt(void *ctx, uint64_t pa)
{
	struct frame_pool *p = ctx;
	return p->real->phys_to_virt(p->real->ctx, pa);
}

static void pool_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	(void)ctx;
	(void)gpa;
	(void)size; /* the operation flushes once, through the real HAL */
}

int frame_pool_init(struct frame_pool *p, const struct ptf_hal *real, size_t n)
{
	p->real = real;
	p->frames = (struct ptf_reserve){ 0, 0 };
	p->hal = (struct ptf_hal){
		.ctx = p,
		.alloc_frames = pool_alloc,
		.free_frames = pool_free,
		.phys_to_virt = pool_phys_to_virt,
		.flush_tlb = pool_flush,
	};
	if (real->phys_to_virt == ptf_direct_map_phys_to_virt) {
		p->dm = *(const struct ptf_direct_map *)real->ctx;
		p->hal.phys_to_virt = ptf_direct_map_phys_to_virt;
	}
	return ptf_reserve_frames(real, &p->frames, n);
}

void frame_pool_release(struct frame_pool *p)
{
	ptf_reserve_release(p->real, &p->frames);
}

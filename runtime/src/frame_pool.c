/* frame_pool.c: reserved frames in, held-back frees out (see frame_pool.h). */
#include "frame_pool.h"

#include <stdlib.h>

#include <ptforge/errors.h>

static uint64_t pool_alloc(void *ctx, size_t count, size_t align)
{
	struct frame_pool *p = ctx;
	if (count != 1 || align > PTF_FRAME_SIZE || !p->frames.head)
		return 0; /* walkers only ask for single tables; roots are not made here */
	return ptf_reserve_take(p->real, &p->frames);
}

static void free_deferred(struct frame_pool *p)
{
	for (size_t i = 0; i < p->n_deferred; i++)
		p->real->free_frames(p->real->ctx, p->deferred[i], 1);
	p->n_deferred = 0;
}

void frame_pool_defer(struct frame_pool *p, uint64_t pa, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (p->n_deferred == p->cap_deferred) {
			/* too many to hold: everything held is already unlinked, so one flush
			 * makes it safe to give back now */
			p->real->flush_tlb(p->real->ctx, p->flush_gpa, p->flush_size);
			free_deferred(p);
		}
		p->deferred[p->n_deferred++] = pa + i * PTF_FRAME_SIZE;
	}
}

static void pool_free(void *ctx, uint64_t pa, size_t count)
{
	frame_pool_defer(ctx, pa, count);
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

int frame_pool_init(struct frame_pool *p, const struct ptf_hal *real, size_t reserve, size_t frees,
                    uint64_t flush_gpa, uint64_t flush_size)
{
	p->real = real;
	p->frames = (struct ptf_reserve){ 0, 0 };
	p->flush_gpa = flush_gpa;
	p->flush_size = flush_size;
	p->n_deferred = 0;
	p->deferred = p->inline_deferred;
	p->cap_deferred = FRAME_POOL_INLINE;
	if (frees > FRAME_POOL_MAX_DEFERRED)
		frees = FRAME_POOL_MAX_DEFERRED;
	if (frees > FRAME_POOL_INLINE) {
		/* best effort: without it the pool flushes early more often, nothing worse */
		uint64_t *buf = malloc(frees * sizeof(*buf));
		if (buf) {
			p->deferred = buf;
			p->cap_deferred = frees;
		}
	}
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
	int rc = ptf_reserve_frames(real, &p->frames, reserve);
	if (rc)
		frame_pool_finish(p, false);
	return rc;
}

void frame_pool_finish(struct frame_pool *p, bool flush)
{
	if (flush)
		p->real->flush_tlb(p->real->ctx, p->flush_gpa, p->flush_size);
	free_deferred(p);
	if (p->deferred != p->inline_deferred)
		free(p->deferred);
	p->deferred = p->inline_deferred;
	p->cap_deferred = FRAME_POOL_INLINE;
	/* reserved but never used: never visible, back at once */
	ptf_reserve_release(p->real, &p->frames);
}

/* reserve.c: all-or-nothing frame reservations for the generated walkers.
 * Reserved frames are chained through their own first 8 bytes, so a reservation of
 * any size needs no memory of its own. */
#include <ptforge/errors.h>
#include <ptforge/walker_support.h>

#include <string.h>

static uint64_t *frame_word(const struct ptf_hal *hal, uint64_t pa)
{
	return (uint64_t *)hal->phys_to_virt(hal->ctx, pa);
}

int ptf_reserve_frames(const struct ptf_hal *hal, struct ptf_reserve *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE);
		if (!pa) {
			ptf_reserve_release(hal, r);
			return PTF_ENOMEM;
		}
		*frame_word(hal, pa) = r->head;
		r->head = pa;
		r->count++;
	}
	return PTF_OK;
}

uint64_t ptf_reserve_take(const struct ptf_hal *hal, struct ptf_reserve *r)
{
	uint64_t pa = r->head;
	void *p = frame_word(hal, pa);
	memcpy(&r->head, p, sizeof(r->head));
	r->count--;
	memset(p, 0, PTF_FRAME_SIZE);
	return pa;
}

void ptf_reserve_release(const struct ptf_hal *hal, struct ptf_reserve *r)
{
	while (r->head) {
		uint64_t pa = r->head;
		r->head = *frame_word(hal, pa);
		hal->free_frames(hal->ctx, pa, 1);
	}
	r->count = 0;
}

uint64_t ptf_frame_alloc_zeroed(const struct ptf_hal *hal)
{
	uint64_t pa = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE);
	if (pa)
		memset(hal->phys_to_virt(hal->ctx, pa), 0, PTF_FRAME_SIZE);
	return pa;
}

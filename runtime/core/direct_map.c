/* direct_map.c: phys_to_virt for a direct map at a constant offset (see hal.h). */
#include <ptforge/hal.h>

void *ptf_direct_map_phys_to_virt(void *ctx, uint64_t pa)
{
	const struct ptf_direct_map *dm = ctx;
	if (pa < dm->pa_start || pa >= dm->pa_end)
		return (void *)0;
	return (void *)(dm->offset + (uintptr_t)pa);
}

/* ptforge/hal.h: the callbacks an embedder supplies: physical frames, the direct
 * map, and TLB invalidation. Frames are 4 KiB; alloc_frames returns 0 on failure. */
#ifndef PTFORGE_HAL_H
#define PTFORGE_HAL_H

#include <stddef.h>
#include <stdint.h>

#define PTF_FRAME_SIZE 4096u

struct ptf_hal {
	void *ctx;
	/* count contiguous frames, the first aligned to align bytes (a power of two), at
	 * addresses every format in use can hold (below 2^output_bits) */
	uint64_t (*alloc_frames)(void *ctx, size_t count, size_t align);
	void (*free_frames)(void *ctx, uint64_t pa, size_t count);
	/* NULL when pa has no virtual address (page tables and alloc frames always do) */
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	/* one call per operation, covering every guest-physical byte that changed */
	void (*flush_tlb)(void *ctx, uint64_t gpa, uint64_t size);
};

/* A direct map at a constant offset. An embedder whose frames are all visible at
 * virt = pa + offset may pass ptf_direct_map_phys_to_virt as phys_to_virt, with a ctx
 * that begins with a struct ptf_direct_map: the walkers recognise it and add the offset
 * inline instead of calling through the pointer at every level. */
struct ptf_direct_map {
	uintptr_t offset;
	uint64_t pa_start, pa_end;  /* phys_to_virt returns NULL outside [pa_start, pa_end) */
};

void *ptf_direct_map_phys_to_virt(void *ctx, uint64_t pa);

#endif

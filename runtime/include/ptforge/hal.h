/* ptforge/hal.h: the callbacks an embedder supplies: physical frames, the direct
 * map, and TLB invalidation. Frames are 4 KiB; alloc_frames returns 0 on failure. */
#ifndef PTFORGE_HAL_H
#define PTFORGE_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTF_FRAME_SIZE 4096u

struct ptf_hal {
	void *ctx;
	/* count contiguous frames, the first aligned to align bytes (a power of two) */
	uint64_t (*alloc_frames)(void *ctx, size_t count, size_t align);
	void (*free_frames)(void *ctx, uint64_t pa, size_t count);
	/* NULL when pa has no virtual address (page tables and alloc frames always do) */
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	/* one call per operation, covering every guest-physical byte that changed */
	void (*flush_tlb)(void *ctx, uint64_t gpa, uint64_t size);
	/* Optional. When page-table frames sit at a constant offset in the embedder's
	 * virtual space (virt = pa + direct_map_offset), setting direct_map lets the walkers
	 * add the offset instead of calling phys_to_virt at every level. */
	bool direct_map;
	uintptr_t direct_map_offset;
};

#endif

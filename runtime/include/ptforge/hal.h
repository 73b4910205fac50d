/* ptforge/hal.h: what an embedder supplies: physical frames, the direct map, TLB
 * invalidation, and optionally zeroed frames and per-frame bookkeeping. Frames are
 * 4 KiB; alloc_frames returns 0 on failure. A format with a larger granule (16 or
 * 64 KiB) asks for its tables and pages as granule / 4 KiB contiguous frames aligned to
 * the granule, and gives them back with the same count. Members after flush_tlb are
 * optional: zero or NULL keeps the default behaviour, so a HAL written before them
 * compiles unchanged. */
#ifndef PTFORGE_HAL_H
#define PTFORGE_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api.h"

#define PTF_FRAME_SIZE 4096u

/* One frame's bookkeeping, lent to ptforge while it holds the frame as a page table
 * (see struct ptf_hal's frame_meta). */
struct ptf_frame_meta {
	uint32_t live;      /* valid entries in the table, unless uncounted */
	uint32_t uncounted; /* faults added entries without counting them: the next change
	                       that needs live counts them */
};

/* The HAL: how ptforge gets frames, reaches them and invalidates the TLB. Address spaces
 * call its callbacks from several threads at once (parallel faults), so they must be
 * thread-safe (aspace.h, Concurrency). Members marked optional may be left NULL / zero:
 * ptforge then does without them, as before they existed. */
struct ptf_hal {
	void *ctx;
	/* count contiguous frames, the first aligned to align bytes (a power of two), at
	 * addresses every format in use can hold (below 2^output_bits) */
	uint64_t (*alloc_frames)(void *ctx, size_t count, size_t align);
	void (*free_frames)(void *ctx, uint64_t pa, size_t count);
	/* NULL when pa has no virtual address (page tables and alloc frames always do) */
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	/* invalidates cached translations of [gpa, gpa + size) for this address space on
	 * every CPU (the ctx knows which VMID): once per operation that altered or removed a
	 * translation, covering the span from the first to the last that changed and no
	 * more; a break-before-make flush, of the broken entries, comes between the break and
	 * the make (aspace.h). Not called when flush_tlb_vmid is set. */
	void (*flush_tlb)(void *ctx, uint64_t gpa, uint64_t size);

	/* Optional. Every frame alloc_frames returns is zeroed already (the HAL zeroes them
	 * outside the fault path): ptforge then never zeroes a frame it takes. A guest never
	 * sees another owner's data either way; the zeroing only moves. */
	bool frames_zeroed;
	/* Optional: per-frame storage, like Linux's struct page array. While ptforge holds
	 * frame pa as (the first frame of) a page table,
	 * frame_meta[(pa - frame_meta_base) / PTF_FRAME_SIZE] is ptforge's; it keeps the
	 * table's count of valid entries there, so telling that an unmap emptied a table
	 * costs O(1). It must cover every frame alloc_frames can
	 * return. NULL: ptforge scans a table's entries instead. */
	struct ptf_frame_meta *frame_meta;
	uint64_t frame_meta_base;
	/* Optional: the calling CPU's number (any small number that differs between the
	 * threads that fault at once will do). Faults on different CPUs then enter the
	 * address space through slots on different cache lines. NULL: ptforge tells threads
	 * apart by their stacks. */
	unsigned (*cpu)(void *ctx);
	/* Optional: called in a loop that waits for another CPU (an address-space change
	 * waiting for faults in flight to leave, faults waiting for it to end); a hosted HAL
	 * may yield its time slice. NULL: a CPU pause hint. */
	void (*relax)(void *ctx);
	/* Optional: memory for ptforge's own records (the address space, its area nodes, a
	 * change's lists), never for tables or guest frames; 16-byte aligned, NULL when
	 * there is none. Only changes (which are serialised), create and destroy call them.
	 * NULL (both): ptforge carves its records out of frames from alloc_frames, and
	 * needs no allocator of the embedder's. */
	void *(*alloc_bytes)(void *ctx, size_t bytes);
	void (*free_bytes)(void *ctx, void *p, size_t bytes);
	/* Optional: the CPU's physical address range in bits (ARM: from
	 * ID_AA64MMFR0_EL1.PARange). An address space whose format needs a wider one
	 * (fmt->cpu_pa_bits_needed) is refused with PTF_EPARANGE instead of faulting every
	 * access. 0: not told, nothing checked. */
	unsigned cpu_pa_bits;
	/* Optional: flush_tlb told the address space's VMID (ptf_aspace_set_vmid; 0 unless
	 * set, and 0 for the format's own tree functions), for a HAL whose ctx serves several
	 * guests: ARM TLBI IPAS2E1IS with VTTBR_EL2.VMID, RISC-V HFENCE.GVMA by GPA and VMID.
	 * Called instead of flush_tlb, with the same ranges. NULL: flush_tlb. */
	void (*flush_tlb_vmid)(void *ctx, uint64_t vmid, uint64_t gpa, uint64_t size);
	/* Optional: invalidates every translation of the VMID, of every stage, on every CPU
	 * (ARM TLBI VMALLS12E1IS, x86 INVEPT single-context, RISC-V HFENCE.GVMA by VMID
	 * only). ptf_aspace_destroy calls it once, whether or not anything was mapped, so
	 * that the VMID can be given to another guest; ptf_aspace_clear calls it once
	 * instead of a range flush when it removed a translation. NULL: both flush the span
	 * that held valid entries, if any, through flush_tlb(_vmid). */
	void (*flush_tlb_vmid_all)(void *ctx, uint64_t vmid);
	/* Optional: the largest data page, in bytes (a power of two), that alloc areas may be
	 * backed by. ptforge then asks alloc_frames for blocks of the format's huge page sizes
	 * up to this one (size / 4 KiB frames aligned to their size) to map populated memory,
	 * and the faults of areas that ask for it (ptf_aspace_map_alloc_huge), with one leaf
	 * each; a smaller size, down to the granule, where it gets none. Such a block may go
	 * back in parts: free_frames of any granule-aligned piece of it, when part of its
	 * mapping goes (an unmap that splits the leaf). 0: every data frame is one granule. */
	uint64_t data_frame_max;
};

/* A direct map at a constant offset. An embedder whose frames are all visible at
 * virt = pa + offset may pass ptf_direct_map_phys_to_virt as phys_to_virt, with a ctx
 * that begins with a struct ptf_direct_map: the walkers recognise it and add the offset
 * inline instead of calling through the pointer at every level. */
struct ptf_direct_map {
	uintptr_t offset;
	uint64_t pa_start, pa_end;  /* phys_to_virt returns NULL outside [pa_start, pa_end) */
};

PTF_API void *ptf_direct_map_phys_to_virt(void *ctx, uint64_t pa);

/* Called when a step that cannot fail did (a bug in ptforge, never bad input): the
 * default reports it and stops the program (freestanding builds: a trap). An embedder
 * may define its own, which takes the place of the default, or build ptforge with
 * PTF_ASSERT defined as it likes. It must not return. */
PTF_API void ptf_assert_failed(const char *file, int line, const char *what) __attribute__((noreturn));

#endif

/* ptforge/host_hal.h: a hosted HAL for tests, tools and embedders' unit tests.
 * "Physical memory" is an mmap'd arena with a direct map; frames are counted,
 * allocation failure can be injected, and a frame_meta array is lent to ptforge. Every
 * call is thread-safe, but create, destroy and keep_zeroed, which no other call on the
 * same HAL may overlap. */
#ifndef PTFORGE_HOST_HAL_H
#define PTFORGE_HOST_HAL_H

#include "api.h"

#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "hal.h"

struct ptf_host_hal;

/* Arena of arena_bytes (rounded up to frames); NULL if mmap fails. */
PTF_API struct ptf_host_hal *ptf_host_hal_create(size_t arena_bytes);
/* The same, with the arena placed so that virt = pa + direct_map_offset: for formats of
 * a SoC build whose SoC file fixes the direct map (struct ptf_format's
 * direct_map_fixed). NULL if that part of the address space cannot be had. */
PTF_API struct ptf_host_hal *ptf_host_hal_create_at(size_t arena_bytes, uintptr_t direct_map_offset);
/* A hosted HAL fit for fmt: at its fixed direct map when it has one. */
PTF_API struct ptf_host_hal *ptf_host_hal_create_for(const struct ptf_format *fmt, size_t arena_bytes);
PTF_API const struct ptf_hal *ptf_host_hal_get(struct ptf_host_hal *h);
PTF_API size_t ptf_host_hal_frames_in_use(const struct ptf_host_hal *h);
/* After n more successful allocations, the next one fails (and every later one,
 * until reset); -1 never fails. */
PTF_API void ptf_host_hal_fail_after(struct ptf_host_hal *h, long n);
PTF_API void ptf_host_hal_destroy(struct ptf_host_hal *h);

/* Keep a pool of `frames` pre-zeroed frames, filled now: the HAL then tells ptforge its
 * frames arrive zeroed (struct ptf_hal's frames_zeroed), single-frame allocations pop
 * from the pool, and zeroing happens in ptf_host_hal_refill_zeroed(), which a
 * hypervisor would call from idle time, outside the fault path. An allocation that
 * finds the pool empty zeroes its own frame (a miss), as does any other allocation
 * while the pool is on. 0 turns the pool off. Frames in the pool are not in use.
 * Returns 0, or -1 when out of memory (pool off). */
PTF_API int ptf_host_hal_keep_zeroed(struct ptf_host_hal *h, size_t frames);
/* The same for pages of page_bytes (a power of two from 4 KiB to 64 KiB: a format's
 * granule, ptf_format_granule): the pool holds `pages` of them, each page_bytes of
 * contiguous frames aligned to page_bytes, and allocations of exactly that many frames
 * (at that alignment or less) pop from it. keep_zeroed(h, n) is
 * keep_zeroed_pages(h, 4096, n). -1 also for a page size outside that range. */
PTF_API int ptf_host_hal_keep_zeroed_pages(struct ptf_host_hal *h, uint64_t page_bytes, size_t pages);
/* Tops the pool up, zeroing while allocations go on (with streaming stores on x86-64,
 * which leave the caches to the faults); returns how many frames it zeroed. */
PTF_API size_t ptf_host_hal_refill_zeroed(struct ptf_host_hal *h);
/* Frames waiting zeroed: in the pool, and in the per-CPU caches it fills. */
PTF_API size_t ptf_host_hal_zeroed_frames(const struct ptf_host_hal *h);
/* Allocations of the pool's page size that found the pool empty. */
PTF_API unsigned long ptf_host_hal_zero_misses(const struct ptf_host_hal *h);

/* Lets alloc areas take huge data frames of up to bytes (hal.h, data_frame_max); 0, the
 * default, keeps every data frame one granule. The arena tracks frames one by one, so a
 * block may come back in parts. Like keep_zeroed, not while other calls are running. */
PTF_API void ptf_host_hal_set_data_frame_max(struct ptf_host_hal *h, uint64_t bytes);

/* Extras for tests and tools. */
PTF_API uint64_t ptf_host_hal_arena_base(const struct ptf_host_hal *h); /* first frame's pa */
PTF_API size_t ptf_host_hal_arena_frames(const struct ptf_host_hal *h);
PTF_API unsigned long ptf_host_hal_alloc_calls(const struct ptf_host_hal *h);
PTF_API unsigned long ptf_host_hal_flush_calls(const struct ptf_host_hal *h);
/* The range of the most recent flush_tlb call (both 0 if none yet). */
PTF_API void ptf_host_hal_last_flush(const struct ptf_host_hal *h, uint64_t *gpa, uint64_t *size);

#endif

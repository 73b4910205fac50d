/* ptforge/host_hal.h: a hosted HAL for tests, tools and embedders' unit tests.
 * "Physical memory" is an mmap'd arena; frames are counted and allocation failure
 * can be injected. */
#ifndef PTFORGE_HOST_HAL_H
#define PTFORGE_HOST_HAL_H

#include <stddef.h>
#include <stdint.h>

#include "hal.h"

struct ptf_host_hal;

/* Arena of arena_bytes (rounded up to frames); NULL if mmap fails. */
struct ptf_host_hal *ptf_host_hal_create(size_t arena_bytes);
const struct ptf_hal *ptf_host_hal_get(struct ptf_host_hal *h);
size_t ptf_host_hal_frames_in_use(const struct ptf_host_hal *h);
/* After n more successful allocations, the next one fails (and every later one,
 * until reset); -1 never fails. */
void ptf_host_hal_fail_after(struct ptf_host_hal *h, long n);
void ptf_host_hal_destroy(struct ptf_host_hal *h);

/* Extras for tests and tools. */
uint64_t ptf_host_hal_arena_base(const struct ptf_host_hal *h); /* first frame's pa */
size_t ptf_host_hal_arena_frames(const struct ptf_host_hal *h);
unsigned long ptf_host_hal_alloc_calls(const struct ptf_host_hal *h);
unsigned long ptf_host_hal_flush_calls(const struct ptf_host_hal *h);
/* The range of the most recent flush_tlb call (both 0 if none yet). */
void ptf_host_hal_last_flush(const struct ptf_host_hal *h, uint64_t *gpa, uint64_t *size);

#endif

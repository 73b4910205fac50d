/* tests/freestanding/bare.h: what a program without libc around the freestanding core
 * needs, shared by the no-libc smoke program (smoke.c) and the emulated-MMU images
 * (tests/qemu/check.c); include it in one file of the program.
 *   - memset and memcpy, the two symbols the core may call (plain loops: build with
 *     -fno-builtin -fno-tree-loop-distribute-patterns, or gcc turns them into calls to
 *     themselves);
 *   - a frame allocator over one physical range reached where it is (pa = va): single
 *     frames from a free list, anything else bumped from the top. One thread runs these
 *     programs, so it takes no lock (a HAL for several vCPUs does: docs/examples/embed.c). */
#ifndef PTF_TESTS_BARE_H
#define PTF_TESTS_BARE_H

#include <stddef.h>
#include <stdint.h>

#include <ptforge/ptforge.h>

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

struct arena {
	struct ptf_direct_map dm; /* first: ptf_direct_map_phys_to_virt reads the ctx as one;
	                             offset 0, the range the frames come from */
	uint64_t next;            /* bump pointer; below it, frames handed out once */
	uint64_t free_list;       /* a freed single frame (its first word: the next), 0: none */
	size_t in_use;
	unsigned long flushes;    /* for the program's flush_tlb to count */
};

static inline void arena_init(struct arena *a, uint64_t start, uint64_t end)
{
	*a = (struct arena){ .dm = { .offset = 0, .pa_start = start, .pa_end = end }, .next = start };
}

static uint64_t arena_alloc(void *ctx, size_t count, size_t align)
{
	struct arena *a = ctx;
	if (count == 1 && align <= PTF_FRAME_SIZE && a->free_list) {
		uint64_t pa = a->free_list;
		a->free_list = *(volatile uint64_t *)(uintptr_t)pa;
		a->in_use++;
		return pa;
	}
	uint64_t start = (a->next + align - 1) & ~((uint64_t)align - 1);
	if (start + count * PTF_FRAME_SIZE > a->dm.pa_end)
		return 0;
	/* the frames skipped to align start are not lost: onto the free list */
	for (uint64_t f = a->next; f < start; f += PTF_FRAME_SIZE) {
		*(volatile uint64_t *)(uintptr_t)f = a->free_list;
		a->free_list = f;
	}
	a->next = start + count * PTF_FRAME_SIZE;
	a->in_use += count;
	return start;
}

static void arena_free(void *ctx, uint64_t pa, size_t count)
{
	struct arena *a = ctx;
	for (size_t i = 0; i < count; i++, pa += PTF_FRAME_SIZE) {
		*(volatile uint64_t *)(uintptr_t)pa = a->free_list;
		a->free_list = pa;
	}
	a->in_use -= count;
}

#endif

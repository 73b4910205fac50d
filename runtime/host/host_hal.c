/* host_hal.c: the hosted HAL. "Physical memory" is an mmap'd arena starting at a
 * fixed physical base; a bitmap tracks frames, a rotating hint keeps single-frame
 * allocation O(1) in the common case, and failures can be injected by count. It lends
 * ptforge a frame_meta array, and can keep a pool of pre-zeroed frames. Thread-safe:
 * one mutex guards the allocator and the counters; threads get small CPU numbers for
 * ptforge's per-CPU counts, and waiting yields the time slice. */
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE */
#include <ptforge/host_hal.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Physical address of the arena's first frame: 1 GiB, so 0 stays "no frame" and the
 * arena is aligned for any root a format asks for. */
#define ARENA_PA_BASE 0x40000000ull

struct ptf_host_hal {
	struct ptf_direct_map dm;   /* first: the HAL's ctx is this struct (see hal.h) */
	struct ptf_hal hal;
	pthread_mutex_t lock;       /* everything below */
	unsigned char *arena;
	size_t frames;
	uint64_t *used;      /* bitmap, 1 = allocated */
	size_t words;
	size_t hint;         /* a word that may have a free bit */
	size_t in_use;
	long fail_after;     /* -1: never */
	unsigned long alloc_calls;
	unsigned long flush_calls;
	uint64_t last_flush_gpa, last_flush_size;
	struct ptf_frame_meta *meta;  /* one per frame, lent to ptforge */
	/* the pre-zeroed pool: frames taken from the bitmap, zeroed, not yet handed out */
	size_t *zeroed;
	size_t n_zeroed, zero_target;
	unsigned long zero_misses;
};

static bool frame_used(const struct ptf_host_hal *h, size_t f)
{
	return (h->used[f / 64] >> (f % 64)) & 1;
}

static void mark(struct ptf_host_hal *h, size_t first, size_t count, bool used)
{
	for (size_t f = first; f < first + count; f++) {
		if (used)
			h->used[f / 64] |= 1ull << (f % 64);
		else
			h->used[f / 64] &= ~(1ull << (f % 64));
	}
}

static long find_single(struct ptf_host_hal *h)
{
	for (size_t n = 0; n < h->words; n++) {
		size_t w = (h->hint + n) % h->words;
		uint64_t free_bits = ~h->used[w];
		if (w == h->words - 1 && h->frames % 64)
			free_bits &= (1ull << (h->frames % 64)) - 1;
		if (free_bits) {
			h->hint = w;
			return (long)(w * 64 + (size_t)__builtin_ctzll(free_bits));
		}
	}
	return -1;
}

static long find_run(const struct ptf_host_hal *h, size_t count, size_t align_frames)
{
	for (size_t f = 0; f + count <= h->frames; f += align_frames) {
		size_t k = 0;
		while (k < count && !frame_used(h, f + k))
			k++;
		if (k == count)
			return (long)f;
	}
	return -1;
}

static unsigned char *frame_at(const struct ptf_host_hal *h, size_t f)
{
	return h->arena + f * PTF_FRAME_SIZE;
}

static uint64_t alloc_locked(struct ptf_host_hal *h, size_t count, size_t align)
{
	h->alloc_calls++;
	if (h->fail_after == 0 || count == 0)
		return 0;
	if (h->fail_after > 0)
		h->fail_after--;
	size_t align_frames = align > PTF_FRAME_SIZE ? align / PTF_FRAME_SIZE : 1;
	bool single = count == 1 && align_frames == 1;
	if (single && h->n_zeroed) {
		h->in_use++;
		return ARENA_PA_BASE + (uint64_t)h->zeroed[--h->n_zeroed] * PTF_FRAME_SIZE;
	}
	long f = single ? find_single(h) : find_run(h, count, align_frames);
	if (f < 0)
		return 0;
	mark(h, (size_t)f, count, true);
	h->in_use += count;
	if (h->hal.frames_zeroed) {
		/* promised zeroed and the pool had none: zero here, and count the miss */
		memset(frame_at(h, (size_t)f), 0, count * PTF_FRAME_SIZE);
		h->zero_misses += single;
	}
	return ARENA_PA_BASE + (uint64_t)f * PTF_FRAME_SIZE;
}

static uint64_t host_alloc(void *ctx, size_t count, size_t align)
{
	struct ptf_host_hal *h = ctx;
	pthread_mutex_lock(&h->lock);
	uint64_t pa = alloc_locked(h, count, align);
	pthread_mutex_unlock(&h->lock);
	return pa;
}

static void free_locked(struct ptf_host_hal *h, uint64_t pa, size_t count)
{
	size_t f = (size_t)((pa - ARENA_PA_BASE) / PTF_FRAME_SIZE);
	if (pa < ARENA_PA_BASE || f + count > h->frames)
		abort(); /* a frame that was never ours: a bug worth stopping for */
	for (size_t k = 0; k < count; k++)
		if (!frame_used(h, f + k))
			abort(); /* double free */
	mark(h, f, count, false);
	h->in_use -= count;
	if (f / 64 < h->hint)
		h->hint = f / 64;
}

static void host_free(void *ctx, uint64_t pa, size_t count)
{
	struct ptf_host_hal *h = ctx;
	pthread_mutex_lock(&h->lock);
	free_locked(h, pa, count);
	pthread_mutex_unlock(&h->lock);
}

static void host_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	struct ptf_host_hal *h = ctx;
	pthread_mutex_lock(&h->lock);
	h->flush_calls++;
	h->last_flush_gpa = gpa;
	h->last_flush_size = size;
	pthread_mutex_unlock(&h->lock);
}

/* Each thread's number, given out the first time it asks. */
static atomic_uint threads_seen;
static _Thread_local unsigned thread_no;

static unsigned host_cpu(void *ctx)
{
	(void)ctx;
	if (!thread_no)
		thread_no = atomic_fetch_add_explicit(&threads_seen, 1, memory_order_relaxed) + 1;
	return thread_no;
}

static void host_relax(void *ctx)
{
	(void)ctx;
	sched_yield(); /* the CPU waited for may be this one's, with more threads than CPUs */
}

/* The arena at `where` (NULL: wherever the kernel likes), or NULL. */
static struct ptf_host_hal *create(size_t arena_bytes, void *where)
{
	size_t frames = (arena_bytes + PTF_FRAME_SIZE - 1) / PTF_FRAME_SIZE;
	if (frames == 0)
		return NULL;
	struct ptf_host_hal *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->words = (frames + 63) / 64;
	h->used = calloc(h->words, sizeof(uint64_t));
	h->meta = calloc(frames, sizeof(*h->meta));
	void *arena = mmap(where, frames * PTF_FRAME_SIZE, PROT_READ | PROT_WRITE,
	                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | (where ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (arena != MAP_FAILED && where && arena != where) {
		/* a kernel without MAP_FIXED_NOREPLACE takes it as a hint */
		munmap(arena, frames * PTF_FRAME_SIZE);
		arena = MAP_FAILED;
	}
	if (!h->used || !h->meta || arena == MAP_FAILED) {
		if (arena != MAP_FAILED)
			munmap(arena, frames * PTF_FRAME_SIZE);
		free(h->meta);
		free(h->used);
		free(h);
		return NULL;
	}
	/* huge host pages where the kernel allows: a hypervisor's direct map has them */
	madvise(arena, frames * PTF_FRAME_SIZE, MADV_HUGEPAGE);
	h->arena = arena;
	h->frames = frames;
	h->fail_after = -1;
	h->hal = (struct ptf_hal){
		.ctx = h,
		.alloc_frames = host_alloc,
		.free_frames = host_free,
		.phys_to_virt = ptf_direct_map_phys_to_virt, /* NULL outside the arena */
		.flush_tlb = host_flush,
		.frame_meta = h->meta,
		.frame_meta_base = ARENA_PA_BASE,
		.cpu = host_cpu,
		.relax = host_relax,
	};
	pthread_mutex_init(&h->lock, NULL);
	h->dm = (struct ptf_direct_map){
		.offset = (uintptr_t)arena - (uintptr_t)ARENA_PA_BASE,
		.pa_start = ARENA_PA_BASE,
		.pa_end = ARENA_PA_BASE + (uint64_t)frames * PTF_FRAME_SIZE,
	};
	return h;
}

struct ptf_host_hal *ptf_host_hal_create(size_t arena_bytes)
{
	return create(arena_bytes, NULL);
}

struct ptf_host_hal *ptf_host_hal_create_at(size_t arena_bytes, uintptr_t direct_map_offset)
{
	return create(arena_bytes, (void *)(uintptr_t)(ARENA_PA_BASE + direct_map_offset));
}

struct ptf_host_hal *ptf_host_hal_create_for(const struct ptf_format *fmt, size_t arena_bytes)
{
	return fmt->direct_map_fixed ? ptf_host_hal_create_at(arena_bytes, fmt->direct_map_offset)
	                             : ptf_host_hal_create(arena_bytes);
}

const struct ptf_hal *ptf_host_hal_get(struct ptf_host_hal *h)
{
	return &h->hal;
}

/* The counters, read under the lock (the HAL is const to readers, its lock is not). */
#define LOCKED_READ(h, expr)                                                    \
	do {                                                                    \
		pthread_mutex_lock(&((struct ptf_host_hal *)(h))->lock);        \
		__typeof__(expr) v_ = (expr);                                   \
		pthread_mutex_unlock(&((struct ptf_host_hal *)(h))->lock);      \
		return v_;                                                      \
	} while (0)

size_t ptf_host_hal_frames_in_use(const struct ptf_host_hal *h)
{
	LOCKED_READ(h, h->in_use);
}

void ptf_host_hal_fail_after(struct ptf_host_hal *h, long n)
{
	pthread_mutex_lock(&h->lock);
	h->fail_after = n < 0 ? -1 : n;
	pthread_mutex_unlock(&h->lock);
}

void ptf_host_hal_destroy(struct ptf_host_hal *h)
{
	if (!h)
		return;
	munmap(h->arena, h->frames * PTF_FRAME_SIZE);
	pthread_mutex_destroy(&h->lock);
	free(h->zeroed);
	free(h->meta);
	free(h->used);
	free(h);
}

int ptf_host_hal_keep_zeroed(struct ptf_host_hal *h, size_t frames)
{
	pthread_mutex_lock(&h->lock);
	/* the pool's frames go back to the bitmap; a new pool starts empty */
	for (size_t i = 0; i < h->n_zeroed; i++)
		mark(h, h->zeroed[i], 1, false);
	free(h->zeroed);
	h->zeroed = NULL;
	h->n_zeroed = h->zero_target = 0;
	h->hal.frames_zeroed = false;
	if (frames) {
		h->zeroed = malloc(frames * sizeof(*h->zeroed));
		h->zero_target = h->zeroed ? frames : 0;
		h->hal.frames_zeroed = h->zeroed != NULL;
	}
	pthread_mutex_unlock(&h->lock);
	if (frames && !h->zeroed)
		return -1;
	ptf_host_hal_refill_zeroed(h);
	return 0;
}

size_t ptf_host_hal_refill_zeroed(struct ptf_host_hal *h)
{
	size_t added = 0;
	for (;;) {
		pthread_mutex_lock(&h->lock);
		long f = h->n_zeroed < h->zero_target ? find_single(h) : -1;
		if (f >= 0)
			mark(h, (size_t)f, 1, true); /* ours now: neither free nor in the pool */
		pthread_mutex_unlock(&h->lock);
		if (f < 0)
			return added;
		/* zeroed outside the lock: allocations go on meanwhile */
		memset(frame_at(h, (size_t)f), 0, PTF_FRAME_SIZE);
		pthread_mutex_lock(&h->lock);
		if (h->n_zeroed < h->zero_target)
			h->zeroed[h->n_zeroed++] = (size_t)f;
		else
			mark(h, (size_t)f, 1, false); /* the pool was turned off meanwhile */
		pthread_mutex_unlock(&h->lock);
		added++;
	}
}

size_t ptf_host_hal_zeroed_frames(const struct ptf_host_hal *h)
{
	LOCKED_READ(h, h->n_zeroed);
}

unsigned long ptf_host_hal_zero_misses(const struct ptf_host_hal *h)
{
	LOCKED_READ(h, h->zero_misses);
}

uint64_t ptf_host_hal_arena_base(const struct ptf_host_hal *h)
{
	(void)h;
	return ARENA_PA_BASE;
}

size_t ptf_host_hal_arena_frames(const struct ptf_host_hal *h)
{
	return h->frames;
}

unsigned long ptf_host_hal_alloc_calls(const struct ptf_host_hal *h)
{
	LOCKED_READ(h, h->alloc_calls);
}

unsigned long ptf_host_hal_flush_calls(const struct ptf_host_hal *h)
{
	LOCKED_READ(h, h->flush_calls);
}

void ptf_host_hal_last_flush(const struct ptf_host_hal *h, uint64_t *gpa, uint64_t *size)
{
	pthread_mutex_lock(&((struct ptf_host_hal *)h)->lock);
	*gpa = h->last_flush_gpa;
	*size = h->last_flush_size;
	pthread_mutex_unlock(&((struct ptf_host_hal *)h)->lock);
}

/* host_hal.c: the hosted HAL. "Physical memory" is an mmap'd arena starting at a
 * fixed physical base; a bitmap tracks frames, a rotating hint keeps single-frame
 * allocation O(1) in the common case, and failures can be injected by count. It lends
 * ptforge a frame_meta array, and can keep a pool of pre-zeroed frames. Thread-safe:
 * single frames come from a small cache per CPU (refilled and drained in batches), the
 * rest under one lock; threads get small CPU numbers, and waiting yields the time slice. */
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE */
#include <ptforge/host_hal.h>

#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

/* Physical address of the arena's first frame: 1 GiB, so 0 stays "no frame" and the
 * arena is aligned for any root a format asks for. */
#define ARENA_PA_BASE 0x40000000ull

/* Per-CPU frame caches: a fault takes its frame from its CPU's cache, and the shared
 * lock is taken once per CACHE_BATCH frames, so faults on two CPUs do not queue on it. */
#define CPU_CACHES 16
#define CACHE_MAX 128
#define CACHE_BATCH 64

/* The zeroed pool's largest page: a 64 KiB granule's. */
#define MAX_ZEROED_PAGE (64 * 1024)

/* What a frame is, for telling a double free from a free. A frame a refill moves into a
 * CPU cache is marked handed out then, in bulk under the lock, so that handing it out
 * writes nothing: the state bytes of frames in two CPUs' batches share cache lines.
 * A double free is still caught (the first free marks the frame held); a free of a
 * frame still waiting in a cache is not. */
enum frame_state {
	FRAME_FREE,   /* in the bitmap, clear */
	FRAME_HANDED, /* handed out, or refilled into a CPU cache */
	FRAME_HELD,   /* set in the bitmap, waiting in the zeroed pool, or freed into a CPU cache */
};

/* The HAL's locks are spin locks: every critical section is a few dozen instructions
 * (bitmap scans for multi-frame runs aside), and a sleeping lock's wake-up costs
 * microseconds, more under a hypervisor. */
struct spin {
	atomic_bool held;
};

static void spin_lock(struct spin *l)
{
	for (unsigned tries = 0;; tries++) {
		if (!atomic_load_explicit(&l->held, memory_order_relaxed) &&
		    !atomic_exchange_explicit(&l->held, true, memory_order_acquire))
			return;
		if (tries >= 64)
			sched_yield(); /* its holder may be preempted, on this CPU */
#if defined(__x86_64__) || defined(__i386__)
		else
			__builtin_ia32_pause();
#endif
	}
}

static void spin_unlock(struct spin *l)
{
	atomic_store_explicit(&l->held, false, memory_order_release);
}

struct cpu_cache {
	_Alignas(128) struct spin busy; /* held only across a pop, a push or a refill */
	unsigned n;
	size_t frame[CACHE_MAX]; /* frame numbers; popped from the top */
	long handed;             /* frames handed out here minus frames taken back here */
	unsigned long calls;     /* alloc_frames calls answered here */
};

struct ptf_host_hal {
	/* read-mostly: what every call reads, on lines no call writes */
	struct ptf_direct_map dm;   /* first: the HAL's ctx is this struct (see hal.h) */
	struct ptf_hal hal;
	unsigned char *arena;
	size_t frames;
	atomic_uchar *state;        /* enum frame_state per frame */
	struct ptf_frame_meta *meta; /* one per frame, lent to ptforge */
	atomic_long fail_after;     /* -1: never; otherwise allocations take the lock */
	struct cpu_cache cache[CPU_CACHES];
	/* the shared allocator, on lines of its own */
	_Alignas(128) struct spin lock; /* everything below; taken after a cache's, never before */
	uint64_t *used;      /* bitmap, 1 = allocated (handed out, pooled or cached) */
	size_t words;
	size_t hint;         /* a word that may have a free bit */
	size_t run_hint;     /* where the last run ended, or the lowest frame freed since: the
	                        next search for a run starts there, so runs of a 16 or 64 KiB
	                        granule are not searched for from frame 0 every time */
	long in_use;         /* handed out minus taken back by the locked path (the caches count their own) */
	unsigned long alloc_calls;
	unsigned long flush_calls;
	uint64_t last_flush_gpa, last_flush_size;
	/* the pre-zeroed pool: units of zero_run frames (a page of the format's granule),
	 * aligned to their size, taken from the bitmap, zeroed, not yet handed out, by first
	 * frame. While it is on, the CPU caches hold only units from it; off, single frames. */
	size_t *zeroed;
	size_t n_zeroed, zero_target; /* in units */
	size_t zero_run;              /* frames per unit: 1 while the pool is off */
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

static void set_state(struct ptf_host_hal *h, size_t first, size_t count, enum frame_state s)
{
	for (size_t f = first; f < first + count; f++)
		atomic_store_explicit(&h->state[f], (unsigned char)s, memory_order_relaxed);
}

/* The frames at pa, which must all be handed out, now in state s: a frame freed twice,
 * or never ours, is a bug worth stopping for. One exchange per frame, so that two frees
 * racing for one frame cannot both pass. */
static size_t take_back(struct ptf_host_hal *h, uint64_t pa, size_t count, enum frame_state s)
{
	size_t f = (size_t)((pa - ARENA_PA_BASE) / PTF_FRAME_SIZE);
	if (pa < ARENA_PA_BASE || (pa - ARENA_PA_BASE) % PTF_FRAME_SIZE || f + count > h->frames)
		abort();
	for (size_t k = 0; k < count; k++)
		if (atomic_exchange_explicit(&h->state[f + k], (unsigned char)s, memory_order_relaxed) != FRAME_HANDED)
			abort();
	return f;
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

/* count free frames from f (aligned to align_frames), or -1: from the hint to the end,
 * then from the start. */
static long find_run(struct ptf_host_hal *h, size_t count, size_t align_frames)
{
	size_t from = h->run_hint / align_frames * align_frames;
	for (int pass = 0; pass < 2; pass++) {
		size_t end = pass == 0 ? h->frames : from + count - 1 < h->frames ? from + count - 1 : h->frames;
		for (size_t f = pass == 0 ? from : 0; f + count <= end; f += align_frames) {
			size_t k = 0;
			while (k < count && !frame_used(h, f + k))
				k++;
			if (k == count) {
				h->run_hint = f + count;
				return (long)f;
			}
			f += k / align_frames * align_frames; /* skip what was free but too short */
		}
	}
	return -1;
}

static unsigned char *frame_at(const struct ptf_host_hal *h, size_t f)
{
	return h->arena + f * PTF_FRAME_SIZE;
}

static uint64_t frame_pa(size_t f)
{
	return ARENA_PA_BASE + (uint64_t)f * PTF_FRAME_SIZE;
}

/* Back to the bitmap, or to the zeroed pool's source (the caller holds h->lock). */
static void release_locked(struct ptf_host_hal *h, size_t f, size_t count)
{
	set_state(h, f, count, FRAME_FREE);
	mark(h, f, count, false);
	if (f / 64 < h->hint)
		h->hint = f / 64;
	if (f < h->run_hint)
		h->run_hint = f; /* freed frames are the first a run search looks at */
}

/* The locked path: multi-frame and aligned runs, failure injection, and single frames
 * when a CPU cache had none to give. Only a success counts towards fail_after. */
static uint64_t alloc_locked(struct ptf_host_hal *h, size_t count, size_t align)
{
	long fail_after = atomic_load_explicit(&h->fail_after, memory_order_relaxed);
	if (fail_after == 0 || count == 0)
		return 0;
	size_t align_frames = align > PTF_FRAME_SIZE ? align / PTF_FRAME_SIZE : 1;
	bool single = count == 1 && align_frames == 1;
	/* a unit is aligned to its size, so it serves any smaller alignment */
	bool pooled = h->hal.frames_zeroed && count == h->zero_run && align_frames <= h->zero_run;
	long f;
	if (pooled && h->n_zeroed) {
		f = (long)h->zeroed[--h->n_zeroed];
	} else {
		f = single ? find_single(h) : find_run(h, count, align_frames);
		if (f < 0)
			return 0;
		mark(h, (size_t)f, count, true);
		if (h->hal.frames_zeroed) {
			/* promised zeroed and the pool had none: zero here, and count the miss */
			memset(frame_at(h, (size_t)f), 0, count * PTF_FRAME_SIZE);
			h->zero_misses += pooled;
		}
	}
	set_state(h, (size_t)f, count, FRAME_HANDED);
	h->in_use += (long)count;
	if (fail_after > 0)
		atomic_store_explicit(&h->fail_after, fail_after - 1, memory_order_relaxed);
	return frame_pa((size_t)f);
}

static unsigned host_cpu(void *ctx);

static struct cpu_cache *my_cache(struct ptf_host_hal *h)
{
	return &h->cache[host_cpu(h) % CPU_CACHES];
}

static void cache_lock(struct cpu_cache *c)
{
	spin_lock(&c->busy);
}

static void cache_unlock(struct cpu_cache *c)
{
	spin_unlock(&c->busy);
}

/* What a CPU cache holds, in frames per entry: the pool's units while it is on, else
 * single frames. */
static size_t cache_unit(const struct ptf_host_hal *h)
{
	return h->hal.frames_zeroed ? h->zero_run : 1;
}

/* Fills an empty cache with up to CACHE_BATCH entries: units of the zeroed pool while it
 * is on (an empty pool gives none, and the allocation that finds it so is a miss), else
 * single frames from the bitmap. The caller holds c's lock. */
static void cache_refill(struct ptf_host_hal *h, struct cpu_cache *c)
{
	spin_lock(&h->lock);
	if (h->hal.frames_zeroed) {
		while (c->n < CACHE_BATCH && h->n_zeroed) {
			c->frame[c->n] = h->zeroed[--h->n_zeroed];
			set_state(h, c->frame[c->n++], h->zero_run, FRAME_HANDED);
		}
	} else {
		long f;
		size_t got = 0;
		while (got < CACHE_BATCH && (f = find_single(h)) >= 0) {
			mark(h, (size_t)f, 1, true);
			set_state(h, (size_t)f, 1, FRAME_HANDED);
			c->frame[CACHE_BATCH - 1 - got++] = (size_t)f;
		}
		/* lowest frame on top: handed out in the order the bitmap would */
		memmove(c->frame, c->frame + CACHE_BATCH - got, got * sizeof(c->frame[0]));
		c->n = (unsigned)got;
	}
	spin_unlock(&h->lock);
}

/* Gives every entry cached on every CPU back (to the zeroed pool while it is on, else to
 * the bitmap): for an allocation that found nothing else, and for pool changes. */
static void drain_caches(struct ptf_host_hal *h)
{
	for (size_t i = 0; i < CPU_CACHES; i++) {
		struct cpu_cache *c = &h->cache[i];
		cache_lock(c);
		spin_lock(&h->lock);
		size_t unit = cache_unit(h);
		for (unsigned k = 0; k < c->n; k++) {
			if (h->hal.frames_zeroed && h->n_zeroed < h->zero_target) {
				set_state(h, c->frame[k], unit, FRAME_HELD);
				h->zeroed[h->n_zeroed++] = c->frame[k];
			} else
				release_locked(h, c->frame[k], unit);
		}
		c->n = 0;
		spin_unlock(&h->lock);
		cache_unlock(c);
	}
}

static uint64_t host_alloc(void *ctx, size_t count, size_t align)
{
	struct ptf_host_hal *h = ctx;
	/* what the CPU caches hold: single frames, or the zeroed pool's units (keep_zeroed
	 * changes that only while no other call runs) */
	size_t unit = cache_unit(h);
	bool cached = count == unit && align <= unit * PTF_FRAME_SIZE;
	if (cached && atomic_load_explicit(&h->fail_after, memory_order_relaxed) < 0) {
		struct cpu_cache *c = my_cache(h);
		cache_lock(c);
		if (!c->n)
			cache_refill(h, c);
		if (c->n) {
			size_t f = c->frame[--c->n];
			if (atomic_load_explicit(&h->state[f], memory_order_relaxed) != FRAME_HANDED)
				set_state(h, f, 1, FRAME_HANDED); /* it was freed into this cache */
			c->handed += (long)unit;
			c->calls++;
			cache_unlock(c);
			return frame_pa(f);
		}
		cache_unlock(c);
	}
	spin_lock(&h->lock);
	h->alloc_calls++;
	uint64_t pa = alloc_locked(h, count, align);
	spin_unlock(&h->lock);
	if (!pa && count) {
		/* other CPUs' caches may hold what this one needs: take them back, once */
		drain_caches(h);
		spin_lock(&h->lock);
		pa = alloc_locked(h, count, align);
		spin_unlock(&h->lock);
	}
	return pa;
}

static void host_free(void *ctx, uint64_t pa, size_t count)
{
	struct ptf_host_hal *h = ctx;
	bool to_cache = count == 1 && !h->hal.frames_zeroed;
	size_t f = take_back(h, pa, count, to_cache ? FRAME_HELD : FRAME_FREE);
	if (to_cache) {
		/* a freed frame holds old bytes: cached only while frames need not be zeroed */
		struct cpu_cache *c = my_cache(h);
		cache_lock(c);
		if (c->n == CACHE_MAX) {
			spin_lock(&h->lock);
			for (unsigned k = 0; k < CACHE_BATCH; k++)
				release_locked(h, c->frame[k], 1);
			spin_unlock(&h->lock);
			c->n -= CACHE_BATCH;
			memmove(c->frame, c->frame + CACHE_BATCH, c->n * sizeof(c->frame[0]));
		}
		c->frame[c->n++] = f;
		c->handed--;
		cache_unlock(c);
		return;
	}
	spin_lock(&h->lock);
	release_locked(h, f, count);
	h->in_use -= (long)count;
	spin_unlock(&h->lock);
}

static void host_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	struct ptf_host_hal *h = ctx;
	spin_lock(&h->lock);
	h->flush_calls++;
	h->last_flush_gpa = gpa;
	h->last_flush_size = size;
	spin_unlock(&h->lock);
}

/* ptforge's own records: from the C library's heap, as any hosted program's. */
static void *host_alloc_bytes(void *ctx, size_t bytes)
{
	(void)ctx;
	return malloc(bytes);
}

static void host_free_bytes(void *ctx, void *p, size_t bytes)
{
	(void)ctx;
	(void)bytes;
	free(p);
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
	/* the CPU caches are aligned apart, and so the struct */
	size_t bytes = (sizeof(struct ptf_host_hal) + _Alignof(struct ptf_host_hal) - 1) /
	               _Alignof(struct ptf_host_hal) * _Alignof(struct ptf_host_hal);
	struct ptf_host_hal *h = aligned_alloc(_Alignof(struct ptf_host_hal), bytes);
	if (!h)
		return NULL;
	memset(h, 0, bytes);
	h->words = (frames + 63) / 64;
	h->used = calloc(h->words, sizeof(uint64_t));
	h->state = calloc(frames, sizeof(*h->state)); /* FRAME_FREE */
	h->meta = calloc(frames, sizeof(*h->meta));
	void *arena = mmap(where, frames * PTF_FRAME_SIZE, PROT_READ | PROT_WRITE,
	                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | (where ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (arena != MAP_FAILED && where && arena != where) {
		/* a kernel without MAP_FIXED_NOREPLACE takes it as a hint */
		munmap(arena, frames * PTF_FRAME_SIZE);
		arena = MAP_FAILED;
	}
	if (!h->used || !h->state || !h->meta || arena == MAP_FAILED) {
		if (arena != MAP_FAILED)
			munmap(arena, frames * PTF_FRAME_SIZE);
		free(h->meta);
		free(h->state);
		free(h->used);
		free(h);
		return NULL;
	}
	/* huge host pages where the kernel allows: a hypervisor's direct map has them */
	madvise(arena, frames * PTF_FRAME_SIZE, MADV_HUGEPAGE);
	h->arena = arena;
	h->frames = frames;
	for (size_t i = 0; i < CPU_CACHES; i++)
		atomic_init(&h->cache[i].busy.held, false);
	atomic_init(&h->fail_after, -1);
	h->zero_run = 1;
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
		.alloc_bytes = host_alloc_bytes,
		.free_bytes = host_free_bytes,
	};
	atomic_init(&h->lock.held, false);
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

/* The counters are read under the locks (the HAL is const to readers, its locks are not). */
static struct ptf_host_hal *unconst(const struct ptf_host_hal *h)
{
	return (struct ptf_host_hal *)h;
}

/* The CPU caches' counts added up, each cache read under its lock. */
struct cache_sums {
	long handed;
	unsigned long calls;
	size_t held;
};

static struct cache_sums sum_caches(const struct ptf_host_hal *h)
{
	struct cache_sums s = { 0 };
	for (size_t i = 0; i < CPU_CACHES; i++) {
		struct cpu_cache *c = &unconst(h)->cache[i];
		cache_lock(c);
		s.handed += c->handed;
		s.calls += c->calls;
		s.held += c->n;
		cache_unlock(c);
	}
	return s;
}

static long locked_in_use(const struct ptf_host_hal *h)
{
	spin_lock(&unconst(h)->lock);
	long v = h->in_use;
	spin_unlock(&unconst(h)->lock);
	return v;
}

static unsigned long locked_counter(const struct ptf_host_hal *h, const unsigned long *counter)
{
	spin_lock(&unconst(h)->lock);
	unsigned long v = *counter;
	spin_unlock(&unconst(h)->lock);
	return v;
}

size_t ptf_host_hal_frames_in_use(const struct ptf_host_hal *h)
{
	return (size_t)(sum_caches(h).handed + locked_in_use(h));
}

void ptf_host_hal_fail_after(struct ptf_host_hal *h, long n)
{
	spin_lock(&h->lock);
	atomic_store_explicit(&h->fail_after, n < 0 ? -1 : n, memory_order_relaxed);
	spin_unlock(&h->lock);
}

void ptf_host_hal_destroy(struct ptf_host_hal *h)
{
	if (!h)
		return;
	munmap(h->arena, h->frames * PTF_FRAME_SIZE);
	free(h->zeroed);
	free(h->meta);
	free(h->state);
	free(h->used);
	free(h);
}

int ptf_host_hal_keep_zeroed(struct ptf_host_hal *h, size_t frames)
{
	return ptf_host_hal_keep_zeroed_pages(h, PTF_FRAME_SIZE, frames);
}

int ptf_host_hal_keep_zeroed_pages(struct ptf_host_hal *h, uint64_t page_bytes, size_t pages)
{
	if (page_bytes < PTF_FRAME_SIZE || page_bytes > MAX_ZEROED_PAGE || (page_bytes & (page_bytes - 1)))
		return -1;
	drain_caches(h); /* what they hold was chosen for the old setting */
	spin_lock(&h->lock);
	/* the pool's units go back to the bitmap; a new pool starts empty */
	for (size_t i = 0; i < h->n_zeroed; i++)
		release_locked(h, h->zeroed[i], h->zero_run);
	free(h->zeroed);
	h->zeroed = NULL;
	h->n_zeroed = h->zero_target = 0;
	h->zero_run = 1;
	h->hal.frames_zeroed = false;
	if (pages) {
		h->zeroed = malloc(pages * sizeof(*h->zeroed));
		h->zero_target = h->zeroed ? pages : 0;
		h->zero_run = h->zeroed ? (size_t)(page_bytes / PTF_FRAME_SIZE) : 1;
		h->hal.frames_zeroed = h->zeroed != NULL;
	}
	spin_unlock(&h->lock);
	if (pages && !h->zeroed)
		return -1;
	ptf_host_hal_refill_zeroed(h);
	return 0;
}

/* Zeroed units waiting in CPU caches (while the pool is on, they hold no other). */
static size_t zeroed_units_in_caches(const struct ptf_host_hal *h)
{
	return h->hal.frames_zeroed ? sum_caches(h).held : 0;
}

/* Zeroes frames for the pool, bypassing the caches where the CPU can (SSE2 streaming
 * stores): a pool is filled in idle time, and the zeroes it writes are not what the
 * faults that follow read (their tables), so they should not push that out of cache. */
static void zero_for_pool(unsigned char *p, size_t bytes)
{
#if defined(__x86_64__)
	for (size_t i = 0; i < bytes; i += 64) {
		__m128i *line = (__m128i *)(void *)(p + i);
		_mm_stream_si128(line, _mm_setzero_si128());
		_mm_stream_si128(line + 1, _mm_setzero_si128());
		_mm_stream_si128(line + 2, _mm_setzero_si128());
		_mm_stream_si128(line + 3, _mm_setzero_si128());
	}
	_mm_sfence(); /* streaming stores are weakly ordered: visible before the frame is handed out */
#else
	memset(p, 0, bytes);
#endif
}

size_t ptf_host_hal_refill_zeroed(struct ptf_host_hal *h)
{
	size_t added = 0, cached = zeroed_units_in_caches(h), run = h->zero_run;
	for (;;) {
		spin_lock(&h->lock);
		long f = -1;
		if (h->n_zeroed + cached < h->zero_target)
			f = run == 1 ? find_single(h) : find_run(h, run, run);
		if (f >= 0) {
			/* ours now: neither free nor in the pool */
			mark(h, (size_t)f, run, true);
			set_state(h, (size_t)f, run, FRAME_HELD);
		}
		spin_unlock(&h->lock);
		if (f < 0)
			return added;
		/* zeroed outside the lock: allocations go on meanwhile */
		zero_for_pool(frame_at(h, (size_t)f), run * PTF_FRAME_SIZE);
		spin_lock(&h->lock);
		if (h->n_zeroed < h->zero_target && run == h->zero_run)
			h->zeroed[h->n_zeroed++] = (size_t)f;
		else
			release_locked(h, (size_t)f, run); /* the pool was changed meanwhile */
		spin_unlock(&h->lock);
		added += run;
	}
}

size_t ptf_host_hal_zeroed_frames(const struct ptf_host_hal *h)
{
	size_t cached = zeroed_units_in_caches(h);
	spin_lock(&unconst(h)->lock);
	size_t pooled = h->n_zeroed, run = h->zero_run;
	spin_unlock(&unconst(h)->lock);
	return (cached + pooled) * run;
}

unsigned long ptf_host_hal_zero_misses(const struct ptf_host_hal *h)
{
	return locked_counter(h, &h->zero_misses);
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
	return sum_caches(h).calls + locked_counter(h, &h->alloc_calls);
}

unsigned long ptf_host_hal_flush_calls(const struct ptf_host_hal *h)
{
	return locked_counter(h, &h->flush_calls);
}

void ptf_host_hal_last_flush(const struct ptf_host_hal *h, uint64_t *gpa, uint64_t *size)
{
	spin_lock(&unconst(h)->lock);
	*gpa = h->last_flush_gpa;
	*size = h->last_flush_size;
	spin_unlock(&unconst(h)->lock);
}

void ptf_host_hal_set_data_frame_max(struct ptf_host_hal *h, uint64_t bytes)
{
	h->hal.data_frame_max = bytes;
}

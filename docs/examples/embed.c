/* docs/examples/embed.c: ptforge in an embedder's hands, with a HAL of its own.
 *
 * "Physical memory" is a static arena that this program pretends sits at physical
 * address ARENA_PA, reached through a direct map; frames come from a bump allocator with a
 * free list of single frames; flush_tlb counts its calls and remembers the last range.
 * The program builds a guest address space for a format named on the command line
 * (x86_ept4 by default), maps RAM lazily, takes a fault, translates, goes through guest
 * memory, unmaps and destroys, and checks every result: any mismatch exits 1.
 *
 *   cc embed.c $(pkg-config --cflags --libs ptforge) -o embed && ./embed riscv_sv39x4
 *
 * Every HAL callback may be called from several threads at once (parallel faults), so
 * the allocator takes a spin lock and the counters are atomic, even though this program
 * has one thread. */
#include <ptforge/ptforge.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FRAMES 256                     /* 1 MiB of "physical memory" */
#define ARENA_PA     UINT64_C(0x40000000)    /* where the arena pretends to be */

static _Alignas(4096) unsigned char arena_memory[ARENA_FRAMES * PTF_FRAME_SIZE];
static struct ptf_frame_meta arena_meta[ARENA_FRAMES];

struct arena {
	struct ptf_direct_map dm; /* first: ptf_direct_map_phys_to_virt reads the ctx as one */
	atomic_flag lock;         /* the allocator's: callbacks run on several CPUs at once */
	uint64_t next;            /* bump pointer (a pa); frames below it were handed out once */
	uint64_t free_list;       /* pa of a freed single frame (its first 8 bytes: the next), 0: none */
	size_t in_use;            /* frames handed out and not given back */
	atomic_ulong flushes;
	_Atomic uint64_t last_flush_gpa, last_flush_size;
};

static void arena_lock(struct arena *a)
{
	while (atomic_flag_test_and_set_explicit(&a->lock, memory_order_acquire))
		;
}

static void arena_unlock(struct arena *a)
{
	atomic_flag_clear_explicit(&a->lock, memory_order_release);
}

static uint64_t *frame_word(struct arena *a, uint64_t pa)
{
	return ptf_direct_map_phys_to_virt(&a->dm, pa);
}

/* count contiguous frames aligned to align bytes: single 4 KiB frames reuse freed ones,
 * anything else (a concatenated or x4 root: up to 16 frames, 64 KiB aligned) is cut from
 * the top. Returns 0 when the arena is spent. */
static uint64_t arena_alloc(void *ctx, size_t count, size_t align)
{
	struct arena *a = ctx;
	uint64_t pa = 0;
	arena_lock(a);
	if (count == 1 && align <= PTF_FRAME_SIZE && a->free_list) {
		pa = a->free_list;
		a->free_list = *frame_word(a, pa);
	} else {
		uint64_t start = (a->next + align - 1) & ~((uint64_t)align - 1);
		if (start + count * PTF_FRAME_SIZE <= a->dm.pa_end) {
			pa = start;
			/* the frames skipped to align start are not lost: onto the free list */
			for (uint64_t f = a->next; f < start; f += PTF_FRAME_SIZE) {
				*frame_word(a, f) = a->free_list;
				a->free_list = f;
			}
			a->next = start + count * PTF_FRAME_SIZE;
		}
	}
	if (pa)
		a->in_use += count;
	arena_unlock(a);
	return pa;
}

static void arena_free(void *ctx, uint64_t pa, size_t count)
{
	struct arena *a = ctx;
	arena_lock(a);
	for (size_t i = 0; i < count; i++, pa += PTF_FRAME_SIZE) {
		*frame_word(a, pa) = a->free_list;
		a->free_list = pa;
	}
	a->in_use -= count;
	arena_unlock(a);
}

/* A real HAL invalidates the guest's translations of [gpa, gpa + size) on every CPU
 * here (INVEPT, TLBI IPAS2E1IS, HFENCE.GVMA); this one counts. */
static void arena_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	struct arena *a = ctx;
	atomic_store(&a->last_flush_gpa, gpa);
	atomic_store(&a->last_flush_size, size);
	atomic_fetch_add(&a->flushes, 1);
}

#define CHECK(cond)                                                                           \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "embed: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			exit(1);                                                              \
		}                                                                             \
	} while (0)

/* a ptforge call that must return want (0, or a PTF_E* code) */
#define EXPECT(call, want)                                                                    \
	do {                                                                                  \
		int got_ = (call);                                                            \
		if (got_ != (want)) {                                                         \
			fprintf(stderr, "embed: %s:%d: %s: got %s (%s), want %s\n", __FILE__, __LINE__, #call, \
			        ptf_error_name(got_) ? ptf_error_name(got_) : "?", ptf_strerror(got_), \
			        ptf_error_name(want) ? ptf_error_name(want) : "?");         \
			exit(1);                                                              \
		}                                                                             \
	} while (0)

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "x86_ept4";
	const struct ptf_format *fmt = ptf_format_find(name);
	if (!fmt) {
		fprintf(stderr, "embed: no format %s in this libptforge (ptf formats lists them)\n", name);
		return 1;
	}

	static struct arena arena = { .lock = ATOMIC_FLAG_INIT };
	arena.dm = (struct ptf_direct_map){
		.offset = (uintptr_t)arena_memory - (uintptr_t)ARENA_PA, /* virt = pa + offset */
		.pa_start = ARENA_PA,
		.pa_end = ARENA_PA + sizeof(arena_memory),
	};
	arena.next = ARENA_PA;
	const struct ptf_hal hal = {
		.ctx = &arena,
		.alloc_frames = arena_alloc,
		.free_frames = arena_free,
		.phys_to_virt = ptf_direct_map_phys_to_virt, /* walkers add dm.offset inline */
		.flush_tlb = arena_flush,
		/* optional: each table's count of valid entries lives here, not in the table */
		.frame_meta = arena_meta,
		.frame_meta_base = ARENA_PA,
		/* optional, left out: frames_zeroed (ours are not), cpu, relax */
	};

	/* a guest-physical window of 1 GiB */
	struct ptf_aspace *as;
	EXPECT(ptf_aspace_create(&as, fmt, 0, UINT64_C(1) << 30, &hal), 0);
	/* every frame the HAL handed out is one the address space accounts for: the root
	 * (and any frames ptforge keeps its own records in) */
	struct ptf_aspace_stats st;
	ptf_aspace_stats(as, &st);
	CHECK(st.tables == fmt->root_tables && st.frames_owned == 0);
	CHECK(st.frames_in_use == arena.in_use);

	/* 16 pages of RAM at 1 MiB, mapped lazily: a frame per page on the first fault; a
	 * page is the format's granule (4 KiB; 16 or 64 KiB on some ARM formats) */
	const uint64_t page = ptf_format_granule(fmt);
	const uint64_t ram = 0x100000, ram_size = 16 * page;
	EXPECT(ptf_aspace_map_alloc(as, ram, ram_size, PTF_R | PTF_W, false), 0);
	uint64_t hpa, limit;
	EXPECT(ptf_aspace_translate(as, ram, &hpa, NULL), PTF_ENOENT);

	/* the guest writes to gpa 0x101234: the nested fault lands here */
	const uint64_t gpa = ram + 0x1234;
	size_t before = arena.in_use;
	EXPECT(ptf_aspace_handle_fault(as, gpa, PTF_W), 0);
	CHECK(arena.in_use > before); /* a data frame, and the tables down to it */
	ptf_aspace_stats(as, &st);
	CHECK(st.frames_owned == 1 && st.tables > fmt->root_tables);
	CHECK(st.frames_in_use == arena.in_use);
	EXPECT(ptf_aspace_translate(as, gpa, &hpa, &limit), 0);
	CHECK(hpa >= ARENA_PA && hpa < ARENA_PA + sizeof(arena_memory));
	CHECK((hpa & (page - 1)) == (gpa & (page - 1))); /* the offset in the page carries over */
	CHECK(limit >= page - (gpa & (page - 1)));      /* at least to the end of the page */
	/* a second fault on the page (another vCPU's, say) takes nothing */
	size_t after = arena.in_use;
	EXPECT(ptf_aspace_handle_fault(as, gpa, PTF_R), 0);
	CHECK(arena.in_use == after);
	uint64_t again;
	EXPECT(ptf_aspace_translate(as, gpa, &again, NULL), 0);
	CHECK(again == hpa);
	/* no area: the hypervisor's business (an MMIO exit, say) */
	EXPECT(ptf_aspace_handle_fault(as, 0x800000, PTF_R), PTF_ENOAREA);

	/* guest memory, through the translation: lands at hpa in host memory */
	static const char msg[] = "hello, guest";
	char back[sizeof(msg)];
	EXPECT(ptf_aspace_write(as, gpa, msg, sizeof(msg)), 0);
	CHECK(memcmp(ptf_direct_map_phys_to_virt(&arena.dm, hpa), msg, sizeof(msg)) == 0);
	EXPECT(ptf_aspace_read(as, gpa, back, sizeof(back)), 0);
	CHECK(memcmp(back, msg, sizeof(msg)) == 0);
	/* a page of the area not faulted in yet: the read maps it first, as the guest's
	 * fault would, and finds zeroes (loading a kernel image takes no fault loop) */
	EXPECT(ptf_aspace_translate(as, ram + 8 * page, NULL, NULL), PTF_ENOENT);
	EXPECT(ptf_aspace_read(as, ram + 8 * page, back, 1), 0);
	CHECK(back[0] == 0);
	EXPECT(ptf_aspace_translate(as, ram + 8 * page, NULL, NULL), 0);

	/* a linear area: 2 MiB of device memory at hpa 0xfe000000 seen at gpa 0x10000000
	 * (formats without a device memory type take it as normal memory) */
	unsigned mmio = PTF_R | PTF_W | PTF_DEVICE;
	if (ptf_format_check_flags(fmt, mmio) != 0)
		mmio = PTF_R | PTF_W;
	EXPECT(ptf_aspace_map_linear(as, 0x10000000, 0xfe000000, 0x200000, mmio), 0);
	EXPECT(ptf_aspace_translate(as, 0x10001008, &hpa, &limit), 0);
	CHECK(hpa == 0xfe001008);
	CHECK(limit == 0x200000 - 0x1008);

	/* taking the RAM away removes translations: one flush, exactly from the first of
	 * the two mapped pages to the end of the last (nothing else of the range held one) */
	unsigned long flushes = atomic_load(&arena.flushes);
	EXPECT(ptf_aspace_unmap(as, ram, ram_size), 0);
	CHECK(atomic_load(&arena.flushes) == flushes + 1);
	uint64_t fg = atomic_load(&arena.last_flush_gpa), fs = atomic_load(&arena.last_flush_size);
	CHECK(fg == (gpa & ~(page - 1)) && fg + fs == ram + 9 * page);
	EXPECT(ptf_aspace_translate(as, gpa, &hpa, NULL), PTF_ENOENT);
	EXPECT(ptf_aspace_handle_fault(as, gpa, PTF_R), PTF_ENOAREA);

	ptf_aspace_stats(as, &st);
	CHECK(st.areas == 1 && st.frames_owned == 0);
	ptf_aspace_destroy(as);
	CHECK(arena.in_use == 0); /* every frame back: tables, data, root */

	printf("embed: ptforge %s, %s: gpa 0x%llx -> hpa 0x%llx after a fault, %lu TLB flush(es), "
	       "no frame leaked: ok\n",
	       PTF_VERSION, fmt->name, (unsigned long long)gpa, (unsigned long long)again,
	       atomic_load(&arena.flushes));
	return 0;
}

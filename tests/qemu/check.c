/* tests/qemu/check.c: ptforge's tables against an emulated MMU (make test-qemu).
 *
 * For every format the image holds and the CPU walks, one address space, installed with
 * its root register and the format's registers:
 *   1. linear areas of every page size with every flag combination the format expresses
 *      (memory types included), the window's first and last pages, alloc areas populated
 *      and lazy;
 *   2. probes: for each leaf its first, middle and last bytes that guest memory backs,
 *      read, write and execute; the holes after each area; the first address beyond the
 *      window. Expected: what ptf_aspace_translate and the area's flags say (and the
 *      emulator's known deviations, stated in the output); observed: whether the guest's
 *      access went through, where it landed (a tag written at the host address must be
 *      what the guest reads, a guest store must land there), the memory type where the
 *      probe reports it, the faulting GPA where it faults;
 *   3. lazy areas fault for real: the trap's GPA goes to ptf_aspace_handle_fault and the
 *      retried access reads the zeroed frame;
 *   4. with every probed page in the emulator's TLB: protect, unmap (splitting 1 GiB and
 *      2 MiB leaves), overwrite; then every probe again. Only the HAL's flush_tlb tells
 *      the MMU, so a missing or short flush shows as a stale translation.
 * A mismatch prints the GPA, what ptforge expected, what the MMU did and the raw entries
 * of the walk; the image exits 1 if there was any.
 *
 * PTF_QEMU_SELFTEST: after the first round, one bit of one leaf is changed behind
 * ptforge's back (its output address moves by a page); the run must then report a
 * mismatch, which make test-qemu expects. */
#include "probe.h"

/* memset, memcpy and the frame allocator of a program without libc */
#include "../freestanding/bare.h"

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

void console_hex(uint64_t v)
{
	console_puts("0x");
	bool started = false;
	for (int shift = 60; shift >= 0; shift -= 4) {
		unsigned d = (v >> shift) & 0xf;
		if (d || started || shift == 0) {
			console_putc("0123456789abcdef"[d]);
			started = true;
		}
	}
}

static void console_dec(uint64_t v)
{
	char buf[21];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		console_putc(buf[--n]);
}

void ptf_assert_failed(const char *file, int line, const char *what)
{
	console_puts("ptforge internal check failed: ");
	console_puts(file);
	console_puts(":");
	console_dec((uint64_t)line);
	console_puts(": ");
	console_puts(what);
	console_puts("\n");
	platform_exit(2);
}

/* ---- the HAL: frames from the arena the linker script sets aside (pa = va) ---- */

extern char __arena_start[], __arena_end[], __backing_start[], __backing_end[];

static struct arena arena;

static void arena_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	((struct arena *)ctx)->flushes++;
	arch_flush(gpa, size);
}

static struct ptf_hal hal = {
	.ctx = &arena,
	.alloc_frames = arena_alloc,
	.free_frames = arena_free,
	.phys_to_virt = ptf_direct_map_phys_to_virt,
	.flush_tlb = arena_flush,
};

void map_guest_code(struct ptf_aspace *as, const void *start, const void *end)
{
	uint64_t pa = (uintptr_t)start;
	if (ptf_aspace_map_linear(as, pa, pa, (uintptr_t)end - pa, PTF_R | PTF_X) != PTF_OK) {
		console_puts("cannot map the guest's code page\n");
		platform_exit(3);
	}
}

/* ---- one format's run ---- */

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)
#define MAX_SLOTS 256

struct slot {
	uint64_t gpa, size;
};

static struct run {
	const struct ptf_format *fmt;
	struct ptf_aspace *as;
	uint64_t window_end;    /* after the input range's last address (ptf_format_input_end) */
	uint64_t page;          /* the format's granule: its smallest page */
	struct slot slots[MAX_SLOTS];
	unsigned n_slots;
	uint64_t backing_next; /* where the next linear area's host range goes */
	unsigned long probes, skipped, mismatches, deviations, lazy_faults;
	uint64_t tag;
} run;

static unsigned long total_mismatches;

static const char *access_name(enum probe_access a)
{
	return a == PROBE_READ ? "read" : a == PROBE_WRITE ? "write" : "execute";
}

static void flags_name(unsigned f)
{
	console_putc(f & PTF_R ? 'r' : '-');
	console_putc(f & PTF_W ? 'w' : '-');
	console_putc(f & PTF_X ? 'x' : '-');
	if (f & PTF_DEVICE)
		console_puts(" device");
	if (f & PTF_UNCACHED)
		console_puts(" uncached");
}

static int print_entry(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)arg;
	if (visit == PTF_VISIT_TABLE_POST)
		return 0;
	console_puts("    depth ");
	console_dec(v->depth);
	console_puts(" index ");
	console_dec(v->index);
	console_puts(" entry ");
	console_hex(v->entry);
	console_puts(v->info.kind == PTF_ENTRY_LEAF ? " leaf" : v->info.kind == PTF_ENTRY_TABLE ? " table" : " invalid");
	console_puts("\n");
	return 0;
}

static void report(uint64_t gpa, enum probe_access access, bool expect_ok, uint64_t expect_hpa,
                   const struct probe *p, const char *what)
{
	run.mismatches++;
	console_puts("MISMATCH ");
	console_puts(run.fmt->name);
	console_puts(" gpa ");
	console_hex(gpa);
	console_puts(" ");
	console_puts(access_name(access));
	console_puts(": ");
	console_puts(what);
	console_puts("\n  ptforge expects ");
	if (expect_ok) {
		console_puts("the access to land at hpa ");
		console_hex(expect_hpa);
		struct ptf_area_info area;
		if (ptf_aspace_find_area(run.as, gpa, &area) == PTF_OK) {
			console_puts(", ");
			flags_name(area.flags);
		}
	} else {
		console_puts("a second-stage fault");
	}
	console_puts("\n  the MMU ");
	if (p->outcome == PROBE_OK) {
		console_puts("let it through");
		if (p->pa) {
			console_puts(" to pa ");
			console_hex(p->pa);
		}
		if (p->has_memtype) {
			console_puts(", memory type ");
			console_puts(p->memtype == PTF_DEVICE ? "device" : p->memtype == PTF_UNCACHED ? "uncached" :
			             p->memtype == 0 ? "normal" : "unknown");
		}
	} else {
		console_puts(p->outcome == PROBE_FAULT ? "faulted" : "trapped otherwise");
		console_puts(" (cause ");
		console_hex(p->cause);
		if (p->outcome == PROBE_FAULT) {
			console_puts(", gpa ");
			console_hex(p->fault_gpa);
		}
		console_puts(")");
	}
	console_puts("\n  walk:\n");
	run.fmt->walk(&hal, ptf_aspace_root(run.as), gpa & ~(run.page - 1), run.page, PTF_VISIT_ALL, print_entry, NULL);
}

static bool observable(uint64_t hpa)
{
	return (hpa >= (uintptr_t)__backing_start && hpa + 8 <= (uintptr_t)__backing_end) ||
	       (hpa >= (uintptr_t)__arena_start && hpa + 8 <= (uintptr_t)__arena_end);
}

static unsigned needed(enum probe_access a)
{
	return a == PROBE_READ ? PTF_R : a == PROBE_WRITE ? PTF_W : PTF_X;
}

/* One guest access at gpa, checked against ptforge's view of it: a linear area says
 * where gpa lands, and ptf_aspace_translate must say the same; an alloc area's frame is
 * where translate says. */
static void check_access(uint64_t gpa, enum probe_access access)
{
	if (!arch_reaches(gpa)) {
		run.skipped++;
		return;
	}
	uint64_t hpa = 0;
	struct ptf_area_info area;
	bool translated = ptf_aspace_translate(run.as, gpa, &hpa, NULL) == PTF_OK;
	bool in_area = ptf_aspace_find_area(run.as, gpa, &area) == PTF_OK;
	if (in_area && area.backend == PTF_BACKEND_LINEAR) {
		uint64_t intended = area.hpa + (gpa - area.gpa);
		if (translated && hpa != intended) {
			run.mismatches++;
			console_puts("MISMATCH ");
			console_puts(run.fmt->name);
			console_puts(" gpa ");
			console_hex(gpa);
			console_puts(": the area maps it to hpa ");
			console_hex(intended);
			console_puts(", ptf_aspace_translate says ");
			console_hex(hpa);
			console_puts("\n");
		}
		hpa = intended;
	}
	bool expect_ok = translated && in_area && (area.flags & needed(access));
	bool deviation = translated && arch_emulator_faults_anyway(run.fmt, gpa);
	if (deviation) {
		run.deviations++;
		expect_ok = false;
	}
	if (translated && !observable(hpa)) {
		run.skipped++; /* no memory behind it to tell where the access went */
		return;
	}
	run.probes++;
	volatile uint64_t *host = translated ? (volatile uint64_t *)(uintptr_t)hpa : NULL;
	uint64_t value = 0, tag = (run.tag += 0x9e3779b97f4a7c15ull);
	if (host && access == PROBE_READ)
		*host = tag;
	if (host && access == PROBE_WRITE)
		*host = ~tag;
	if (host && access == PROBE_EXEC)
		arch_place_exec_stub((void *)(uintptr_t)hpa);
	if (access == PROBE_WRITE)
		value = tag;
	struct probe p = arch_probe(gpa, access, &value);

	if ((p.outcome == PROBE_OK) != expect_ok) {
		report(gpa, access, expect_ok, hpa, &p, p.outcome == PROBE_OK ? "the MMU allowed what ptforge forbids" :
		                                        "the MMU refused what ptforge allows");
		return;
	}
	if (p.outcome == PROBE_OTHER) {
		report(gpa, access, expect_ok, hpa, &p, "not a second-stage fault");
		return;
	}
	if (p.outcome == PROBE_FAULT) {
		const char *wrong;
		if ((p.fault_gpa & ~(uint64_t)0xfff) != (gpa & ~(uint64_t)0xfff))
			report(gpa, access, expect_ok, hpa, &p, "the fault names another GPA");
		else if (!deviation && (wrong = arch_wrong_fault(access, translated, in_area ? area.flags : 0, &p)))
			report(gpa, access, expect_ok, hpa, &p, wrong);
		return;
	}
	if (access == PROBE_READ && value != tag)
		report(gpa, access, expect_ok, hpa, &p, "the guest read other bytes than those at the expected hpa");
	if (access == PROBE_WRITE && *host != tag)
		report(gpa, access, expect_ok, hpa, &p, "the guest's store did not land at the expected hpa");
	if (p.pa && p.pa != hpa)
		report(gpa, access, expect_ok, hpa, &p, "the MMU's output address differs");
	if (p.has_memtype && p.memtype != (area.flags & PTF_MEMTYPE_MASK))
		report(gpa, access, expect_ok, hpa, &p, "the memory type differs");
}

static void check_all_accesses(uint64_t gpa)
{
	check_access(gpa, PROBE_READ);
	check_access(gpa, PROBE_WRITE);
	check_access(gpa, PROBE_EXEC);
}

/* A leaf's first, middle and last 8 bytes, or what of them guest memory backs. */
static void check_slot(const struct slot *s)
{
	uint64_t hpa;
	struct ptf_area_info area;
	if (ptf_aspace_find_area(run.as, s->gpa, &area) != PTF_OK || area.backend != PTF_BACKEND_LINEAR) {
		for (uint64_t off = 0; off < s->size; off += 0x3000)
			check_all_accesses(s->gpa + off + 0x10);
		return;
	}
	hpa = area.hpa + (s->gpa - area.gpa);
	uint64_t lo = hpa, hi = hpa + s->size;
	if (lo < (uintptr_t)__backing_start)
		lo = (uintptr_t)__backing_start;
	if (hi > (uintptr_t)__backing_end)
		hi = (uintptr_t)__backing_end;
	if (lo >= hi) {
		run.skipped++;
		return;
	}
	uint64_t points[3] = { lo, ((lo + hi) / 2) & ~(uint64_t)7, hi - 8 };
	for (unsigned i = 0; i < 3; i++)
		check_all_accesses(s->gpa + (points[i] - hpa));
	/* the hole after the area, if there is one */
	uint64_t after = s->gpa + s->size;
	if (ptf_format_input_offset(run.fmt, after) < ((uint64_t)1 << run.fmt->input_bits) &&
	    ptf_aspace_find_area(run.as, after, &area) == PTF_ENOAREA)
		check_access(after, PROBE_READ);
}

static void check_everything(void)
{
	for (unsigned i = 0; i < run.n_slots; i++)
		check_slot(&run.slots[i]);
	check_access(run.window_end, PROBE_READ); /* beyond the window */
}

static void expect_rc(int got, int want, const char *what)
{
	if (got == want)
		return;
	run.mismatches++;
	console_puts("FAILED ");
	console_puts(run.fmt->name);
	console_puts(": ");
	console_puts(what);
	console_puts(": ");
	console_puts(ptf_strerror(got));
	console_puts("\n");
}

static struct slot *add_slot(uint64_t gpa, uint64_t size)
{
	if (run.n_slots == MAX_SLOTS)
		return NULL;
	run.slots[run.n_slots] = (struct slot){ gpa, size };
	return &run.slots[run.n_slots++];
}

/* A host range for a linear area of size bytes: inside guest backing memory when it fits
 * (ranges are reused once it is used up: aliases are harmless), else the aligned range
 * around its start, of which only the backed part is probed. */
static uint64_t backing_for(uint64_t size)
{
	uint64_t start = (uintptr_t)__backing_start, end = (uintptr_t)__backing_end;
	uint64_t hpa = (run.backing_next + size - 1) & ~(size - 1);
	if (hpa + size > end) {
		hpa = (start + size - 1) & ~(size - 1);
		if (hpa + size > end)
			return start & ~(size - 1);
	}
	run.backing_next = hpa + size;
	return hpa;
}

/* Linear areas the emulator can check: below the GPAs it faults anyway. */
static struct slot *map_linear_slot(uint64_t size, unsigned flags)
{
	uint64_t gpa;
	if (ptf_aspace_find_free(run.as, size, size, &gpa) != PTF_OK || arch_emulator_faults_anyway(run.fmt, gpa))
		return NULL;
	uint64_t hpa = backing_for(size);
	int rc = ptf_aspace_map_linear(run.as, gpa, hpa, size, flags);
	expect_rc(rc, PTF_OK, "map_linear");
	return rc == PTF_OK ? add_slot(gpa, size) : NULL;
}

static struct slot *find_slot(uint64_t size, unsigned flags)
{
	for (unsigned i = 0; i < run.n_slots; i++) {
		struct ptf_area_info area;
		if (run.slots[i].size == size && ptf_aspace_find_area(run.as, run.slots[i].gpa, &area) == PTF_OK &&
		    area.gpa == run.slots[i].gpa && area.flags == flags && area.backend == PTF_BACKEND_LINEAR)
			return &run.slots[i];
	}
	return NULL;
}

/* The lazy area's pages: each faults for real, the trap's GPA goes to handle_fault, and
 * the retried access reads the frame ptforge zeroed. */
static void fault_in_lazily(const struct slot *s)
{
	for (uint64_t off = 0; off < s->size; off += run.page) {
		uint64_t gpa = s->gpa + off + 0x18, value = ~(uint64_t)0;
		if (!arch_reaches(gpa))
			return;
		struct probe p = arch_probe(gpa, PROBE_READ, &value);
		run.probes++;
		if (p.outcome != PROBE_FAULT) {
			report(gpa, PROBE_READ, false, 0, &p, "a lazy page not faulted in yet did not fault");
			continue;
		}
		int rc = ptf_aspace_handle_fault(run.as, p.fault_gpa, PTF_R);
		expect_rc(rc, PTF_OK, "handle_fault with the trap's GPA");
		run.lazy_faults++;
		uint64_t hpa;
		expect_rc(ptf_aspace_translate(run.as, gpa, &hpa, NULL), PTF_OK, "translate after the fault");
		value = ~(uint64_t)0;
		p = arch_probe(gpa, PROBE_READ, &value);
		run.probes++;
		if (p.outcome != PROBE_OK || value != 0)
			report(gpa, PROBE_READ, true, hpa, &p, "the retried access did not read the zeroed frame");
	}
}

/* The format's n-th page size (0: its granule), or 0 when it has none */
static uint64_t geo_size(unsigned n)
{
	return n < run.fmt->n_page_sizes ? run.fmt->page_sizes[n] : 0;
}

/* Changes, with the pages they touch in the emulator's TLB (the first round probed them). */
static void change_things(void)
{
	unsigned rw = PTF_R | PTF_W;
	uint64_t pg = run.page, h1 = geo_size(1), h2 = geo_size(2);
	struct slot *s;
	if (h1 && (s = find_slot(h1, rw))) {
		/* the smallest huge leaf split (2 MiB on 4 KiB x86 and ARM): a page read-only, one gone */
		expect_rc(ptf_aspace_protect(run.as, s->gpa + pg, pg, PTF_R), PTF_OK, "protect inside the huge leaf");
		expect_rc(ptf_aspace_unmap(run.as, s->gpa + 3 * pg, pg), PTF_OK, "unmap inside the huge leaf");
		add_slot(s->gpa, pg);
		add_slot(s->gpa + pg, pg);
		add_slot(s->gpa + 4 * pg, pg);
		check_all_accesses(s->gpa + 3 * pg + 8);
	}
	if (h2 && (s = find_slot(h2, rw))) {
		/* the next huge leaf (1 GiB) split around a hole of the smaller one, and a page
		 * made read-only */
		uint64_t mid = s->gpa + h2 / 2;
		expect_rc(ptf_aspace_unmap(run.as, mid, h1), PTF_OK, "unmap inside the larger huge leaf");
		expect_rc(ptf_aspace_protect(run.as, mid + 2 * h1, pg, PTF_R), PTF_OK, "protect inside the larger huge leaf");
		check_all_accesses(mid);
		check_all_accesses(mid + h1 - 8);
		check_all_accesses(mid - 8);
		check_all_accesses(mid + h1);
		check_all_accesses(mid + 2 * h1);
	}
	if ((s = find_slot(pg, rw))) {
		/* overwritten to another host page, then made read-only and back */
		struct ptf_area_info area;
		ptf_aspace_find_area(run.as, s->gpa, &area);
		uint64_t other = area.hpa ^ pg;
		expect_rc(ptf_aspace_map_linear_overwrite(run.as, s->gpa, other, pg, rw), PTF_OK, "overwrite");
		check_all_accesses(s->gpa + 8);
		expect_rc(ptf_aspace_protect(run.as, s->gpa, pg, PTF_R), PTF_OK, "protect a page");
		check_all_accesses(s->gpa + 8);
		expect_rc(ptf_aspace_protect(run.as, s->gpa, pg, rw), PTF_OK, "protect a page back");
		check_all_accesses(s->gpa + 8);
	}
	if ((s = find_slot(pg, PTF_R))) {
		expect_rc(ptf_aspace_unmap(run.as, s->gpa, pg), PTF_OK, "unmap a page");
		check_all_accesses(s->gpa + 8);
	}
}

#ifdef PTF_QEMU_SELFTEST
/* Behind ptforge's back: the leaf that maps gpa gets its output address moved by one page
 * (the bit whose flip the format decodes as the same leaf at pa ^ one granule). */
static void corrupt_leaf(uint64_t gpa)
{
	const struct ptf_format *f = run.fmt;
	uint64_t table = ptf_aspace_root(run.as);
	for (unsigned depth = 0; depth < f->levels; depth++) {
		volatile uint64_t *e = (volatile uint64_t *)(uintptr_t)table + f->index(gpa, depth);
		struct ptf_entry_info info;
		f->decode(*e, depth, &info);
		if (info.kind == PTF_ENTRY_LEAF) {
			for (unsigned bit = 0; bit < 64; bit++) {
				struct ptf_entry_info moved;
				f->decode(*e ^ ((uint64_t)1 << bit), depth, &moved);
				if (moved.kind == PTF_ENTRY_LEAF && moved.pa == (info.pa ^ run.page) && moved.flags == info.flags) {
					*e ^= (uint64_t)1 << bit;
					arch_flush(f->input_base, (uint64_t)1 << f->input_bits);
					console_puts("self-test: bit ");
					console_dec(bit);
					console_puts(" of the leaf for gpa ");
					console_hex(gpa);
					console_puts(" changed behind ptforge's back\n");
					return;
				}
			}
			console_puts("self-test: no bit moves the leaf's output address by a page\n");
			platform_exit(4);
		}
		if (info.kind != PTF_ENTRY_TABLE)
			return;
		table = info.pa;
	}
}
#endif

static void check_format(const struct ptf_format *fmt)
{
	run = (struct run){ .fmt = fmt, .backing_next = (uintptr_t)__backing_start, .tag = run.tag };
	console_puts("== ");
	console_puts(fmt->name);
	if (!arch_supports(fmt)) {
		console_puts(": not walked by this CPU, skipped\n");
		return;
	}
	console_puts("\n");
	/* the whole input range: a sign-extended format's from its upper half, through 0 */
	run.window_end = ptf_format_input_end(fmt);
	run.page = ptf_format_granule(fmt);
	arena_init(&arena, (uintptr_t)__arena_start, (uintptr_t)__arena_end);
	/* the CPU's physical range, as a HAL tells it: a format whose input range must fit in
	 * it and does not is refused (ARM PARange), instead of faulting every access */
	hal.cpu_pa_bits = arch_pa_bits();
	int rc = ptf_aspace_create(&run.as, fmt, fmt->input_base, (uint64_t)1 << fmt->input_bits, &hal);
	if (fmt->cpu_pa_bits_needed > hal.cpu_pa_bits) {
		expect_rc(rc, PTF_EPARANGE, "create with an input range wider than the CPU's physical range");
		console_puts(fmt->name);
		console_puts(": refused (EPARANGE), as it must be: ");
		console_dec(fmt->input_bits);
		console_puts("-bit input range, ");
		console_dec(hal.cpu_pa_bits);
		console_puts("-bit physical range on this CPU\n");
		total_mismatches += run.mismatches;
		return;
	}
	expect_rc(rc, PTF_OK, "create");
	if (rc != PTF_OK) {
		total_mismatches += run.mismatches;
		return;
	}
	console_puts("input addresses from ");
	console_hex(fmt->input_base);
	console_puts(fmt->input_base ? " through 0 to " : " to ");
	console_hex(run.window_end);
	console_puts("\n");
	arch_prepare(run.as);
	arch_install(fmt, run.as);

	/* 1. the window's first page, then every page size with every flag combination */
	expect_rc(ptf_aspace_map_linear(run.as, fmt->input_base, backing_for(run.page), run.page, PTF_R | PTF_W), PTF_OK,
	          "first page");
	add_slot(fmt->input_base, run.page);
	for (unsigned i = 0; i < fmt->n_page_sizes; i++) {
		for (unsigned flags = 1; flags < PTF_FLAG_COMBOS; flags++) {
			if ((flags & PTF_U) || !((fmt->flag_combos >> flags) & 1))
				continue;
			map_linear_slot(fmt->page_sizes[i], flags);
		}
	}
	uint64_t last = run.window_end - run.page;
	expect_rc(ptf_aspace_map_linear(run.as, last, backing_for(run.page), run.page, PTF_R | PTF_W), PTF_OK, "last page");
	add_slot(last, run.page);
	/* alloc areas: populated, and lazy (faulted in below) */
	uint64_t gpa;
	struct slot *lazy = NULL;
	uint64_t alloc = 16 * run.page; /* 16 pages each */
	if (ptf_aspace_find_free(run.as, alloc, alloc, &gpa) == PTF_OK) {
		expect_rc(ptf_aspace_map_alloc(run.as, gpa, alloc, PTF_R | PTF_W, true), PTF_OK, "map_alloc populated");
		add_slot(gpa, alloc);
	}
	if (ptf_aspace_find_free(run.as, alloc, alloc, &gpa) == PTF_OK) {
		expect_rc(ptf_aspace_map_alloc(run.as, gpa, alloc, PTF_R | PTF_W, false), PTF_OK, "map_alloc lazy");
		lazy = add_slot(gpa, alloc);
	}

	/* 2, 3. every probe; the lazy area through real faults */
	if (lazy)
		fault_in_lazily(lazy);
	check_everything();
#ifdef PTF_QEMU_SELFTEST
	corrupt_leaf(run.slots[0].gpa);
	check_slot(&run.slots[0]);
#endif
	/* 4. changes, and every probe again */
	change_things();
	check_everything();

	ptf_aspace_destroy(run.as);
	if (arena.in_use != 0) {
		run.mismatches++;
		console_puts("FAILED: frames not returned after destroy\n");
	}
	console_puts(fmt->name);
	console_puts(": ");
	console_dec(run.n_slots);
	console_puts(" areas, ");
	console_dec(run.probes);
	console_puts(" probes (");
	console_dec(run.skipped);
	console_puts(" not probed: no guest memory behind them, or beyond the guest's reach), ");
	console_dec(run.lazy_faults);
	console_puts(" lazy faults from the trap, ");
	console_dec(arena.flushes);
	console_puts(" flushes, ");
	console_dec(run.mismatches);
	console_puts(" mismatches\n");
	if (run.deviations) {
		console_puts("  (");
		console_dec(run.deviations);
		console_puts(" probes where the emulator faults although the tables translate: counted as faults)\n");
	}
	total_mismatches += run.mismatches;
}

void check_main(void)
{
	console_puts("ptforge test-qemu: ");
	console_puts(arch_name);
	console_puts("\n");
	arch_init();
	size_t n = ptf_format_count();
	for (size_t i = 0; i < n; i++)
		check_format(ptf_formats[i]);
	console_puts(total_mismatches ? "test-qemu: MISMATCHES\n" : "test-qemu: every probe as ptforge expects\n");
	platform_exit(total_mismatches ? 1 : 0);
}

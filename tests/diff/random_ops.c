/* random_ops.c: random operations for the differential driver and the runtime fuzzer,
 * shaped by what the model holds so that most of them do something. */
#include <stdlib.h>

#include "differ.h"

static uint64_t rng;
static uint64_t queued[8];
static size_t n_queued, next_queued;

void diff_rng_seed(uint64_t seed, const uint64_t *first, size_t n_first)
{
	rng = seed;
	n_queued = n_first < 8 ? n_first : 8;
	for (size_t i = 0; i < n_queued; i++)
		queued[i] = first[i];
	next_queued = 0;
}

static uint64_t rnd(void)
{
	if (next_queued < n_queued)
		return queued[next_queued++];
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n) { return n ? rnd() % n : 0; }
static bool chance(unsigned one_in) { return below(one_in) == 0; }

static unsigned random_flags(const struct ptf_format *f)
{
	if (chance(20))
		return (unsigned)below(64); /* anything, often not expressible */
	static const unsigned perms[] = { PTF_R, PTF_R | PTF_W, PTF_R | PTF_X, PTF_R | PTF_W | PTF_X, PTF_X, PTF_W };
	unsigned flags = perms[below(6)];
	if (chance(8))
		flags |= chance(2) ? PTF_DEVICE : PTF_UNCACHED;
	(void)f;
	return flags;
}

static uint64_t random_pages(void)
{
	switch (below(10)) {
	case 0: case 1: case 2: case 3: case 4: return (1 + below(16)) * PAGE;
	case 5: case 6: case 7: return (1 + below(1024)) * PAGE;
	case 8: return (1 + below(8)) * 2 * MiB;
	default: return chance(2) ? GiB : 2 * MiB + (1 + below(512)) * PAGE;
	}
}

static uint64_t random_gpa(uint64_t size)
{
	uint64_t align = chance(3) ? 2 * MiB : chance(6) ? GiB : PAGE;
	uint64_t span = WINDOW_SIZE > size ? WINDOW_SIZE - size : 0;
	return WINDOW_BASE + below(span / align + 1) * align;
}

/* A mapped page near a random spot, or a random one if none is found quickly. */
static uint64_t mapped_gpa(const struct model *m)
{
	size_t start = (size_t)below(m->npages);
	for (size_t k = 0; k < 4096; k++) {
		size_t i = (start + k * 61) % m->npages;
		if (m->page[i].state != PAGE_NONE)
			return WINDOW_BASE + i * PAGE;
	}
	return WINDOW_BASE + start * PAGE;
}

/* A mapped page of a logged range, if one comes up soon (else a mapped page) */
static uint64_t logged_gpa(const struct model *m)
{
	size_t start = (size_t)below(m->npages);
	for (size_t k = 0; k < 4096; k++) {
		size_t i = (start + k * 61) % m->npages;
		const struct model_page *p = &m->page[i];
		if ((p->log & LOG_ON) && (p->state == PAGE_LINEAR || p->state == PAGE_PRESENT))
			return WINDOW_BASE + i * PAGE;
	}
	return mapped_gpa(m);
}

/* A page of an alloc area with a frame, if one comes up soon (else any page) */
static uint64_t present_gpa(const struct model *m)
{
	size_t start = (size_t)below(m->npages);
	for (size_t k = 0; k < 4096; k++) {
		size_t i = (start + k * 61) % m->npages;
		if (m->page[i].state == PAGE_PRESENT)
			return WINDOW_BASE + i * PAGE;
	}
	return mapped_gpa(m);
}

/* An aligned huge block that one alloc area's present pages fill, if there is one (else
 * a block around a present page): what a collapse may copy */
static uint64_t full_block_gpa(const struct model *m)
{
	size_t per_block = (size_t)(HUGE_FRAME_MAX / PAGE), blocks = m->npages / per_block;
	size_t start = (size_t)below(blocks);
	for (size_t k = 0; k < blocks; k++) {
		size_t first = (start + k) % blocks * per_block, i = first;
		while (i < first + per_block && m->page[i].state == PAGE_PRESENT && m->page[i].area == m->page[first].area)
			i++;
		if (i == first + per_block)
			return WINDOW_BASE + first * PAGE;
	}
	return present_gpa(m) & ~(HUGE_FRAME_MAX - 1);
}

static void make_bad(struct op *o)
{
	switch (below(6)) {
	case 0: o->size = 0; break;
	case 1: o->gpa += 1 + below(PAGE - 1); break;
	case 2: o->size += 1 + below(PAGE - 1); break;
	case 3: o->gpa = UINT64_MAX - PAGE * below(4) - PAGE + 1; o->gpa &= ~(PAGE - 1); break;
	case 4: o->gpa = WINDOW_BASE - PAGE * (1 + below(4)); break;
	default: o->gpa = WINDOW_BASE + WINDOW_SIZE - PAGE * below(2); break;
	}
}

struct op random_op(const struct model *m, bool inject)
{
	struct op o = { .fail_after = -1 };
	uint64_t r = below(100);
	o.kind = r < 14 ? OP_MAP_LINEAR : r < 26 ? OP_MAP_ALLOC : r < 38 ? OP_UNMAP : r < 48 ? OP_PROTECT
	       : r < 70 ? OP_FAULT : r < 72 ? OP_POPULATE : r < 74 ? OP_DIRTY_START : r < 75 ? OP_DIRTY_STOP
	       : r < 78 ? OP_DIRTY_GET : r < 80 ? OP_AGE : r < 81 ? OP_COLLAPSE : r < 84 ? OP_TRANSLATE : r < 91 ? OP_WRITE
	       : r < 95 ? OP_READ : r < 99 ? OP_BUFFER : OP_CLEAR;
	if (o.kind == OP_CLEAR && !chance(5))
		o.kind = OP_TRANSLATE;
	/* where the MMU sets dirty bits, half the writes and reads are the guest's writes
	 * through it, mostly to logged pages */
	if ((o.kind == OP_WRITE || o.kind == OP_READ) && m->hw_dirty && chance(2))
		o.kind = OP_GUEST_WRITE;
	switch (o.kind) {
	case OP_MAP_LINEAR:
		o.size = random_pages();
		o.gpa = random_gpa(o.size);
		/* huge-page friendly (same offset in 1 GiB) or not (off by 4 KiB) */
		o.hpa = HPA_BASE(m->fmt) + (o.gpa - WINDOW_BASE) + (chance(3) ? PAGE * (1 + below(3)) : 0) + below(8) * GiB;
		if (chance(30))
			o.hpa = ((uint64_t)1 << m->fmt->output_bits) - o.size + PAGE * below(2); /* at the top */
		o.flags = random_flags(m->fmt);
		break;
	case OP_MAP_ALLOC:
		o.populate = chance(3);
		o.huge = !o.populate && chance(3);
		o.size = o.populate ? (1 + below(256)) * PAGE : random_pages();
		if (o.populate && chance(4)) /* an aligned huge range or two inside */
			o.size = (1 + below(2)) * HUGE_FRAME_MAX + (1 + below(16)) * PAGE;
		if (o.populate && m->present + o.size / PAGE > MAX_PRESENT)
			o.populate = false;
		o.gpa = random_gpa(o.size);
		o.flags = random_flags(m->fmt);
		break;
	case OP_DIRTY_START:
	case OP_DIRTY_STOP:
	case OP_DIRTY_GET:
	case OP_AGE:
	case OP_UNMAP:
	case OP_PROTECT:
		o.size = random_pages();
		o.gpa = chance(2) ? mapped_gpa(m) - below(8) * PAGE : random_gpa(o.size);
		o.flags = random_flags(m->fmt);
		break;
	case OP_FAULT:
		o.gpa = (chance(10) ? random_gpa(PAGE) : mapped_gpa(m)) + below(PAGE);
		o.flags = chance(30) ? (unsigned)below(16) : (unsigned)(1 + below(7));
		if (m->present >= MAX_PRESENT)
			o.kind = OP_TRANSLATE;
		break;
	case OP_TRANSLATE:
		o.gpa = (chance(4) ? random_gpa(PAGE) : mapped_gpa(m)) + below(PAGE);
		break;
	case OP_GUEST_WRITE:
		o.gpa = (chance(4) ? mapped_gpa(m) : logged_gpa(m)) + below(PAGE);
		break;
	case OP_WRITE:
	case OP_READ:
		o.gpa = mapped_gpa(m) + below(2 * PAGE) - PAGE / 2;
		o.size = 1 + below(MAX_IO);
		o.data_seed = (uint32_t)rnd();
		break;
	case OP_BUFFER:
		o.gpa = mapped_gpa(m) + below(2 * PAGE) - PAGE / 2;
		o.size = 1 + below(4 * PAGE);
		break;
	case OP_COLLAPSE: /* mostly the huge blocks around alloc pages */
		o.gpa = chance(8) ? random_gpa(PAGE) : full_block_gpa(m);
		o.size = chance(8) ? random_pages() : (1 + below(2)) * HUGE_FRAME_MAX;
		break;
	case OP_POPULATE:
		o.gpa = chance(8) ? random_gpa(PAGE) : mapped_gpa(m) - below(4) * PAGE;
		o.size = (1 + below(chance(4) ? 512 : 16)) * PAGE;
		if (chance(4)) { /* a whole huge block: granules around the pages faulted in it */
			o.gpa &= ~(HUGE_FRAME_MAX - 1);
			o.size = HUGE_FRAME_MAX;
		}
		break;
	case OP_CLEAR:
	case OP_KINDS:
		break;
	}
	o.clear = o.kind == OP_DIRTY_GET && chance(2);
	/* some maps replace whatever areas they overlap (the _overwrite calls; huge lazy areas
	 * have none), over mapped pages half the time, the HPA keeping its offset */
	o.overwrite = (o.kind == OP_MAP_LINEAR || (o.kind == OP_MAP_ALLOC && !o.huge)) && chance(6);
	if (o.overwrite && chance(2)) {
		uint64_t hpa_offset = o.hpa - (o.gpa - WINDOW_BASE);
		o.gpa = mapped_gpa(m) - below(4) * PAGE;
		o.hpa = o.gpa - WINDOW_BASE + hpa_offset;
	}
	/* mostly pick a free spot for other maps, so that most of them get past the overlap check */
	if ((o.kind == OP_MAP_LINEAR || o.kind == OP_MAP_ALLOC) && !o.overwrite && !chance(4)) {
		for (int tries = 0; tries < 6 && model_check_map(m, o.gpa, o.hpa, o.size, o.flags, o.kind == OP_MAP_LINEAR) == PTF_EEXIST; tries++) {
			uint64_t hpa_offset = o.hpa - (o.gpa - WINDOW_BASE);
			o.gpa = random_gpa(o.size);
			o.hpa = o.gpa - WINDOW_BASE + hpa_offset;
		}
	}
	/* what reaches lazy pages maps them: keep the frames inside the arena */
	if ((o.kind == OP_POPULATE || o.kind == OP_WRITE || o.kind == OP_READ) &&
	    m->present + model_lazy_pages(m, o.gpa, o.size) > MAX_PRESENT)
		o.kind = OP_TRANSLATE;
	if (o.kind <= OP_COLLAPSE && o.kind != OP_FAULT && chance(25))
		make_bad(&o);
	if (inject && o.kind <= OP_COLLAPSE && chance(12))
		o.fail_after = (long)below(6);
	return o;
}

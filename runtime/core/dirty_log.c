/* dirty_log.c: dirty logging (aspace.h): which 4 KiB pages of a range were written since
 * logging started there or since the last get with clear. Write protection does the
 * work (the invariant is in dirty_log.h): start protects the range's writable pages and
 * splits its huge leaves, so that the first write to each page takes a permission fault,
 * which marks it and gives W back (fault.c); get with clear takes the bits and protects
 * those pages again; stop gives W back. Each of the three changes is one change
 * (change.h): counted, reserved, applied, one flush.
 *
 * Where the format has hardware dirty bits (PTF_DIRTY_HARDWARE), the MMU records the
 * writes instead: start splits the huge leaves and makes every leaf clean, writable
 * pages staying writable; get reads the leaves' dirty bits with the log's (which faults
 * and ptf_aspace_write still set), and with clear makes those leaves clean by
 * compare-and-swap, with one flush, so that the TLB forgets that they were dirty; a
 * change that takes a dirty leaf away or leaves it clean marks its pages in the log
 * first (tx.h: dirtied). */
#include "dirty_log.h"

#include "assert.h"
#include "bitmap.h"
#include "change.h"
#include "merge.h"
#include "range.h"

#define DIRTY_PAGE ((uint64_t)1 << PTF_DIRTY_PAGE_SHIFT)

static uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* ---- the logs, as every operation sees them ---- */

/* The first log ending after off. */
static struct dirty_log *first_from(const struct ptf_aspace *as, uint64_t off)
{
	struct dirty_log *l = as->logs;
	while (l && l->end <= off)
		l = l->next;
	return l;
}

bool ptf_dirty_log_covers(const struct ptf_aspace *as, uint64_t off, uint64_t limit, uint64_t *end)
{
	const struct dirty_log *l = first_from(as, off);
	if (l && l->start <= off) {
		*end = min64(l->end, limit);
		return true;
	}
	*end = l && l->start < limit ? l->start : limit;
	return false;
}

void ptf_dirty_log_mark(const struct ptf_aspace *as, uint64_t off, uint64_t size)
{
	uint64_t end = off + size;
	for (struct dirty_log *l = first_from(as, off); l && l->start < end; l = l->next) {
		uint64_t first = (max64(l->start, off) - l->start) >> PTF_DIRTY_PAGE_SHIFT;
		uint64_t last = (min64(l->end, end) - l->start + DIRTY_PAGE - 1) >> PTF_DIRTY_PAGE_SHIFT;
		while (first < last) {
			unsigned lo = (unsigned)(first & 63);
			unsigned hi = ptf_bits_word_end(first, last);
			/* relaxed: the gate orders marks against the changes that read them */
			atomic_fetch_or_explicit(&l->bits[first >> 6], ptf_bits_mask(lo, hi), memory_order_relaxed);
			first += hi - lo;
		}
	}
}

int ptf_dirty_log_protected(const struct ptf_aspace *as, unsigned flags, unsigned *out)
{
	unsigned ro = flags & ~PTF_W;
	if (ptf_format_check_flags(as->fmt, ro))
		return PTF_EFLAGS; /* W without R on Arm stage 2 has no read-only form */
	*out = ro;
	return PTF_OK;
}

int ptf_dirty_log_check_grant(const struct ptf_aspace *as, uint64_t off, uint64_t end, unsigned flags)
{
	unsigned ro;
	const struct dirty_log *l = first_from(as, off);
	if (!(flags & PTF_W) || !l || l->start >= end)
		return PTF_OK;
	return ptf_dirty_log_protected(as, flags, &ro);
}

size_t ptf_dirty_log_frames(const struct ptf_aspace *as)
{
	size_t frames = 0;
	for (const struct dirty_log *l = as->logs; l; l = l->next)
		frames += ptf_records_frames(as->hal, l->bytes);
	return frames;
}

/* A log of [start, end), every page clean, not linked yet. */
static struct dirty_log *log_new(const struct ptf_aspace *as, uint64_t start, uint64_t end)
{
	size_t bytes = sizeof(struct dirty_log) + ptf_bits_words(end - start) * sizeof(uint64_t);
	struct dirty_log *l = ptf_records_alloc(as->hal, bytes);
	if (!l)
		return NULL;
	__builtin_memset(l, 0, bytes); /* no one sees it before the gate closes */
	l->start = start;
	l->end = end;
	l->bytes = bytes;
	return l;
}

static void log_free(const struct ptf_aspace *as, struct dirty_log *l)
{
	ptf_records_free(as->hal, l, l->bytes);
}

void ptf_dirty_log_free_all(struct ptf_aspace *as)
{
	while (as->logs) {
		struct dirty_log *next = as->logs->next;
		log_free(as, as->logs);
		as->logs = next;
	}
}

/* ---- moving bits between a log and a caller's bitmap ---- */

/* The bits of log l for its pages [first, first + n), ORed into out from bit at; with
 * take, cleared in the log. */
static void log_read(struct dirty_log *l, uint64_t first, uint64_t n, uint64_t *out, uint64_t at, bool take)
{
	for (uint64_t last = first + n; first < last;) {
		_Atomic uint64_t *w = &l->bits[first >> 6];
		if (!((first | at) & 63) && last - first >= 64) {
			/* a whole word to a whole word, the usual case (a get of the logged range) */
			uint64_t v = atomic_load_explicit(w, memory_order_relaxed);
			if (v && take)
				v = atomic_exchange_explicit(w, 0, memory_order_relaxed);
			out[at >> 6] |= v;
			at += 64;
			first += 64;
			continue;
		}
		unsigned lo = (unsigned)(first & 63);
		unsigned hi = ptf_bits_word_end(first, last);
		uint64_t mask = ptf_bits_mask(lo, hi);
		uint64_t v = atomic_load_explicit(w, memory_order_relaxed) & mask;
		if (v && take)
			v = atomic_fetch_and_explicit(w, ~mask, memory_order_relaxed) & mask;
		if (v)
			ptf_bits_or(out, at, v >> lo, hi - lo);
		at += hi - lo;
		first += hi - lo;
	}
}

/* log_read's take undone: the bits from `at` in out set again in the log. */
static void log_put_back(struct dirty_log *l, uint64_t first, uint64_t n, const uint64_t *out, uint64_t at)
{
	for (uint64_t last = first + n; first < last;) {
		unsigned lo = (unsigned)(first & 63);
		unsigned hi = ptf_bits_word_end(first, last);
		uint64_t v = ptf_bits_get(out, at, hi - lo);
		if (v)
			atomic_fetch_or_explicit(&l->bits[first >> 6], v << lo, memory_order_relaxed);
		at += hi - lo;
		first += hi - lo;
	}
}

/* Every log's bits for [start, end) into bitmap (bit 0: start), which was cleared;
 * taken from the logs with take, or given back to them with put_back. */
enum harvest { HARVEST_READ, HARVEST_TAKE, HARVEST_PUT_BACK };

static void harvest(const struct ptf_aspace *as, uint64_t start, uint64_t end, uint64_t *bitmap, enum harvest how)
{
	for (struct dirty_log *l = first_from(as, start); l && l->start < end; l = l->next) {
		uint64_t lo = max64(l->start, start), hi = min64(l->end, end);
		uint64_t first = (lo - l->start) >> PTF_DIRTY_PAGE_SHIFT, n = (hi - lo) >> PTF_DIRTY_PAGE_SHIFT;
		uint64_t at = (lo - start) >> PTF_DIRTY_PAGE_SHIFT;
		if (how == HARVEST_PUT_BACK)
			log_put_back(l, first, n, bitmap, at);
		else
			log_read(l, first, n, bitmap, at, how == HARVEST_TAKE);
	}
}

/* ---- the protections the three changes make ---- */

static bool hardware(const struct ptf_aspace *as)
{
	return as->fmt->dirty == PTF_DIRTY_HARDWARE;
}

/* Over [start, end): the writable areas' pages write-protected and split to the granule
 * (only those with a bit in `only`, when it is not NULL; its bit 0 is start), or, with
 * restore, given their area's permissions back. Counted into *need, or applied when
 * need is NULL. */
struct protection {
	uint64_t start, end;
	const uint64_t *only;
	bool restore;
};

static int protect_walk(struct change *c, const struct protection *p, struct ptf_walk_need *need)
{
	struct ptf_aspace *as = c->as;
	for (struct area *a = ptf_area_map_first_from(&as->areas, p->start); a && a->start < p->end;
	     a = ptf_area_map_next(&as->areas, a)) {
		unsigned flags = a->flags;
		/* An area without W has nothing to protect or restore, but start splits its
		 * leaves too: a protect may make it writable while the log runs, and its
		 * pages must then be protected and marked one by one. */
		bool split_only = !(a->flags & PTF_W);
		if (split_only && (p->restore || p->only))
			continue;
		if (!split_only && !p->restore && ptf_dirty_log_protected(as, a->flags, &flags)) {
			if (p->only)
				continue; /* such an area is never logged (aspace.h): get has no bit there */
			return PTF_EFLAGS;
		}
		/* (where the MMU records writes, start splits and makes clean, the pages
		 * staying writable; a read-only form is still needed, for the pages a read
		 * fault maps; stop gives W back where a clean state keeps it from a leaf,
		 * Arm's with DBM) */
		if (hardware(as) && !p->restore)
			flags = a->flags;
		uint64_t lo = max64(a->start, p->start), hi = min64(a->end, p->end);
		struct ptf_walk_req r = { .kind = PTF_WALK_PROTECT, .va = lo, .size = hi - lo, .flags = flags,
			                  .split_all = !p->restore, .only = p->only, .only_base = p->start,
			                  .perms_only = true, .clean = hardware(as) && !p->restore };
		int rc = ptf_change_step(c, &r, need);
		if (rc)
			return rc;
	}
	return PTF_OK;
}

/* ---- the API ---- */

static int check_args(const struct ptf_aspace *as, uint64_t gpa, uint64_t size, uint64_t *start)
{
	if (!as)
		return PTF_EINVAL;
	*start = offset_of(as, gpa);
	return ptf_check_range(*start, size, as->page, as->base, as->end);
}

/* start's and stop's beginning: the checks, then a change over [*start, *end) */
static int begin_change(struct ptf_aspace *as, uint64_t gpa, uint64_t size, struct change *c, uint64_t *start,
                        uint64_t *end)
{
	int rc = check_args(as, gpa, size, start);
	if (rc)
		return rc;
	*end = *start + size;
	ptf_change_begin(c, as);
	return PTF_OK;
}

int ptf_aspace_dirty_log_start(struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	uint64_t start, end;
	struct change c;
	int rc = begin_change(as, gpa, size, &c, &start, &end);
	if (rc)
		return rc;
	struct dirty_log *l = first_from(as, start);
	if (l && l->start < end) {
		ptf_change_end(&c);
		return PTF_EEXIST; /* logged already, in part or whole */
	}
	/* checked and counted first: a refusal is the same with memory or without */
	const struct protection p = { start, end, NULL, false };
	struct ptf_walk_need need = { 0, 0, 0 };
	rc = protect_walk(&c, &p, &need);
	struct dirty_log *log = rc ? NULL : log_new(as, start, end);
	if (!rc && !log)
		rc = PTF_ENOMEM;
	if (!rc)
		rc = ptf_change_reserve_counted(&c, &need);
	if (rc) {
		if (log)
			log_free(as, log);
		ptf_change_end(&c);
		return rc;
	}
	/* nothing below can fail */
	ptf_change_apply(&c, NULL);
	protect_walk(&c, &p, NULL); /* (clean: what the MMU recorded before is not the log's) */
	struct dirty_log **link = &as->logs;
	while (*link && (*link)->end <= start)
		link = &(*link)->next;
	log->next = *link;
	*link = log;
	ptf_change_end(&c);
	return PTF_OK;
}

/* get where the MMU keeps dirty bits. A reader (gate.h) beside faults: it changes only
 * the dirty bit of dirty leaves, by compare-and-swap. The log's bits are taken first:
 * a page marked after that is in the next get, and a leaf the MMU dirties after the
 * walk passed it, too. */
static int get_hardware(struct ptf_aspace *as, uint64_t start, uint64_t end, uint64_t *bitmap, bool clear)
{
	unsigned slot = reader_enter(as, clear ? GATE_FAULT : GATE_LOOK);
	harvest(as, start, end, bitmap, clear ? HARVEST_TAKE : HARVEST_READ);
	struct ptf_tx tx;
	ptf_tx_begin(&tx, as->hal, as->page);
	/* (unlogged pages read as clean: only the logged pieces are walked) */
	for (struct dirty_log *l = first_from(as, start); l && l->start < end; l = l->next) {
		uint64_t lo = max64(l->start, start), hi = min64(l->end, end);
		uint64_t at = (lo - start) >> PTF_DIRTY_PAGE_SHIFT;
		/* the walker's bitmap starts at its va: a piece that starts in the middle of
		 * a word gets its bits in a scratch word run, then ORed in */
		if (at & 63) {
			uint64_t scratch[64];
			for (uint64_t piece = lo; piece < hi;) {
				uint64_t n = min64(hi - piece, (uint64_t)64 * 64 << PTF_DIRTY_PAGE_SHIFT);
				__builtin_memset(scratch, 0, sizeof(scratch));
				as->fmt->walker->harvest_dirty(&tx, as->root, piece, n, scratch, clear);
				for (uint64_t i = 0; i < ptf_bits_words(n); i++) {
					uint64_t bits = n >> PTF_DIRTY_PAGE_SHIFT;
					unsigned chunk = bits - i * 64 < 64 ? (unsigned)(bits - i * 64) : 64;
					ptf_bits_or(bitmap, ((piece - start) >> PTF_DIRTY_PAGE_SHIFT) + i * 64, scratch[i], chunk);
				}
				piece += n;
			}
		} else {
			as->fmt->walker->harvest_dirty(&tx, as->root, lo, hi - lo, bitmap + (at >> 6), clear);
		}
	}
	/* one flush: a TLB that still holds a leaf as dirty would let writes through it
	 * without setting the bit again */
	if (ptf_tx_has_changed(&tx))
		ptf_flush_tlb(as->hal, ptf_aspace_vmid(as), address_of(as, tx.changed_lo), tx.changed_hi - tx.changed_lo);
	ptf_tx_finish(&tx);
	reader_exit(as, slot);
	return PTF_OK;
}

int ptf_aspace_dirty_log_get(struct ptf_aspace *as, uint64_t gpa, uint64_t size, uint64_t *bitmap, bool clear)
{
	uint64_t start;
	int rc = check_args(as, gpa, size, &start);
	if (!rc && !bitmap)
		rc = PTF_EINVAL;
	if (rc)
		return rc;
	uint64_t end = start + size;
	__builtin_memset(bitmap, 0, ptf_bits_words(size) * sizeof(uint64_t));
	if (hardware(as))
		return get_hardware(as, start, end, bitmap, clear);
	if (!clear) {
		unsigned slot = reader_enter(as, GATE_LOOK);
		harvest(as, start, end, bitmap, HARVEST_READ);
		reader_exit(as, slot);
		return PTF_OK;
	}
	/* Taken before the gate closes: a fault that marks a page after this leaves its bit
	 * for the next get; one that marked it before made it writable before the protection
	 * below, which the closed gate waits for. Either way no write goes unlogged. */
	struct change c;
	ptf_change_begin(&c, as);
	harvest(as, start, end, bitmap, HARVEST_TAKE);
	const struct protection p = { start, end, bitmap, false };
	/* Nothing to count: the pages with a bit are logged, so granule leaves (dirty_log.h),
	 * and a protect that changes only their permissions splits and breaks nothing. (A
	 * walk that wanted a frame anyway would stop at the tx's reservation check.) */
	const struct ptf_walk_need need = { 0, 0, 0 };
	rc = ptf_change_reserve_counted(&c, &need);
	if (rc) {
		harvest(as, start, end, bitmap, HARVEST_PUT_BACK);
		__builtin_memset(bitmap, 0, ptf_bits_words(size) * sizeof(uint64_t));
		ptf_change_end(&c);
		return rc;
	}
	ptf_change_apply(&c, NULL);
	protect_walk(&c, &p, NULL);
	ptf_change_end(&c);
	return PTF_OK;
}

/* The part of log l in [lo, hi), a new log with l's bits. */
static struct dirty_log *log_part(const struct ptf_aspace *as, const struct dirty_log *l, uint64_t lo, uint64_t hi)
{
	struct dirty_log *part = log_new(as, lo, hi);
	if (!part)
		return NULL;
	uint64_t first = (lo - l->start) >> PTF_DIRTY_PAGE_SHIFT, n = (hi - lo) >> PTF_DIRTY_PAGE_SHIFT;
	/* the gate is closed: no mark runs, plain copies will do */
	for (uint64_t i = 0; i < n; i += 64) {
		unsigned chunk = n - i < 64 ? (unsigned)(n - i) : 64;
		uint64_t v = ptf_bits_get((const uint64_t *)l->bits, first + i, chunk);
		atomic_store_explicit(&part->bits[i >> 6], v, memory_order_relaxed);
	}
	return part;
}

int ptf_aspace_dirty_log_stop(struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	uint64_t start, end;
	struct change c;
	int rc = begin_change(as, gpa, size, &c, &start, &end);
	if (rc)
		return rc;
	struct dirty_log **link = &as->logs;
	while (*link && (*link)->end <= start)
		link = &(*link)->next;
	struct dirty_log *first = *link, *last = NULL;
	for (struct dirty_log *l = first; l && l->start < end; l = l->next)
		last = l;
	if (!last) {
		ptf_change_end(&c);
		return PTF_OK; /* nothing logged there */
	}
	/* the parts of the first and last logs outside the range go on being logged */
	struct dirty_log *left = NULL, *right = NULL;
	if (first->start < start && !(left = log_part(as, first, first->start, start)))
		rc = PTF_ENOMEM;
	if (!rc && last->end > end && !(right = log_part(as, last, end, last->end)))
		rc = PTF_ENOMEM;
	/* W back over the logged pieces of the range */
	struct ptf_walk_need need = { 0, 0, 0 };
	for (struct dirty_log *l = first; !rc && l != last->next; l = l->next) {
		const struct protection p = { max64(l->start, start), min64(l->end, end), NULL, true };
		rc = protect_walk(&c, &p, &need);
	}
	if (!rc)
		rc = ptf_change_reserve_counted(&c, &need);
	if (rc) {
		if (left)
			log_free(as, left);
		if (right)
			log_free(as, right);
		ptf_change_end(&c);
		return rc;
	}
	/* nothing below can fail */
	ptf_change_apply(&c, NULL);
	for (struct dirty_log *l = first; l != last->next; l = l->next) {
		const struct protection p = { max64(l->start, start), min64(l->end, end), NULL, true };
		protect_walk(&c, &p, NULL);
	}
	struct dirty_log *after = last->next, *dead = first;
	last->next = NULL;
	if (right) {
		right->next = after;
		after = right;
	}
	if (left) {
		left->next = after;
		after = left;
	}
	*link = after;
	ptf_change_end(&c);
	/* unlinked while the gate was closed: no reader can be on them any more */
	while (dead) {
		struct dirty_log *next = dead->next;
		log_free(as, dead);
		dead = next;
	}
	/* the split blocks of linear areas come back (merge.h) */
	ptf_merge_linear(as, start, end);
	return PTF_OK;
}

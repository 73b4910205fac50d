/* differ.c: one operation on the runtime and on the model at once, the comparisons after
 * it (error codes, the touched pages and their neighbours, frames, TLB flushes: every
 * translation the model saw change flushed, with the address space's VMID; none when
 * nothing mapped changed; on formats without break-before-make exactly the span of what
 * changed), and replaying and shrinking a divergence. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "differ.h"
#include "mmu_sim.h"

/* the format under test's granule, its smallest page (sut_open sets it) */
uint64_t diff_page = 4096;
struct diff_setup diff_setup = { .window_size = 4 * GiB };
const char *const op_names[OP_KINDS] = { "map_linear", "map_alloc", "unmap", "protect", "fault", "populate",
	                                 "dirty_log_start", "dirty_log_stop", "dirty_log_get", "age", "collapse",
	                                 "translate", "write", "read", "buffer", "guest_write", "clear" };

/* ---- the system under test ---- */

/* The flushes of the operation under way. */
#define MAX_FLUSHES 4096
static struct {
	const struct ptf_hal *real;
	uint64_t vmid;          /* the address space's */
	size_t n;               /* flushes, range or whole VMID */
	bool all;               /* the whole VMID was */
	bool wrong_vmid;        /* a flush told another VMID */
	/* the ranges: the first MAX_FLUSHES - 1 (a map over many dirty-logged ranges flushes
	 * once per range on a format that breaks before making), and the latest in the last
	 * slot (a change out of room to hold what it frees flushes often, each time all it
	 * changed so far) */
	uint64_t lo[MAX_FLUSHES], hi[MAX_FLUSHES];
} tlb;

/* How many ranges tlb holds, and which is the latest. */
static size_t tlb_kept(void)
{
	return tlb.n < MAX_FLUSHES ? tlb.n : MAX_FLUSHES;
}

static void tlb_flush_vmid(void *ctx, uint64_t vmid, uint64_t gpa, uint64_t size)
{
	tlb.wrong_vmid |= vmid != tlb.vmid;
	size_t i = tlb.n < MAX_FLUSHES ? tlb.n : MAX_FLUSHES - 1;
	tlb.lo[i] = gpa;
	tlb.hi[i] = gpa + size;
	tlb.n++;
	tlb.real->flush_tlb(ctx, gpa, size);
}

static void tlb_flush_vmid_all(void *ctx, uint64_t vmid)
{
	(void)ctx;
	tlb.wrong_vmid |= vmid != tlb.vmid;
	tlb.all = true;
	tlb.n++;
}

void sut_open(struct sut *s, const struct ptf_format *fmt)
{
	diff_page = ptf_format_granule(fmt);
	tlb.vmid = diff_setup.vmid;
	s->fmt = fmt;
	s->merged_seen = 0;
	s->host = ptf_host_hal_create(ARENA);
	if (s->host)
		ptf_host_hal_set_data_frame_max(s->host, HUGE_FRAME_MAX);
	s->hal = s->host ? ptf_host_hal_get(s->host) : NULL;
	if (s->hal) {
		tlb.real = s->hal;
		s->own_hal = *s->hal;
		s->own_hal.flush_tlb_vmid = tlb_flush_vmid;
		s->own_hal.flush_tlb_vmid_all = diff_setup.vmid_all ? tlb_flush_vmid_all : NULL;
		if (diff_setup.records_from_frames) {
			s->own_hal.alloc_bytes = NULL;
			s->own_hal.free_bytes = NULL;
		}
		s->hal = &s->own_hal;
	}
	if (!s->host || ptf_aspace_create(&s->as, fmt, WINDOW_BASE, WINDOW_SIZE, s->hal) ||
	    ptf_aspace_set_vmid(s->as, tlb.vmid)) {
		fprintf(stderr, "ptf-diff: cannot create an address space for %s\n", fmt->name);
		exit(2);
	}
	model_init(&s->m, fmt, WINDOW_BASE, WINDOW_SIZE);
}

size_t sut_close(struct sut *s)
{
	ptf_aspace_destroy(s->as);
	/* a space destroyed gives every frame back: the HAL's count is honest */
	size_t leaked = ptf_host_hal_frames_in_use(s->host);
	ptf_host_hal_destroy(s->host);
	model_free(&s->m);
	return leaked;
}

/* ---- running one operation on both ---- */

void fill(unsigned char *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16);
	}
}

/* What the model says a mutating op returns, without applying it. */
static int predict(const struct model *m, const struct op *o)
{
	switch (o->kind) {
	case OP_MAP_LINEAR:
		return o->overwrite ? model_check_overwrite(m, o->gpa, o->hpa, o->size, o->flags, true)
		                    : model_check_map(m, o->gpa, o->hpa, o->size, o->flags, true);
	case OP_MAP_ALLOC:
		return o->overwrite ? model_check_overwrite(m, o->gpa, 0, o->size, o->flags, false)
		                    : model_check_map(m, o->gpa, 0, o->size, o->flags, false);
	case OP_UNMAP: return model_check_unmap(m, o->gpa, o->size);
	case OP_PROTECT: return model_check_protect(m, o->gpa, o->size, o->flags);
	case OP_FAULT: return model_check_fault(m, o->gpa, o->flags);
	case OP_POPULATE: return model_check_populate(m, o->gpa, o->size);
	case OP_COLLAPSE: return model_check_collapse(m, o->gpa, o->size);
	case OP_DIRTY_START: return model_check_dirty_log_start(m, o->gpa, o->size);
	case OP_DIRTY_STOP:
	case OP_DIRTY_GET:
	case OP_AGE: return model_check_dirty_log_get(m, o->gpa, o->size);
	default: return PTF_OK;
	}
}

/* dirty_log_get's bitmaps: the runtime's and the model's (random_pages() at most 16 MiB
 * or 1024 pages of 64 KiB: 16,384 bits) */
static uint64_t dirty_got[DIRTY_WORDS], dirty_want[DIRTY_WORDS];

/* The size of the runtime's leaf that maps gpa (0: none): where the model's pages share
 * a leaf's use (model_age) */
static uint64_t leaf_size(void *arg, uint64_t gpa)
{
	const struct sut *s = arg;
	uint64_t size = 0;
	return s->fmt->query(s->hal, ptf_aspace_root(s->as), gpa, NULL, NULL, &size) ? 0 : size;
}

/* A collapse changes no page the model has, but its huge leaves are young (the pages
 * of a leaf share its use): the blocks whose leaf grew are marked used. Leaf sizes of
 * the range's huge blocks, before the op: */
#define COLLAPSE_BLOCKS 128
static uint64_t collapse_before[COLLAPSE_BLOCKS];

static uint64_t collapse_block(const struct op *o, size_t i)
{
	return (o->gpa & ~(HUGE_FRAME_MAX - 1)) + i * HUGE_FRAME_MAX;
}

static size_t collapse_blocks(const struct op *o)
{
	if (o->gpa < WINDOW_BASE || o->size > (COLLAPSE_BLOCKS - 1) * HUGE_FRAME_MAX || o->gpa + o->size < o->gpa)
		return 0; /* refused */
	return (size_t)((o->gpa + o->size - collapse_block(o, 0) + HUGE_FRAME_MAX - 1) / HUGE_FRAME_MAX);
}

static void collapse_leaves_before(const struct sut *s, const struct op *o)
{
	for (size_t i = 0; i < collapse_blocks(o); i++)
		collapse_before[i] = leaf_size((void *)s, collapse_block(o, i));
}

static void collapse_young(struct sut *s, const struct op *o)
{
	for (size_t i = 0; i < collapse_blocks(o); i++) {
		uint64_t b = collapse_block(o, i), now = leaf_size(s, b);
		if (now > collapse_before[i])
			model_used_leaf(&s->m, b, now);
	}
}

static struct outcome run_op_inner(struct sut *s, const struct op *o)
{
	struct outcome out = { 0 };
	struct model *m = &s->m;
	if (o->fail_after >= 0)
		ptf_host_hal_fail_after(s->host, o->fail_after);
	unsigned char buf[MAX_IO], want[MAX_IO];
	switch (o->kind) {
	case OP_MAP_LINEAR:
		out.rc = o->overwrite ? ptf_aspace_map_linear_overwrite(s->as, o->gpa, o->hpa, o->size, o->flags)
		                      : ptf_aspace_map_linear(s->as, o->gpa, o->hpa, o->size, o->flags);
		break;
	case OP_MAP_ALLOC:
		out.rc = o->huge        ? ptf_aspace_map_alloc_huge(s->as, o->gpa, o->size, o->flags)
		         : o->overwrite ? ptf_aspace_map_alloc_overwrite(s->as, o->gpa, o->size, o->flags, o->populate)
		                        : ptf_aspace_map_alloc(s->as, o->gpa, o->size, o->flags, o->populate);
		break;
	case OP_UNMAP:
		out.rc = ptf_aspace_unmap(s->as, o->gpa, o->size);
		break;
	case OP_PROTECT:
		out.rc = ptf_aspace_protect(s->as, o->gpa, o->size, o->flags);
		break;
	case OP_FAULT:
		out.rc = ptf_aspace_handle_fault(s->as, o->gpa, o->flags);
		break;
	case OP_POPULATE:
		out.rc = ptf_aspace_populate(s->as, o->gpa, o->size);
		break;
	case OP_COLLAPSE:
		collapse_leaves_before(s, o);
		out.rc = ptf_aspace_collapse(s->as, o->gpa, o->size);
		break;
	case OP_DIRTY_START:
		out.rc = ptf_aspace_dirty_log_start(s->as, o->gpa, o->size);
		break;
	case OP_DIRTY_STOP:
		out.rc = ptf_aspace_dirty_log_stop(s->as, o->gpa, o->size);
		break;
	case OP_DIRTY_GET:
		out.rc = o->size / 4096 > 64 * DIRTY_WORDS ? PTF_ESIZE
		       : ptf_aspace_dirty_log_get(s->as, o->gpa, o->size, dirty_got, o->clear);
		break;
	case OP_AGE:
		out.rc = o->size / 4096 > 64 * DIRTY_WORDS ? PTF_ESIZE : ptf_aspace_age(s->as, o->gpa, o->size, dirty_got);
		break;
	case OP_TRANSLATE: {
		uint64_t hpa = 0, mhpa = 0;
		bool exact;
		out.rc = ptf_aspace_translate(s->as, o->gpa, &hpa, NULL);
		out.model_rc = model_translate(m, o->gpa, &mhpa, &exact);
		if (!out.rc && !out.model_rc && exact && hpa != mhpa)
			out.model_rc = 1; /* same code, different address: a divergence */
		ptf_host_hal_fail_after(s->host, -1);
		return out;
	}
	case OP_GUEST_WRITE: /* 1: it faults, for the hypervisor to see to */
		out.rc = mmu_sim_access(s->fmt, s->hal, ptf_aspace_root(s->as), o->gpa, true) != MMU_SIM_DONE;
		out.model_rc = model_guest_write(m, o->gpa);
		ptf_host_hal_fail_after(s->host, -1);
		return out;
	case OP_WRITE:
		fill(buf, o->size, o->data_seed);
		out.rc = ptf_aspace_write(s->as, o->gpa, buf, o->size);
		out.model_rc = model_write(m, o->gpa, buf, o->size);
		ptf_host_hal_fail_after(s->host, -1);
		return out;
	case OP_READ:
		memset(buf, 0xa5, sizeof(buf));
		out.rc = ptf_aspace_read(s->as, o->gpa, buf, o->size);
		out.model_rc = model_read(m, o->gpa, want, o->size);
		if (!out.rc && !out.model_rc && memcmp(buf, want, o->size))
			out.model_rc = 1;
		ptf_host_hal_fail_after(s->host, -1);
		return out;
	case OP_BUFFER: {
		/* the pieces cover the range, each at the host address the model has for its
		 * first byte where the model knows it (linear pages) */
		struct ptf_hbuf pieces[8];
		size_t n = 0;
		out.rc = ptf_aspace_translate_buffer(s->as, o->gpa, (size_t)o->size, pieces, 8, &n);
		out.model_rc = model_buffer(m, o->gpa, o->size);
		if (out.rc == PTF_ESPACE && !out.model_rc)
			out.rc = PTF_OK; /* more pieces than room: the count is all there is to see */
		else if (!out.rc && !out.model_rc) {
			uint64_t gpa = o->gpa, covered = 0;
			for (size_t i = 0; i < n; i++) {
				uint64_t mhpa;
				bool exact;
				if (!model_translate(m, gpa, &mhpa, &exact) && exact && mhpa != pieces[i].hpa)
					out.model_rc = 1;
				gpa += pieces[i].len;
				covered += pieces[i].len;
			}
			if (covered != o->size)
				out.model_rc = 1;
		}
		ptf_host_hal_fail_after(s->host, -1);
		return out;
	}
	case OP_CLEAR:
		ptf_aspace_clear(s->as);
		model_clear(m);
		return out;
	case OP_KINDS:
		break;
	}
	bool injecting = o->fail_after >= 0;
	ptf_host_hal_fail_after(s->host, -1);
	if (injecting && out.rc == PTF_ENOMEM && predict(m, o) == PTF_OK) {
		/* the runtime ran out of frames where it would have succeeded: the model stays */
		out.model_rc = PTF_ENOMEM;
		out.injected_enomem = true;
		return out;
	}
	switch (o->kind) {
	case OP_MAP_LINEAR:
		out.model_rc = o->overwrite ? model_overwrite(m, o->gpa, o->hpa, o->size, o->flags, true, false)
		                            : model_map(m, o->gpa, o->hpa, o->size, o->flags, true, false);
		break;
	case OP_MAP_ALLOC:
		out.model_rc = o->overwrite ? model_overwrite(m, o->gpa, 0, o->size, o->flags, false, o->populate)
		                            : model_map(m, o->gpa, 0, o->size, o->flags, false, o->populate);
		break;
	case OP_UNMAP: out.model_rc = model_unmap(m, o->gpa, o->size); break;
	case OP_PROTECT: out.model_rc = model_protect(m, o->gpa, o->size, o->flags); break;
	case OP_FAULT:
		out.model_rc = model_fault(m, o->gpa, o->flags);
		if (!out.rc && !out.model_rc) {
			/* the fault may have mapped a huge frame; the access used the page's whole leaf */
			uint64_t leaf = leaf_size(s, o->gpa);
			out.model_rc = model_fault_leaf(m, o->gpa, leaf);
			model_used_leaf(m, o->gpa, leaf);
		}
		break;
	case OP_POPULATE: out.model_rc = model_populate(m, o->gpa, o->size); break;
	case OP_COLLAPSE:
		out.model_rc = model_check_collapse(m, o->gpa, o->size);
		if (!out.rc && !out.model_rc)
			collapse_young(s, o);
		break;
	case OP_DIRTY_START: out.model_rc = model_dirty_log_start(m, o->gpa, o->size); break;
	case OP_DIRTY_STOP: out.model_rc = model_dirty_log_stop(m, o->gpa, o->size); break;
	case OP_DIRTY_GET:
		if (o->size / 4096 > 64 * DIRTY_WORDS) {
			out.model_rc = PTF_ESIZE; /* too large a bitmap for the driver: not called */
			break;
		}
		out.model_rc = model_dirty_log_get(m, o->gpa, o->size, dirty_want, o->clear);
		if (!out.rc && !out.model_rc &&
		    memcmp(dirty_got, dirty_want, (size_t)((o->size / 4096 + 63) / 64) * sizeof(uint64_t)))
			out.model_rc = 1; /* different pages reported written */
		break;
	case OP_AGE:
		if (o->size / 4096 > 64 * DIRTY_WORDS) {
			out.model_rc = PTF_ESIZE; /* too large a bitmap for the driver: not called */
			break;
		}
		out.model_rc = model_age(m, o->gpa, o->size, dirty_want, leaf_size, s);
		if (!out.rc && !out.model_rc &&
		    memcmp(dirty_got, dirty_want, (size_t)((o->size / 4096 + 63) / 64) * sizeof(uint64_t)))
			out.model_rc = 1; /* different pages reported used */
		break;
	default: break;
	}
	return out;
}

/* The pages an op may change, within the window: [*lo, *hi) (empty: lo == hi). */
static void op_pages(const struct op *o, uint64_t *lo, uint64_t *hi)
{
	uint64_t start = o->gpa & ~(PAGE - 1), size = o->size ? o->size : 1, end;
	*lo = *hi = WINDOW_BASE;
	if (o->kind == OP_CLEAR) {
		*hi = WINDOW_BASE + WINDOW_SIZE;
		return;
	}
	if (o->kind == OP_FAULT)
		size = 1;
	if (o->kind == OP_TRANSLATE || o->kind == OP_BUFFER || o->kind == OP_GUEST_WRITE || o->gpa + size < o->gpa)
		return; /* readers change nothing; a wrapping range is refused */
	end = (o->gpa + size + PAGE - 1) & ~(PAGE - 1);
	if (end <= start) /* the last page of the 64-bit space */
		return;
	*lo = start > WINDOW_BASE ? start : WINDOW_BASE;
	*hi = end < WINDOW_BASE + WINDOW_SIZE ? end : WINDOW_BASE + WINDOW_SIZE;
	if (*hi < *lo)
		*hi = *lo;
}

static size_t blocks_merged(const struct sut *s)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(s->as, &st);
	return st.blocks_merged;
}

/* [lo, hi) starts where a huge leaf starts and ends where one ends */
static bool leaf_edges(const struct sut *s, uint64_t lo, uint64_t hi)
{
	uint64_t first = 0, last = 0;
	return hi > lo && !s->fmt->query(s->hal, ptf_aspace_root(s->as), lo, NULL, NULL, &first) &&
	       !s->fmt->query(s->hal, ptf_aspace_root(s->as), hi - 1, NULL, NULL, &last) &&
	       first > s->m.page_size && last > s->m.page_size && !(lo & (first - 1)) && !(hi & (last - 1));
}

/* A linear merge (merge.h) follows map_linear, protect and dirty_log_stop in a change of
 * its own, which flushes the span of the blocks it joined, after a flush of each one's
 * break where the format breaks: flushes from a huge leaf's start to one's end that
 * change no translation and are not the operation's. They are told apart by that shape
 * alone, and only when a merge happened; the operation's own flush may have it too, so
 * such a flush is never taken off the log (it still covers what it covers), only left
 * out of the checks that say how many flushes the operation itself made and where. */
static bool merge_flush(const struct sut *s, const struct outcome *out, size_t i)
{
	return out->merged && leaf_edges(s, tlb.lo[i], tlb.hi[i]);
}

static bool op_may_merge(const struct op *o)
{
	return o->kind == OP_MAP_LINEAR || o->kind == OP_PROTECT || o->kind == OP_DIRTY_STOP;
}

static struct model_page *before_pages;
static size_t before_cap;

struct outcome run_op(struct sut *s, const struct op *o)
{
	size_t before = ptf_host_hal_frames_in_use(s->host);
	uint64_t lo, hi;
	op_pages(o, &lo, &hi);
	size_t n = (size_t)((hi - lo) / PAGE);
	if (n > before_cap) {
		before_pages = realloc(before_pages, n * sizeof(*before_pages));
		if (!before_pages) {
			fprintf(stderr, "ptf-diff: out of memory\n");
			exit(2);
		}
		before_cap = n;
	}
	if (n)
		memcpy(before_pages, &s->m.page[(lo - s->m.base) / PAGE], n * sizeof(*before_pages));
	tlb.n = 0;
	tlb.all = tlb.wrong_vmid = false;
	struct outcome out = run_op_inner(s, o);
	/* (the count comes from ptf_aspace_stats, which walks the whole tree: only after the
	 * ops that may merge, and only those that succeeded) */
	if (op_may_merge(o) && !out.rc) {
		size_t merged = blocks_merged(s);
		out.merged = merged - s->merged_seen;
		s->merged_seen = merged;
	}
	out.frames_before = before;
	out.frames_after = ptf_host_hal_frames_in_use(s->host);
	out.lo = lo;
	out.hi = hi;
	out.before = before_pages;
	return out;
}

/* ---- comparing the two ---- */

static bool check_page(struct sut *s, uint64_t gpa, char *why, size_t len)
{
	uint64_t hpa = 0, mhpa = 0;
	bool exact = false;
	int rc = ptf_aspace_translate(s->as, gpa, &hpa, NULL);
	int mrc = model_translate(&s->m, gpa, &mhpa, &exact);
	if (rc != mrc) {
		snprintf(why, len, "translate 0x%" PRIx64 ": runtime %s, model %s", gpa, ptf_error_name(rc), ptf_error_name(mrc));
		return false;
	}
	if (!rc && exact && hpa != mhpa) {
		snprintf(why, len, "translate 0x%" PRIx64 ": runtime 0x%" PRIx64 ", model 0x%" PRIx64, gpa, hpa, mhpa);
		return false;
	}
	if (!rc) {
		unsigned flags;
		s->fmt->query(s->hal, ptf_aspace_root(s->as), gpa, NULL, &flags, NULL);
		unsigned want = model_leaf_flags(&s->m, gpa);
		if (flags != want) {
			snprintf(why, len, "flags at 0x%" PRIx64 ": runtime 0x%x, model 0x%x", gpa, flags, want);
			return false;
		}
	}
	return true;
}

static bool check_frames(struct sut *s, char *why, size_t len)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(s->as, &st);
	size_t host = ptf_host_hal_frames_in_use(s->host);
	if (host != st.frames_in_use) {
		snprintf(why, len, "frames: the HAL has %zu in use, the address space accounts for %zu", host, st.frames_in_use);
		return false;
	}
	if (st.frames_owned != s->m.present) {
		snprintf(why, len, "data frames: runtime %zu, model %zu", st.frames_owned, s->m.present);
		return false;
	}
	return true;
}

struct table_check {
	const struct ptf_hal *hal;
	size_t children[PTF_MAX_LEVELS + 1];
	uint64_t bad_at;
	const char *bad;  /* what is wrong with the table at bad_at, or NULL */
	size_t counted;   /* the count the HAL's frame_meta holds for it */
};

static int count_children(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct table_check *t = arg;
	if (visit == PTF_VISIT_TABLE_PRE) {
		t->children[v->depth]++;
		t->children[v->depth + 1] = 0;
	} else if (visit == PTF_VISIT_TABLE_POST) {
		size_t valid = t->children[v->depth + 1];
		const struct ptf_frame_meta *meta = &t->hal->frame_meta[(v->info.pa - t->hal->frame_meta_base) / PTF_FRAME_SIZE];
		if (!t->bad && valid == 0) {
			t->bad = "an empty table was left behind";
			t->bad_at = v->va;
		} else if (!t->bad && !meta->uncounted && meta->live != valid) {
			t->bad = "a table's live-entry count is wrong";
			t->bad_at = v->va;
			t->counted = meta->live;
		}
	} else {
		t->children[v->depth]++;
	}
	return 0;
}

/* The slower checks, now and then: areas, no emptied table left behind, and every
 * table's live-entry count (kept in the HAL's frame_meta) equal to its valid entries. */
static bool check_full(struct sut *s, char *why, size_t len)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(s->as, &st);
	size_t areas = model_area_count(&s->m);
	if (st.areas != areas) {
		snprintf(why, len, "areas: runtime %zu, model %zu", st.areas, areas);
		return false;
	}
	struct table_check t = { .hal = s->hal };
	s->fmt->walk(s->hal, ptf_aspace_root(s->as), WINDOW_BASE, WINDOW_SIZE,
	             PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE | PTF_VISIT_TABLE_POST, count_children, &t);
	if (t.bad) {
		snprintf(why, len, "%s under 0x%" PRIx64 " (counted %zu)", t.bad, t.bad_at, t.counted);
		return false;
	}
	return check_frames(s, why, len);
}

static bool check_flushes(struct sut *s, const struct op *o, const struct outcome *out, char *why, size_t len);

bool check_after(struct sut *s, const struct op *o, const struct outcome *out, char *why, size_t len)
{
	if (out->rc != out->model_rc) {
		if (out->model_rc == 1)
			snprintf(why, len, "%s returned different data or addresses", op_names[o->kind]);
		else
			snprintf(why, len, "%s: runtime %s, model %s", op_names[o->kind], ptf_error_name(out->rc),
			         ptf_error_name(out->model_rc));
		return false;
	}
	uint64_t start = o->gpa & ~(PAGE - 1), size = o->size ? (o->size + PAGE - 1) & ~(PAGE - 1) : PAGE;
	uint64_t probes[] = { start - PAGE, start, start + size / 2, start + size - PAGE, start + size };
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		uint64_t g = probes[i] & ~(PAGE - 1);
		if (g >= WINDOW_BASE && g < WINDOW_BASE + WINDOW_SIZE && !check_page(s, g, why, len))
			return false;
	}
	if (out->rc && out->frames_after != out->frames_before) {
		snprintf(why, len, "%s failed with %s but frames in use went from %zu to %zu", op_names[o->kind],
		         ptf_error_name(out->rc), out->frames_before, out->frames_after);
		return false;
	}
	return check_flushes(s, o, out, why, len);
}

static bool page_mapped(const struct model_page *p)
{
	return p->state == PAGE_LINEAR || p->state == PAGE_PRESENT;
}

/* The op's flushes against what the model saw change: every translation that changed
 * (mapped before; unmapped, moved or given other flags after) is flushed; nothing is
 * when the op failed or nothing in its pages was mapped; nothing beyond the largest
 * leaves around its pages is (a split block is broken whole); and where the format
 * never breaks before making, an unmap, protect or clear flushes once exactly from the
 * first page that changed to the last. */
static bool check_flushes(struct sut *s, const struct op *o, const struct outcome *out, char *why, size_t len)
{
	const char *name = op_names[o->kind];
	if (tlb.wrong_vmid) {
		snprintf(why, len, "%s: a flush told another VMID than the address space's 0x%" PRIx64, name, tlb.vmid);
		return false;
	}
	size_t kept = tlb_kept();
	if (out->rc && tlb.n) {
		snprintf(why, len, "%s failed with %s but flushed", name, ptf_error_name(out->rc));
		return false;
	}
	size_t mapped = 0;
	uint64_t first = 0, last = 0;
	bool changed = false;
	for (uint64_t g = out->lo; g < out->hi; g += PAGE) {
		const struct model_page *was = &out->before[(g - out->lo) / PAGE];
		const struct model_page *now = &s->m.page[(g - s->m.base) / PAGE];
		if (!page_mapped(was))
			continue;
		mapped++;
		if (was->state == now->state && was->used == now->used &&
		    model_page_leaf_flags(&s->m, was) == model_page_leaf_flags(&s->m, now) &&
		    (was->state != PAGE_LINEAR || was->hpa == now->hpa))
			continue;
		if (!changed)
			first = g;
		last = g;
		changed = true;
		bool covered = tlb.all;
		for (size_t i = 0; i < kept && !covered; i++)
			covered = tlb.lo[i] <= g && g + PAGE <= tlb.hi[i];
		if (!covered) {
			snprintf(why, len, "%s: the translation of 0x%" PRIx64 " changed, and no flush covered it (%zu flushes)",
			         name, g, tlb.n);
			return false;
		}
	}
	size_t own = tlb.n; /* the op's own flushes: the log less a merge's */
	for (size_t i = 0; i < kept; i++)
		own -= merge_flush(s, out, i);
	if (!mapped && own) {
		snprintf(why, len, "%s: nothing was mapped in its pages, yet %zu flushes", name, own);
		return false;
	}
	uint64_t big = s->fmt->page_sizes[s->fmt->n_page_sizes - 1];
	uint64_t reach_lo = o->kind == OP_FAULT ? out->lo : out->lo & ~(big - 1);
	uint64_t reach_hi = o->kind == OP_FAULT ? out->hi : ((out->hi - 1) & ~(big - 1)) + big;
	for (size_t i = 0; i < kept && !tlb.all; i++) {
		if (tlb.lo[i] < reach_lo || tlb.hi[i] > reach_hi || tlb.hi[i] <= tlb.lo[i]) {
			snprintf(why, len, "%s: flushed [0x%" PRIx64 ", 0x%" PRIx64 "), beyond the entries it reaches", name,
			         tlb.lo[i], tlb.hi[i]);
			return false;
		}
	}
	/* (more than one flush when the change ran out of room to hold the frames it freed:
	 * each flushes what changed so far, so the last one the whole span) */
	bool exact = !s->fmt->break_before_make && !tlb.all &&
	             (o->kind == OP_UNMAP || o->kind == OP_PROTECT || o->kind == OP_CLEAR);
	if (exact && !changed && own) {
		snprintf(why, len, "%s: %zu flushes where nothing changed", name, own);
		return false;
	}
	/* the op's last flush is the whole span; after a merge, one of them is */
	size_t whole = kept;
	for (size_t i = kept; exact && changed && i-- > 0 && whole == kept;) {
		if (tlb.lo[i] == first && tlb.hi[i] == last + PAGE)
			whole = i;
		else if (!out->merged)
			break;
	}
	if (exact && changed && whole == kept) {
		snprintf(why, len, "%s: flushed [0x%" PRIx64 ", 0x%" PRIx64 "), want exactly [0x%" PRIx64 ", 0x%" PRIx64 ")",
		         name, tlb.lo[kept - 1], tlb.hi[kept - 1], first, last + PAGE);
		return false;
	}
	for (size_t i = 0; exact && i < kept; i++) {
		if (!merge_flush(s, out, i) && (tlb.lo[i] < first || tlb.hi[i] > last + PAGE)) {
			snprintf(why, len, "%s: flushed [0x%" PRIx64 ", 0x%" PRIx64 "), beyond [0x%" PRIx64 ", 0x%" PRIx64 ")", name,
			         tlb.lo[i], tlb.hi[i], first, last + PAGE);
			return false;
		}
	}
	return true;
}

/* Every so often the whole state; a full walk, so not after every op. */
bool periodic(struct sut *s, size_t i, size_t n, char *why, size_t len)
{
	if (i + 1 == n || i % 512 == 511)
		return check_full(s, why, len);
	if (i % 64 == 63)
		return check_frames(s, why, len);
	return true;
}

/* ---- replaying, shrinking, printing ---- */

/* Index of the first op at which runtime and model part, or -1. */
long replay(const struct ptf_format *f, const struct op *ops, size_t n, char *why, size_t len)
{
	struct sut s;
	sut_open(&s, f);
	long bad = -1;
	for (size_t i = 0; i < n && bad < 0; i++) {
		struct outcome out = run_op(&s, &ops[i]);
		if (!check_after(&s, &ops[i], &out, why, len) || !periodic(&s, i, n, why, len))
			bad = (long)i;
	}
	sut_close(&s);
	return bad;
}

size_t shrink(const struct ptf_format *f, struct op *ops, size_t n)
{
	char why[256];
	for (size_t chunk = n / 2; chunk >= 1; chunk /= 2) {
		for (size_t start = 0; start + 1 < n;) {
			size_t take = chunk < n - 1 - start ? chunk : n - 1 - start; /* keep the failing op */
			if (!take)
				break;
			struct op *trial = malloc(n * sizeof(*trial));
			memcpy(trial, ops, start * sizeof(*ops));
			memcpy(trial + start, ops + start + take, (n - start - take) * sizeof(*ops));
			long bad = replay(f, trial, n - take, why, sizeof(why));
			if (bad >= 0) {
				n = (size_t)bad + 1;
				memcpy(ops, trial, n * sizeof(*ops));
			} else {
				start += take;
			}
			free(trial);
		}
	}
	return n;
}

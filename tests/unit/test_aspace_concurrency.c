/* The concurrency contract of aspace.h, under load: vCPU threads fault overlapping
 * pages of lazy areas and write into them, a reader translates and reads, a writer maps,
 * protects and unmaps another range, all on one address space at once. The end state is
 * checked against what each thread did: every faulted page maps exactly one frame,
 * which holds every write made to it; frames add up; destroy returns every one. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers */
#include <pthread.h>
#include <stdatomic.h>

#include "aspace_fixture.h"

#define VCPUS 4
#define LAZY_GPA GiB
#define LAZY_PAGES 512
#define LINEAR_GPA (2 * GiB)
#define LINEAR_SIZE (2 * MiB)
#define CHURN_GPA (4 * GiB) /* the writer's range, away from the others' */
#define CHURN_ROUNDS 200

struct stress {
	struct aspace_fx fx;
	uint64_t linear_hpa;
	pthread_barrier_t start;
	atomic_int failures;
};

struct vcpu {
	struct stress *s;
	unsigned id;
};

/* What vCPU id writes into page p, at its own offset of the page. */
static uint64_t signature(unsigned id, unsigned p)
{
	return 0x5eed000000000000ull | (uint64_t)id << 32 | p;
}

static void fail(struct stress *s)
{
	atomic_fetch_add(&s->failures, 1);
}

/* Every page of the lazy area, in an order of its own: fault it, then write to it. */
static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	struct stress *s = v->s;
	unsigned order[LAZY_PAGES];
	for (unsigned i = 0; i < LAZY_PAGES; i++)
		order[i] = (i * 97 + v->id * 131) % LAZY_PAGES; /* 97 is prime to 512: a permutation */
	pthread_barrier_wait(&s->start);
	for (unsigned i = 0; i < LAZY_PAGES; i++) {
		uint64_t gpa = LAZY_GPA + (uint64_t)order[i] * PG;
		uint64_t sig = signature(v->id, order[i]);
		if (ptf_aspace_handle_fault(s->fx.as, gpa + 8 * v->id, PTF_W) != PTF_OK ||
		    ptf_aspace_write(s->fx.as, gpa + 8 * v->id, &sig, sizeof(sig)) != PTF_OK)
			fail(s);
	}
	return NULL;
}

/* Translations and reads of the linear area, which never changes, and of the lazy one,
 * whose pages are there or not but never wrong. */
static void *reader_thread(void *arg)
{
	struct stress *s = arg;
	pthread_barrier_wait(&s->start);
	for (unsigned i = 0; i < 4 * LAZY_PAGES; i++) {
		uint64_t off = (uint64_t)(i * 7919u) % LINEAR_SIZE & ~(uint64_t)7, hpa, word;
		if (ptf_aspace_translate(s->fx.as, LINEAR_GPA + off, &hpa, NULL) != PTF_OK || hpa != s->linear_hpa + off)
			fail(s);
		if (ptf_aspace_read(s->fx.as, LINEAR_GPA + off, &word, sizeof(word)) != PTF_OK)
			fail(s);
		int rc = ptf_aspace_translate(s->fx.as, LAZY_GPA + (uint64_t)(i % LAZY_PAGES) * PG, &hpa, NULL);
		if (rc != PTF_OK && rc != PTF_ENOENT)
			fail(s);
	}
	return NULL;
}

/* Changes of another range meanwhile: huge linear maps split by unmaps, protects,
 * populated areas, overwrites. */
static void *writer_thread(void *arg)
{
	struct stress *s = arg;
	struct ptf_aspace *as = s->fx.as;
	pthread_barrier_wait(&s->start);
	for (unsigned i = 0; i < CHURN_ROUNDS; i++) {
		if (ptf_aspace_map_linear(as, CHURN_GPA, ASFX_FAR_HPA, 4 * MiB, AS_RW) != PTF_OK ||
		    ptf_aspace_protect(as, CHURN_GPA + MiB, 2 * MiB, AS_RO) != PTF_OK ||
		    ptf_aspace_unmap(as, CHURN_GPA + 3 * MiB + PG, PG) != PTF_OK ||
		    ptf_aspace_map_alloc_overwrite(as, CHURN_GPA, 16 * PG, AS_RW, i % 2) != PTF_OK ||
		    ptf_aspace_unmap(as, CHURN_GPA, 4 * MiB) != PTF_OK)
			fail(s);
	}
	return NULL;
}

ASPACE_FORMAT_PARAMS(concurrency, vcpus_fault_a_reader_reads_and_a_writer_changes_another_range_at_once)
ParameterizedTest(const unsigned *fi, concurrency, vcpus_fault_a_reader_reads_and_a_writer_changes_another_range_at_once)
{
	struct stress s = { .fx = asfx_open(asfx_format(fi)) };
	atomic_init(&s.failures, 0);
	s.linear_hpa = asfx_ram(&s.fx, LINEAR_SIZE, 2 * MiB, 0x3c);
	cr_assert_eq(ptf_aspace_map_linear(s.fx.as, LINEAR_GPA, s.linear_hpa, LINEAR_SIZE, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(s.fx.as, LAZY_GPA, LAZY_PAGES * PG, AS_RW, false), PTF_OK);
	pthread_barrier_init(&s.start, NULL, VCPUS + 2);
	pthread_t threads[VCPUS + 2];
	struct vcpu vcpus[VCPUS];
	for (unsigned i = 0; i < VCPUS; i++) {
		vcpus[i] = (struct vcpu){ &s, i };
		cr_assert_eq(pthread_create(&threads[i], NULL, vcpu_thread, &vcpus[i]), 0);
	}
	cr_assert_eq(pthread_create(&threads[VCPUS], NULL, reader_thread, &s), 0);
	cr_assert_eq(pthread_create(&threads[VCPUS + 1], NULL, writer_thread, &s), 0);
	for (unsigned i = 0; i < VCPUS + 2; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&s.start);
	cr_expect_eq(atomic_load(&s.failures), 0, "%s: %d calls failed under load", s.fx.fmt->name,
	             atomic_load(&s.failures));

	/* every page maps one frame, which holds every vCPU's write */
	for (unsigned p = 0; p < LAZY_PAGES; p++) {
		uint64_t words[VCPUS];
		cr_assert_eq(ptf_aspace_read(s.fx.as, LAZY_GPA + (uint64_t)p * PG, words, sizeof(words)), PTF_OK);
		for (unsigned id = 0; id < VCPUS; id++)
			cr_assert_eq(words[id], signature(id, p), "%s: page %u lost vCPU %u's write: two frames were mapped",
			             s.fx.fmt->name, p, id);
	}
	struct ptf_aspace_stats st;
	ptf_aspace_stats(s.fx.as, &st);
	cr_expect_eq(st.frames_owned, LAZY_PAGES, "%s: %zu data frames for %d pages", s.fx.fmt->name, st.frames_owned,
	             LAZY_PAGES);
	cr_expect_eq(st.frames_in_use, asfx_hal_frames(&s.fx), "%s: the address space accounts for %zu frames, the HAL %zu",
	             s.fx.fmt->name, st.frames_in_use, asfx_hal_frames(&s.fx));
	asfx_close(&s.fx); /* destroy returns every frame: checked there */
}

/* ---- two faults on one page ---- */

#define RACE_ROUNDS 300
#define RACERS 4

struct race {
	struct ptf_aspace *as;
	pthread_barrier_t go, done;
	uint64_t gpa;
	int rc[RACERS];
	atomic_bool stop;
};

struct racer {
	struct race *r;
	unsigned id;
};

static void *racer_thread(void *arg)
{
	struct racer *me = arg;
	struct race *r = me->r;
	for (;;) {
		pthread_barrier_wait(&r->go);
		if (atomic_load(&r->stop))
			return NULL;
		r->rc[me->id] = ptf_aspace_handle_fault(r->as, r->gpa + me->id, PTF_W);
		pthread_barrier_wait(&r->done);
	}
}

/* RACERS threads fault one page at once, RACE_ROUNDS times: one frame mapped, every
 * racer told 0, no frame kept by a loser. With zeroed_pool, the HAL's frames arrive
 * zeroed, so a fault where the tables exist takes its frame before it links it (no
 * claim) and a loser gives its frame back. */
static void race_on_one_page(const unsigned *fi, bool zeroed_pool)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	if (zeroed_pool)
		cr_assert_eq(ptf_host_hal_keep_zeroed_pages(fx.host, PG, 4 * RACERS), 0);
	struct race r = { .as = fx.as };
	atomic_init(&r.stop, false);
	pthread_barrier_init(&r.go, NULL, RACERS + 1);
	pthread_barrier_init(&r.done, NULL, RACERS + 1);
	pthread_t threads[RACERS];
	struct racer racers[RACERS];
	for (unsigned i = 0; i < RACERS; i++) {
		racers[i] = (struct racer){ &r, i };
		cr_assert_eq(pthread_create(&threads[i], NULL, racer_thread, &racers[i]), 0);
	}
	for (unsigned round = 0; round < RACE_ROUNDS; round++) {
		/* a fresh page each round, half of them under tables that do not exist yet */
		r.gpa = GiB + (uint64_t)(round % 2 ? round * 2 * MiB : round * PG);
		cr_assert_eq(ptf_aspace_map_alloc(fx.as, r.gpa, PG, AS_RW, false), PTF_OK);
		size_t before = asfx_frames(&fx);
		pthread_barrier_wait(&r.go);
		pthread_barrier_wait(&r.done);
		for (unsigned i = 0; i < RACERS; i++)
			cr_assert_eq(r.rc[i], PTF_OK, "%s: round %u: racer %u got %d", fx.fmt->name, round, i, r.rc[i]);
		struct ptf_aspace_stats st;
		ptf_aspace_stats(fx.as, &st);
		cr_assert_eq(st.frames_owned, 1, "%s: round %u: %zu frames for one page", fx.fmt->name, round,
		             st.frames_owned);
		cr_assert_eq(st.frames_in_use, asfx_hal_frames(&fx), "%s: round %u: a racer leaked its frame", fx.fmt->name,
		             round);
		cr_assert_geq(asfx_frames(&fx), before + 1);
		cr_assert_eq(ptf_aspace_unmap(fx.as, r.gpa, PG), PTF_OK);
	}
	atomic_store(&r.stop, true);
	pthread_barrier_wait(&r.go);
	for (unsigned i = 0; i < RACERS; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&r.go);
	pthread_barrier_destroy(&r.done);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(concurrency, faults_racing_on_one_page_map_one_frame_and_all_return_0)
ParameterizedTest(const unsigned *fi, concurrency, faults_racing_on_one_page_map_one_frame_and_all_return_0)
{
	race_on_one_page(fi, false);
}

ASPACE_FORMAT_PARAMS(concurrency, faults_racing_with_zeroed_frames_link_one_and_losers_give_theirs_back)
ParameterizedTest(const unsigned *fi, concurrency, faults_racing_with_zeroed_frames_link_one_and_losers_give_theirs_back)
{
	race_on_one_page(fi, true);
}

/* ---- a fault that loses its slot to another gives its zeroed frame back ---- */

/* The host HAL, with an allocation that lets "another vCPU" link the page first: armed,
 * the next allocation maps a frame of its own at gpa through the raw walker, and then
 * returns the frame the fault asked for. */
static struct {
	const struct ptf_hal *host;
	const struct ptf_format *fmt;
	uint64_t root, gpa, winner_pa;
	bool armed;
} rival;

static uint64_t alloc_after_a_rival_maps(void *ctx, size_t count, size_t align)
{
	uint64_t pa = rival.host->alloc_frames(ctx, count, align);
	if (rival.armed && pa) {
		rival.armed = false;
		rival.winner_pa = rival.host->alloc_frames(ctx, count, align);
		cr_assert_neq(rival.winner_pa, 0);
		cr_assert_eq(rival.fmt->map_page(rival.host, rival.root, rival.gpa, rival.winner_pa, PG, AS_RW), PTF_OK);
	}
	return pa;
}

ASPACE_FORMAT_PARAMS(concurrency, a_fault_that_loses_the_slot_gives_its_zeroed_frame_back_and_returns_0)
ParameterizedTest(const unsigned *fi, concurrency, a_fault_that_loses_the_slot_gives_its_zeroed_frame_back_and_returns_0)
{
	const struct ptf_format *fmt = asfx_format(fi);
	struct ptf_host_hal *host = ptf_host_hal_create(64 << 20);
	cr_assert_not_null(host);
	cr_assert_eq(ptf_host_hal_keep_zeroed_pages(host, PG, 16), 0); /* frames arrive zeroed: no claim */
	struct ptf_hal hal = *ptf_host_hal_get(host);
	hal.alloc_frames = alloc_after_a_rival_maps;
	rival.host = ptf_host_hal_get(host);
	rival.fmt = fmt;
	rival.armed = false;
	struct ptf_aspace *as;
	cr_assert_eq(ptf_aspace_create(&as, fmt, 0, geo_window(fmt), &hal), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(as, GiB, 16 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(as, GiB, PTF_W), PTF_OK); /* the tables exist now */
	rival.root = ptf_aspace_root(as);
	rival.gpa = GiB + PG;
	rival.armed = true;
	size_t before = ptf_host_hal_frames_in_use(host);
	cr_assert_eq(ptf_aspace_handle_fault(as, GiB + PG, PTF_W), PTF_OK, "%s: the loser is told the page is mapped",
	             fmt->name);
	cr_expect(!rival.armed, "%s: the fault took its frame before it linked it", fmt->name);
	uint64_t hpa;
	cr_assert_eq(ptf_aspace_translate(as, GiB + PG, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, rival.winner_pa, "%s: the page maps the winner's frame", fmt->name);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), before + geo_frames_per_page(fmt),
	             "%s: the loser kept its frame (only the winner's should be new)", fmt->name);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0, "%s: destroy left frames in use", fmt->name);
	ptf_host_hal_destroy(host);
}

/* ---- a claimed slot is let go when the fault cannot finish ---- */

static int raw_entry_of_last_depth(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)visit;
	uint64_t *out = arg;
	out[0] = v->entry;
	out[1] = v->depth;
	return 0;
}

ASPACE_FORMAT_PARAMS(concurrency, a_fault_that_gets_no_frame_leaves_its_slot_empty)
ParameterizedTest(const unsigned *fi, concurrency, a_fault_that_gets_no_frame_leaves_its_slot_empty)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 16 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB, PTF_W), PTF_OK); /* the tables exist now */
	size_t before = asfx_frames(&fx);
	ptf_host_hal_fail_after(fx.host, 0);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + PG, PTF_W), PTF_ENOMEM);
	ptf_host_hal_fail_after(fx.host, -1);
	uint64_t seen[2] = { ~0ull, 0 };
	fx.fmt->walk(fx.hal, ptf_aspace_root(fx.as), GiB + PG, PG, PTF_VISIT_INVALID, raw_entry_of_last_depth,
	             seen);
	cr_expect_eq(seen[1], fx.fmt->levels - 1, "%s: the page's slot is in a last-level table", fx.fmt->name);
	cr_assert_eq(seen[0], 0, "%s: the slot holds %#llx, not an empty entry", fx.fmt->name, (unsigned long long)seen[0]);
	cr_expect_eq(asfx_frames(&fx), before, "%s: the failed fault kept a frame", fx.fmt->name);
	/* and the next fault there maps it, without waiting for anyone */
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, GiB + PG, PTF_W), PTF_OK);
	asfx_close(&fx);
}

/* The hosted HAL is thread-safe: single frames come from a cache per CPU, the rest from
 * one shared allocator. Whatever thread a frame was taken or given back on, each frame
 * is handed out once at a time, every frame of the arena can be had, the counts add up,
 * failure injection counts exactly, and a frame given back twice stops the process. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "walker_fixture.h"

#define THREADS 4
#define PER_THREAD 3000

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

struct taker {
	const struct ptf_hal *hal;
	pthread_barrier_t *start;
	uint64_t *frames;
	size_t n;
};

/* Takes n frames, gives every other one back, takes them again: frames cross caches. */
static void *take_frames(void *arg)
{
	struct taker *t = arg;
	pthread_barrier_wait(t->start);
	for (size_t i = 0; i < t->n; i++)
		t->frames[i] = t->hal->alloc_frames(t->hal->ctx, 1, PTF_FRAME_SIZE);
	for (size_t i = 0; i < t->n; i += 2)
		t->hal->free_frames(t->hal->ctx, t->frames[i], 1);
	for (size_t i = 0; i < t->n; i += 2)
		t->frames[i] = t->hal->alloc_frames(t->hal->ctx, 1, PTF_FRAME_SIZE);
	return NULL;
}

Test(host_hal, threads_taking_frames_at_once_get_each_frame_once)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)(THREADS * PER_THREAD + 1024) * PTF_FRAME_SIZE);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	static uint64_t frames[THREADS * PER_THREAD];
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, THREADS);
	struct taker t[THREADS];
	pthread_t th[THREADS];
	for (unsigned i = 0; i < THREADS; i++) {
		t[i] = (struct taker){ hal, &start, frames + i * PER_THREAD, PER_THREAD };
		cr_assert_eq(pthread_create(&th[i], NULL, take_frames, &t[i]), 0);
	}
	for (unsigned i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	qsort(frames, THREADS * PER_THREAD, sizeof(frames[0]), compare_u64);
	cr_assert_neq(frames[0], 0, "every allocation succeeded");
	for (size_t i = 1; i < THREADS * PER_THREAD; i++)
		cr_assert_neq(frames[i], frames[i - 1], "frame %#llx handed out twice", (unsigned long long)frames[i]);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), THREADS * PER_THREAD);
	for (size_t i = 0; i < THREADS * PER_THREAD; i++)
		hal->free_frames(hal->ctx, frames[i], 1);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

static void *take_and_give_back_one(void *arg)
{
	const struct ptf_hal *hal = arg;
	uint64_t pa = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE);
	if (pa)
		hal->free_frames(hal->ctx, pa, 1); /* this thread's cache keeps it, and more */
	return (void *)(uintptr_t)pa;
}

Test(host_hal, every_frame_of_the_arena_can_be_had_though_another_thread_cached_some)
{
	size_t arena_frames = 200;
	struct ptf_host_hal *host = ptf_host_hal_create(arena_frames * PTF_FRAME_SIZE);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	pthread_t th;
	void *pa;
	cr_assert_eq(pthread_create(&th, NULL, take_and_give_back_one, (void *)hal), 0);
	pthread_join(th, &pa);
	cr_assert_neq((uintptr_t)pa, 0);
	size_t got = 0;
	while (hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE))
		got++;
	cr_expect_eq(got, arena_frames, "%zu of %zu frames could be had", got, arena_frames);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), arena_frames);
	ptf_host_hal_destroy(host);
}

static void *give_back(void *arg)
{
	struct taker *t = arg;
	for (size_t i = 0; i < t->n; i++)
		t->hal->free_frames(t->hal->ctx, t->frames[i], 1);
	return NULL;
}

Test(host_hal, frames_given_back_on_another_thread_leave_the_count_exact)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)4096 * PTF_FRAME_SIZE);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	uint64_t frames[300];
	for (size_t i = 0; i < 300; i++)
		cr_assert_neq(frames[i] = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE), 0);
	struct taker t = { hal, NULL, frames, 100 };
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, give_back, &t), 0);
	pthread_join(th, NULL);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 200);
	for (size_t i = 100; i < 300; i++)
		hal->free_frames(hal->ctx, frames[i], 1);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

Test(host_hal, failure_injection_counts_successes_exactly_with_frames_cached)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)4096 * PTF_FRAME_SIZE);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	uint64_t cached = hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE); /* fills this CPU's cache */
	hal->free_frames(hal->ctx, cached, 1);
	ptf_host_hal_fail_after(host, 3);
	for (unsigned i = 0; i < 3; i++)
		cr_expect_neq(hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE), 0, "allocation %u of 3 succeeds", i + 1);
	cr_expect_eq(hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE), 0, "the fourth fails");
	cr_expect_eq(hal->alloc_frames(hal->ctx, 2, PTF_FRAME_SIZE), 0, "and every later one");
	ptf_host_hal_fail_after(host, -1);
	cr_expect_neq(hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE), 0, "until reset");
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 4);
	ptf_host_hal_destroy(host);
}

/* Runs misuse in a child process: true when it was stopped by SIGABRT. */
static bool aborts(void (*misuse)(const struct ptf_hal *hal, uint64_t pa))
{
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct ptf_host_hal *host = ptf_host_hal_create((size_t)256 * PTF_FRAME_SIZE);
		const struct ptf_hal *hal = ptf_host_hal_get(host);
		misuse(hal, hal->alloc_frames(hal->ctx, 1, PTF_FRAME_SIZE));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void free_twice(const struct ptf_hal *hal, uint64_t pa)
{
	hal->free_frames(hal->ctx, pa, 1);
	hal->free_frames(hal->ctx, pa, 1);
}

static void free_twice_the_second_time_in_a_run(const struct ptf_hal *hal, uint64_t pa)
{
	hal->free_frames(hal->ctx, pa, 1);
	uint64_t run = hal->alloc_frames(hal->ctx, 2, 2 * PTF_FRAME_SIZE);
	hal->free_frames(hal->ctx, run, 2);
	hal->free_frames(hal->ctx, run, 2);
}

/* beyond what the first allocation's cache refill took: a frame still in a CPU cache
 * counts as handed out (host_hal.c), and its free would go unnoticed */
static void free_a_frame_never_handed_out(const struct ptf_hal *hal, uint64_t pa)
{
	hal->free_frames(hal->ctx, pa + 160 * PTF_FRAME_SIZE, 1);
}

static void free_outside_the_arena(const struct ptf_hal *hal, uint64_t pa)
{
	(void)pa;
	hal->free_frames(hal->ctx, 0x1000, 1);
}

static void free_the_one_frame_it_took(const struct ptf_hal *hal, uint64_t pa)
{
	hal->free_frames(hal->ctx, pa, 1);
}

Test(host_hal, a_frame_given_back_twice_stops_the_process)
{
	cr_expect(aborts(free_twice), "a single frame freed twice");
	cr_expect(aborts(free_twice_the_second_time_in_a_run), "a run freed twice");
	cr_expect(aborts(free_a_frame_never_handed_out), "a free frame freed");
	cr_expect(aborts(free_outside_the_arena), "a frame outside the arena freed");
	cr_expect(!aborts(free_the_one_frame_it_took), "the control: one free of a frame taken is fine");
}

/* ops_parallel.c: fault_parallel_1 and fault_parallel_2: warm faults (every table
 * present) on distinct pages of one address space, by one thread and by two at once,
 * through ptf_aspace_handle_fault. A sample is one run's wall time divided by the faults
 * it made: the cost of a fault in throughput, so that fault_parallel_1 /
 * fault_parallel_2 is how much two CPUs gain over one.
 *
 * Each thread takes its frames from a list of its own, filled before the runs from the
 * host HAL's pre-zeroed pool, as a hypervisor keeps free frames per CPU: what is timed is
 * ptforge's fault path, not an allocator shared by the threads, nor zeroing (cold frames
 * are zeroed at the speed of memory, which the CPUs share). Each thread faults its own
 * half of the area, as vCPUs touching their own
 * guest memory do: its tables, and their counts, are its own. Each thread is pinned to a
 * CPU of its own, as a hypervisor pins vCPUs (left to itself, the scheduler may keep both
 * on one CPU for the few milliseconds a run lasts). The threads start each run together
 * from a barrier they spin on: no run waits for a sleeping thread to wake (a wake-up
 * takes tens of microseconds on a VM, as long as a run). A run lasts from the first
 * thread's start to the last one's end. Specialised only: the generic walker makes no promise to
 * run in parallel. */
#define _GNU_SOURCE /* pthread_setaffinity_np */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "phase.h"

#define AREA_GPA GiB
#define AREA_SIZE GiB
#define MAX_THREADS 2
#define MAX_RUNS 64

/* Each thread's frames, popped by its faults. */
struct vcpu_frames {
	_Alignas(128) uint64_t *frame; /* a line of its own */
	size_t n;
};

static const struct ptf_hal *host_hal;
static struct ptf_hal vcpu_hal;
static uint64_t vcpu_page;       /* the format's granule: what a fault takes */
static _Thread_local struct vcpu_frames *my_frames; /* NULL: the host HAL's */

static uint64_t vcpu_alloc(void *ctx, size_t count, size_t align)
{
	if (count == vcpu_page / PTF_FRAME_SIZE && align <= vcpu_page && my_frames && my_frames->n)
		return my_frames->frame[--my_frames->n];
	return host_hal->alloc_frames(ctx, count, align);
}

/* The host HAL with each worker's frame list in front of its allocator. */
static const struct ptf_hal *with_vcpu_frames(struct ptf_host_hal *host)
{
	host_hal = ptf_host_hal_get(host);
	vcpu_hal = *host_hal;
	vcpu_hal.alloc_frames = vcpu_alloc;
	return &vcpu_hal;
}

/* n frames from the host HAL's zeroed pool into *v. */
static void fill_frames(struct vcpu_frames *v, size_t n)
{
	v->frame = malloc(n * sizeof(*v->frame));
	if (!v->frame)
		bench_die("frame list", PTF_ENOMEM);
	for (v->n = 0; v->n < n; v->n++)
		if (!(v->frame[v->n] = host_hal->alloc_frames(host_hal->ctx, vcpu_page / PTF_FRAME_SIZE, vcpu_page)))
			bench_die("frame list", PTF_ENOMEM);
}

/* Gives what a worker did not use back to the host HAL. */
static void empty_frames(struct vcpu_frames *v)
{
	while (v->n)
		host_hal->free_frames(host_hal->ctx, v->frame[--v->n], vcpu_page / PTF_FRAME_SIZE);
	free(v->frame);
}

/* What the threads share: a barrier before each run. */
struct runs {
	atomic_size_t arrived; /* thread-runs about to start: run n starts when all
	                          threads have arrived for it, (n + 1) * threads */
	size_t threads;
};

/* Waits for every thread to arrive for run `run`, spinning (pinned threads each have a
 * CPU); yields now and then in case two threads share one. */
static void start_together(struct runs *runs, size_t run)
{
	size_t all = (run + 1) * runs->threads;
	atomic_fetch_add_explicit(&runs->arrived, 1, memory_order_acq_rel);
	for (unsigned spins = 1; atomic_load_explicit(&runs->arrived, memory_order_acquire) < all; spins++) {
		if (spins % 4096 == 0)
			sched_yield();
#if defined(__x86_64__) || defined(__i386__)
		else
			__builtin_ia32_pause();
#endif
	}
}

struct worker {
	_Alignas(128) const struct rig *r; /* a line of its own: nothing here is shared */
	struct runs *runs;
	size_t n_runs, per_run;
	uint64_t span;         /* one last-level table's span */
	uint64_t pages;        /* pages in a span */
	size_t first, regions; /* this worker's last-level tables */
	int cpu;               /* to pin to, or -1 */
	struct vcpu_frames *frames;
	uint64_t *t_start, *t_end; /* per run */
	int rc;
};

static void pin(int cpu)
{
	if (cpu < 0)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set); /* unpinned if refused */
}

/* The CPUs this process may use, the first n of them in cpus[]; how many there are. */
static int usable_cpus(int *cpus, int n)
{
	cpu_set_t set;
	int found = 0;
	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (int c = 0; c < CPU_SETSIZE && found < n; c++)
		if (CPU_ISSET(c, &set))
			cpus[found++] = c;
	return found;
}

/* Fault k of this worker goes to page 1 + k % (pages - 1) of its region k / (pages - 1),
 * page after page, as a vCPU goes through its memory: every region's table exists, and
 * no fault repeats a page. (Cycling over the regions instead, fault by fault, made one
 * of two threads half as fast with 16 KiB pages: their sixteen tables each, 32 KiB
 * apart, fell into the same cache sets.) */
static void *fault_worker(void *arg)
{
	struct worker *w = arg;
	pin(w->cpu);
	my_frames = w->frames;
	size_t k = 0;
	int rc = 0; /* a local: the workers' structs sit side by side */
	for (size_t run = 0; run < w->n_runs; run++) {
		start_together(w->runs, run);
		w->t_start[run] = bench_ticks();
		for (size_t i = 0; i < w->per_run; i++, k++) {
			uint64_t gpa = AREA_GPA + (w->first + k / (w->pages - 1)) * w->span +
			               (1 + k % (w->pages - 1)) * w->r->page;
			rc |= ptf_aspace_handle_fault(w->r->as, gpa, PTF_W);
		}
		w->t_end[run] = bench_ticks();
	}
	w->rc = rc;
	return NULL;
}

static void time_parallel_faults(struct phase *p, unsigned threads)
{
	const struct bench_config *c = p->run->config;
	size_t per_thread = faults_for(p->fmt, c->parallel_faults) / threads, runs = c->parallel_runs;
	uint64_t span = last_level_table_span(p->fmt);
	size_t regions = (size_t)(AREA_SIZE / span);
	uint64_t page = ptf_format_granule(p->fmt);
	if (per_thread * runs > regions / threads * (span / page - 1))
		bench_die("fault_parallel: more faults than the area has pages", PTF_EINVAL);
	size_t faults = per_thread * threads * runs;
	struct rig r;
	vcpu_page = page;
	rig_open_with(&r, p->fmt, SPECIALISED, (faults + 2 * regions + 64) * page + 4 * MiB, with_vcpu_frames);
	rig_add_lazy_area(&r, AREA_GPA, AREA_SIZE);
	for (size_t i = 0; i < regions; i++)
		if (rig_fault(&r, AREA_GPA + i * span))
			bench_die("pre-fault", PTF_ENOMEM);
	if (ptf_host_hal_keep_zeroed_pages(r.host, page, faults))
		bench_die("zeroed pool", PTF_ENOMEM);
	struct vcpu_frames frames[MAX_THREADS];
	for (unsigned i = 0; i < threads; i++)
		fill_frames(&frames[i], per_thread * runs);
	vcpu_hal.frames_zeroed = true; /* the lists' frames came from the pool */
	struct runs shared = { .threads = threads };
	atomic_init(&shared.arrived, 0);
	int cpus[MAX_THREADS];
	bool pinned = usable_cpus(cpus, (int)threads) == (int)threads;
	struct worker w[MAX_THREADS];
	pthread_t t[MAX_THREADS];
	uint64_t ticks[MAX_THREADS][2][MAX_RUNS];
	if (runs > MAX_RUNS)
		bench_die("fault_parallel: too many runs", PTF_EINVAL);
	for (unsigned i = 0; i < threads; i++) {
		w[i] = (struct worker){ &r, &shared, runs, per_thread, span, span / page, i * (regions / threads), regions / threads,
			                pinned ? cpus[i] : -1, &frames[i], ticks[i][0], ticks[i][1], 0 };
		if (pthread_create(&t[i], NULL, fault_worker, &w[i]))
			bench_die("start a thread", PTF_ENOMEM);
	}
	int rc = 0;
	for (unsigned i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		rc |= w[i].rc;
	}
	for (size_t run = 0; run < runs; run++) {
		uint64_t t0 = ticks[0][0][run], t1 = ticks[0][1][run];
		for (unsigned i = 1; i < threads; i++) {
			t0 = ticks[i][0][run] < t0 ? ticks[i][0][run] : t0;
			t1 = ticks[i][1][run] > t1 ? ticks[i][1][run] : t1;
		}
		measured_push(p->out[0], bench_elapsed_ns(p->run->timer, t0, t1) / (double)(per_thread * threads));
	}
	for (unsigned i = 0; i < threads; i++)
		empty_frames(&frames[i]);
	if (rc)
		bench_die("parallel faults", rc);
	rig_close(&r);
}

static void one_thread_phase(struct phase *p)
{
	time_parallel_faults(p, 1);
}

static void two_threads_phase(struct phase *p)
{
	time_parallel_faults(p, 2);
}

void bench_parallel(const struct bench_run *run, const struct ptf_format *fmt)
{
	static const struct op_group groups[] = {
		{ .ops = { "fault_parallel_1" }, .phase = one_thread_phase, .specialised_only = true },
		{ .ops = { "fault_parallel_2" }, .phase = two_threads_phase, .specialised_only = true },
	};
	run_op_groups(run, fmt, groups, sizeof(groups) / sizeof(groups[0]));
}

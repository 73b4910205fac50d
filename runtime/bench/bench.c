/* bench.c: `ptf bench`, fault-path and walker latency per format: options, the run's
 * order, the report.
 *
 * Every operation is timed one call at a time (timer.h) and summarised as percentiles,
 * once for the specialised walker and once for the classic generic walker
 * (generic_walker.h), in separate phases, each on its own fresh tree (phase.h). In the
 * same run it measures the floors: zeroing a 4 KiB frame and one frame-allocator pop
 * (floors.c), and per format a chain of as many dependent loads as the format has levels
 * (ops_translate.c). The fault paths are timed through the address-space API (area
 * look-up included, for both walkers); map/unmap/protect/translate at the walker
 * interface. fault_parallel_1 and _2 time warm faults by one and by two threads at once
 * (ops_parallel.c), the specialised walker only. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "phase.h"
#include "report.h"
#include "subcommands.h"

static const struct bench_config full_config = {
	.cold_rounds = 32, .warm_faults = 100000, .lookups = 1600000, .small_map_size = GiB, .protect_size = 64 * MiB,
	.page_region = 64 * MiB, .map_reps = 20, .huge_reps = 2000, .protect_reps = 100, .page_reps = 6,
	.floor_reps = 100000, .parallel_faults = 8192, .parallel_runs = 24,
};

static const struct bench_config quick_config = {
	.cold_rounds = 1, .warm_faults = 2000, .lookups = 8192, .small_map_size = 16 * MiB, .protect_size = 2 * MiB,
	.page_region = 4 * MiB, .map_reps = 2, .huge_reps = 20, .protect_reps = 4, .page_reps = 2, .floor_reps = 2000,
	.parallel_faults = 256, .parallel_runs = 2,
};

static int bench_help(FILE *f)
{
	fprintf(f, "usage: ptf bench [--format NAME]... [--quick] [--seed N] [--json FILE] [--csv FILE]\n"
	           "                 [--plot FILE.svg|FILE.png|FILE.pdf]\n"
	           "Measure per-operation latency (p50, p90, p99, p99.9, max, mean) of the fault path and the\n"
	           "walkers for every built format (or those named), the specialised walker and a generic\n"
	           "data-driven walker each alone on its own tree, against the floors (zeroing a 4 KiB frame,\n"
	           "a frame-allocator pop, a chain of one load per level), all in one run; then the targets.\n"
	           "  --format NAME   only this format (repeatable)\n"
	           "  --quick         tiny sizes: a smoke run of a few seconds\n"
	           "  --seed N        seed for the random addresses (default 1)\n"
	           "  --json FILE     write the results as a JSON array of records\n"
	           "  --csv FILE      write the results as CSV\n"
	           "  --plot FILE     draw latency CDFs per operation with gnuplot, as SVG, PNG or PDF\n"
	           "                  (as the file's extension says)\n"
	           "  -h, --help      this text\n"
	           "Output files are checked before the run: one that cannot be written stops it at once.\n");
	return f == stdout ? 0 : 2;
}

struct bench_options {
	const char *formats[64];
	size_t n_formats; /* 0: every built format */
	const char *json, *csv, *plot;
	bool quick;
	uint64_t seed;
};

/* -1 when the run goes on, else the exit status to return at once (help, a bad option) */
static int parse_options(int argc, char **argv, struct bench_options *o)
{
	static const struct option opts[] = {
		{ "help", no_argument, 0, 'h' },       { "format", required_argument, 0, 'f' },
		{ "quick", no_argument, 0, 'q' },      { "seed", required_argument, 0, 's' },
		{ "json", required_argument, 0, 'j' }, { "csv", required_argument, 0, 'c' },
		{ "plot", required_argument, 0, 'p' }, { 0, 0, 0, 0 },
	};
	*o = (struct bench_options){ .seed = 1 };
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': return bench_help(stdout);
		case 'f':
			if (!ptf_format_find(optarg)) {
				fprintf(stderr, "ptf bench: unknown format '%s' (ptf formats lists them)\n", optarg);
				return 2;
			}
			if (o->n_formats < 64)
				o->formats[o->n_formats++] = optarg;
			break;
		case 'q': o->quick = true; break;
		case 's': {
			char *end;
			o->seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg) {
				fprintf(stderr, "ptf bench: bad --seed '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'j': o->json = optarg; break;
		case 'c': o->csv = optarg; break;
		case 'p': o->plot = optarg; break;
		default: return bench_help(stderr);
		}
	}
	if (optind < argc)
		return bench_help(stderr);
	return -1;
}

/* Before the run, which takes minutes: each output file can be written where it is named
 * (and the plot drawn as asked), else 2 after one line saying why; -1 when the run goes on. */
static int check_outputs(const struct bench_options *o)
{
	const struct {
		const char *option, *path;
		bool drawn;
	} outputs[] = { { "--json", o->json, false }, { "--csv", o->csv, false }, { "--plot", o->plot, true } };
	for (size_t k = 0; k < sizeof(outputs) / sizeof(outputs[0]); k++) {
		if (!outputs[k].path)
			continue;
		char why[4200];
		const char *problem = output_path_problem(outputs[k].path, why, sizeof(why));
		if (!problem && outputs[k].drawn)
			problem = plot_problem(outputs[k].path, why, sizeof(why));
		if (problem) {
			fprintf(stderr, "ptf bench: %s %s: %s\n", outputs[k].option, outputs[k].path, problem);
			return 2;
		}
	}
	return -1;
}

static bool wanted(const struct bench_options *o, const char *format)
{
	for (size_t k = 0; k < o->n_formats; k++)
		if (!strcmp(o->formats[k], format))
			return true;
	return o->n_formats == 0;
}

static int write_files(const struct bench_options *o, const struct results *rs, const struct bench_timer *t)
{
	int status = 0;
	if (o->json && write_json(o->json, rs, t, o->seed, o->quick)) {
		fprintf(stderr, "ptf bench: --json %s: cannot be written: %s\n", o->json, strerror(errno));
		status = 2;
	}
	if (o->csv && write_csv(o->csv, rs)) {
		fprintf(stderr, "ptf bench: --csv %s: cannot be written: %s\n", o->csv, strerror(errno));
		status = 2;
	}
	int plotted = o->plot ? write_plot(o->plot, rs) : 0;
	if (plotted == -1)
		fprintf(stderr, "ptf bench: --plot %s: not drawn: its gnuplot script cannot be written: %s\n", o->plot,
		        strerror(errno));
	else if (plotted)
		fprintf(stderr, "ptf bench: --plot %s: gnuplot failed to draw it\n", o->plot);
	if (plotted)
		status = 2;
	return status;
}

int cmd_bench(int argc, char **argv)
{
	struct bench_options o;
	int status = parse_options(argc, argv, &o);
	if (status < 0)
		status = check_outputs(&o);
	if (status >= 0)
		return status;
	struct bench_timer t;
	bench_timer_calibrate(&t);
	fprintf(stderr,
	        "ptf bench: clock %s, %.4f ns/tick, overhead %.1f ns subtracted (an empty measurement's median: %.1f ns),"
	        " seed %llu%s\n",
	        t.source, t.ns_per_tick, t.overhead_ns, t.median_empty_ns, (unsigned long long)o.seed,
	        o.quick ? ", quick" : "");
	struct results rs = { 0 };
	const struct bench_run run = { .config = o.quick ? &quick_config : &full_config, .timer = &t, .seed = o.seed,
		                       .results = &rs };
	fprintf(stderr, "ptf bench: floors\n");
	bench_floors(&run);
	for (size_t i = 0; ptf_formats[i]; i++) {
		const struct ptf_format *f = ptf_formats[i];
		if (!wanted(&o, f->name))
			continue;
		fprintf(stderr, "ptf bench: %s: faults\n", f->name);
		bench_faults(&run, f);
		fprintf(stderr, "ptf bench: %s: translate\n", f->name);
		bench_translate(&run, f);
		fprintf(stderr, "ptf bench: %s: map, unmap, protect\n", f->name);
		bench_maps(&run, f);
		fprintf(stderr, "ptf bench: %s: parallel faults\n", f->name);
		bench_parallel(&run, f);
		fprintf(stderr, "ptf bench: %s: dirty logging\n", f->name);
		bench_dirty_log(&run, f);
		fprintf(stderr, "ptf bench: %s: access tracking\n", f->name);
		bench_age(&run, f);
	}
	results_summarise(&rs);
	print_table(stdout, &rs);
	print_fault_floor(stdout, &rs);
	print_targets(stdout, &rs);
	status = write_files(&o, &rs, &t);
	results_free(&rs);
	return status;
}

/* report.h: what `ptf bench` prints and writes once a run is summarised. */
#ifndef PTF_BENCH_REPORT_H
#define PTF_BENCH_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "results.h"
#include "timer.h"

/* report_table.c: the table, the fault floor lines and the targets section */
void print_table(FILE *out, const struct results *rs);
void print_fault_floor(FILE *out, const struct results *rs);
void print_targets(FILE *out, const struct results *rs);

/* report_files.c: 0, or -1 (errno set) when the file cannot be written */
int write_json(const char *path, const struct results *rs, const struct bench_timer *t, uint64_t seed, bool quick);
int write_csv(const char *path, const struct results *rs);
/* Before the run: NULL when a file can be written at path (nothing is created), else why
 * not, written to why (a phrase to follow "--json PATH: ") */
const char *output_path_problem(const char *path, char *why, size_t size);

/* report_plot.c: before the run, NULL when --plot path can be drawn (its extension names
 * a format, gnuplot is installed and has that terminal), else why not, written to why */
const char *plot_problem(const char *path, char *why, size_t size);
/* 0; -1 (errno set) when its script cannot be written in $TMPDIR (or /tmp); -2 when
 * gnuplot failed (its messages on stderr). The script is removed either way. */
int write_plot(const char *path, const struct results *rs);

#endif

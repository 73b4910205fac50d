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

/* report_files.c: 0, or -1 when the file cannot be written */
int write_json(const char *path, const struct results *rs, const struct bench_timer *t, uint64_t seed, bool quick);
int write_csv(const char *path, const struct results *rs);

/* report_plot.c */
bool have_gnuplot(void);
int write_plot(const char *path, const struct results *rs);

#endif

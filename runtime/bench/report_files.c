/* report_files.c: the results as JSON (an array of records) and CSV, one per result, and
 * the check, before the run, that an output file can be written where it is named. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* What every JSON record repeats about the run. */
struct run_facts {
	const struct bench_timer *timer;
	uint64_t seed;
	bool quick;
};

typedef void (*row_writer)(FILE *f, const struct result *r, bool last, const struct run_facts *run);

/* head, a row per result, tail; 0 or -1 */
static int write_rows(const char *path, const struct results *rs, const char *head, const char *tail, row_writer row,
                      const struct run_facts *run)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(head, f);
	for (size_t i = 0; i < rs->n; i++)
		row(f, rs->r[i], i + 1 == rs->n, run);
	fputs(tail, f);
	bool failed = ferror(f); /* (a full disk shows here or at fclose) */
	if (fclose(f) || failed)
		return -1;
	return 0;
}

static void json_number(FILE *f, const char *key, double v)
{
	if (isnan(v))
		fprintf(f, ", \"%s\": null", key);
	else
		fprintf(f, ", \"%s\": %.2f", key, v);
}

static void json_record(FILE *f, const struct result *r, bool last, const struct run_facts *run)
{
	const struct summary *s = &r->spec.s;
	fprintf(f, "  {\"format\": \"%s\", \"op\": \"%s\", \"n\": %zu", r->format, r->op, r->spec.n);
	json_number(f, "p50_ns", s->p50);
	json_number(f, "p90_ns", s->p90);
	json_number(f, "p99_ns", s->p99);
	json_number(f, "p999_ns", s->p999);
	json_number(f, "max_ns", s->max);
	json_number(f, "mean_ns", s->mean);
	json_number(f, "generic_p50_ns", r->generic.n ? r->generic.s.p50 : NAN);
	json_number(f, "ratio", result_ratio(r));
	fprintf(f, ", \"clock\": \"%s\", \"seed\": %llu, \"quick\": %s}%s\n", run->timer->source,
	        (unsigned long long)run->seed, run->quick ? "true" : "false", last ? "" : ",");
}

static void csv_row(FILE *f, const struct result *r, bool last, const struct run_facts *run)
{
	(void)last;
	(void)run;
	const struct summary *s = &r->spec.s;
	fprintf(f, "%s,%s,%zu,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,", r->format, r->op, r->spec.n, s->p50, s->p90, s->p99,
	        s->p999, s->max, s->mean);
	if (r->generic.n)
		fprintf(f, "%.2f,%.3f\n", r->generic.s.p50, result_ratio(r));
	else
		fprintf(f, ",\n");
}

int write_json(const char *path, const struct results *rs, const struct bench_timer *t, uint64_t seed, bool quick)
{
	const struct run_facts run = { t, seed, quick };
	return write_rows(path, rs, "[\n", "]\n", json_record, &run);
}

int write_csv(const char *path, const struct results *rs)
{
	return write_rows(path, rs, "format,op,n,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,generic_p50_ns,ratio\n", "",
	                  csv_row, NULL);
}

static const char *say(char *why, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *say(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return why;
}

/* Asked of the file system with stat and access, never by opening: the run takes minutes,
 * and one that fails must not leave an empty file behind. */
const char *output_path_problem(const char *path, char *why, size_t size)
{
	size_t len = strlen(path);
	if (!len)
		return say(why, size, "an empty file name");
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return say(why, size, "is a directory");
		if (access(path, W_OK))
			return say(why, size, "cannot be written: %s", strerror(errno));
		return NULL;
	}
	if (errno != ENOENT && errno != ENOTDIR)
		return say(why, size, "cannot be written: %s", strerror(errno));
	if (path[len - 1] == '/')
		return say(why, size, "names a folder, not a file");
	char copy[4096];
	if (len >= sizeof(copy))
		return say(why, size, "cannot be written: %s", strerror(ENAMETOOLONG));
	memcpy(copy, path, len + 1);
	const char *folder = dirname(copy);
	if (stat(folder, &st))
		return errno == ENOENT ? say(why, size, "folder %s does not exist", folder)
		                       : say(why, size, "folder %s: %s", folder, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return say(why, size, "%s is not a folder", folder);
	if (access(folder, W_OK | X_OK))
		return say(why, size, "folder %s cannot be written: %s", folder, strerror(errno));
	return NULL;
}

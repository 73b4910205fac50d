/* tests/standin/runner.c: runs the unit suites where Criterion cannot (ThreadSanitizer,
 * cross builds under qemu-user; see criterion/criterion.h): each test, with each of its
 * parameters, in a child process, two at a time; prints a Criterion-like summary and
 * exits non-zero on any failure, any crash and any sanitizer report (the children run
 * with halt_on_error). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "criterion/criterion.h"

#define EXIT_FAILED 1
#define EXIT_SKIPPED 77

static struct crs_test *tests;
static bool expect_failed;

void crs_register(struct crs_test *t)
{
	t->next = tests;
	tests = t;
}

void crs_check(bool ok, bool fatal, const char *file, int line, const char *what, const char *fmt, ...)
{
	if (ok)
		return;
	fprintf(stderr, "[----] %s:%d: %s failed: %s\n[----]   ", file, line, fatal ? "assertion" : "expectation", what);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (fatal)
		_exit(EXIT_FAILED);
	expect_failed = true;
}

void crs_skip(const char *fmt, ...)
{
	(void)fmt;
	_exit(EXIT_SKIPPED);
}

struct outcome {
	unsigned passed, failed, crashed, skipped;
};

static pid_t start(struct crs_test *t, size_t i)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (t->run) {
			t->run();
		} else {
			struct crs_params p = t->params();
			t->run_param((char *)p.items + i * p.size);
		}
		_exit(expect_failed ? EXIT_FAILED : 0);
	}
	return pid;
}

static void finish(pid_t pid, struct crs_test *t, struct outcome *o)
{
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		o->passed++;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIPPED) {
		o->skipped++;
	} else if (WIFEXITED(status)) {
		o->failed++;
		fprintf(stderr, "[FAIL] %s::%s\n", t->suite, t->name);
	} else {
		o->crashed++;
		fprintf(stderr, "[FAIL] %s::%s: CRASH (signal %d)\n", t->suite, t->name, WTERMSIG(status));
	}
}

int main(void)
{
	struct outcome o = { 0 };
	enum { JOBS = 2 };
	struct { pid_t pid; struct crs_test *t; } running[JOBS];
	unsigned n = 0;
	for (struct crs_test *t = tests; t; t = t->next) {
		size_t count = t->run ? 1 : t->params().count;
		for (size_t i = 0; i < count; i++) {
			if (n == JOBS) {
				finish(running[0].pid, running[0].t, &o);
				running[0] = running[1];
				n--;
			}
			running[n].pid = start(t, i);
			running[n++].t = t;
		}
	}
	while (n) {
		n--;
		finish(running[n].pid, running[n].t, &o);
	}
	printf("[====] Synthesis: Tested: %u | Passing: %u | Failing: %u | Crashing: %u | Skipped: %u\n",
	       o.passed + o.failed + o.crashed + o.skipped, o.passed, o.failed, o.crashed, o.skipped);
	return o.failed || o.crashed ? 1 : 0;
}

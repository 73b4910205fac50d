/* demo.c: `ptf demo` (what `make run` shows). One scenario, run once for every built
 * format: RAM mapped linearly with huge pages, a lazy area faulted in, a device window,
 * part of the RAM unmapped again (splitting a huge leaf), translations and walks.
 * `ptf demo FILE` runs another scenario body the same way. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "cli.h"
#include "script.h"
#include "size_name.h"
#include "subcommands.h"

/* The leaf sizes the demo expects (%1$s, %2$s, %3$s) are the format's (see leaf_sizes);
 * the hole is its smallest page (%5$s), one page into the RAM (%4$s). */
static const char demo_body[] =
	"# RAM: 2 GiB + 2 MiB at GPA 1 GiB, host 4 GiB: the largest leaves the format has\n"
	"# (on x86 and ARM 4 KiB: a 1 GiB leaf, a 1 GiB leaf, a 2 MiB leaf)\n"
	"map linear 0x4000_0000 0x1_0000_0000 0x8020_0000 rwx\n"
	"expect leaf 0x4000_0000 %1$s\n"
	"expect leaf 0xc000_0000 %2$s\n"
	"# a lazy area: the first fault maps a zeroed frame, the second finds it mapped\n"
	"map alloc 0x100_0000 1M rw- lazy\n"
	"expect unmapped 0x100_2000\n"
	"fault 0x100_2345 w\n"
	"fault 0x100_2fff r\n"
	"expect read 0x100_2000 00000000\n"
	"fault 0x100_3000 x\n"
	"expect error EACCESS\n"
	"fault 0x2000_0000 r\n"
	"expect error ENOAREA\n"
	"# a device window\n"
	"map linear 0x900_0000 0x3f00_0000 64K rw- device\n"
	"# punch a hole of the smallest page into the first leaf: it splits a level at a time\n"
	"unmap %4$s %5$s\n"
	"expect unmapped %4$s\n"
	"expect leaf 0x4000_0000 %5$s\n"
	"expect leaf 0x4020_0000 %3$s\n"
	"expect translate 0x8000_3039 0x1_4000_3039\n"
	"translate 0x4000_0000\n"
	"translate 0x8000_3039\n"
	"translate 0x900_0010\n"
	"walk 0x4000_0000\n"
	"walk %4$s\n"
	"walk 0x100_2000\n"
	"walk 0x900_0010\n"
	"write 0x100_2000 c0ffee\n"
	"read 0x100_2000 4\n"
	"stats\n";

#define DEMO_RAM_GPA 0x40000000ull
#define DEMO_RAM_HPA 0x100000000ull
#define DEMO_RAM_END (DEMO_RAM_GPA + 0x80200000ull)

/* The largest page of fmt that can map at (gpa onto hpa, below end). */
static uint64_t leaf_at(const struct ptf_format *fmt, uint64_t gpa, uint64_t hpa, uint64_t end)
{
	uint64_t best = ptf_format_granule(fmt);
	for (unsigned i = 0; i < fmt->n_page_sizes; i++) {
		uint64_t p = fmt->page_sizes[i];
		if (gpa % p == 0 && hpa % p == 0 && gpa + p <= end)
			best = p;
	}
	return best;
}

/* What the demo's expect lines say for fmt: the leaf at the RAM's start and at 3 GiB,
 * and, after the hole, the leaf at 0x4020_0000: the largest page below the first leaf
 * whose aligned range misses the hole (a split goes one level at a time). */
static void leaf_sizes(const struct ptf_format *fmt, char names[5][24])
{
	uint64_t page = ptf_format_granule(fmt), hole = DEMO_RAM_GPA + page;
	uint64_t first = leaf_at(fmt, DEMO_RAM_GPA, DEMO_RAM_HPA, DEMO_RAM_END);
	uint64_t at3g = leaf_at(fmt, 0xc0000000ull, DEMO_RAM_HPA + 0x80000000ull, DEMO_RAM_END);
	uint64_t after = page, probe = 0x40200000ull;
	for (unsigned i = 0; i < fmt->n_page_sizes; i++) {
		uint64_t p = fmt->page_sizes[i], start = probe / p * p;
		if (p < first && !(hole >= start && hole < start + p))
			after = p;
	}
	/* beyond the first leaf (the format's largest page is 2 MiB), the hole split nothing
	 * there: the leaf is the one mapped at first */
	if (probe >= DEMO_RAM_GPA + first)
		after = leaf_at(fmt, probe, DEMO_RAM_HPA + (probe - DEMO_RAM_GPA), DEMO_RAM_END);
	size_name(first, names[0], sizeof(names[0]));
	size_name(at3g, names[1], sizeof(names[1]));
	size_name(after, names[2], sizeof(names[2]));
	snprintf(names[3], sizeof(names[3]), "%#llx", (unsigned long long)hole);
	size_name(page, names[4], sizeof(names[4]));
}

/* The whole file, or NULL after one line on standard error saying why. */
static char *read_all(const char *path)
{
	FILE *f = cli_open_input("ptf demo", path);
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *more = realloc(buf, cap *= 2);
			if (!more)
				free(buf);
			buf = more;
		}
	}
	if (ferror(f) || !buf) {
		fprintf(stderr, "ptf demo: %s: cannot read\n", path);
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
	}
	cli_close_input(f);
	return buf;
}

int cmd_demo(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))) {
		FILE *f = argc == 2 ? stdout : stderr;
		fprintf(f, "usage: ptf demo [BODY_FILE]\n"
		           "Run a scenario body (the built-in demo by default) once for every built format,\n"
		           "each time after a 'format NAME' line, echoing each command. Messages give the\n"
		           "body file's own lines. Exit 0 when every run held, 1 when one did not, 2 when\n"
		           "the body cannot be read or parsed.\n"
		           "  -h, --help   this text\n");
		return f == stdout ? 0 : 2;
	}
	char *custom = argc == 2 ? read_all(argv[1]) : NULL;
	if (argc == 2 && !custom)
		return 2;
	const char *body = custom ? custom : demo_body;
	int status = 0;
	for (size_t i = 0; ptf_formats[i] && status < 2; i++) {
		const struct ptf_format *f = ptf_formats[i];
		size_t len = strlen(body) + 256;
		char *text = malloc(len), name[160], sizes[5][24];
		if (!text) {
			fprintf(stderr, "ptf demo: out of memory\n");
			status = 2;
			break;
		}
		if (custom) {
			snprintf(text, len, "%s", body);
			snprintf(name, sizeof(name), "%s", argv[1]);
		} else {
			leaf_sizes(f, sizes);
			snprintf(text, len, body, sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]);
			snprintf(name, sizeof(name), "<demo %s>", f->name);
		}
		/* the format line is the demo's, not the body's: line 0, so the body's lines keep
		 * their numbers; echoed as the body's lines are */
		struct script_command format = { .op = OP_FORMAT, .fmt = f };
		char format_text[96];
		snprintf(format_text, sizeof(format_text), "format %s", f->name);
		format.text = strdup(format_text);
		FILE *in = fmemopen(text, strlen(text), "r");
		struct script s;
		int errors = in ? script_parse_after(&s, &format, name, in, stderr) : 1;
		if (in)
			fclose(in);
		else
			free(format.text);
		/* a bad body is as bad for every format: said once, and nothing runs */
		if (errors) {
			status = 2;
		} else {
			printf("== %s: %s\n", f->name, f->description);
			if (script_run(&s, &(struct script_run_options){ .flags = SCRIPT_ECHO }, stdout, stderr))
				status = 1;
			printf("\n");
		}
		if (in)
			script_free(&s);
		free(text);
	}
	free(custom);
	return status;
}

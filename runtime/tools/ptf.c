/* ptf.c: the one ptforge command. Subcommands:
 *   ptf run FILE...        run scenario scripts (- for stdin), say how many passed
 *   ptf formats            list the built formats
 *   ptf walk FORMAT GPA    map one page and show its walk, for quick looks
 *   ptf demo               the built-in demo scenario (what `make run` shows)
 *   ptf bench              fault-path and walker latency per format
 * Every subcommand takes --help. Output formats are in docs/scenario-language.md. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "cli.h"
#include "script.h"
#include "size_name.h"
#include "subcommands.h"

static int run_help(FILE *f)
{
	fprintf(f, "usage: ptf run [--quiet] [--echo] [--arena SIZE] FILE...\n"
	           "Run scenario scripts (docs/scenario-language.md); '-' reads standard input.\n"
	           "With several files, ends with 'ptf run: N of M scripts passed'.\n"
	           "Exit 0 when every command and expectation held, 1 when one did not, 2 on a bad script\n"
	           "or a file that cannot be read.\n"
	           "  -q, --quiet       do not print command output (translate, walk, dump, stats, read)\n"
	           "  -e, --echo        print each command as '> LINE' before its output\n"
	           "  -a, --arena SIZE  host memory for each address space (default 1G; 1M to 256G);\n"
	           "                    a script's 'arena SIZE' line overrides it\n"
	           "  -h, --help        this text\n");
	return f == stdout ? 0 : 2;
}

/* One script file: 0 passed, 1 failed, 2 bad or unreadable. */
static int run_file(const char *name, const struct script_run_options *o, FILE *out)
{
	FILE *in = cli_open_input("ptf run", name);
	if (!in)
		return 2;
	struct script s;
	int errors = script_parse(&s, strcmp(name, "-") ? name : "<stdin>", in, stderr);
	cli_close_input(in);
	int status = errors ? 2 : script_run(&s, o, out, stderr) ? 1 : 0;
	script_free(&s);
	return status;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, 0, 'h' }, { "quiet", no_argument, 0, 'q' },
		                              { "echo", no_argument, 0, 'e' }, { "arena", required_argument, 0, 'a' },
		                              { 0, 0, 0, 0 } };
	struct script_run_options o = { 0 };
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hqea:", opts, NULL)) != -1) {
		if (c == 'h')
			return run_help(stdout);
		if (c == 'q') {
			quiet = true;
		} else if (c == 'e') {
			o.flags |= SCRIPT_ECHO;
		} else if (c == 'a') {
			if (!cli_size("ptf run", "--arena", optarg, &o.arena))
				return 2;
			if (script_arena_problem(o.arena)) {
				fprintf(stderr, "ptf run: --arena %s: %s\n", optarg, script_arena_problem(o.arena));
				return 2;
			}
		} else {
			return run_help(stderr);
		}
	}
	if (optind >= argc)
		return run_help(stderr);
	FILE *out = quiet ? fopen("/dev/null", "w") : stdout;
	if (!out) {
		perror("ptf run: /dev/null");
		return 2;
	}
	int status = 0, passed = 0, files = argc - optind;
	for (int i = optind; i < argc; i++) {
		int one = run_file(argv[i], &o, out);
		passed += one == 0;
		if (one > status)
			status = one;
	}
	if (quiet)
		fclose(out);
	if (files > 1)
		printf("ptf run: %d of %d scripts passed\n", passed, files);
	return status;
}

static int formats_help(FILE *f)
{
	fprintf(f, "usage: ptf formats\n"
	           "List the built formats, one per line:\n"
	           "  NAME levels N input BITS output BITS pages SIZE,... root BYTES align BYTES register NAME\n"
	           "  -h, --help   this text\n");
	return f == stdout ? 0 : 2;
}

static int cmd_formats(int argc, char **argv)
{
	if (argc > 1)
		return formats_help(strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ? stderr : stdout);
	for (size_t i = 0; ptf_formats[i]; i++) {
		const struct ptf_format *f = ptf_formats[i];
		char sz[24];
		printf("%s levels %u input %u output %u pages ", f->name, f->levels, f->input_bits, f->output_bits);
		for (unsigned k = 0; k < f->n_page_sizes; k++)
			printf("%s%s", k ? "," : "", size_name(f->page_sizes[k], sz, sizeof(sz)));
		printf(" root %" PRIu64 " align %" PRIu64 " register %s\n", f->root_bytes, f->root_align, f->root_register_name);
	}
	return 0;
}

static int walk_help(FILE *f)
{
	fprintf(f, "usage: ptf walk FORMAT GPA [HPA [SIZE [PERMS]]]\n"
	           "Map GPA -> HPA (default: HPA = GPA) linearly for SIZE bytes (default 4K) with PERMS\n"
	           "(default rw-) in a fresh address space of FORMAT, then print the walk of GPA:\n"
	           "  depth D index I entry 0xRAW table|leaf SIZE|invalid\n"
	           "Exit 2 when an argument is bad or the mapping is refused (the message names the\n"
	           "argument).\n"
	           "  -h, --help   this text\n");
	return f == stdout ? 0 : 2;
}

static int cmd_walk(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return walk_help(stdout);
	if (argc < 3 || argc > 6)
		return walk_help(stderr);
	/* line 0: the runner's messages name the command line's arguments, no script line */
	struct script_command format = { .op = OP_FORMAT, .fmt = ptf_format_find(argv[1]) };
	struct script_command map = { .op = OP_MAP_LINEAR, .size = 4096, .flags = PTF_R | PTF_W };
	struct script_command walk = { .op = OP_WALK };
	char shown[SCRIPT_TOKEN_BUF];
	if (!format.fmt) {
		fprintf(stderr, "ptf walk: unknown format '%s' (ptf formats lists them)\n",
		        script_token_shown(argv[1], strlen(argv[1]), shown));
		return 2;
	}
	static const char *const what[] = { "GPA", "HPA", "SIZE" };
	uint64_t *dest[] = { &map.gpa, &map.hpa, &map.size };
	for (int i = 2; i < argc && i < 5; i++)
		if (!script_number(argv[i], dest[i - 2])) {
			fprintf(stderr, "ptf walk: bad %s '%s'\n", what[i - 2], script_token_shown(argv[i], strlen(argv[i]), shown));
			return 2;
		}
	if (argc < 4)
		map.hpa = map.gpa;
	if (argc > 5 && !script_perms(argv[5], &map.flags)) {
		fprintf(stderr, "ptf walk: bad PERMS '%s' (e.g. rw- or r-x)\n",
		        script_token_shown(argv[5], strlen(argv[5]), shown));
		return 2;
	}
	walk.gpa = map.gpa;
	struct script s = { .file = strdup("ptf walk") };
	script_append(&s, &format);
	script_append(&s, &map);
	script_append(&s, &walk);
	int status = script_run(&s, NULL, stdout, stderr) ? 2 : 0;
	script_free(&s);
	return status;
}

static int usage(FILE *f)
{
	fprintf(f, "usage: ptf COMMAND [ARGS]\n"
	           "commands:\n"
	           "  run FILE...           run scenario scripts\n"
	           "  formats               list the built formats\n"
	           "  walk FORMAT GPA ...   map a page and show its walk\n"
	           "  demo                  the built-in demo scenario\n"
	           "  bench                 fault-path and walker latency per format\n"
	           "options:\n"
	           "  -h, --help            this text; 'ptf COMMAND --help' describes each command\n"
	           "  --version             the version\n"
	           "The manual: man ptf (docs/ptf.1).\n");
	return f == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))
		return usage(stdout);
	if (!strcmp(cmd, "--version")) {
		printf("ptf %s\n", PTF_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "formats"))
		return cmd_formats(argc - 1, argv + 1);
	if (!strcmp(cmd, "walk"))
		return cmd_walk(argc - 1, argv + 1);
	if (!strcmp(cmd, "demo"))
		return cmd_demo(argc - 1, argv + 1);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(argc - 1, argv + 1);
	fprintf(stderr, "ptf: unknown command '%s'\n", cmd);
	return usage(stderr);
}

/* cli.c: refusing, in one line and before any work, the arguments a subcommand cannot use. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "script.h"

FILE *cli_open_input(const char *command, const char *path)
{
	if (!strcmp(path, "-"))
		return stdin;
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s: cannot open: %s\n", command, path, strerror(errno));
		return NULL;
	}
	/* fopen takes a directory for reading; only its reads fail */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: %s: is a directory, not a file\n", command, path);
		fclose(f);
		return NULL;
	}
	return f;
}

void cli_close_input(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

bool cli_size(const char *command, const char *option, const char *text, uint64_t *out)
{
	if (!script_number(text, out)) {
		char shown[SCRIPT_TOKEN_BUF];
		fprintf(stderr, "%s: %s: bad size '%s' (e.g. 4G or 0x1_0000_0000)\n", command, option,
		        script_token_shown(text, strlen(text), shown));
		return false;
	}
	return true;
}

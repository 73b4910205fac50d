/* cli.h: what every ptf subcommand does with the files and sizes on its command line. */
#ifndef PTF_CLI_H
#define PTF_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Opens a file the subcommand reads ("-": standard input), or says in one line on
 * standard error why it cannot ("ptf run: tests/scripts: is a directory") and returns
 * NULL. */
FILE *cli_open_input(const char *command, const char *path);
void cli_close_input(FILE *f);

/* A size argument as scripts write it (2G, 0x4000_0000), or one line on standard error
 * and false. */
bool cli_size(const char *command, const char *option, const char *text, uint64_t *out);

#endif

/* subcommands.h: the ptf subcommands that live in their own files. */
#ifndef PTF_SUBCOMMANDS_H
#define PTF_SUBCOMMANDS_H

int cmd_demo(int argc, char **argv);
int cmd_bench(int argc, char **argv);

#endif

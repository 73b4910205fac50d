/* script.h: a parsed scenario script (docs/scenario-language.md): one command per
 * line, checked completely before anything runs. */
#ifndef PTF_SCRIPT_H
#define PTF_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ptforge/format.h>

enum script_op {
	OP_FORMAT, OP_WINDOW, OP_MAP_LINEAR, OP_MAP_ALLOC, OP_UNMAP, OP_PROTECT, OP_CLEAR,
	OP_FAULT, OP_TRANSLATE, OP_WALK, OP_DUMP, OP_STATS, OP_WRITE, OP_READ, OP_BUFFER, OP_POPULATE, OP_VMID,
	OP_DIRTY_START, OP_DIRTY_STOP, OP_DIRTY_GET, OP_AGE, OP_COLLAPSE, OP_ARENA,
	OP_EXPECT_TRANSLATE, OP_EXPECT_UNMAPPED, OP_EXPECT_LEAF, OP_EXPECT_ENTRY,
	OP_EXPECT_FRAMES, OP_EXPECT_READ, OP_EXPECT_DIRTY, OP_EXPECT_ACCESSED, OP_EXPECT_OK, OP_EXPECT_ERROR,
};

/* Where each argument was written (1-based columns; 0: not given, or a command built
 * from a command line, whose messages name the argument without a place). */
struct script_columns {
	unsigned command, gpa, hpa, size, flags, value;
};

struct script_command {
	enum script_op op;
	unsigned line;                /* 0: built from a command line (ptf walk), no line */
	struct script_columns at;
	const struct ptf_format *fmt; /* format */
	uint64_t gpa, hpa, size;      /* size: also window size, leaf size, read length, arena */
	uint64_t value;               /* expect entry: raw; expect frames, dirty, accessed: count; vmid */
	unsigned depth;               /* expect entry */
	unsigned flags;               /* permissions and memory type; fault: access */
	bool populate;                /* map alloc */
	bool huge_faults;             /* map alloc ... huge */
	bool overwrite;               /* map ... overwrite: replaces what the range overlaps */
	bool clear;                   /* dirty-log get */
	int error;                    /* expect error NAME: the code; 0 for any error */
	unsigned char *bytes;         /* write, expect read */
	size_t nbytes;
	char *text;                   /* the line as written, for echoing */
};

struct script {
	char *file;
	struct script_command *cmds;
	size_t n, cap;
};

/* Parse the whole input; every bad line is reported on err as FILE:LINE:COL: message
 * (the first SCRIPT_MAX_MESSAGES, then how many more). Returns the number of errors (0:
 * the script may run), or -1 when the input cannot be read (reported too). */
int script_parse(struct script *s, const char *file, FILE *in, FILE *err);
/* The same after a first command the caller made (a `format` line for a scenario body,
 * line 0), so that the input's own lines keep their numbers. */
int script_parse_after(struct script *s, const struct script_command *first, const char *file, FILE *in, FILE *err);
/* One argument as the script language reads it; false if it is not one. */
bool script_number(const char *text, uint64_t *out);
bool script_perms(const char *text, unsigned *out);
/* Append a command (for tools that build scripts from their arguments). */
void script_append(struct script *s, const struct script_command *c);
void script_free(struct script *s);

#define SCRIPT_ECHO 0x1u /* print each command ("> LINE") before its output */

/* The host memory each address space of a script gets unless an `arena` line says
 * otherwise (ptf run --arena): an mmap'd NORESERVE arena, so only frames used cost. */
#define SCRIPT_ARENA_DEFAULT ((uint64_t)1 << 30)
#define SCRIPT_ARENA_MIN ((uint64_t)1 << 20)
#define SCRIPT_ARENA_MAX ((uint64_t)256 << 30)

/* NULL, or why an arena of that many bytes cannot be had */
const char *script_arena_problem(uint64_t bytes);

struct script_run_options {
	unsigned flags;         /* SCRIPT_ECHO */
	uint64_t arena;         /* 0: SCRIPT_ARENA_DEFAULT */
};

/* Run a parsed script; command output on out, failures on err as
 * FILE:LINE:COL: COMMAND: what went wrong (docs/scenario-language.md). Returns 0 when
 * every command and expectation held. */
int script_run(const struct script *s, const struct script_run_options *o, FILE *out, FILE *err);

/* ---- script_messages.c: how problems are written ---- */

/* At most this many messages per script on standard error; then a count of the rest. */
#define SCRIPT_MAX_MESSAGES 20
/* A token quoted in a message is cut to this many characters (then "..."). */
#define SCRIPT_TOKEN_SHOWN 40

struct script_messages {
	FILE *err;
	const char *file;
	unsigned shown;
	unsigned long more;
};

/* Starts one message: "FILE:LINE:COL: " (line 0: "FILE: "), or false when the limit is
 * reached (the message is counted, and the caller writes nothing). */
bool script_message_begin(struct script_messages *m, unsigned line, unsigned col);
/* "FILE: N more WHAT not shown" when any were held back. */
void script_messages_end(struct script_messages *m, const char *what);
/* text[0, len) as a message quotes it: printable ASCII, others as \xNN, cut to
 * SCRIPT_TOKEN_SHOWN characters; into buf (at least SCRIPT_TOKEN_BUF bytes). */
#define SCRIPT_TOKEN_BUF (4 * SCRIPT_TOKEN_SHOWN + 8)
const char *script_token_shown(const char *text, size_t len, char *buf);
/* The command's name as a script writes it ("map linear", "expect frames"). */
const char *script_op_name(enum script_op op);

/* ---- script_explain.c: a failed command in the script's own terms ---- */

/* What the explanation may draw on: the address space's format and window, the host
 * memory it had. */
struct script_context {
	const struct ptf_format *fmt;
	uint64_t base, size;        /* the window */
	uint64_t arena, arena_used; /* bytes */
};

/* Writes "ARGUMENT VALUE is what is wrong (ENAME)" for c failing with rc into buf; returns
 * the column of the argument at fault (c->at.command when no one argument is). */
unsigned script_explain(const struct script_command *c, int rc, const struct script_context *ctx, char *buf,
                        size_t len);

#endif

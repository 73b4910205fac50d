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
	OP_DIRTY_START, OP_DIRTY_STOP, OP_DIRTY_GET, OP_AGE, OP_COLLAPSE,
	OP_EXPECT_TRANSLATE, OP_EXPECT_UNMAPPED, OP_EXPECT_LEAF, OP_EXPECT_ENTRY,
	OP_EXPECT_FRAMES, OP_EXPECT_READ, OP_EXPECT_DIRTY, OP_EXPECT_ACCESSED, OP_EXPECT_OK, OP_EXPECT_ERROR,
};

struct script_command {
	enum script_op op;
	unsigned line;
	const struct ptf_format *fmt; /* format */
	uint64_t gpa, hpa, size;      /* size: also window size, leaf size, read length */
	uint64_t value;               /* expect entry: raw; expect frames, dirty, accessed: count; vmid */
	unsigned depth;               /* expect entry */
	unsigned flags;               /* permissions and memory type; fault: access */
	bool populate;                /* map alloc */
	bool huge_faults;             /* map alloc ... huge */
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

/* Parse the whole input; every bad line is reported on err as FILE:LINE:COL: message.
 * Returns the number of errors (0: the script may run). */
int script_parse(struct script *s, const char *file, FILE *in, FILE *err);
/* One argument as the script language reads it; false if it is not one. */
bool script_number(const char *text, uint64_t *out);
bool script_perms(const char *text, unsigned *out);
/* Append a command (for tools that build scripts from their arguments). */
void script_append(struct script *s, const struct script_command *c);
void script_free(struct script *s);

#define SCRIPT_ECHO 0x1u /* print each command ("> LINE") before its output */

/* Run a parsed script; command output on out, failures on err as
 * FILE:LINE: expected ..., got .... Returns 0 when every command and expectation held. */
int script_run(const struct script *s, unsigned options, FILE *out, FILE *err);

#endif

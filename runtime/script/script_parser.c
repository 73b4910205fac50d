/* script_parser.c: a small recursive-descent parser over the re2c scanner's tokens.
 * Each line is one command; everything the runner needs is checked here (numbers,
 * permissions, arity, format names, that a format comes first), so a bad script
 * runs nothing. */
#define _POSIX_C_SOURCE 200809L
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ptforge/errors.h>
#include <ptforge/flags.h>

#include "script_lexer.h"

struct line_parser {
	unsigned line;
	struct script_messages *msg; /* NULL: silent (the single-token helpers) */
	struct script_command *cmd;  /* the command being filled: its argument columns */
	struct script_lexer lx;
	struct script_token tok;   /* the current token */
	unsigned end_col;          /* column just past the last character before a comment */
	bool failed;
};

static void advance(struct line_parser *p)
{
	script_lexer_next(&p->lx, &p->tok);
}

static void fail_at(struct line_parser *p, unsigned col, const char *fmt, ...)
{
	if (p->failed)
		return; /* one message per line: the first problem */
	p->failed = true;
	if (!p->msg || !script_message_begin(p->msg, p->line, col))
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(p->msg->err, fmt, ap);
	fputc('\n', p->msg->err);
	va_end(ap);
}

/* The current token as a message quotes it (cut and escaped), valid to the end of the
 * enclosing statement's block. */
#define TOKEN(p) script_token_shown((p)->tok.text, (p)->tok.len, (char[SCRIPT_TOKEN_BUF]){ 0 })

/* Records where the argument stored at out was written, for run-time messages. */
static void note_column(struct line_parser *p, const void *out)
{
	struct script_command *c = p->cmd;
	if (!c)
		return;
	if (out == &c->gpa)
		c->at.gpa = p->tok.col;
	else if (out == &c->hpa)
		c->at.hpa = p->tok.col;
	else if (out == &c->size)
		c->at.size = p->tok.col;
	else if (out == &c->flags)
		c->at.flags = p->tok.col;
	else if (out == &c->value || out == &c->bytes)
		c->at.value = p->tok.col;
}

static bool tok_is(const struct line_parser *p, const char *word)
{
	return p->tok.kind == TOK_WORD && strlen(word) == p->tok.len && !strncmp(p->tok.text, word, p->tok.len);
}

/* A required number argument named what. */
static bool number(struct line_parser *p, const char *what, uint64_t *out)
{
	if (p->failed)
		return false;
	switch (p->tok.kind) {
	case TOK_END:
		fail_at(p, p->end_col, "missing %s", what);
		return false;
	case TOK_NUMBER:
		*out = p->tok.value;
		note_column(p, out);
		advance(p);
		return true;
	case TOK_BADNUM:
		fail_at(p, p->tok.col, "number '%s' does not fit 64 bits", TOKEN(p));
		return false;
	default:
		fail_at(p, p->tok.col, "bad number '%s' for %s", TOKEN(p), what);
		return false;
	}
}

/* PERMS: three characters [r-][w-][x-], then an optional u. */
static bool perms(struct line_parser *p, unsigned *out)
{
	if (p->failed)
		return false;
	if (p->tok.kind == TOK_END) {
		fail_at(p, p->end_col, "missing PERMS");
		return false;
	}
	const char *s = p->tok.text;
	size_t n = p->tok.len;
	if ((n == 3 || (n == 4 && s[3] == 'u')) && (s[0] == 'r' || s[0] == '-') &&
	    (s[1] == 'w' || s[1] == '-') && (s[2] == 'x' || s[2] == '-')) {
		*out = (s[0] == 'r' ? PTF_R : 0) | (s[1] == 'w' ? PTF_W : 0) | (s[2] == 'x' ? PTF_X : 0) |
		       (n == 4 ? PTF_U : 0);
		note_column(p, out);
		advance(p);
		return true;
	}
	fail_at(p, p->tok.col, "bad PERMS '%s' (want rwx with - for absent, e.g. rw- or r-x, optionally followed by u)",
	        TOKEN(p));
	return false;
}

/* ACCESS: a non-empty set of r, w, x. */
static bool access_kind(struct line_parser *p, unsigned *out)
{
	if (p->failed)
		return false;
	if (p->tok.kind == TOK_END) {
		fail_at(p, p->end_col, "missing ACCESS");
		return false;
	}
	unsigned a = 0;
	for (size_t i = 0; i < p->tok.len; i++) {
		unsigned bit = p->tok.text[i] == 'r' ? PTF_R : p->tok.text[i] == 'w' ? PTF_W : p->tok.text[i] == 'x' ? PTF_X : 0;
		if (p->tok.kind != TOK_WORD || !bit || (a & bit)) {
			fail_at(p, p->tok.col, "bad ACCESS '%s' (want some of r, w, x, e.g. w or rx)", TOKEN(p));
			return false;
		}
		a |= bit;
	}
	*out = a;
	note_column(p, out);
	advance(p);
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* HEXBYTES: an even number of hex digits (an optional 0x, '_' separators allowed). */
static bool hexbytes(struct line_parser *p, struct script_command *c)
{
	if (p->failed)
		return false;
	if (p->tok.kind == TOK_END) {
		fail_at(p, p->end_col, "missing HEXBYTES");
		return false;
	}
	const char *s = p->tok.text, *end = s + p->tok.len;
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t digits = 0;
	bool ok = true;
	for (const char *q = s; q < end; q++) {
		if (*q == '_')
			continue;
		if (hex_digit(*q) < 0)
			ok = false;
		digits++;
	}
	if (!ok || digits == 0 || digits % 2) {
		fail_at(p, p->tok.col, "bad HEXBYTES '%s' (want an even number of hex digits)", TOKEN(p));
		return false;
	}
	c->bytes = malloc(digits / 2);
	c->nbytes = digits / 2;
	note_column(p, &c->bytes);
	size_t i = 0;
	int hi = -1;
	for (const char *q = s; q < end; q++) {
		if (*q == '_')
			continue;
		if (hi < 0) {
			hi = hex_digit(*q);
		} else {
			c->bytes[i++] = (unsigned char)(hi << 4 | hex_digit(*q));
			hi = -1;
		}
	}
	advance(p);
	return true;
}

static void end_of_line(struct line_parser *p)
{
	if (!p->failed && p->tok.kind != TOK_END)
		fail_at(p, p->tok.col, "unexpected '%s' (too many arguments)", TOKEN(p));
}

/* Optional trailing keyword among choices; returns its index or -1. */
static int optional_word(struct line_parser *p, const char *const *choices, size_t n)
{
	if (p->failed || p->tok.kind == TOK_END)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (tok_is(p, choices[i])) {
			advance(p);
			return (int)i;
		}
	return -1;
}

static bool format_name(struct line_parser *p, struct script_command *c)
{
	if (p->tok.kind == TOK_END) {
		fail_at(p, p->end_col, "missing format NAME");
		return false;
	}
	char *name = strndup(p->tok.text, p->tok.len);
	c->fmt = name ? ptf_format_find(name) : NULL;
	free(name);
	if (!c->fmt) {
		fail_at(p, p->tok.col, "unknown format '%s' (ptf formats lists them)", TOKEN(p));
		return false;
	}
	advance(p);
	return true;
}

static bool error_name(struct line_parser *p, struct script_command *c)
{
	const char *bare = p->tok.text;
	size_t len = p->tok.len;
	if (len > 4 && !strncasecmp(bare, "PTF_", 4)) {
		bare += 4;
		len -= 4;
	}
	for (int code = -1; code > -PTF_ERROR_COUNT; code--) {
		const char *n = ptf_error_name(code);
		/* EEXIST, or EXIST (the code's name without the PTF_E prefix) */
		if ((strlen(n) == len && !strncasecmp(bare, n, len)) || (strlen(n + 1) == len && !strncasecmp(bare, n + 1, len))) {
			c->error = code;
			c->at.value = p->tok.col;
			advance(p);
			return true;
		}
	}
	fail_at(p, p->tok.col, "unknown error name '%s' (e.g. EEXIST, ENOMEM)", TOKEN(p));
	return false;
}

/* a dirty-log or age bitmap the runner allocates: 2 MiB at most */
#define DIRTY_GET_MAX ((uint64_t)64 << 30)

static void parse_expect(struct line_parser *p, struct script_command *c)
{
	unsigned col = p->tok.col;
	if (p->tok.kind == TOK_END) {
		fail_at(p, p->end_col, "missing what to expect (translate, unmapped, leaf, entry, frames, read, dirty, "
		                       "accessed, ok, error)");
	} else if (tok_is(p, "translate")) {
		advance(p);
		c->op = OP_EXPECT_TRANSLATE;
		if (number(p, "GPA", &c->gpa))
			number(p, "HPA", &c->hpa);
	} else if (tok_is(p, "unmapped")) {
		advance(p);
		c->op = OP_EXPECT_UNMAPPED;
		number(p, "GPA", &c->gpa);
	} else if (tok_is(p, "leaf")) {
		advance(p);
		c->op = OP_EXPECT_LEAF;
		if (number(p, "GPA", &c->gpa))
			number(p, "SIZE", &c->size);
	} else if (tok_is(p, "entry")) {
		advance(p);
		c->op = OP_EXPECT_ENTRY;
		uint64_t depth = 0;
		unsigned depth_col = 0;
		if (number(p, "GPA", &c->gpa) && (depth_col = p->tok.col) && number(p, "DEPTH", &depth) &&
		    number(p, "RAW", &c->value)) {
			if (depth >= PTF_MAX_LEVELS)
				fail_at(p, depth_col, "DEPTH %llu is beyond any format", (unsigned long long)depth);
			c->depth = (unsigned)depth;
		}
	} else if (tok_is(p, "frames")) {
		advance(p);
		c->op = OP_EXPECT_FRAMES;
		number(p, "N", &c->value);
	} else if (tok_is(p, "read")) {
		advance(p);
		c->op = OP_EXPECT_READ;
		if (number(p, "GPA", &c->gpa))
			hexbytes(p, c);
	} else if (tok_is(p, "dirty")) {
		advance(p);
		c->op = OP_EXPECT_DIRTY;
		unsigned size_col = 0;
		if (number(p, "GPA", &c->gpa) && (size_col = p->tok.col) && number(p, "SIZE", &c->size) &&
		    number(p, "N", &c->value) && c->size > DIRTY_GET_MAX)
			fail_at(p, size_col, "expect dirty of %llu bytes: at most 64 GiB", (unsigned long long)c->size);
	} else if (tok_is(p, "accessed")) {
		advance(p);
		c->op = OP_EXPECT_ACCESSED;
		unsigned size_col = 0;
		if (number(p, "GPA", &c->gpa) && (size_col = p->tok.col) && number(p, "SIZE", &c->size) &&
		    number(p, "N", &c->value) && c->size > DIRTY_GET_MAX)
			fail_at(p, size_col, "expect accessed of %llu bytes: at most 64 GiB", (unsigned long long)c->size);
	} else if (tok_is(p, "ok")) {
		advance(p);
		c->op = OP_EXPECT_OK;
	} else if (tok_is(p, "error")) {
		advance(p);
		c->op = OP_EXPECT_ERROR;
		if (p->tok.kind != TOK_END)
			error_name(p, c);
	} else {
		fail_at(p, col, "unknown expectation '%s'", TOKEN(p));
	}
}

/* An optional keyword that is present but not one of the choices is a typo, not an
 * extra argument: say what was expected. */
static int keyword_or_typo(struct line_parser *p, const char *const *choices, size_t n, const char *what,
                           const char *listed)
{
	int k = optional_word(p, choices, n);
	if (k < 0 && !p->failed && p->tok.kind == TOK_WORD)
		fail_at(p, p->tok.col, "unknown %s '%s' (%s)", what, TOKEN(p), listed);
	return k;
}

static const char *const memtypes[] = { "device", "uncached" };
static const unsigned memtype_flags[] = { PTF_DEVICE, PTF_UNCACHED };
static const char *const alloc_modes[] = { "lazy", "populate", "huge" };
static const char *const dirty_log_ops[] = { "start", "stop", "get" };
static const enum script_op dirty_log_op_codes[] = { OP_DIRTY_START, OP_DIRTY_STOP, OP_DIRTY_GET };
static const char *const get_modes[] = { "clear" };
static const char *const overwrite_word[] = { "overwrite" };

const char *script_arena_problem(uint64_t bytes)
{
	/* whole frames of the largest granule (64 KiB); the HAL's bookkeeping is a few
	 * bytes per 4 KiB frame of it, allocated whether used or not */
	if (bytes < SCRIPT_ARENA_MIN || bytes > SCRIPT_ARENA_MAX || bytes % (64 << 10))
		return "want a multiple of 64K from 1M to 256G";
	return NULL;
}

/* One line into c; false if it holds no command or a bad one. */
static bool parse_line(struct line_parser *p, struct script_command *c, bool *have_format)
{
	advance(p);
	if (p->tok.kind == TOK_END)
		return false;
	unsigned col = p->tok.col;
	if (p->tok.kind != TOK_WORD) {
		fail_at(p, col, "unknown command '%s'", TOKEN(p));
		return false;
	}
	char word[32];
	snprintf(word, sizeof(word), "%.*s", (int)(p->tok.len < sizeof(word) ? p->tok.len : sizeof(word) - 1), p->tok.text);
	struct script_token first = p->tok;
	c->at.command = col;
	advance(p);
	bool needs_format = true;
	if (first.len >= sizeof(word))
		word[0] = '\0'; /* too long to be a command */
	if (!strcmp(word, "format")) {
		c->op = OP_FORMAT;
		needs_format = false;
		format_name(p, c);
	} else if (!strcmp(word, "window")) {
		c->op = OP_WINDOW;
		if (number(p, "BASE", &c->gpa))
			number(p, "SIZE", &c->size);
	} else if (!strcmp(word, "arena")) {
		c->op = OP_ARENA;
		needs_format = false;
		unsigned size_col = p->tok.col;
		if (number(p, "SIZE", &c->size) && script_arena_problem(c->size))
			fail_at(p, size_col, "arena of %llu bytes: %s", (unsigned long long)c->size, script_arena_problem(c->size));
	} else if (!strcmp(word, "map")) {
		if (tok_is(p, "linear")) {
			advance(p);
			c->op = OP_MAP_LINEAR;
			if (number(p, "GPA", &c->gpa) && number(p, "HPA", &c->hpa) && number(p, "SIZE", &c->size) &&
			    perms(p, &c->flags)) {
				int m = tok_is(p, "overwrite") ? -1 : keyword_or_typo(p, memtypes, 2, "memory type", "device or uncached");
				if (m >= 0)
					c->flags |= memtype_flags[m];
				c->overwrite = optional_word(p, overwrite_word, 1) == 0;
			}
		} else if (tok_is(p, "alloc")) {
			advance(p);
			c->op = OP_MAP_ALLOC;
			if (number(p, "GPA", &c->gpa) && number(p, "SIZE", &c->size) && perms(p, &c->flags)) {
				int mode = tok_is(p, "overwrite") ? -1 : keyword_or_typo(p, alloc_modes, 3, "alloc mode", "lazy, populate or huge");
				c->populate = mode == 1;
				c->huge_faults = mode == 2;
				unsigned col = p->tok.col;
				c->overwrite = optional_word(p, overwrite_word, 1) == 0;
				if (c->overwrite && c->huge_faults)
					fail_at(p, col, "a huge area cannot overwrite (lazy or populate)");
			}
		} else if (p->tok.kind == TOK_END) {
			fail_at(p, p->end_col, "missing map kind (linear or alloc)");
		} else {
			fail_at(p, p->tok.col, "unknown map kind '%s' (linear or alloc)", TOKEN(p));
		}
	} else if (!strcmp(word, "unmap")) {
		c->op = OP_UNMAP;
		if (number(p, "GPA", &c->gpa))
			number(p, "SIZE", &c->size);
	} else if (!strcmp(word, "protect")) {
		c->op = OP_PROTECT;
		if (number(p, "GPA", &c->gpa) && number(p, "SIZE", &c->size) && perms(p, &c->flags)) {
			int m = keyword_or_typo(p, memtypes, 2, "memory type", "device or uncached");
			if (m >= 0)
				c->flags |= memtype_flags[m];
		}
	} else if (!strcmp(word, "clear")) {
		c->op = OP_CLEAR;
	} else if (!strcmp(word, "fault")) {
		c->op = OP_FAULT;
		if (number(p, "GPA", &c->gpa))
			access_kind(p, &c->flags);
	} else if (!strcmp(word, "translate")) {
		c->op = OP_TRANSLATE;
		number(p, "GPA", &c->gpa);
	} else if (!strcmp(word, "walk")) {
		c->op = OP_WALK;
		number(p, "GPA", &c->gpa);
	} else if (!strcmp(word, "dump")) {
		c->op = OP_DUMP;
	} else if (!strcmp(word, "stats")) {
		c->op = OP_STATS;
	} else if (!strcmp(word, "write")) {
		c->op = OP_WRITE;
		if (number(p, "GPA", &c->gpa))
			hexbytes(p, c);
	} else if (!strcmp(word, "read")) {
		c->op = OP_READ;
		unsigned len_col = 0;
		if (number(p, "GPA", &c->gpa) && (len_col = p->tok.col) && number(p, "LEN", &c->size) && c->size > 1 << 20)
			fail_at(p, len_col, "read of %llu bytes: at most 1 MiB", (unsigned long long)c->size);
	} else if (!strcmp(word, "populate")) {
		c->op = OP_POPULATE;
		if (number(p, "GPA", &c->gpa))
			number(p, "SIZE", &c->size);
	} else if (!strcmp(word, "collapse")) {
		c->op = OP_COLLAPSE;
		if (number(p, "GPA", &c->gpa))
			number(p, "SIZE", &c->size);
	} else if (!strcmp(word, "dirty-log")) {
		int k = optional_word(p, dirty_log_ops, 3);
		if (k < 0 && !p->failed) {
			if (p->tok.kind == TOK_END)
				fail_at(p, p->end_col, "missing dirty-log operation (start, stop or get)");
			else
				fail_at(p, p->tok.col, "unknown dirty-log operation '%s' (start, stop or get)", TOKEN(p));
		} else if (k >= 0) {
			c->op = dirty_log_op_codes[k];
			unsigned size_col = 0;
			if (number(p, "GPA", &c->gpa) && (size_col = p->tok.col) && number(p, "SIZE", &c->size) &&
			    c->op == OP_DIRTY_GET) {
				if (c->size > DIRTY_GET_MAX)
					fail_at(p, size_col, "dirty-log get of %llu bytes: at most 64 GiB", (unsigned long long)c->size);
				c->clear = keyword_or_typo(p, get_modes, 1, "dirty-log get mode", "clear") == 0;
			}
		}
	} else if (!strcmp(word, "age")) {
		c->op = OP_AGE;
		unsigned size_col = 0;
		if (number(p, "GPA", &c->gpa) && (size_col = p->tok.col) && number(p, "SIZE", &c->size) &&
		    c->size > DIRTY_GET_MAX)
			fail_at(p, size_col, "age of %llu bytes: at most 64 GiB", (unsigned long long)c->size);
	} else if (!strcmp(word, "vmid")) {
		c->op = OP_VMID;
		number(p, "VMID", &c->value);
	} else if (!strcmp(word, "buffer")) {
		c->op = OP_BUFFER;
		if (number(p, "GPA", &c->gpa))
			number(p, "LEN", &c->size);
	} else if (!strcmp(word, "expect")) {
		parse_expect(p, c);
		needs_format = c->op != OP_EXPECT_OK && c->op != OP_EXPECT_ERROR;
	} else {
		fail_at(p, col, "unknown command '%s'",
		        script_token_shown(first.text, first.len, (char[SCRIPT_TOKEN_BUF]){ 0 }));
		return false;
	}
	end_of_line(p);
	if (!p->failed && needs_format && !*have_format) {
		fail_at(p, col, "'%s' before any 'format' line", strcmp(word, "expect") ? word : script_op_name(c->op));
	}
	if (!strcmp(word, "format"))
		*have_format = true; /* even a bad one: its line says which format was meant */
	return !p->failed;
}

int script_parse_after(struct script *s, const struct script_command *first, const char *file, FILE *in, FILE *err)
{
	memset(s, 0, sizeof(*s));
	s->file = strdup(file);
	if (first)
		script_append(s, first);
	struct script_messages msg = { .err = err, .file = file };
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned line = 0;
	int errors = 0;
	bool have_format = first && first->op == OP_FORMAT;
	errno = 0;
	while ((len = getline(&buf, &cap, in)) >= 0) {
		line++;
		if ((size_t)len != strlen(buf)) {
			if (script_message_begin(&msg, line, (unsigned)strlen(buf) + 1))
				fprintf(err, "NUL byte in the line\n");
			errors++;
			continue;
		}
		struct line_parser p = { .line = line, .msg = &msg };
		script_lexer_init(&p.lx, buf);
		/* "missing ..." points just past the last character before a comment */
		size_t content = strcspn(buf, "#");
		while (content && strchr(" \t\r\n", buf[content - 1]))
			content--;
		p.end_col = (unsigned)content + 1;
		struct script_command c = { .line = line };
		p.cmd = &c;
		if (parse_line(&p, &c, &have_format)) {
			size_t lead = strspn(buf, " \t");
			c.text = strndup(buf + lead, content > lead ? content - lead : 0);
			script_append(s, &c);
		} else {
			free(c.bytes);
			errors += p.failed;
		}
	}
	free(buf);
	if (ferror(in)) {
		/* a directory opened for reading fails here (EISDIR), as does a bad disk */
		fprintf(err, "%s: cannot read: %s\n", file, strerror(errno ? errno : EIO));
		return -1;
	}
	script_messages_end(&msg, msg.more == 1 ? "error" : "errors");
	return errors;
}

int script_parse(struct script *s, const char *file, FILE *in, FILE *err)
{
	return script_parse_after(s, NULL, file, in, err);
}

void script_append(struct script *s, const struct script_command *c)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->cmds = realloc(s->cmds, s->cap * sizeof(*s->cmds));
		if (!s->cmds) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
	s->cmds[s->n++] = *c;
}

/* A single token of the given kind filling the whole text. */
static bool single_token(const char *text, struct line_parser *p)
{
	if (strpbrk(text, "#\n"))
		return false;
	script_lexer_init(&p->lx, text);
	p->msg = NULL; /* silence: the caller reports */
	advance(p);
	return p->tok.kind != TOK_END;
}

bool script_number(const char *text, uint64_t *out)
{
	struct line_parser p = { 0 };
	if (!single_token(text, &p) || p.tok.kind != TOK_NUMBER)
		return false;
	*out = p.tok.value;
	advance(&p);
	return p.tok.kind == TOK_END;
}

bool script_perms(const char *text, unsigned *out)
{
	struct line_parser p = { 0 };
	if (!single_token(text, &p))
		return false;
	bool ok = perms(&p, out);
	return ok && p.tok.kind == TOK_END;
}

void script_free(struct script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->cmds[i].bytes);
		free(s->cmds[i].text);
	}
	free(s->cmds);
	free(s->file);
	memset(s, 0, sizeof(*s));
}

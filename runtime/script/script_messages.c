/* script_messages.c: how a script's problems are written, by the parser and the runner
 * alike: the FILE:LINE:COL prefix, at most SCRIPT_MAX_MESSAGES per script (a script of
 * 400,000 bad lines must not bury the terminal), and quoted tokens cut and escaped (a
 * 5 MB token, or binary bytes, would do the same). */
#include "script.h"

bool script_message_begin(struct script_messages *m, unsigned line, unsigned col)
{
	if (m->shown >= SCRIPT_MAX_MESSAGES) {
		m->more++;
		return false;
	}
	m->shown++;
	if (!line)
		fprintf(m->err, "%s: ", m->file);
	else if (!col)
		fprintf(m->err, "%s:%u: ", m->file, line);
	else
		fprintf(m->err, "%s:%u:%u: ", m->file, line, col);
	return true;
}

void script_messages_end(struct script_messages *m, const char *what)
{
	if (m->more)
		fprintf(m->err, "%s: %lu more %s not shown\n", m->file, m->more, what);
}

const char *script_token_shown(const char *text, size_t len, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t out = 0;
	for (size_t i = 0; i < len && i < SCRIPT_TOKEN_SHOWN; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			buf[out++] = (char)ch;
		} else {
			buf[out++] = '\\';
			buf[out++] = 'x';
			buf[out++] = hex[ch >> 4];
			buf[out++] = hex[ch & 15];
		}
	}
	if (len > SCRIPT_TOKEN_SHOWN) {
		buf[out++] = '.';
		buf[out++] = '.';
		buf[out++] = '.';
	}
	buf[out] = '\0';
	return buf;
}

const char *script_op_name(enum script_op op)
{
	switch (op) {
	case OP_FORMAT: return "format";
	case OP_WINDOW: return "window";
	case OP_ARENA: return "arena";
	case OP_MAP_LINEAR: return "map linear";
	case OP_MAP_ALLOC: return "map alloc";
	case OP_UNMAP: return "unmap";
	case OP_PROTECT: return "protect";
	case OP_CLEAR: return "clear";
	case OP_FAULT: return "fault";
	case OP_TRANSLATE: return "translate";
	case OP_WALK: return "walk";
	case OP_DUMP: return "dump";
	case OP_STATS: return "stats";
	case OP_WRITE: return "write";
	case OP_READ: return "read";
	case OP_BUFFER: return "buffer";
	case OP_POPULATE: return "populate";
	case OP_VMID: return "vmid";
	case OP_DIRTY_START: return "dirty-log start";
	case OP_DIRTY_STOP: return "dirty-log stop";
	case OP_DIRTY_GET: return "dirty-log get";
	case OP_AGE: return "age";
	case OP_COLLAPSE: return "collapse";
	case OP_EXPECT_TRANSLATE: return "expect translate";
	case OP_EXPECT_UNMAPPED: return "expect unmapped";
	case OP_EXPECT_LEAF: return "expect leaf";
	case OP_EXPECT_ENTRY: return "expect entry";
	case OP_EXPECT_FRAMES: return "expect frames";
	case OP_EXPECT_READ: return "expect read";
	case OP_EXPECT_DIRTY: return "expect dirty";
	case OP_EXPECT_ACCESSED: return "expect accessed";
	case OP_EXPECT_OK: return "expect ok";
	case OP_EXPECT_ERROR: return "expect error";
	}
	return "?";
}

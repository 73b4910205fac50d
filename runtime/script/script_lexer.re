/* script_lexer.re: the scenario-script scanner. re2c turns this into C at build time
 * (make writes build/gen/script_lexer.c); a line is scanned up to its NUL. */
#include "script_lexer.h"

#include <stdbool.h>

void script_lexer_init(struct script_lexer *lx, const char *line)
{
	lx->line = line;
	lx->cursor = line;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* Digits (skipping '_') then an optional K/M/G/T suffix; false on overflow. */
static bool number_value(const char *s, const char *end, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;
	switch (end[-1]) {
	case 'K': shift = 10; end--; break;
	case 'M': shift = 20; end--; break;
	case 'G': shift = 30; end--; break;
	case 'T': shift = 40; end--; break;
	default: break;
	}
	for (; s < end; s++) {
		if (*s == '_')
			continue;
		unsigned d = (unsigned)digit_value(*s);
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

void script_lexer_next(struct script_lexer *lx, struct script_token *t)
{
	for (;;) {
		const char *start = lx->cursor;
		t->text = start;
		t->col = (unsigned)(start - lx->line) + 1;
		/*!re2c
		re2c:define:YYCTYPE = char;
		re2c:define:YYCURSOR = lx->cursor;
		re2c:yyfill:enable = 0;
		re2c:flags:tags = 0;

		nul = "\x00";
		blank = [ \t\r\n]+;
		suffix = [KMGT];
		dec = [0-9] ([0-9_]* [0-9])?;
		hex = "0" [xX] [0-9a-fA-F] ([0-9a-fA-F_]* [0-9a-fA-F])?;
		word = [A-Za-z_\-] [A-Za-z0-9_\-]*;
		atom = [^ \t\r\n#\x00]+;

		nul {
			lx->cursor = start; /* stay at the end */
			t->kind = TOK_END;
			t->len = 0;
			return;
		}
		"#" [^\x00]* {
			lx->cursor = start;
			while (*lx->cursor)
				lx->cursor++;
			t->kind = TOK_END;
			t->len = 0;
			return;
		}
		blank { continue; }
		dec suffix? {
			t->len = (size_t)(lx->cursor - start);
			t->kind = number_value(start, lx->cursor, 10, &t->value) ? TOK_NUMBER : TOK_BADNUM;
			return;
		}
		hex suffix? {
			t->len = (size_t)(lx->cursor - start);
			t->kind = number_value(start + 2, lx->cursor, 16, &t->value) ? TOK_NUMBER : TOK_BADNUM;
			return;
		}
		word {
			t->len = (size_t)(lx->cursor - start);
			t->kind = TOK_WORD;
			return;
		}
		atom {
			t->len = (size_t)(lx->cursor - start);
			t->kind = TOK_ATOM;
			return;
		}
		* {
			t->len = (size_t)(lx->cursor - start);
			t->kind = TOK_ATOM;
			return;
		}
		*/
	}
}

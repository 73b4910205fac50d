/* assert.c: the default ptf_assert_failed (hal.h). It is weak: an embedder's own
 * definition takes its place. */
#include <ptforge/hal.h>

#if __STDC_HOSTED__
#include <stdio.h>
#include <stdlib.h>
#endif

__attribute__((weak)) void ptf_assert_failed(const char *file, int line, const char *what)
{
#if __STDC_HOSTED__
	fprintf(stderr, "ptforge: %s:%d: internal check failed: %s\n", file, line, what);
	abort();
#else
	(void)file;
	(void)line;
	(void)what;
	__builtin_trap();
#endif
}

/* encoding_checks.h: what the hand-computed encoding suites share: an entry compared with
 * the value worked out from the manual, both printed in hex, and a format's constant
 * register by name. */
#ifndef ENCODING_CHECKS_H
#define ENCODING_CHECKS_H

#include <criterion/criterion.h>
#include <ptforge/ptforge.h>
#include <stdint.h>
#include <string.h>

#define EXPECT_ENTRY(got, want)                                                                        \
	cr_expect_eq((unsigned long long)(got), (unsigned long long)(want), "%s = %#llx, want %#llx", #got, \
	             (unsigned long long)(got), (unsigned long long)(want))

/* The value of fmt's register called name (VTCR_EL2, TCR_EL1, PWCL, ...); fails the test
 * when the format has none. */
static inline uint64_t format_register(const struct ptf_format *fmt, const char *name)
{
	for (unsigned i = 0; i < fmt->n_registers; i++)
		if (!strcmp(fmt->registers[i].name, name))
			return fmt->registers[i].value;
	cr_assert_fail("%s has no register %s", fmt->name, name);
	return 0;
}

#endif

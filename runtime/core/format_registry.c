/* format_registry.c: looking up the built formats by name and size, format-agnostic. */
#include <ptforge/errors.h>
#include <ptforge/flags.h>
#include <ptforge/format.h>

static bool same_name(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

size_t ptf_format_count(void)
{
	size_t n = 0;
	while (ptf_formats[n])
		n++;
	return n;
}

const struct ptf_format *ptf_format_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; ptf_formats[i]; i++)
		if (same_name(ptf_formats[i]->name, name))
			return ptf_formats[i];
	return NULL;
}

int ptf_format_depth_for_size(const struct ptf_format *fmt, uint64_t page_size)
{
	for (unsigned d = 0; d < fmt->levels; d++)
		if (fmt->level[d].leaf_size && fmt->level[d].leaf_size == page_size)
			return (int)d;
	return -1;
}

int ptf_format_check_flags(const struct ptf_format *fmt, unsigned flags)
{
	if (flags >= PTF_FLAG_COMBOS || !((fmt->flag_combos >> flags) & 1))
		return PTF_EFLAGS;
	return PTF_OK;
}

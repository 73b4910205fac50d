/* errors.c: names and messages of the PTF_E* codes. */
#include <ptforge/errors.h>

#include <stddef.h>

struct error_text {
	const char *name;
	const char *message;
};

/* Indexed by -code. */
static const struct error_text texts[PTF_ERROR_COUNT] = {
	[0] = { "OK", "success" },
	[-PTF_ENOMEM] = { "ENOMEM", "out of memory: a frame allocation failed" },
	[-PTF_EINVAL] = { "EINVAL", "invalid argument" },
	[-PTF_EALIGN] = { "EALIGN", "address or size not aligned to the page size" },
	[-PTF_ESIZE] = { "ESIZE", "size is zero" },
	[-PTF_EWRAP] = { "EWRAP", "address range wraps around" },
	[-PTF_ERANGE] = { "ERANGE", "address outside the address-space window" },
	[-PTF_EOUTPUT] = { "EOUTPUT", "host physical address beyond the format's output width" },
	[-PTF_EFLAGS] = { "EFLAGS", "flags the format cannot express" },
	[-PTF_EPAGESIZE] = { "EPAGESIZE", "page size the format does not have" },
	[-PTF_EEXIST] = { "EEXIST", "already mapped" },
	[-PTF_ENOENT] = { "ENOENT", "not mapped" },
	[-PTF_ENOAREA] = { "ENOAREA", "no area covers the address" },
	[-PTF_EACCESS] = { "EACCESS", "access not permitted by the area" },
	[-PTF_ECORRUPT] = { "ECORRUPT", "page table holds a reserved entry" },
	[-PTF_EPARANGE] = { "EPARANGE", "the format's input range is wider than the CPU's physical address range" },
	[-PTF_ESPACE] = { "ESPACE", "the output has room for fewer items than the answer has" },
	[-PTF_ENOTSUP] = { "ENOTSUP", "the format does not support this operation" },
};

const char *ptf_error_name(int err)
{
	if (err > 0 || err <= -PTF_ERROR_COUNT)
		return NULL;
	return texts[-err].name;
}

const char *ptf_strerror(int err)
{
	if (err > 0 || err <= -PTF_ERROR_COUNT)
		return "unknown error";
	return texts[-err].message;
}

/* ptforge/errors.h: error codes shared by the walkers and the runtime.
 * Every fallible call returns 0 on success or one of these negative codes. */
#ifndef PTFORGE_ERRORS_H
#define PTFORGE_ERRORS_H

#include "api.h"

enum ptf_error {
	PTF_OK = 0,
	PTF_ENOMEM = -1,     /* a frame allocation failed; nothing changed */
	PTF_EINVAL = -2,     /* malformed argument (NULL pointer, unknown format) */
	PTF_EALIGN = -3,     /* address or size not aligned to the page size asked for */
	PTF_ESIZE = -4,      /* size is zero */
	PTF_EWRAP = -5,      /* address + size wraps around */
	PTF_ERANGE = -6,     /* outside the address space window / input address width */
	PTF_EOUTPUT = -7,    /* host physical address beyond the format's output width */
	PTF_EFLAGS = -8,     /* flags the format cannot express */
	PTF_EPAGESIZE = -9,  /* page size the format does not have */
	PTF_EEXIST = -10,    /* already mapped, or overlaps an existing area */
	PTF_ENOENT = -11,    /* not mapped */
	PTF_ENOAREA = -12,   /* no area covers the address */
	PTF_EACCESS = -13,   /* access not permitted by the area */
	PTF_ECORRUPT = -14,  /* a table holds an entry the format calls reserved */
	PTF_EPARANGE = -15,  /* the format's input range is wider than the CPU's physical range */
	PTF_ESPACE = -16,    /* the caller's output holds fewer items than the answer has */
	PTF_ENOTSUP = -17,   /* the format cannot do it (ptf_aspace_age without access tracking) */
};

#define PTF_ERROR_COUNT 18

/* A static, human-readable message for an error code (also for unknown codes). */
PTF_API const char *ptf_strerror(int err);
/* The code's name without the "PTF_" prefix ("ENOMEM"), or NULL if unknown. */
PTF_API const char *ptf_error_name(int err);

#endif

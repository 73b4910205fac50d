/* ptforge/walker/query.h: the translation lookup, compiled for the format PTF_FORMAT
 * names (see walker/bind.h): defines ptf_F_query_inline(), which the generated ptf_F.h
 * offers inline and ptf_F_query() wraps. Included once per format, no include guard. */
#include "../errors.h"
#include "tables.h"

#include "bind.h"
#include "access.h"

#define PTF_LEVEL_FILE "query_level.h"
#include "each_depth.h"
#undef PTF_LEVEL_FILE

/* Without a direct map every table goes through phys_to_virt: kept out of line, so the
 * direct-map lookup below makes no call and saves no register. */
static __attribute__((noinline, unused)) int FMT(query_through_hal)(const struct ptf_hal *hal, uint64_t root_pa,
                                                                    uint64_t off, uint64_t *pa, unsigned *flags,
                                                                    uint64_t *page_size)
{
	struct ptf_tables tm = ptf_tables_of(hal);
	return FMT(query_d0)(&tm, table_va(&tm, root_pa), off, pa, flags, page_size);
}

/* pa receives the output address of va itself (page offset included); flags and
 * page_size what the leaf grants and maps. Any of the three may be NULL. */
static inline int FMT(query_inline)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t *pa,
                                    unsigned *flags, uint64_t *page_size)
{
	uint64_t off = va - INPUT_BASE; /* the walks take offsets in the input range */
	if (off >= IN_SPAN)
		return PTF_ERANGE;
	if (!ptf_tables_direct(hal) && !FMTC(DIRECT_MAP_FIXED))
		return FMT(query_through_hal)(hal, root_pa, off, pa, flags, page_size);
	struct ptf_tables tm = ptf_tables_of(hal);
	return FMT(query_d0)(&tm, table_va(&tm, root_pa), off, pa, flags, page_size);
}

#include "unbind.h"

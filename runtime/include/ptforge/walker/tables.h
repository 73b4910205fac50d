/* ptforge/walker/tables.h: how a walk reaches page tables, decided once per operation.
 * With a direct map (hal.h) a table's address is pa + offset, an add per level; without
 * one, each table goes through the HAL's phys_to_virt. */
#ifndef PTFORGE_WALKER_TABLES_H
#define PTFORGE_WALKER_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../hal.h"

/* One depth's step of a single descent (query, install, edit_one): always inlined into
 * the step above, so the descent is one straight line of code. */
#if defined(__GNUC__) || defined(__clang__)
#define PTF_STEP static inline __attribute__((always_inline))
#else
#define PTF_STEP static inline
#endif

struct ptf_tables {
	uintptr_t offset;           /* direct map: table va = pa + offset */
	const struct ptf_hal *hal;  /* NULL with a direct map */
};

/* Does the HAL have a direct map (hal.h's struct ptf_direct_map)? */
static inline bool ptf_tables_direct(const struct ptf_hal *hal)
{
	return hal->phys_to_virt == ptf_direct_map_phys_to_virt;
}

static inline struct ptf_tables ptf_tables_of(const struct ptf_hal *hal)
{
	if (ptf_tables_direct(hal))
		return (struct ptf_tables){ ((const struct ptf_direct_map *)hal->ctx)->offset, NULL };
	return (struct ptf_tables){ 0, hal };
}

static inline void *ptf_tables_va(const struct ptf_tables *t, uint64_t pa)
{
	if (!t->hal)
		return (void *)(t->offset + (uintptr_t)pa);
	/* page tables always have a virtual address (hal.h) */
	return t->hal->phys_to_virt(t->hal->ctx, pa);
}

#endif

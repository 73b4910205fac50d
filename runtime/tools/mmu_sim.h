/* mmu_sim.h (hosted): what an MMU with hardware dirty bits does to the tables on a guest
 * write, for the tests, the differential driver and the bench on a machine whose MMU
 * never reads them. It walks as the MMU would, from the root through the format's own
 * decode (not ptforge's walkers), and sets the bits with an atomic OR, as the MMU's
 * locked update does (accessed bits, which ptforge's leaves start with set, are left
 * alone):
 *   - a write through a leaf that grants W sets its dirty bit (EPT D, RISC-V D), and a
 *     write through a leaf without W but with the writable bit (Arm DBM) sets the write
 *     permission itself (Arm ARM D8, "Hardware management of the dirty state");
 *   - anything else is a fault, for the hypervisor (ptf_aspace_handle_fault).
 * No TLB is modelled: every access walks. */
#ifndef PTF_MMU_SIM_H
#define PTF_MMU_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include <ptforge/ptforge.h>

enum mmu_sim_result {
	MMU_SIM_DONE,        /* the access went through */
	MMU_SIM_FAULT,       /* no leaf, or one that does not allow it */
};

/* The slot of the leaf that maps gpa, or NULL; *depth gets its depth. */
static inline void *mmu_sim_leaf_slot(const struct ptf_format *fmt, const struct ptf_hal *hal, uint64_t root,
                                      uint64_t gpa, unsigned *depth)
{
	uint64_t va = ptf_format_input_offset(fmt, gpa);
	uint64_t table = root;
	for (unsigned d = 0; d < fmt->levels; d++) {
		char *t = hal->phys_to_virt(hal->ctx, table);
		void *slot = t + (uint64_t)fmt->index(va, d) * fmt->pte_bytes;
		uint64_t e = fmt->pte_bytes == 8 ? __atomic_load_n((uint64_t *)slot, __ATOMIC_ACQUIRE)
		                                 : __atomic_load_n((uint32_t *)slot, __ATOMIC_ACQUIRE);
		struct ptf_entry_info info;
		fmt->decode(e, d, &info);
		if (info.kind == PTF_ENTRY_LEAF) {
			*depth = d;
			return slot;
		}
		if (info.kind != PTF_ENTRY_TABLE)
			return NULL;
		table = info.pa;
	}
	return NULL;
}

/* Sets bits in the entry at slot, as one atomic OR. */
static inline void mmu_sim_set(const struct ptf_format *fmt, void *slot, uint64_t bits)
{
	if (fmt->pte_bytes == 8)
		__atomic_fetch_or((uint64_t *)slot, bits, __ATOMIC_RELAXED);
	else
		__atomic_fetch_or((uint32_t *)slot, (uint32_t)bits, __ATOMIC_RELAXED);
}

/* A guest access to gpa (write or read), as the MMU of fmt with hardware dirty bits would
 * make it. */
static inline enum mmu_sim_result mmu_sim_access(const struct ptf_format *fmt, const struct ptf_hal *hal,
                                                 uint64_t root, uint64_t gpa, bool write)
{
	unsigned depth;
	void *slot = mmu_sim_leaf_slot(fmt, hal, root, gpa, &depth);
	if (!slot)
		return MMU_SIM_FAULT;
	uint64_t e = fmt->pte_bytes == 8 ? __atomic_load_n((uint64_t *)slot, __ATOMIC_ACQUIRE)
	                                 : __atomic_load_n((uint32_t *)slot, __ATOMIC_ACQUIRE);
	struct ptf_entry_info info;
	fmt->decode(e, depth, &info);
	bool readable = info.flags & PTF_R, writable = info.flags & PTF_W;
	if (write && !writable) {
		if (!fmt->dirty_writable || !(e & fmt->dirty_writable))
			return MMU_SIM_FAULT;
		mmu_sim_set(fmt, slot, fmt->dirty_bit); /* DBM: the write sets W */
		return MMU_SIM_DONE;
	}
	if (!write && !readable)
		return MMU_SIM_FAULT;
	if (write)
		mmu_sim_set(fmt, slot, fmt->dirty_bit);
	return MMU_SIM_DONE;
}

#endif

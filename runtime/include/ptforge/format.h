/* ptforge/format.h: the descriptor of one generated page-table format.
 *
 * Every format F generated from platforms/F.lua exports `ptf_format_F`, a constant
 * table of its geometry and entry points, so the runtime drives any format through
 * this one struct while a single-format build can call ptf_F_* directly. Walkers work
 * on a tree whose frames come from a struct ptf_hal (flush_tlb is not used here:
 * invalidation is the caller's job, once per operation). */
#ifndef PTFORGE_FORMAT_H
#define PTFORGE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api.h"
#include "hal.h"

#define PTF_MAX_LEVELS 6

enum ptf_entry_kind {
	PTF_ENTRY_INVALID = 0, /* not valid (or reserved encoding) */
	PTF_ENTRY_TABLE = 1,   /* points to a next-level table */
	PTF_ENTRY_LEAF = 2,    /* maps a page or block */
};

/* An entry decoded at a given depth. */
struct ptf_entry_info {
	enum ptf_entry_kind kind;
	uint64_t pa;    /* leaf: output address; table: next table's address */
	uint64_t size;  /* bytes of input address space the entry covers */
	unsigned flags; /* leaf: decoded PTF_* flags; 0 otherwise */
};

/* What a walk visitor sees. */
struct ptf_visit {
	unsigned depth;
	unsigned index;  /* entry index in its table (root index includes extra bits) */
	uint64_t va;     /* input address of the entry's first byte */
	uint64_t entry;  /* raw entry */
	struct ptf_entry_info info;
};

/* When a visitor is called (combine as flags). */
#define PTF_VISIT_LEAF       0x1u /* valid leaf entries */
#define PTF_VISIT_TABLE_PRE  0x2u /* table entries, before their subtree */
#define PTF_VISIT_TABLE_POST 0x4u /* table entries, after their subtree */
#define PTF_VISIT_INVALID    0x8u /* invalid entries */
#define PTF_VISIT_ALL        0xfu

/* Told of each leaf an unmap removes (output address and size), after its entry is gone
 * and before any table above it is freed. */
typedef void (*ptf_leaf_fn)(void *arg, uint64_t pa, uint64_t size);

/* Return 0 to go on; any other value stops the walk and is returned by it. */
typedef int (*ptf_visitor_fn)(const struct ptf_visit *v, unsigned visit, void *arg);

struct ptf_walker_ops; /* the runtime's entry points into a format's walkers (internal) */

/* Geometry of one depth (depth 0 is the root). */
struct ptf_level_info {
	unsigned index_lo;   /* lowest input-address bit the index takes */
	unsigned index_bits; /* index width (root: includes concatenation / x4 bits) */
	uint64_t leaf_size;  /* page size a leaf here maps; 0 if no leaf at this depth */
};

/* A register value derived from the format (e.g. VTCR_EL2). */
struct ptf_register {
	const char *name;
	uint64_t value;
};

/* How a format tracks use of its leaves (ptf_aspace_age). */
enum ptf_accessed {
	PTF_ACCESSED_NONE,        /* no tracking: ptf_aspace_age returns PTF_ENOTSUP */
	PTF_ACCESSED_HARDWARE,    /* the MMU sets an accessed bit (x86 A) */
	PTF_ACCESSED_FAULT,       /* an access through a leaf whose access flag is clear
	                             faults (Arm AF, RISC-V A under Svade); the fault sets it */
	PTF_ACCESSED_PERMISSIONS, /* no flag: an aged leaf loses its permissions, and the
	                             fault on its next access gives them back (EPT, LoongArch) */
};

/* How ptf_aspace_dirty_log_* learn that a page was written (platform file: dirty). */
enum ptf_dirty {
	PTF_DIRTY_WRITE_PROTECT, /* logged pages are write-protected; the first write to each
	                            faults, and the fault marks it and gives W back */
	PTF_DIRTY_HARDWARE,      /* the MMU sets dirty_bit in a leaf it writes through (one
	                            with dirty_writable, where that is not 0: Arm's DBM, with
	                            dirty_bit the write permission); get harvests and clears it */
};

struct ptf_format {
	const char *name;
	const char *description;
	unsigned levels;
	unsigned input_bits;   /* input address width: the range holds 2^input_bits addresses */
	uint64_t input_base;   /* the range's first address: 0, or, for a sign-extended
	                          format (x86-64 and RISC-V stage 1), the canonical upper
	                          half's, 2^64 - 2^(input_bits - 1): the range then runs
	                          through the upper half and on, past 2^64 = 0, through the
	                          lower half (ptf_format_input_offset) */
	unsigned output_bits;  /* host-physical address width */
	unsigned granule_shift; /* tables and the smallest pages are 2^granule_shift bytes
	                           (ptf_format_granule), taken from the HAL as that many
	                           bytes of frames aligned to their size */
	unsigned pte_bytes;
	uint64_t root_bytes;   /* root_tables * table size */
	uint64_t root_align;
	unsigned root_tables;
	struct ptf_level_info level[PTF_MAX_LEVELS];
	unsigned n_page_sizes;
	uint64_t page_sizes[PTF_MAX_LEVELS]; /* ascending */
	uint64_t flag_combos;  /* bit f set: flags value f is expressible */
	const char *const *flag_refusals; /* [PTF_FLAG_COMBOS] reason, NULL if expressible */
	const char *root_register_name;
	unsigned vmid_bits;    /* VMID width in the root register (0: none); root_register()
	                          keeps the low vmid_bits bits of the vmid it is given */
	unsigned cpu_pa_bits_needed; /* the CPU's physical address range must be at least
	                                this wide (ARM stage 2: input_bits); 0: any will do */
	unsigned n_registers;
	const struct ptf_register *registers; /* constant companions (VTCR_EL2) */

	/* Raw encoding. leaf() returns 0 for flags or a depth the format cannot express, and
	 * for an output address at or beyond 2^output_bits or not aligned to the depth's page
	 * size; table() returns 0 for the last depth and for an address beyond output_bits or
	 * not aligned to the granule: never a truncated entry. */
	uint64_t (*leaf)(uint64_t pa, unsigned flags, unsigned depth);
	uint64_t (*table)(uint64_t next_table_pa, unsigned depth);
	unsigned (*index)(uint64_t va, unsigned depth);
	void (*decode)(uint64_t entry, unsigned depth, struct ptf_entry_info *out);
	uint64_t (*root_register)(uint64_t root_pa, uint64_t vmid);

	/* Tree operations. All are atomic: on error nothing changed and nothing leaked. */
	int (*root_alloc)(const struct ptf_hal *hal, uint64_t *root_pa);
	void (*destroy)(const struct ptf_hal *hal, uint64_t root_pa); /* frees every table */
	int (*map_page)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	                uint64_t pa, uint64_t page_size, unsigned flags);
	/* The lazy-fault step, in one descent: 1 if va is already mapped (nothing taken);
	 * 0 after mapping a zeroed granule-sized frame (*frame, which goes back to the HAL
	 * as granule / PTF_FRAME_SIZE frames) there with flags, with whatever tables it
	 * needed; PTF_ENOMEM (nothing taken) or another error otherwise. */
	int (*fault_page)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, unsigned flags,
	                  uint64_t *frame);
	int (*map_range)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	                 uint64_t pa, uint64_t size, unsigned flags);
	int (*unmap_page)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	                  uint64_t page_size);
	int (*unmap_range)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	                   uint64_t size);
	/* unmap_range, calling removed(arg, pa, size) for every leaf it takes away */
	int (*unmap_range_notify)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	                          uint64_t size, ptf_leaf_fn removed, void *arg);
	int (*protect_range)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	                     uint64_t size, unsigned flags);
	int (*query)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va,
	             uint64_t *pa, unsigned *flags, uint64_t *page_size);
	int (*walk)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t size,
	            unsigned visit, ptf_visitor_fn fn, void *arg);

	/* Some changes of a valid entry into another must be broken first (ARM): write it
	 * invalid, flush the TLB, write the new one. The walkers do, calling the HAL's
	 * flush (flush_tlb_vmid when it has one, else flush_tlb) for the break (platform
	 * file: break_before_make). */
	bool break_before_make;
	/* The MMU may keep using a stale invalid entry (RISC-V without Svvptc): a fault on a
	 * page already mapped flushes that page (platform file: caches_invalid_entries). */
	bool caches_invalid_entries;
	/* How ptf_aspace_age learns that a leaf was used (platform file: accessed). */
	enum ptf_accessed accessed;
	/* How dirty logging learns of writes (platform file: dirty), and, for
	 * PTF_DIRTY_HARDWARE, the bits a leaf holds them in (raw entry masks, the same at
	 * every depth): a leaf is dirty when it has both dirty_bit and dirty_writable. */
	enum ptf_dirty dirty;
	uint64_t dirty_bit;
	uint64_t dirty_writable;
	/* A SoC build whose SoC file fixes the direct map folds it into the walkers: they
	 * reach table pa at pa + direct_map_offset whatever the HAL says, and address spaces
	 * refuse a HAL whose direct map differs (PTF_EINVAL). */
	bool direct_map_fixed;
	uintptr_t direct_map_offset;
	const struct ptf_walker_ops *walker;
};

/* The format's granule: bytes of one of its tables and of its smallest page (4, 16 or
 * 64 KiB). */
static inline uint64_t ptf_format_granule(const struct ptf_format *fmt)
{
	return (uint64_t)1 << fmt->granule_shift;
}

/* Where va lies in the format's input range, as an offset from its first address:
 * va is an input address of the format when this is below 2^input_bits. A range of
 * input addresses is one of offsets: a sign-extended format's may cross 0. */
static inline uint64_t ptf_format_input_offset(const struct ptf_format *fmt, uint64_t va)
{
	return va - fmt->input_base;
}

/* The input address after the range's last one (modulo 2^64): 2^input_bits, or, for a
 * sign-extended format, the lower half's end, 2^(input_bits - 1). [0, this) are input
 * addresses of every format. */
static inline uint64_t ptf_format_input_end(const struct ptf_format *fmt)
{
	return fmt->input_base + ((uint64_t)1 << fmt->input_bits);
}

/* The formats built into this library, NULL-terminated, in name order. */
extern PTF_API const struct ptf_format *const ptf_formats[];
/* Number of built formats. */
PTF_API size_t ptf_format_count(void);
/* The built format called name, or NULL. */
PTF_API const struct ptf_format *ptf_format_find(const char *name);
/* Depth whose leaves map page_size, or -1 if the format has no such page. */
PTF_API int ptf_format_depth_for_size(const struct ptf_format *fmt, uint64_t page_size);
/* PTF_OK if flags are expressible in fmt, else PTF_EFLAGS. */
PTF_API int ptf_format_check_flags(const struct ptf_format *fmt, unsigned flags);

#endif

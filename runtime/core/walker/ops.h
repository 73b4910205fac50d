/* walker/ops.h: what the runtime asks of a format's walkers (struct ptf_format's
 * `walker`), format-agnostic. Every change goes through one transaction (tx.h): a
 * read-only count pass says how many frames the change needs, they are reserved, and
 * the apply pass, which can no longer fail, makes the change. Single-leaf changes try
 * one descent first, which counts, reserves and applies on the way down. */
#ifndef PTF_WALKER_OPS_H
#define PTF_WALKER_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ptf_tx;

enum ptf_walk_kind {
	PTF_WALK_MAP,      /* install leaves over [va, va + size) */
	PTF_WALK_UNMAP,    /* remove them, splitting leaves cut by the range, freeing emptied tables */
	PTF_WALK_PROTECT,  /* give them new flags, splitting leaves cut by the range */
};

/* Every va the walker operations take and report is an input offset: the address less
 * the format's input_base (ptf_format_input_offset), below 2^input_bits. */
struct ptf_walk_req {
	enum ptf_walk_kind kind;
	uint64_t va, size;
	unsigned flags;        /* MAP, PROTECT: expressible PTF_* flags */
	uint64_t pa_minus_va;  /* MAP, linear: the output address of va is va + pa_minus_va */
	bool alloc;            /* MAP: granule-size leaves, each a data frame the tx reserved */
	bool replace;          /* MAP: whatever is mapped in the range gives way (overwrite) */
	bool fill;             /* MAP with alloc: only where nothing is mapped; what is stays (populate) */
	bool split_all;        /* PROTECT: every leaf it changes is split to granule pages first
	                          (dirty logging's eager split); MAP: granule leaves only (a
	                          map into a dirty-logged range) */
	const uint64_t *only;  /* PROTECT, may be NULL: only the granule pages with a bit set
	                          here, bit i for the 4 KiB at offset only_base + i * 4096
	                          (bitmap.h); the others are left as they are */
	uint64_t only_base;
	bool perms_only;       /* PROTECT: the leaves it changes keep their memory type (only
	                          permissions change): no break anywhere, so the count pass
	                          need not visit the last depth's entries */
	bool clean;            /* PROTECT: the leaves it writes are clean (no hardware dirty
	                          bit: dirty logging's start) */
};

/* What the apply pass will take from the transaction's reservation. */
struct ptf_walk_need {
	size_t tables;
	size_t data;           /* MAP with alloc: one per leaf */
	size_t breaks;         /* entries to break first (formats with break-before-make) */
};

/* ops->one() returns this when the change needs the range walk (a leaf to split, a
 * table under a single-leaf map): nothing was changed or taken. */
#define PTF_WALK_NEEDS_RANGE 1

struct ptf_walker_ops {
	/* Count pass: reads the tree, changes nothing. PTF_EEXIST if a MAP without replace
	 * meets a mapping. */
	int (*count)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r, struct ptf_walk_need *need);
	/* Apply pass: after count succeeded and its need is reserved in tx; cannot fail.
	 * With breaks to make, it breaks them, flushes (ptf_tx_flush_break), then applies. */
	void (*apply)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r);
	/* One descent for a request covering exactly one page size, aligned: 0 when done,
	 * PTF_WALK_NEEDS_RANGE, or an error (PTF_EEXIST, PTF_ENOMEM) with nothing changed. */
	int (*one)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r);
	/* The lazy-fault step: 1 when va is mapped already; 0 after mapping a zeroed data
	 * frame (*frame) there with flags and whatever tables it needed; or PTF_ENOMEM. */
	int (*fault)(struct ptf_tx *tx, uint64_t root, uint64_t va, unsigned flags, uint64_t *frame);
	/* A permission fault's repair (walker/regrant_level.h): 0 after giving the leaf that
	 * maps va the attributes of flags, as it denied access; 1 when it grants access
	 * already, or differs in memory type too; PTF_ENOENT when nothing maps va. */
	int (*regrant)(struct ptf_tx *tx, uint64_t root, uint64_t va, unsigned flags, unsigned access);
	/* Test-and-clear use over [va, va + size) (walker/accessed_level.h): ages every leaf
	 * used since it was last aged, sets the bits of its pages in bitmap (bit i for the
	 * 4 KiB at va + i * 4096; the caller zeroed it), and widens tx's changed span by each
	 * aged leaf's. Runs beside faults. */
	void (*age)(struct ptf_tx *tx, uint64_t root, uint64_t va, uint64_t size, uint64_t *bitmap);
	/* The hardware dirty bits over [va, va + size) (walker/dirty_level.h): sets in bitmap
	 * (NULL: none; bit i for the 4 KiB at va + i * 4096; the caller zeroed it) the pages
	 * of every leaf the MMU wrote through, and with clear makes each clean by
	 * compare-and-swap, widening tx's changed span by its. */
	void (*harvest_dirty)(struct ptf_tx *tx, uint64_t root, uint64_t va, uint64_t size, uint64_t *bitmap, bool clear);
	/* Whether [va, va + size) is mapped as one leaf with flags at va + pa_minus_va would
	 * map it: every byte by a young leaf with those flags' attributes, contiguous in
	 * output (walker/uniform_level.h). */
	bool (*uniform)(const struct ptf_hal *hal, uint64_t root, uint64_t va, uint64_t size, unsigned flags,
	                uint64_t pa_minus_va);
};

#endif

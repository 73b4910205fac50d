/* walker/steps.h: the state each walk algorithm carries down the tree; format-agnostic. */
#ifndef PTF_WALKER_STEPS_H
#define PTF_WALKER_STEPS_H

#include <stdbool.h>
#include <stdint.h>

#include <ptforge/format.h>

#include "../tx.h"
#include "ops.h"

/* install: one leaf in one descent (map_page, a single-leaf map, the lazy fault) */
struct ptf_install {
	struct ptf_tx *tx;
	unsigned depth;       /* where the leaf goes */
	uint64_t pa;          /* its output address; set on the way down when data_frame */
	uint64_t attr;        /* its attribute bits */
	bool data_frame;      /* map a zeroed data frame taken on the way (the lazy fault) */
	bool reserved;        /* the missing tables (and the frame) are reserved already */
	int if_mapped;        /* what to return when a leaf maps va already */
	int if_table;         /* what to return when a table sits where the leaf goes */
};

/* edit_one: unmap or protect exactly one leaf-sized range in one descent */
struct ptf_edit_one {
	struct ptf_tx *tx;
	unsigned depth;       /* the depth whose entry covers the range exactly */
	bool protect;
	uint64_t attr;        /* protect: the new attribute bits */
};

/* Returned up the edit_one descent when a table lost its last entry. */
#define PTF_EDIT_EMPTIED 2

/* The passes of a range walk: count (read only), break (break-before-make: write
 * invalid the entries whose change needs it, nothing else), apply (make the change;
 * broken entries are read back from the transaction). */
enum ptf_pass {
	PTF_PASS_COUNT,
	PTF_PASS_BREAK,
	PTF_PASS_APPLY,
};

/* map: the range walk that installs leaves */
struct ptf_map_op {
	struct ptf_tx *tx;
	const struct ptf_walk_req *req;
	uint64_t attr;
	enum ptf_pass pass;
	struct ptf_walk_need need;  /* count pass */
};

/* edit: the range walk that unmaps or protects, splitting leaves the range cuts */
struct ptf_edit_op {
	struct ptf_tx *tx;
	bool protect;
	bool split_all;             /* protect: split every leaf above the granule (ops.h) */
	const uint64_t *only;       /* protect: only the pages with a bit here (ops.h) */
	uint64_t only_base;
	bool perms_only;            /* protect: permissions only (ops.h) */
	bool clean;                 /* protect: no hardware dirty bit in what it writes (ops.h) */
	uint64_t attr;
	enum ptf_pass pass;
	struct ptf_walk_need need;  /* count pass */
};

/* regrant: a permission fault's repair of one leaf */
struct ptf_regrant {
	uint64_t attr;   /* the area's attribute word */
	unsigned access; /* PTF_R, PTF_W, PTF_X: what the fault asked for */
};

/* age: test-and-clear use over a range (walker/accessed_level.h) */
struct ptf_age_op {
	struct ptf_tx *tx;    /* its tables, and the span of the leaves aged */
	uint64_t *bitmap;     /* bit i: the 4 KiB at base + i * 4096 was used */
	uint64_t base;
};

/* harvest_dirty: the leaves the MMU wrote through, over a range (walker/dirty_level.h) */
struct ptf_dirty_op {
	struct ptf_tx *tx;    /* its tables, and the span of the leaves made clean */
	uint64_t *bitmap;     /* NULL, or bit i: the 4 KiB at base + i * 4096 was written */
	uint64_t base;
	bool clear;           /* make them clean */
};

/* uniform: is a range mapped as one leaf would map it (walker/uniform_level.h) */
struct ptf_uniform {
	struct ptf_tables tables;
	uint64_t attr;        /* the attribute word every leaf must have */
	uint64_t pa_minus_va;
};

/* walk: entries in address order, to a visitor */
struct ptf_walk_op {
	struct ptf_tables tables;
	unsigned visit;
	ptf_visitor_fn fn;
	void *arg;
};

#endif

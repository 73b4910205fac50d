/* walker/entry_points.h: the format's entry points, for the format being compiled: the
 * raw encoders, the public tree operations (ptf_F_*, each one transaction of tx.h) and
 * the runtime's walker operations (walker/ops.h). */

/* ---- raw encoding: depth is a run-time argument here, so the layer's tables serve ---- */

static inline int FMT(depth_of_page)(uint64_t page_size)
{
	if (page_size == GRANULE)
		return LEVELS - 1; /* the common case: a page of the last depth */
	for (int d = LEVELS - 2; d >= 0; d--)
		if (FMT(level_has_leaf)[d] && (uint64_t)1 << FMT(level_shift)[d] == page_size)
			return d;
	return -1;
}

/* What cannot be encoded is refused (0), never truncated: flags the format cannot
 * express, a depth without leaves, an output address beyond output_bits or not aligned to
 * the depth's page size. */
uint64_t FMT(leaf)(uint64_t pa, unsigned flags, unsigned depth)
{
	if (depth >= LEVELS || flags >= PTF_FLAG_COMBOS || !((COMBOS >> flags) & 1) || !FMT(level_has_leaf)[depth])
		return 0;
	if ((pa >> FMTC(OUTPUT_BITS)) || (pa & (((uint64_t)1 << FMT(level_shift)[depth]) - 1)))
		return 0;
	return FMT(level_leaf_bits)[depth] | FMT(attrs_in_leaf_at)(leaf_attr[flags], depth) |
	       (FMT(pa_to_entry)(pa) & FMT(level_leaf_addr_mask)[depth]);
}

uint64_t FMT(table)(uint64_t next_table_pa, unsigned depth)
{
	if (depth >= LEVELS - 1u)
		return 0; /* the last depth holds no tables (nor does a one-level format) */
	if ((next_table_pa >> FMTC(OUTPUT_BITS)) || (next_table_pa & (GRANULE - 1)))
		return 0; /* beyond the output width, or not a table's address */
	return FMTC(TABLE_BITS) | FMT(pa_to_entry)(next_table_pa);
}

unsigned FMT(index)(uint64_t va, unsigned depth)
{
	if (depth >= LEVELS)
		return 0;
	return (unsigned)((va >> FMT(level_shift)[depth]) & FMT(level_index_mask)[depth]);
}

void FMT(decode)(uint64_t e, unsigned depth, struct ptf_entry_info *out)
{
	*out = (struct ptf_entry_info){ .kind = PTF_ENTRY_INVALID };
	if (depth >= LEVELS)
		return;
	out->size = (uint64_t)1 << FMT(level_shift)[depth];
	if (!is_valid(e))
		return;
	bool leaf = depth == LEVELS - 1 ? FMT(is_page)(e) : FMT(level_has_leaf)[depth] && FMT(is_block)(e);
	if (leaf) {
		out->kind = PTF_ENTRY_LEAF;
		out->pa = entry_to_pa(e & FMT(level_leaf_addr_mask)[depth]);
		out->flags = FMT(leaf_flags_at)(e, depth);
	} else if (depth + 1 < LEVELS && is_table(e)) {
		out->kind = PTF_ENTRY_TABLE;
		out->pa = entry_to_pa(e);
	}
}

uint64_t FMT(root_register)(uint64_t root_pa, uint64_t vmid)
{
	return FMT(make_root_register)(root_pa, vmid);
}

/* ---- argument checks, in a fixed order ---- */

/* off: an input offset (va - INPUT_BASE), as every walk takes it */
static int FMT(check_range)(uint64_t off, uint64_t size)
{
	return ptf_check_range(off, size, GRANULE, 0, IN_SPAN);
}

static int FMT(check_flags)(unsigned flags)
{
	return flags < PTF_FLAG_COMBOS && ((COMBOS >> flags) & 1) ? PTF_OK : PTF_EFLAGS;
}

/* ---- the single descents, from the root ---- */

/* Both are written out twice: with a direct map (the common case) the table map they
 * carry has a NULL hal the compiler sees, and every table_va folds to an add; without
 * one, each table goes through phys_to_virt. */
static inline int FMT(install_from)(struct ptf_install *op, uint64_t root, uint64_t va)
{
	struct ptf_tables tm = op->tx->tables;
	if (tm.hal)
		return FMT(install_d0)(op, tm, table_va(&tm, root), root, va);
	const struct ptf_tables direct = { tm.offset, NULL };
	return FMT(install_d0)(op, direct, table_va(&direct, root), root, va);
}

static inline int FMT(edit_one_from)(struct ptf_edit_one *op, uint64_t root, uint64_t va)
{
	struct ptf_tables tm = op->tx->tables;
	const struct ptf_tables direct = { tm.offset, NULL };
	int rc = tm.hal ? FMT(edit_one_d0)(op, tm, table_va(&tm, root), root, va)
	                : FMT(edit_one_d0)(op, direct, table_va(&direct, root), root, va);
	PTF_ASSERT(rc != PTF_EDIT_EMPTIED); /* the root never empties */
	return rc;
}

/* ---- the runtime's walker operations (walker/ops.h) ---- */

/* One pass of the range walk over r. */
static int FMT(range_pass)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r, enum ptf_pass pass,
                           struct ptf_walk_need *need)
{
	pte_t *t = table_va(&tx->tables, root);
	if (r->kind == PTF_WALK_MAP) {
		struct ptf_map_op op = { .tx = tx, .req = r, .attr = leaf_attr[r->flags], .pass = pass };
		int rc = FMT(map_d0)(&op, t, root, r->va, r->va + r->size, false);
		*need = op.need;
		return rc;
	}
	struct ptf_edit_op op = { .tx = tx, .protect = r->kind == PTF_WALK_PROTECT, .attr = leaf_attr[r->flags],
		                  .pass = pass, .split_all = r->split_all, .only = r->only, .only_base = r->only_base,
		                  .perms_only = r->perms_only, .clean = r->clean };
	FMT(edit_d0)(&op, t, root, r->va, r->va + r->size, false);
	*need = op.need;
	return PTF_OK;
}

static int FMT(count)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r, struct ptf_walk_need *need)
{
	return FMT(range_pass)(tx, root, r, PTF_PASS_COUNT, need);
}

static void FMT(apply)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r)
{
	struct ptf_walk_need unused;
	if (tx->breaks_reserved) {
		/* break-before-make: every entry that needs it broken, one flush of what the
		 * broken entries translated (whole: a split block lost all of its translation),
		 * then the change */
		tx->broken_lo = UINT64_MAX;
		tx->broken_hi = 0;
		FMT(range_pass)(tx, root, r, PTF_PASS_BREAK, &unused);
		if (tx->broken_hi > tx->broken_lo) /* the TLB holds addresses */
			ptf_tx_flush_break(tx, tx->broken_lo + INPUT_BASE, tx->broken_hi - tx->broken_lo);
	}
	int rc = FMT(range_pass)(tx, root, r, PTF_PASS_APPLY, &unused);
	PTF_ASSERT(rc == PTF_OK); /* the count pass saw the same tree */
	PTF_ASSERT(tx->breaks_unread == 0); /* every broken entry was made anew */
}

static int FMT(one)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r)
{
	int depth = FMT(depth_of_page)(r->size);
	if (depth < 0 || (r->va & (r->size - 1)) || r->split_all || r->only || r->perms_only || r->clean)
		return PTF_WALK_NEEDS_RANGE;
	if (r->kind == PTF_WALK_MAP) {
		if (r->alloc || r->replace || ((r->va + r->pa_minus_va) & (r->size - 1)))
			return PTF_WALK_NEEDS_RANGE;
		struct ptf_install op = { .tx = tx, .depth = (unsigned)depth, .pa = r->va + r->pa_minus_va,
			                  .attr = leaf_attr[r->flags], .if_mapped = PTF_EEXIST,
			                  .if_table = PTF_WALK_NEEDS_RANGE };
		return FMT(install_from)(&op, root, r->va);
	}
	struct ptf_edit_one op = { .tx = tx, .depth = (unsigned)depth, .protect = r->kind == PTF_WALK_PROTECT,
		                   .attr = leaf_attr[r->flags] };
	return FMT(edit_one_from)(&op, root, r->va);
}

static int FMT(fault)(struct ptf_tx *tx, uint64_t root, uint64_t va, unsigned flags, uint64_t *frame)
{
	struct ptf_install op = { .tx = tx, .depth = LEVELS - 1, .attr = leaf_attr[flags], .data_frame = true,
		                  .if_mapped = 1, .if_table = 1 };
	int rc = FMT(install_from)(&op, root, va);
	if (rc == PTF_OK)
		*frame = op.pa;
	return rc;
}

static int FMT(regrant)(struct ptf_tx *tx, uint64_t root, uint64_t va, unsigned flags, unsigned access)
{
	const struct ptf_regrant op = { .attr = leaf_attr[flags], .access = access };
	struct ptf_tables tm = tx->tables;
	return FMT(regrant_d0)(&op, tm, table_va(&tm, root), va);
}

static void FMT(age)(struct ptf_tx *tx, uint64_t root, uint64_t va, uint64_t size, uint64_t *bitmap)
{
	struct ptf_age_op op = { .tx = tx, .bitmap = bitmap, .base = va };
	FMT(age_d0)(&op, table_va(&tx->tables, root), va, va + size);
}

static void FMT(harvest_dirty)(struct ptf_tx *tx, uint64_t root, uint64_t va, uint64_t size, uint64_t *bitmap,
                               bool clear)
{
	struct ptf_dirty_op op = { .tx = tx, .bitmap = bitmap, .base = va, .clear = clear };
	FMT(harvest_dirty_d0)(&op, table_va(&tx->tables, root), va, va + size);
}

static bool FMT(uniform)(const struct ptf_hal *hal, uint64_t root, uint64_t va, uint64_t size, unsigned flags,
                         uint64_t pa_minus_va)
{
	const struct ptf_uniform op = { .tables = ptf_tables_of(hal), .attr = leaf_attr[flags], .pa_minus_va = pa_minus_va };
	return FMT(uniform_d0)(&op, table_va(&op.tables, root), va, va + size);
}

static const struct ptf_walker_ops FMT(walker_ops) = {
	.count = FMT(count),
	.apply = FMT(apply),
	.one = FMT(one),
	.fault = FMT(fault),
	.regrant = FMT(regrant),
	.age = FMT(age),
	.harvest_dirty = FMT(harvest_dirty),
	.uniform = FMT(uniform),
};

/* ---- the public tree operations ---- */

/* The range walk's transaction, on a tx begun: count, reserve, apply. */
static int FMT(range_change)(struct ptf_tx *tx, uint64_t root, const struct ptf_walk_req *r)
{
	struct ptf_walk_need need;
	int rc = FMT(count)(tx, root, r, &need);
	if (!rc)
		rc = ptf_tx_reserve(tx, need.tables, need.data, need.breaks);
	if (!rc)
		FMT(apply)(tx, root, r);
	return rc;
}

/* One change as one transaction: in one descent when it can be, else the range walk.
 * Frees happen at once: the caller flushes the TLB. */
static int FMT(change)(const struct ptf_hal *hal, uint64_t root, const struct ptf_walk_req *r, ptf_removed_fn removed,
                       void *arg)
{
	struct ptf_tx tx;
	ptf_tx_begin(&tx, hal, GRANULE);
	tx.removed = removed;
	tx.removed_arg = arg;
	int rc = FMT(one)(&tx, root, r);
	if (rc == PTF_WALK_NEEDS_RANGE)
		rc = FMT(range_change)(&tx, root, r);
	ptf_tx_finish(&tx);
	return rc;
}

int FMT(root_alloc)(const struct ptf_hal *hal, uint64_t *root_pa)
{
	/* the root: ROOT_TABLES granule-sized tables, as HAL frames */
	uint64_t pa = hal->alloc_frames(hal->ctx, ROOT_BYTES / PTF_FRAME_SIZE, ROOT_ALIGN);
	if (!pa)
		return PTF_ENOMEM;
	if (!hal->frames_zeroed) {
		struct ptf_tables tables = ptf_tables_of(hal);
		__builtin_memset(table_va(&tables, pa), 0, ROOT_BYTES);
	}
	*root_pa = pa;
	return PTF_OK;
}

void FMT(destroy)(const struct ptf_hal *hal, uint64_t root_pa)
{
	struct ptf_tx tx;
	ptf_tx_begin(&tx, hal, GRANULE);
	FMT(free_below_d0)(&tx, table_va(&tx.tables, root_pa), 0);
	ptf_tx_finish(&tx);
	hal->free_frames(hal->ctx, root_pa, ROOT_BYTES / PTF_FRAME_SIZE);
}

int FMT(map_page)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t page_size,
                  unsigned flags)
{
	if (FMT(check_flags)(flags))
		return PTF_EFLAGS;
	int depth = FMT(depth_of_page)(page_size);
	if (depth < 0)
		return PTF_EPAGESIZE;
	if ((va | pa) & (page_size - 1))
		return PTF_EALIGN;
	uint64_t off = va - INPUT_BASE;
	if (off > IN_SPAN - page_size)
		return PTF_ERANGE;
	if (pa > OUT_SPAN - page_size)
		return PTF_EOUTPUT;
	struct ptf_tx tx;
	ptf_tx_begin(&tx, hal, GRANULE);
	struct ptf_install op = { .tx = &tx, .depth = (unsigned)depth, .pa = pa, .attr = leaf_attr[flags],
		                  .if_mapped = PTF_EEXIST, .if_table = PTF_EEXIST };
	int rc = FMT(install_from)(&op, root_pa, off);
	ptf_tx_finish(&tx);
	return rc;
}

int FMT(fault_page)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, unsigned flags, uint64_t *frame)
{
	if (FMT(check_flags)(flags))
		return PTF_EFLAGS;
	uint64_t off = va - INPUT_BASE;
	if (off >= IN_SPAN)
		return PTF_ERANGE;
	struct ptf_tx tx;
	ptf_tx_begin(&tx, hal, GRANULE);
	int rc = FMT(fault)(&tx, root_pa, off, flags, frame);
	ptf_tx_finish(&tx);
	return rc;
}

int FMT(map_range)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t size,
                   unsigned flags)
{
	uint64_t off = va - INPUT_BASE;
	int rc = FMT(check_range)(off, size);
	if (rc)
		return rc;
	if (pa & (GRANULE - 1))
		return PTF_EALIGN;
	if (pa + size < pa)
		return PTF_EWRAP;
	if (pa + size > OUT_SPAN)
		return PTF_EOUTPUT;
	if (FMT(check_flags)(flags))
		return PTF_EFLAGS;
	struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = off, .size = size, .flags = flags, .pa_minus_va = pa - off };
	return FMT(change)(hal, root_pa, &r, NULL, NULL);
}

/* unmap_range_notify's listener, in the transaction's terms */
struct FMT(leaf_listener) {
	ptf_leaf_fn fn;
	void *arg;
};

static void FMT(tell_listener)(void *arg, uint64_t va, uint64_t pa, uint64_t size)
{
	const struct FMT(leaf_listener) *l = arg;
	(void)va;
	l->fn(l->arg, pa, size);
}

int FMT(unmap_range_notify)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t size,
                            ptf_leaf_fn removed, void *arg)
{
	uint64_t off = va - INPUT_BASE;
	int rc = FMT(check_range)(off, size);
	if (rc)
		return rc;
	struct ptf_walk_req r = { .kind = PTF_WALK_UNMAP, .va = off, .size = size };
	struct FMT(leaf_listener) listener = { removed, arg };
	return FMT(change)(hal, root_pa, &r, removed ? FMT(tell_listener) : NULL, &listener);
}

int FMT(unmap_range)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t size)
{
	return FMT(unmap_range_notify)(hal, root_pa, va, size, NULL, NULL);
}

/* Straight to the one descent: as cheap as map_page when nothing splits. */
int FMT(unmap_page)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t page_size)
{
	int depth = FMT(depth_of_page)(page_size);
	if (depth < 0)
		return PTF_EPAGESIZE;
	if (va & (page_size - 1))
		return PTF_EALIGN;
	uint64_t off = va - INPUT_BASE;
	int rc = FMT(check_range)(off, page_size);
	if (rc)
		return rc;
	struct ptf_tx tx;
	ptf_tx_begin(&tx, hal, GRANULE);
	struct ptf_edit_one op = { .tx = &tx, .depth = (unsigned)depth };
	rc = FMT(edit_one_from)(&op, root_pa, off);
	if (rc == PTF_WALK_NEEDS_RANGE) {
		struct ptf_walk_req r = { .kind = PTF_WALK_UNMAP, .va = off, .size = page_size };
		rc = FMT(range_change)(&tx, root_pa, &r);
	}
	ptf_tx_finish(&tx);
	return rc;
}

int FMT(protect_range)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t size, unsigned flags)
{
	uint64_t off = va - INPUT_BASE;
	int rc = FMT(check_range)(off, size);
	if (rc)
		return rc;
	if (FMT(check_flags)(flags))
		return PTF_EFLAGS;
	struct ptf_walk_req r = { .kind = PTF_WALK_PROTECT, .va = off, .size = size, .flags = flags };
	return FMT(change)(hal, root_pa, &r, NULL, NULL);
}

int FMT(query)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t *pa, unsigned *flags,
               uint64_t *page_size)
{
	return FMT(query_inline)(hal, root_pa, va, pa, flags, page_size);
}

int FMT(walk)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t size, unsigned visit,
              ptf_visitor_fn fn, void *arg)
{
	if (!fn)
		return PTF_EINVAL;
	if (size == 0)
		return PTF_ESIZE;
	uint64_t off = va - INPUT_BASE;
	if (off + size < off)
		return PTF_EWRAP;
	if (off + size > IN_SPAN)
		return PTF_ERANGE;
	struct ptf_walk_op op = { .tables = ptf_tables_of(hal), .visit = visit, .fn = fn, .arg = arg };
	return FMT(walk_d0)(&op, table_va(&op.tables, root_pa), off, off + size);
}

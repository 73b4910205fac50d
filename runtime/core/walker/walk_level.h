/* walker/walk_level.h: one depth of the visitor walk: every entry the range touches, in
 * address order, told to the visitor as the PTF_VISIT_* flags ask. */
static int AT(walk)(const struct ptf_walk_op *op, const pte_t *t, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t stop = FMT(chunk_end)(va, end, LEVEL_SIZE);
		/* va is an input offset; the visitor is told the address */
		struct ptf_visit v = { .depth = DEPTH, .index = LV(index)(va), .va = (va & ~(LEVEL_SIZE - 1)) + INPUT_BASE };
		uint64_t e = load_entry(&t[v.index]);
		int rc = 0;
		v.entry = e;
		v.info.size = LEVEL_SIZE;
		if (is_valid(e) && LV(is_leaf)(e)) {
			v.info.kind = PTF_ENTRY_LEAF;
			v.info.pa = LV(leaf_pa)(e);
			v.info.flags = LV(leaf_flags)(e);
			if (op->visit & PTF_VISIT_LEAF)
				rc = op->fn(&v, PTF_VISIT_LEAF, op->arg);
#if HAS_BELOW
		} else if (is_valid(e) && is_table(e)) {
			v.info.kind = PTF_ENTRY_TABLE;
			v.info.pa = entry_to_pa(e);
			if (op->visit & PTF_VISIT_TABLE_PRE)
				rc = op->fn(&v, PTF_VISIT_TABLE_PRE, op->arg);
			if (!rc)
				rc = BELOW(walk)(op, table_va(&op->tables, v.info.pa), va, stop);
			if (!rc && (op->visit & PTF_VISIT_TABLE_POST))
				rc = op->fn(&v, PTF_VISIT_TABLE_POST, op->arg);
#endif
		} else if (op->visit & PTF_VISIT_INVALID) {
			rc = op->fn(&v, PTF_VISIT_INVALID, op->arg);
		}
		if (rc)
			return rc;
		va = stop;
	}
	return 0;
}

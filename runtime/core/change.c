/* change.c: one change of an address space: count, reserve, apply, flush, release
 * (change.h). */
#include "change.h"

#include "assert.h"
#include "dirty_log.h"

/* A data frame of an alloc area, as the change takes its leaf away: held by the
 * transaction until its flush. Leaves of linear areas map memory the embedder owns. The
 * areas are as before the change while the walker runs. */
static void release_data(void *arg, uint64_t va, uint64_t pa, uint64_t size)
{
	struct change *c = arg;
	if (!c->owner || va < c->owner->start || va >= c->owner->end)
		c->owner = ptf_area_map_find(&c->as->areas, va);
	if (c->owner && c->owner->backend == PTF_BACKEND_ALLOC)
		ptf_tx_free(&c->tx, pa, (size_t)(size / c->as->page));
}

/* A leaf the MMU had written (hardware dirty bits) went, or was left clean: where that is
 * logged, the write is not lost. */
static void log_dirtied(void *arg, uint64_t va, uint64_t pa, uint64_t size)
{
	(void)pa;
	ptf_dirty_log_mark(arg, va, size);
}

void ptf_change_begin(struct change *c, struct ptf_aspace *as)
{
	ptf_gate_lock_writers(&as->gate, as->hal);
	c->as = as;
	c->owner = NULL;
	c->n_nodes = 0;
	c->dead = NULL;
	c->closed = false;
	ptf_tx_begin(&c->tx, as->hal, as->page);
	c->tx.vmid = as->vmid; /* only writers change it, and this is one */
	c->tx.removed = release_data;
	c->tx.removed_arg = c;
	/* (the logs change only in a change's apply phase: with the writers' lock held, as
	 * they are now they stay) */
	if (as->fmt->dirty == PTF_DIRTY_HARDWARE && as->logs) {
		c->tx.dirtied = log_dirtied;
		c->tx.dirtied_arg = as;
	}
}

int ptf_change_count(struct change *c, const struct ptf_walk_req *r, struct ptf_walk_need *total)
{
	struct ptf_walk_need counted = { 0, 0, 0 };
	int rc = c->as->fmt->walker->count(&c->tx, c->as->root, r, &counted);
	total->tables += counted.tables;
	total->data += counted.data;
	total->breaks += counted.breaks;
	return rc;
}

int ptf_change_reserve_counted(struct change *c, const struct ptf_walk_need *total)
{
	ptf_tx_hold_until_flush(&c->tx, c->as->fmt->input_base);
	return ptf_tx_reserve(&c->tx, total->tables, total->data, total->breaks);
}

int ptf_change_reserve(struct change *c, size_t nodes, const struct ptf_walk_req *r, struct ptf_walk_need *need)
{
	PTF_ASSERT(nodes <= PTF_CHANGE_MAX_NODES);
	for (; c->n_nodes < nodes; c->n_nodes++) {
		c->nodes[c->n_nodes] = ptf_slab_alloc(&c->as->nodes);
		if (!c->nodes[c->n_nodes])
			return PTF_ENOMEM;
		*c->nodes[c->n_nodes] = (struct area){ 0 };
	}
	struct ptf_walk_need counted = { 0, 0, 0 };
	int rc = r ? ptf_change_count(c, r, &counted) : PTF_OK;
	if (need)
		*need = counted;
	return rc ? rc : ptf_change_reserve_counted(c, &counted);
}

void ptf_change_apply(struct change *c, const struct ptf_walk_req *r)
{
	ptf_gate_close(&c->as->gate, c->as->hal);
	c->closed = true;
	c->tx.gate = &c->as->gate; /* looks may come in while a break is flushed */
	if (r)
		ptf_change_walk(c, r);
}

void ptf_change_walk(struct change *c, const struct ptf_walk_req *r)
{
	PTF_ASSERT(c->closed);
	c->as->fmt->walker->apply(&c->tx, c->as->root, r);
}

int ptf_change_step(struct change *c, const struct ptf_walk_req *r, struct ptf_walk_need *need)
{
	if (need)
		return ptf_change_count(c, r, need);
	ptf_change_walk(c, r);
	return PTF_OK;
}

void ptf_change_drop_area(struct change *c, struct area *a)
{
	ptf_area_map_remove(&c->as->areas, a);
	a->link.parent = (struct ptf_avl_node *)c->dead;
	c->dead = a;
}

struct area *ptf_change_take_node(struct change *c)
{
	PTF_ASSERT(c->n_nodes > 0); /* reserved by ptf_change_reserve */
	return c->nodes[--c->n_nodes];
}

/* Open the gate first, then flush what changed: the HAL's flush may look at the address
 * space, and faults that come in meanwhile see the change made. */
void ptf_change_end(struct change *c)
{
	if (c->closed)
		ptf_gate_open(&c->as->gate);
	ptf_tx_finish(&c->tx);
	while (c->n_nodes)
		ptf_slab_free(&c->as->nodes, c->nodes[--c->n_nodes]);
	while (c->dead) {
		struct area *next = (struct area *)c->dead->link.parent;
		ptf_slab_free(&c->as->nodes, c->dead);
		c->dead = next;
	}
	ptf_gate_unlock_writers(&c->as->gate);
}

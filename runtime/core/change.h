/* change.h: one change of an address space, in the shape every writer has:
 *   check and count: its arguments and the areas; the walker's count pass counts table
 *                    and data frames. Writers are serialised, faults go on meanwhile:
 *                    they only add page-sized leaves and the tables above them in their
 *                    own areas, and give leaves back permissions their area allows, which
 *                    never makes a change need more frames;
 *   reserve:         area nodes, and the frames the walker counted, all or nothing;
 *   apply:           with the gate closed (no fault or software walk in flight), the
 *                    walker's change, then the area surgery, neither of which can fail;
 *   flush:           one TLB flush when a translation changed, before the gate opens;
 *   release:         frames the change unlinked (held until the flush), and whatever
 *                    was reserved but not used.
 * A failure before apply leaves the address space as it was and holds nothing. A change
 * is one walker request (ptf_change_reserve) or several, counted together and applied
 * one after the other (ptf_change_count, ptf_change_reserve_counted, ptf_change_walk). */
#ifndef PTF_CHANGE_H
#define PTF_CHANGE_H

#include "aspace_internal.h"
#include "tx.h"
#include "walker/ops.h"

#define PTF_CHANGE_MAX_NODES 2

struct change {
	struct ptf_aspace *as;
	struct ptf_tx tx;
	struct area *nodes[PTF_CHANGE_MAX_NODES]; /* reserved area nodes, taken by the area
	                                             surgery */
	size_t n_nodes;
	const struct area *owner;      /* the area the last removed leaf belonged to */
	struct area *dead;             /* areas the change removed, chained through their
	                                  node's parent link: freed after the flush, with
	                                  everything else the change let go of */
	bool closed;                   /* the gate is closed: the apply phase */
};

/* Takes the writers' lock: the areas checked now stay as they are until ptf_change_end. */
void ptf_change_begin(struct change *c, struct ptf_aspace *as);
/* Reserves `nodes` area nodes and what the walker counts for r (nothing when r is
 * NULL); the change's flush covers what the walker changes. need (may be NULL)
 * receives what was counted. On error nothing is held. */
int ptf_change_reserve(struct change *c, size_t nodes, const struct ptf_walk_req *r, struct ptf_walk_need *need);
/* Several requests: each counted into *total (ptf_change_count, stopping at the first
 * error), then all of it reserved at once. */
int ptf_change_count(struct change *c, const struct ptf_walk_req *r, struct ptf_walk_need *total);
int ptf_change_reserve_counted(struct change *c, const struct ptf_walk_need *total);
/* The apply phase: the gate closed, then the walker's change (r may be NULL). */
void ptf_change_apply(struct change *c, const struct ptf_walk_req *r);
/* In the apply phase: one more counted request applied. */
void ptf_change_walk(struct change *c, const struct ptf_walk_req *r);
/* One of several requests, in either phase: counted into *need (ptf_change_count), or,
 * when need is NULL, applied (ptf_change_walk; 0). */
int ptf_change_step(struct change *c, const struct ptf_walk_req *r, struct ptf_walk_need *need);
/* An area out of the map: its node goes back after the flush. */
void ptf_change_drop_area(struct change *c, struct area *a);
/* A node ptf_change_reserve reserved. */
struct area *ptf_change_take_node(struct change *c);
/* Opens the gate, flushes if a translation changed, frees what was held, gives back
 * what was not used, and lets the next writer in. */
void ptf_change_end(struct change *c);

#endif

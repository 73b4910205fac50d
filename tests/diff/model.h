/* model.h: the reference model of a guest address space: no page tables at all, just
 * what each 4 KiB page of the window is (unmapped, linear to an HPA, or allocated and
 * present or not), its flags and its area, and the bytes of pages written through the
 * accessor. It predicts the result of every runtime call from the documented rules. */
#ifndef PTF_DIFF_MODEL_H
#define PTF_DIFF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ptforge/ptforge.h>

enum page_state { PAGE_NONE, PAGE_LINEAR, PAGE_LAZY, PAGE_PRESENT };

/* Dirty logging (log): a page's range is logged, and its leaf is write-protected by the
 * log (its leaf then lacks the area's W); dirty: one bit per 4 KiB of the page written.
 * Both outlive the page's area: logs are on ranges, not areas. */
#define LOG_ON 0x1u
#define LOG_WP 0x2u
/* where the MMU keeps the dirty state in the write permission (Arm DBM): a clean leaf,
 * write-protected (LOG_WP) but writable by the MMU, which a write makes dirty */
#define LOG_MMU 0x4u

struct model_page {
	uint64_t hpa;         /* PAGE_LINEAR */
	uint32_t area;        /* area id; pages of one area share it */
	uint8_t flags;        /* as the format expresses them */
	uint8_t state;        /* enum page_state */
	uint8_t log;          /* LOG_ON, LOG_WP, LOG_MMU */
	uint16_t dirty;       /* bit k: the k-th 4 KiB of the page written */
	uint8_t used;         /* mapped, and used since its last age (or since it was mapped) */
};

struct model {
	const struct ptf_format *fmt;
	uint64_t base, size;  /* the window */
	uint64_t page_size;   /* the format's granule: the model keeps one record per page */
	size_t npages;
	struct model_page *page;
	unsigned char **data; /* contents of written alloc pages (NULL: zeros) */
	uint32_t next_area;
	size_t present;       /* alloc pages with a frame */
	bool parks;           /* the format ages a leaf by taking its permissions away */
	bool hw_dirty;        /* the MMU records writes in the leaves (PTF_DIRTY_HARDWARE) */
	bool hw_writable;     /* ... in the write permission, which a clean leaf lacks */
};

void model_init(struct model *m, const struct ptf_format *fmt, uint64_t base, uint64_t size);
void model_free(struct model *m);
void model_clear(struct model *m);

/* Each returns the error the runtime must return and, on success, applies the call. */
int model_map(struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear,
              bool populate);
/* ptf_aspace_map_*_overwrite: a map that replaces the areas the range overlaps */
int model_overwrite(struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear,
                    bool populate);
int model_unmap(struct model *m, uint64_t gpa, uint64_t size);
int model_protect(struct model *m, uint64_t gpa, uint64_t size, unsigned flags);
int model_fault(struct model *m, uint64_t gpa, unsigned access);
int model_translate(const struct model *m, uint64_t gpa, uint64_t *hpa, bool *exact);
int model_write(struct model *m, uint64_t gpa, const void *buf, size_t len);
/* read and write make the lazy pages they reach present, as the runtime populates them */
int model_read(struct model *m, uint64_t gpa, void *buf, size_t len);
int model_check_populate(const struct model *m, uint64_t gpa, uint64_t size);
int model_populate(struct model *m, uint64_t gpa, uint64_t size);
/* ptf_aspace_collapse: the range's checks, then an area it touches; it changes no page's
 * state, flags or bytes (only the leaves that map them, which the model has none of) */
int model_check_collapse(const struct model *m, uint64_t gpa, uint64_t size);
/* How many lazy pages [gpa, gpa + size) reaches */
size_t model_lazy_pages(const struct model *m, uint64_t gpa, uint64_t size);
/* What ptf_aspace_translate_buffer returns for [gpa, gpa + len): every byte mapped,
 * linear or alloc (lazy pages not faulted in are not) */
int model_buffer(const struct model *m, uint64_t gpa, uint64_t len);

/* Dirty logging (aspace.h). get writes the bitmap of [gpa, gpa + size) (one bit per
 * 4 KiB, words as the runtime writes them) and, with clear, clears it. */
int model_dirty_log_start(struct model *m, uint64_t gpa, uint64_t size);
int model_dirty_log_stop(struct model *m, uint64_t gpa, uint64_t size);
int model_dirty_log_get(struct model *m, uint64_t gpa, uint64_t size, uint64_t *bitmap, bool clear);
int model_check_dirty_log_start(const struct model *m, uint64_t gpa, uint64_t size);
int model_check_dirty_log_get(const struct model *m, uint64_t gpa, uint64_t size);
/* A write by the guest through the MMU (runtime/tools/mmu_sim.h): 0 when it goes through
 * (a page the leaf lets it write, or a clean leaf the MMU may make dirty), marking the
 * page written where it is logged; 1 when it faults. */
int model_guest_write(struct model *m, uint64_t gpa);
/* The flags the page's leaf has: its area's, less W where the log protects it, less R,
 * W and X where the format ages a leaf so and the page is aged */
static inline unsigned model_page_leaf_flags(const struct model *m, const struct model_page *p)
{
	unsigned flags = p->log & LOG_WP ? p->flags & ~PTF_W : p->flags;
	return m->parks && !p->used ? flags & ~(PTF_R | PTF_W | PTF_X) : flags;
}
unsigned model_leaf_flags(const struct model *m, uint64_t gpa);

/* Access tracking (aspace.h, ptf_aspace_age). A leaf's pages share its use, and the
 * model has no leaves: leaf_size tells the size of the leaf that maps a page (the
 * runtime's choice, 0 if none). age writes the bitmap of [gpa, gpa + size) and ages the
 * leaves it reaches whole; used_leaf marks used every mapped page of the leaf of
 * leaf_size bytes around gpa (a fault's access). */
typedef uint64_t (*model_leaf_size_fn)(void *arg, uint64_t gpa);
int model_age(struct model *m, uint64_t gpa, uint64_t size, uint64_t *bitmap, model_leaf_size_fn leaf_size, void *arg);
void model_used_leaf(struct model *m, uint64_t gpa, uint64_t leaf_size);
/* A fault at gpa left it mapped by a leaf of leaf_size bytes (the runtime's: a huge frame
 * where the area asks for them): its lazy pages are present now. 1 (a divergence) if
 * the leaf reaches a page that was lazy in another area, or that no area has. */
int model_fault_leaf(struct model *m, uint64_t gpa, uint64_t leaf_size);

/* The result a call would have, without applying it (for failure injection). */
int model_check_map(const struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear);
int model_check_overwrite(const struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags,
                          bool linear);
int model_check_unmap(const struct model *m, uint64_t gpa, uint64_t size);
int model_check_protect(const struct model *m, uint64_t gpa, uint64_t size, unsigned flags);
int model_check_fault(const struct model *m, uint64_t gpa, unsigned access);

unsigned model_expressed(const struct ptf_format *fmt, unsigned flags);
size_t model_area_count(const struct model *m);

#endif

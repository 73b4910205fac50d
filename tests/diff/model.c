/* model.c: the reference model (see model.h). Checks come in the order the runtime
 * documents: size, alignment, wrap-around, window, host address, flags, then areas. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* every function here has the model at hand as m */
#define PAGE (m->page_size)

void model_init(struct model *m, const struct ptf_format *fmt, uint64_t base, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->fmt = fmt;
	m->base = base;
	m->size = size;
	m->page_size = ptf_format_granule(fmt);
	m->npages = (size_t)(size / PAGE);
	m->page = calloc(m->npages, sizeof(*m->page));
	m->data = calloc(m->npages, sizeof(*m->data));
	m->next_area = 1;
	m->parks = fmt->accessed == PTF_ACCESSED_PERMISSIONS;
	m->hw_dirty = fmt->dirty == PTF_DIRTY_HARDWARE;
	m->hw_writable = m->hw_dirty && fmt->dirty_writable;
}

static void drop_data(struct model *m, size_t i)
{
	free(m->data[i]);
	m->data[i] = NULL;
}

/* A page no area holds any more: what the dirty log knows of it stays. */
static void forget_page(struct model *m, size_t i)
{
	drop_data(m, i);
	m->page[i] = (struct model_page){ .log = (uint8_t)(m->page[i].log & LOG_ON), .dirty = m->page[i].dirty };
}

void model_clear(struct model *m)
{
	for (size_t i = 0; i < m->npages; i++)
		forget_page(m, i);
	m->present = 0;
}

void model_free(struct model *m)
{
	model_clear(m);
	free(m->page);
	free(m->data);
}

unsigned model_expressed(const struct ptf_format *fmt, unsigned flags)
{
	struct ptf_entry_info info;
	fmt->decode(fmt->leaf(0, flags, fmt->levels - 1), fmt->levels - 1, &info);
	return info.flags;
}

/* Ranges are taken modulo 2^64 from the format's first input address (format.h): one
 * wraps when its offsets do (a sign-extended format's may cross 0 without wrapping), and
 * lies in the window when its offset from the window's base stays below the window's size. */
static int check_range(const struct model *m, uint64_t gpa, uint64_t size)
{
	if (size == 0)
		return PTF_ESIZE;
	if ((gpa | size) & (PAGE - 1))
		return PTF_EALIGN;
	uint64_t off = gpa - m->fmt->input_base;
	if (off + size < off)
		return PTF_EWRAP;
	if (gpa - m->base >= m->size || size > m->size - (gpa - m->base))
		return PTF_ERANGE;
	return PTF_OK;
}

static bool in_window(const struct model *m, uint64_t gpa)
{
	return gpa - m->base < m->size;
}

static size_t index_of(const struct model *m, uint64_t gpa)
{
	return (size_t)((gpa - m->base) / PAGE);
}

static bool any_area(const struct model *m, uint64_t gpa, uint64_t size)
{
	for (size_t i = index_of(m, gpa), n = (size_t)(size / PAGE); n--; i++)
		if (m->page[i].state != PAGE_NONE)
			return true;
	return false;
}

/* ---- the dirty log's part in every call ---- */

static uint16_t all_dirty(const struct model *m)
{
	return (uint16_t)((1u << (PAGE / 4096)) - 1);
}

/* flags grant W and have no read-only form (W alone on Arm stage 2) */
static bool no_read_only_form(const struct model *m, unsigned flags)
{
	return (flags & PTF_W) && ptf_format_check_flags(m->fmt, flags & ~PTF_W);
}

/* A map or protect giving flags to [gpa, gpa + size): refused over logged pages when the
 * log could not write-protect them. */
static int check_grant(const struct model *m, uint64_t gpa, uint64_t size, unsigned flags)
{
	if (!no_read_only_form(m, flags))
		return PTF_OK;
	for (size_t i = index_of(m, gpa), n = (size_t)(size / PAGE); n--; i++)
		if (m->page[i].log & LOG_ON)
			return PTF_EFLAGS;
	return PTF_OK;
}

/* Page i is mapped now with its area's flags, its leaf granting W: a logged page is
 * reported written. */
static void mapped_writable(struct model *m, size_t i)
{
	struct model_page *p = &m->page[i];
	p->used = 1;
	p->log &= (uint8_t)~(LOG_WP | LOG_MMU);
	if (p->log & LOG_ON)
		p->dirty = all_dirty(m);
}

/* Page i becomes present without a write: write-protected where it is logged. */
static void mapped_unwritten(struct model *m, size_t i)
{
	struct model_page *p = &m->page[i];
	p->used = 1;
	p->log &= (uint8_t)~(LOG_WP | LOG_MMU);
	if ((p->log & LOG_ON) && (p->flags & PTF_W))
		p->log |= LOG_WP;
}

unsigned model_leaf_flags(const struct model *m, uint64_t gpa)
{
	return model_page_leaf_flags(m, &m->page[index_of(m, gpa)]);
}

/* replace: an overwrite, which takes the place of the areas there instead of refusing */
static int check_map(const struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear,
                     bool replace)
{
	int rc = check_range(m, gpa, size);
	if (rc)
		return rc;
	if (linear) {
		if (hpa & (PAGE - 1))
			return PTF_EALIGN;
		if (hpa + size < hpa)
			return PTF_EWRAP;
		if (hpa + size > (uint64_t)1 << m->fmt->output_bits)
			return PTF_EOUTPUT;
	}
	if (ptf_format_check_flags(m->fmt, flags))
		return PTF_EFLAGS;
	if (!replace && any_area(m, gpa, size))
		return PTF_EEXIST;
	return check_grant(m, gpa, size, model_expressed(m->fmt, flags));
}

int model_check_map(const struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear)
{
	return check_map(m, gpa, hpa, size, flags, linear, false);
}

int model_check_overwrite(const struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear)
{
	return check_map(m, gpa, hpa, size, flags, linear, true);
}

/* [gpa, gpa + size), free, becomes a new area */
static void map_pages(struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear,
                      bool populate)
{
	uint32_t id = m->next_area++;
	unsigned expressed = model_expressed(m->fmt, flags);
	size_t first = index_of(m, gpa);
	for (size_t k = 0; k < size / PAGE; k++) {
		struct model_page *p = &m->page[first + k];
		p->area = id;
		p->flags = (uint8_t)expressed;
		p->hpa = linear ? hpa + k * PAGE : 0;
		p->state = linear ? PAGE_LINEAR : populate ? PAGE_PRESENT : PAGE_LAZY;
		if (!linear && populate)
			m->present++;
		if (linear || populate)
			mapped_writable(m, first + k); /* new contents */
	}
}

int model_map(struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear, bool populate)
{
	int rc = check_map(m, gpa, hpa, size, flags, linear, false);
	if (!rc)
		map_pages(m, gpa, hpa, size, flags, linear, populate);
	return rc;
}

static void unmap_pages(struct model *m, uint64_t gpa, uint64_t size)
{
	size_t first = index_of(m, gpa);
	for (size_t k = 0; k < size / PAGE; k++) {
		struct model_page *p = &m->page[first + k];
		if (p->state == PAGE_PRESENT)
			m->present--;
		forget_page(m, first + k);
	}
}

int model_overwrite(struct model *m, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags, bool linear,
                    bool populate)
{
	int rc = check_map(m, gpa, hpa, size, flags, linear, true);
	if (rc)
		return rc;
	bool replaced = any_area(m, gpa, size);
	unmap_pages(m, gpa, size);
	map_pages(m, gpa, hpa, size, flags, linear, populate);
	/* what was there is gone: the guest reads new contents (a lazy area's zeros), so a
	 * logged page of the range is reported written, as a linear or populated map's is */
	if (replaced && !linear && !populate)
		for (size_t i = index_of(m, gpa), k = 0; k < size / PAGE; k++, i++)
			if (m->page[i].log & LOG_ON)
				m->page[i].dirty = all_dirty(m);
	return PTF_OK;
}

int model_check_unmap(const struct model *m, uint64_t gpa, uint64_t size)
{
	int rc = check_range(m, gpa, size);
	if (rc)
		return rc;
	return any_area(m, gpa, size) ? PTF_OK : PTF_ENOAREA;
}

int model_unmap(struct model *m, uint64_t gpa, uint64_t size)
{
	int rc = model_check_unmap(m, gpa, size);
	if (!rc)
		unmap_pages(m, gpa, size);
	return rc;
}

int model_check_protect(const struct model *m, uint64_t gpa, uint64_t size, unsigned flags)
{
	int rc = check_range(m, gpa, size);
	if (!rc && ptf_format_check_flags(m->fmt, flags))
		rc = PTF_EFLAGS;
	if (rc)
		return rc;
	if (!any_area(m, gpa, size))
		return PTF_ENOAREA;
	return check_grant(m, gpa, size, model_expressed(m->fmt, flags));
}

int model_protect(struct model *m, uint64_t gpa, uint64_t size, unsigned flags)
{
	int rc = model_check_protect(m, gpa, size, flags);
	if (rc)
		return rc;
	/* the covered part of each area becomes an area of its own, and so does the part
	 * of the last area beyond the range (the runtime splits there) */
	size_t first = index_of(m, gpa), end = first + (size_t)(size / PAGE);
	uint32_t last_old = 0, last_new = 0;
	for (size_t i = first; i < end; i++) {
		struct model_page *p = &m->page[i];
		if (p->state == PAGE_NONE)
			continue;
		if (p->area != last_old) {
			last_old = p->area;
			last_new = m->next_area++;
		}
		p->area = last_new;
		p->flags = (uint8_t)model_expressed(m->fmt, flags);
		/* every leaf gets the new flags; granting W reports a logged page written */
		p->log &= (uint8_t)~(LOG_WP | LOG_MMU);
		if ((flags & PTF_W) && (p->log & LOG_ON))
			p->dirty = all_dirty(m);
	}
	if (end < m->npages && last_old && m->page[end].area == last_old) {
		uint32_t right = m->next_area++;
		for (size_t i = end; i < m->npages && m->page[i].area == last_old; i++)
			m->page[i].area = right;
	}
	return PTF_OK;
}

int model_check_fault(const struct model *m, uint64_t gpa, unsigned access)
{
	if (!access || (access & ~(PTF_R | PTF_W | PTF_X)))
		return PTF_EINVAL;
	if (!in_window(m, gpa))
		return PTF_ERANGE;
	const struct model_page *p = &m->page[index_of(m, gpa)];
	if (p->state == PAGE_NONE)
		return PTF_ENOAREA;
	if ((p->flags & access) != access)
		return PTF_EACCESS;
	return PTF_OK;
}

int model_fault(struct model *m, uint64_t gpa, unsigned access)
{
	int rc = model_check_fault(m, gpa, access);
	if (rc)
		return rc;
	size_t i = index_of(m, gpa);
	struct model_page *p = &m->page[i];
	bool was_lazy = p->state == PAGE_LAZY;
	/* an aged page of a format that takes the permissions away gets its leaf anew, as
	 * a lazy page does */
	bool parked = m->parks && !p->used && !was_lazy;
	p->used = 1; /* an access; its leaf's other pages: model_used_leaf */
	if (was_lazy) {
		p->state = PAGE_PRESENT;
		m->present++;
	}
	/* in a logged range a write maps the page writable, or gives it W back, and marks
	 * it; a read maps it write-protected */
	if ((p->log & LOG_ON) && (p->flags & PTF_W) && (access & PTF_W))
		mapped_writable(m, i);
	else if (was_lazy || parked)
		mapped_unwritten(m, i);
	return PTF_OK;
}

int model_translate(const struct model *m, uint64_t gpa, uint64_t *hpa, bool *exact)
{
	if (!in_window(m, gpa))
		return PTF_ERANGE;
	const struct model_page *p = &m->page[index_of(m, gpa)];
	*exact = p->state == PAGE_LINEAR;
	if (p->state == PAGE_LINEAR)
		*hpa = p->hpa + (gpa & (PAGE - 1));
	return p->state == PAGE_LINEAR || p->state == PAGE_PRESENT ? PTF_OK : PTF_ENOENT;
}

/* [gpa, gpa + len) with every page in one of the states `usable` holds (bit per state),
 * or the runtime's error for the first page that is not: the range's wrap as offsets,
 * then per page the window and the state. */
static int check_bytes(const struct model *m, uint64_t gpa, uint64_t len, unsigned usable)
{
	if (len == 0)
		return PTF_OK;
	uint64_t off = gpa - m->fmt->input_base;
	if (off + len < off)
		return PTF_EWRAP;
	uint64_t pages = ((gpa & (PAGE - 1)) + len + PAGE - 1) / PAGE;
	for (uint64_t k = 0; k < pages; k++) {
		uint64_t a = (gpa & ~(PAGE - 1)) + k * PAGE;
		if (!in_window(m, a))
			return PTF_ERANGE;
		if (!((usable >> m->page[index_of(m, a)].state) & 1))
			return PTF_ENOENT;
	}
	return PTF_OK;
}

/* Guest memory: only present alloc pages have host memory in the driver's setup
 * (linear maps point outside the HAL's arena); lazy ones get it as they are reached. */
static int check_access(const struct model *m, uint64_t gpa, size_t len)
{
	return check_bytes(m, gpa, len, 1u << PAGE_PRESENT | 1u << PAGE_LAZY);
}

/* The lazy pages of [gpa, gpa + size) (page-aligned, in the window) become present */
static void make_present(struct model *m, uint64_t gpa, uint64_t size)
{
	for (size_t i = index_of(m, gpa), n = (size_t)(size / PAGE); n--; i++) {
		if (m->page[i].state == PAGE_LAZY) {
			m->page[i].state = PAGE_PRESENT;
			m->present++;
			mapped_unwritten(m, i);
		}
	}
}

size_t model_lazy_pages(const struct model *m, uint64_t gpa, uint64_t size)
{
	size_t lazy = 0;
	uint64_t first = gpa & ~(PAGE - 1), pages = ((gpa & (PAGE - 1)) + size + PAGE - 1) / PAGE;
	for (uint64_t k = 0; k < pages; k++) {
		uint64_t a = first + k * PAGE;
		lazy += in_window(m, a) && m->page[index_of(m, a)].state == PAGE_LAZY;
	}
	return lazy;
}

int model_check_populate(const struct model *m, uint64_t gpa, uint64_t size)
{
	return model_check_unmap(m, gpa, size); /* the same checks: the range, then an area it touches */
}

int model_check_collapse(const struct model *m, uint64_t gpa, uint64_t size)
{
	return model_check_unmap(m, gpa, size);
}

int model_populate(struct model *m, uint64_t gpa, uint64_t size)
{
	int rc = model_check_populate(m, gpa, size);
	if (!rc)
		make_present(m, gpa, size);
	return rc;
}

int model_write(struct model *m, uint64_t gpa, const void *buf, size_t len)
{
	int rc = check_access(m, gpa, len);
	if (rc)
		return rc;
	if (len)
		make_present(m, gpa & ~(PAGE - 1), ((gpa & (PAGE - 1)) + len + PAGE - 1) & ~(PAGE - 1));
	const unsigned char *src = buf;
	for (size_t k = 0; k < len; k++) {
		size_t i = index_of(m, gpa + k);
		if (!m->data[i])
			m->data[i] = calloc(1, PAGE);
		m->data[i][(gpa + k) & (PAGE - 1)] = src[k];
		if (m->page[i].log & LOG_ON)
			m->page[i].dirty |= (uint16_t)(1u << (((gpa + k) & (PAGE - 1)) / 4096));
	}
	return PTF_OK;
}

int model_read(struct model *m, uint64_t gpa, void *buf, size_t len)
{
	int rc = check_access(m, gpa, len);
	if (rc)
		return rc;
	if (len)
		make_present(m, gpa & ~(PAGE - 1), ((gpa & (PAGE - 1)) + len + PAGE - 1) & ~(PAGE - 1));
	unsigned char *dst = buf;
	for (size_t k = 0; k < len; k++) {
		size_t i = index_of(m, gpa + k);
		dst[k] = m->data[i] ? m->data[i][(gpa + k) & (PAGE - 1)] : 0;
	}
	return PTF_OK;
}

int model_buffer(const struct model *m, uint64_t gpa, uint64_t len)
{
	return check_bytes(m, gpa, len, 1u << PAGE_LINEAR | 1u << PAGE_PRESENT);
}

size_t model_area_count(const struct model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->npages; i++)
		if (m->page[i].state != PAGE_NONE && (i == 0 || m->page[i - 1].area != m->page[i].area))
			n++;
	return n;
}

/* ---- dirty logging ---- */

int model_check_dirty_log_start(const struct model *m, uint64_t gpa, uint64_t size)
{
	int rc = check_range(m, gpa, size);
	if (rc)
		return rc;
	size_t first = index_of(m, gpa), n = (size_t)(size / PAGE);
	for (size_t i = first; i < first + n; i++)
		if (m->page[i].log & LOG_ON)
			return PTF_EEXIST;
	for (size_t i = first; i < first + n; i++)
		if (m->page[i].state != PAGE_NONE && no_read_only_form(m, m->page[i].flags))
			return PTF_EFLAGS;
	return PTF_OK;
}

/* What a writable page's leaf is made when the log starts, or takes its bits: write
 * protected; left writable where the MMU sets a dirty bit; writable by the MMU where the
 * dirty state is the write permission itself. */
static uint8_t logged_clean(const struct model *m)
{
	return !m->hw_dirty ? LOG_WP : m->hw_writable ? LOG_WP | LOG_MMU : 0;
}

int model_guest_write(struct model *m, uint64_t gpa)
{
	if (!in_window(m, gpa))
		return 1;
	struct model_page *p = &m->page[index_of(m, gpa)];
	if (p->state != PAGE_LINEAR && p->state != PAGE_PRESENT)
		return 1;
	if (!(model_page_leaf_flags(m, p) & PTF_W) && !(p->log & LOG_MMU))
		return 1;
	p->log &= (uint8_t)~(LOG_WP | LOG_MMU);
	if (p->log & LOG_ON)
		p->dirty = all_dirty(m); /* the MMU's bit is the leaf's */
	return 0;
}

int model_dirty_log_start(struct model *m, uint64_t gpa, uint64_t size)
{
	int rc = model_check_dirty_log_start(m, gpa, size);
	if (rc)
		return rc;
	for (size_t i = index_of(m, gpa), n = (size_t)(size / PAGE); n--; i++) {
		struct model_page *p = &m->page[i];
		p->log = LOG_ON;
		p->dirty = 0;
		if ((p->state == PAGE_LINEAR || p->state == PAGE_PRESENT) && (p->flags & PTF_W))
			p->log |= logged_clean(m);
	}
	return PTF_OK;
}

int model_dirty_log_stop(struct model *m, uint64_t gpa, uint64_t size)
{
	int rc = check_range(m, gpa, size);
	if (rc)
		return rc;
	for (size_t i = index_of(m, gpa), n = (size_t)(size / PAGE); n--; i++) {
		m->page[i].log = 0;
		m->page[i].dirty = 0;
	}
	return PTF_OK;
}

int model_check_dirty_log_get(const struct model *m, uint64_t gpa, uint64_t size)
{
	return check_range(m, gpa, size);
}

int model_dirty_log_get(struct model *m, uint64_t gpa, uint64_t size, uint64_t *bitmap, bool clear)
{
	int rc = check_range(m, gpa, size);
	if (rc)
		return rc;
	uint64_t units = PAGE / 4096;
	memset(bitmap, 0, (size_t)((size / 4096 + 63) / 64) * sizeof(uint64_t));
	size_t first = index_of(m, gpa);
	for (size_t k = 0; k < size / PAGE; k++) {
		struct model_page *p = &m->page[first + k];
		if (!(p->log & LOG_ON) || !p->dirty)
			continue;
		for (uint64_t u = 0; u < units; u++)
			if (p->dirty >> u & 1) {
				uint64_t bit = k * units + u;
				bitmap[bit / 64] |= (uint64_t)1 << (bit % 64);
			}
		if (clear) {
			p->dirty = 0;
			/* get protects again the mapped pages of writable areas it reports, or,
			 * where the MMU keeps the dirty state, makes the leaves it finds dirty
			 * clean (not those a read fault mapped read-only: no MMU writes them) */
			if ((p->state == PAGE_LINEAR || p->state == PAGE_PRESENT) && (p->flags & PTF_W) &&
			    (!m->hw_dirty || !(p->log & LOG_WP)))
				p->log |= logged_clean(m);
		}
	}
	return PTF_OK;
}

/* ---- access tracking ---- */

static bool page_is_mapped(const struct model_page *p)
{
	return p->state == PAGE_LINEAR || p->state == PAGE_PRESENT;
}

/* The window's pages of the leaf of leaf_size bytes around page i: [*lo, *hi) */
static void leaf_pages(const struct model *m, size_t i, uint64_t leaf_size, size_t *lo, size_t *hi)
{
	uint64_t off = (uint64_t)i * PAGE + m->base - m->fmt->input_base;
	uint64_t first = leaf_size > PAGE ? off & ~(leaf_size - 1) : off;
	uint64_t base = m->base - m->fmt->input_base;
	*lo = first < base ? 0 : (size_t)((first - base) / PAGE);
	*hi = *lo + (size_t)((leaf_size > PAGE ? leaf_size : PAGE) / PAGE);
	if (*hi > m->npages)
		*hi = m->npages;
}

void model_used_leaf(struct model *m, uint64_t gpa, uint64_t leaf_size)
{
	size_t lo, hi;
	leaf_pages(m, index_of(m, gpa), leaf_size, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		if (page_is_mapped(&m->page[i]))
			m->page[i].used = 1;
}

int model_age(struct model *m, uint64_t gpa, uint64_t size, uint64_t *bitmap, model_leaf_size_fn leaf_size, void *arg)
{
	int rc = check_range(m, gpa, size);
	if (rc)
		return rc;
	uint64_t units = PAGE / 4096;
	memset(bitmap, 0, (size_t)((size / 4096 + 63) / 64) * sizeof(uint64_t));
	size_t first = index_of(m, gpa), end = first + (size_t)(size / PAGE);
	for (size_t k = first; k < end;) {
		if (!page_is_mapped(&m->page[k])) {
			k++;
			continue;
		}
		size_t lo, hi;
		leaf_pages(m, k, leaf_size(arg, gpa + (uint64_t)(k - first) * PAGE), &lo, &hi);
		/* the leaf was used if any of its pages was (they agree, but for a leaf the
		 * runtime made of pages the model saw mapped apart) */
		bool used = false;
		for (size_t i = lo; i < hi; i++)
			used |= page_is_mapped(&m->page[i]) && m->page[i].used;
		for (size_t i = lo; i < hi; i++) {
			if (used && i >= first && i < end)
				for (uint64_t u = 0; u < units; u++) {
					uint64_t bit = (i - first) * units + u;
					bitmap[bit / 64] |= (uint64_t)1 << (bit % 64);
				}
			m->page[i].used = 0;
		}
		k = hi > k ? hi : k + 1;
	}
	return PTF_OK;
}

int model_fault_leaf(struct model *m, uint64_t gpa, uint64_t leaf_size)
{
	size_t at = index_of(m, gpa), lo, hi;
	if (leaf_size <= PAGE)
		return PTF_OK;
	leaf_pages(m, at, leaf_size, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		struct model_page *p = &m->page[i];
		if (p->state == PAGE_NONE || (p->state == PAGE_LAZY && p->area != m->page[at].area))
			return 1;
		if (p->state == PAGE_LAZY) {
			p->state = PAGE_PRESENT;
			m->present++;
			mapped_unwritten(m, i);
		}
	}
	return PTF_OK;
}

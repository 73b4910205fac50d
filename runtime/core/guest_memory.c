/* guest_memory.c: reading and writing guest memory through the address space, across
 * page and area boundaries. The whole range is resolved before a byte is copied, so an
 * unmapped byte anywhere fails the call with nothing written; pages of alloc areas not
 * mapped yet are populated first (ptf_aspace_populate), as the guest's faults would. A
 * reader of the address space (gate.h), like a fault; and the host pieces of a range,
 * for a caller that copies itself. */
#include "aspace_internal.h"

#include "dirty_log.h"


typedef void (*copy_fn)(void *host, void *buf, size_t len);

static void copy_out(void *host, void *buf, size_t len) { __builtin_memcpy(buf, host, len); }
static void copy_in(void *host, void *buf, size_t len) { __builtin_memcpy(host, buf, len); }

/* The bytes of [gpa, gpa + len) up to the end of gpa's HAL frame: every walk here goes a
 * frame at a time, as phys_to_virt promises no more than one (hal.h). */
static size_t frame_chunk(uint64_t gpa, size_t len)
{
	size_t chunk = (size_t)(PTF_FRAME_SIZE - (gpa & (PTF_FRAME_SIZE - 1)));
	return chunk < len ? chunk : len;
}

/* Resolve (and with copy, copy) [gpa, gpa + len) page by page. */
static int each_page(struct ptf_aspace *as, uint64_t gpa, unsigned char *buf, size_t len, copy_fn copy)
{
	while (len) {
		uint64_t hpa;
		int rc = ptf_aspace_translate_in(as, gpa, &hpa, NULL);
		if (rc)
			return rc;
		size_t chunk = frame_chunk(gpa, len);
		void *host = as->hal->phys_to_virt(as->hal->ctx, hpa);
		if (!host)
			return PTF_ENOENT;
		if (copy)
			copy(host, buf, chunk);
		gpa += chunk;
		buf += chunk;
		len -= chunk;
	}
	return PTF_OK;
}

/* Can [gpa, gpa + len) be copied: every page mapped to a frame the HAL gives an address,
 * or a page of an alloc area not mapped yet (*lazy then set)? Else the first page's
 * error. */
static int check_pages(struct ptf_aspace *as, uint64_t gpa, size_t len, bool *lazy)
{
	*lazy = false;
	while (len) {
		uint64_t hpa;
		int rc = ptf_aspace_translate_in(as, gpa, &hpa, NULL);
		if (rc == PTF_ENOENT) {
			const struct area *a = ptf_area_map_find(&as->areas, offset_of(as, gpa));
			if (!a || a->backend != PTF_BACKEND_ALLOC)
				return PTF_ENOENT;
			*lazy = true;
		} else if (rc) {
			return rc;
		} else if (!as->hal->phys_to_virt(as->hal->ctx, hpa)) {
			return PTF_ENOENT;
		}
		size_t chunk = frame_chunk(gpa, len);
		gpa += chunk;
		len -= chunk;
	}
	return PTF_OK;
}

static int guest_access(struct ptf_aspace *as, uint64_t gpa, void *buf, size_t len, copy_fn copy)
{
	if (!as || (!buf && len))
		return PTF_EINVAL;
	if (len == 0)
		return PTF_OK;
	uint64_t off = offset_of(as, gpa); /* a sign-extended format's range may cross 0 */
	if (off + len < off)
		return PTF_EWRAP;
	for (bool populated = false;; populated = true) {
		/* one reader across the check and the copy: no change can unmap a page between
		 * them, nor free a frame while it is copied */
		bool lazy;
		unsigned slot = reader_enter(as, GATE_LOOK);
		int rc = check_pages(as, gpa, len, &lazy);
		if (!rc && !lazy)
			rc = each_page(as, gpa, buf, len, copy);
		if (!rc && !lazy && copy == copy_in && as->logs)
			ptf_dirty_log_mark(as, off, len); /* after the copy: a get between them
			                                     leaves the bits for the next one */
		reader_exit(as, slot);
		if (rc || !lazy)
			return rc;
		if (populated)
			return PTF_ENOENT; /* a change in between took the pages away again */
		/* lazy pages in the range, and nothing else missing: map them (a change of
		 * its own, all or nothing), then look again */
		uint64_t first = gpa & ~(as->page - 1);
		uint64_t last = (gpa + len - 1) & ~(as->page - 1);
		rc = ptf_aspace_populate(as, first, last - first + as->page);
		if (rc)
			return rc;
	}
}

/* The next piece joins cur: both contiguous in host physical memory and, where the HAL
 * gives virtual addresses, in those too. */
static bool continues(const struct ptf_hbuf *cur, const struct ptf_hbuf *next)
{
	if (cur->hpa + cur->len != next->hpa)
		return false;
	return cur->ptr ? next->ptr == (char *)cur->ptr + cur->len : !next->ptr;
}

int ptf_aspace_translate_buffer(const struct ptf_aspace *as, uint64_t gpa, size_t len, struct ptf_hbuf *out,
                                size_t max, size_t *count)
{
	if (!as || !count || (!out && max))
		return PTF_EINVAL;
	*count = 0;
	if (len == 0)
		return PTF_OK;
	uint64_t off = offset_of(as, gpa);
	if (off + len < off)
		return PTF_EWRAP;
	unsigned slot = reader_enter(as, GATE_LOOK);
	struct ptf_hbuf cur = { 0 };
	size_t n = 0;
	int rc = PTF_OK;
	while (len) {
		uint64_t hpa;
		rc = ptf_aspace_translate_in(as, gpa, &hpa, NULL);
		if (rc)
			break;
		size_t chunk = frame_chunk(gpa, len);
		struct ptf_hbuf next = { as->hal->phys_to_virt(as->hal->ctx, hpa), hpa, chunk };
		if (n && continues(&cur, &next)) {
			cur.len += chunk;
		} else {
			if (n && n <= max)
				out[n - 1] = cur;
			cur = next;
			n++;
		}
		gpa += chunk;
		len -= chunk;
	}
	reader_exit(as, slot);
	if (rc)
		return rc;
	if (n <= max)
		out[n - 1] = cur;
	*count = n;
	return n <= max ? PTF_OK : PTF_ESPACE;
}

int ptf_aspace_read(struct ptf_aspace *as, uint64_t gpa, void *buf, size_t len)
{
	return guest_access(as, gpa, buf, len, copy_out);
}

int ptf_aspace_write(struct ptf_aspace *as, uint64_t gpa, const void *buf, size_t len)
{
	return guest_access(as, gpa, (void *)buf, len, copy_in);
}

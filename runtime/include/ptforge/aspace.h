/* ptforge/aspace.h: a guest's physical address space over one generated format.
 *
 * An address space is a window [base, base + size) of the format's input addresses
 * (guest-physical ones for a stage-2 format; "gpa" below), a page-table root, a set of
 * ordered, non-overlapping areas and a HAL. Ranges are modulo 2^64 within the format's
 * input range (ptf_format_input_offset): a sign-extended format's window and areas may
 * cross 0 from its upper half into its lower one, and are ordered that way. Areas are backed
 * linearly (hpa = gpa + offset, largest pages alignment allows) or by allocation
 * (frames zeroed, mapped now with `populate`, or one page per fault). Addresses and
 * sizes are in units of the format's granule (fmt->granule_shift: 4, 16 or 64 KiB), its
 * smallest page; an alloc area's pages are granule-sized frames.
 * Every call either succeeds or returns a negative PTF_E* code and changes nothing,
 * leaking no frame. TLB invalidation: one flush_tlb call per operation that removed or
 * altered an existing translation, covering exactly the span from the first to the last
 * entry it changed (whole entries, clipped to the operation's range where it cuts a leaf:
 * the pieces outside keep their translations); none otherwise (a TLB never caches an
 * entry that was not valid), so an unmap or protect of a mostly unmapped range flushes
 * only the part that was mapped. Where the format requires break-before-make (struct
 * ptf_format's break_before_make: Arm), a change that needs it writes every such entry
 * invalid, flushes once the span of the entries it broke (whole entries: a block split
 * loses its translation whole for a moment), then writes the new entries (no second flush
 * for them: they replaced invalid entries). The HAL is told the VMID
 * (ptf_aspace_set_vmid) when it has flush_tlb_vmid; ptf_aspace_destroy invalidates the
 * whole VMID once when it has flush_tlb_vmid_all (hal.h). Frames an operation frees (data
 * frames, emptied tables) go back to the HAL only after that flush, since another CPU
 * may reach them through a stale TLB or walk cache until then; an operation that frees
 * more than 65,536 tables or pages flushes before giving back each batch of that many.
 *
 * Concurrency. Every ptf_aspace_* function may be called from any thread at any time on
 * the same address space, except ptf_aspace_destroy, which must be the last call.
 * - Readers: ptf_aspace_handle_fault, _translate, _translate_buffer, _read, _write,
 *   _find_area, _find_free, _for_each_area, _stats, _vmid, _age and _dirty_log_get
 *   without clear (or with clear, where the format has hardware dirty bits) run in parallel with each other and take no lock over the address space.
 *   Faults on different pages proceed together; two faults on one page end with one
 *   frame mapped and both calls returning 0 (the second waits for the first's entry),
 *   nothing leaked. A fault writes only the slots it fills; on a RISC-V format
 *   (caches_invalid_entries) a fault on a page already mapped flushes that page before
 *   returning 0.
 * - Writers: ptf_aspace_map_*, _unmap, _protect, _populate, _collapse, _clear, _set_vmid,
 *   _dirty_log_start, _dirty_log_stop and _dirty_log_get with clear (by write
 *   protection) serialise among
 *   themselves. A writer checks, counts and reserves its frames while readers go on,
 *   holds readers off only while it writes the tree, lets translations, guest-memory
 *   accesses and look-ups (not faults) in during a break-before-make flush, and lets
 *   everyone in again before it gives frames back. Holding readers off is also the
 *   grace period for software walks: no reader is inside a table a writer unlinks, and
 *   a table or frame is reused only after the flush that follows its unlinking.
 * - Callbacks: the HAL's may be called from several threads at once (faults call
 *   alloc_frames in parallel), so they must be thread-safe. flush_tlb may look at the
 *   address space with readers other than faults; no callback may call a writer or
 *   ptf_aspace_handle_fault. A _for_each_area visitor is a reader's callback: it may
 *   call readers, not writers.
 * Nothing here needs an OS: C11 atomics, spinning with the HAL's optional relax.
 * Functions outside this header that take a struct ptf_format's root directly (the
 * format's walkers) are not thread-safe: they belong to one thread at a time. */
#ifndef PTFORGE_ASPACE_H
#define PTFORGE_ASPACE_H

#include "api.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "hal.h"

struct ptf_aspace;

enum ptf_backend {
	PTF_BACKEND_LINEAR = 0,
	PTF_BACKEND_ALLOC = 1,
};

/* What an area is, as the iteration and look-up functions report it. */
struct ptf_area_info {
	uint64_t gpa;
	uint64_t size;
	unsigned flags;        /* as the format expresses them (e.g. no X on ARM device memory) */
	enum ptf_backend backend;
	uint64_t hpa;   /* linear: host address of gpa; alloc: 0 */
	bool populate;  /* alloc: frames were allocated up front */
	bool huge_faults; /* alloc, lazy: faults map huge frames (ptf_aspace_map_alloc_huge) */
};

struct ptf_aspace_stats {
	size_t areas;
	size_t tables;                      /* page tables (granule-sized), the root's included */
	size_t leaves[PTF_MAX_LEVELS];      /* leaves by page size: index as fmt->page_sizes */
	size_t frames_owned;                /* alloc areas' pages, in granules (a huge frame
	                                       counts as the granules it holds) */
	size_t record_frames;               /* frames holding ptforge's own records (the address
	                                       space, area nodes) when the HAL has no alloc_bytes */
	size_t frames_in_use;               /* HAL frames (PTF_FRAME_SIZE) of the tables, the root
	                                       included, of frames_owned, and record_frames */
	size_t blocks_merged;               /* since create: blocks of linear areas mapped by one
	                                       leaf again after their leaves had been split */
	size_t blocks_collapsed;            /* since create: blocks of alloc areas copied into
	                                       a huge frame by ptf_aspace_collapse */
};

/* base and size: granule aligned, size > 0, the window within the format's input range
 * ([fmt->input_base, + 2^input_bits), ptf_format_input_offset). */
PTF_API int ptf_aspace_create(struct ptf_aspace **out, const struct ptf_format *fmt, uint64_t base,
                      uint64_t size, const struct ptf_hal *hal);
PTF_API void ptf_aspace_destroy(struct ptf_aspace *as);

PTF_API int ptf_aspace_map_linear(struct ptf_aspace *as, uint64_t gpa, uint64_t hpa, uint64_t size,
                          unsigned flags);
/* An alloc area: frames of the address space's own, zeroed. With populate they are taken
 * and mapped now; where the HAL allows huge data frames (hal.h, data_frame_max) each
 * aligned 2 MiB or 1 GiB range inside the area gets one, mapped by one leaf, a smaller
 * size where the HAL has none of the larger, granule pages for the rest (and for any
 * dirty-logged part). Without populate the area is lazy: each fault maps one granule. */
PTF_API int ptf_aspace_map_alloc(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags,
                         bool populate);
/* A lazy alloc area whose faults map the largest page around the faulting one that lies
 * inside the area, has nothing mapped in it yet and that the HAL allows (data_frame_max):
 * one zeroed 2 MiB or 1 GiB frame, one leaf; one granule where there is none (and in
 * dirty-logged ranges). A guest that touches its memory sparsely takes more memory so,
 * and each such fault zeroes the whole frame: plain lazy areas (ptf_aspace_map_alloc)
 * are the default. */
PTF_API int ptf_aspace_map_alloc_huge(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags);
/* As above, but replacing whatever areas overlap the range instead of refusing. */
PTF_API int ptf_aspace_map_linear_overwrite(struct ptf_aspace *as, uint64_t gpa, uint64_t hpa,
                                    uint64_t size, unsigned flags);
PTF_API int ptf_aspace_map_alloc_overwrite(struct ptf_aspace *as, uint64_t gpa, uint64_t size,
                                   unsigned flags, bool populate);
/* Maps every page of the alloc areas the range touches that is not mapped yet (a lazy
 * area's, before the guest faults on them), with zeroed frames; linear areas and holes
 * are left as they are. PTF_ENOAREA if it touches no area; PTF_ENOMEM (nothing mapped)
 * when the frames are not all there. */
PTF_API int ptf_aspace_populate(struct ptf_aspace *as, uint64_t gpa, uint64_t size);
/* Huge-page recovery: every aligned 2 MiB or 1 GiB block (the format's huge sizes that
 * the HAL allows, hal.h data_frame_max; largest first) of the range's alloc areas that
 * granule pages or smaller leaves map whole, lying inside one area and reached by no
 * dirty log, is copied into one huge frame from alloc_frames(count, align) and mapped by
 * one leaf with its area's flags; the old frames go back. A block with a hole, or for
 * which the HAL has no frame, is left as it is (its smaller blocks are tried). The
 * leaves are write-protected, and that flushed, before the copy: a vCPU that writes
 * meanwhile faults and waits for the new leaf (a second flush_tlb call, beyond the one
 * covering the change). Linear areas are left to their merges. PTF_OK (also when nothing
 * was collapsed: ptf_aspace_stats counts blocks_collapsed), PTF_ENOAREA if the range
 * touches no area, PTF_ENOMEM (nothing changed) when tables or break-before-make
 * records cannot be had. */
PTF_API int ptf_aspace_collapse(struct ptf_aspace *as, uint64_t gpa, uint64_t size);
/* Removes the range from every area it touches (splitting them); PTF_ENOAREA if it
 * touches none. */
PTF_API int ptf_aspace_unmap(struct ptf_aspace *as, uint64_t gpa, uint64_t size);
PTF_API int ptf_aspace_protect(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags);
/* Removes every area. */
PTF_API void ptf_aspace_clear(struct ptf_aspace *as);

/* The VMID (ASID, EPTP tag) the embedder runs this guest with: the HAL's flush_tlb_vmid
 * and flush_tlb_vmid_all are told it. 0 until set. A writer: PTF_EINVAL for a NULL as, 0
 * otherwise. Set it before the guest runs: what the TLB cached under an earlier VMID is
 * not invalidated when it changes. */
PTF_API int ptf_aspace_set_vmid(struct ptf_aspace *as, uint64_t vmid);
PTF_API uint64_t ptf_aspace_vmid(const struct ptf_aspace *as);

/* Dirty logging, for live migration: which 4 KiB pages of a range were written.
 * start: the range (in the window, granule aligned) is logged from now on: the pages its
 *   writable areas map are write-protected and its huge leaves split to the granule, so
 *   that the guest's first write to a page takes a permission fault, which
 *   ptf_aspace_handle_fault answers by marking the page and giving W back. PTF_EEXIST if
 *   part of it is logged already; PTF_EFLAGS if a writable area there has no read-only
 *   form in the format (W alone on Arm stage 2).
 * get: bitmap[i / 64] bit i % 64 is the page at gpa + i * 4096: written (by the guest, by
 *   ptf_aspace_write, or mapped anew: a map, or a protect that grants W, reports the
 *   pages it maps as written) since start or since the last get with clear. The bitmap
 *   is written whole, ceil(size / 4096 / 64) words; pages not being logged read as
 *   clean. With clear, those pages are write-protected again (one flush) and read as
 *   clean until written again; a bit set while get runs is in this bitmap or the next.
 * stop: the range is not logged any more (parts of logs outside it stay logged); its
 *   writable pages get W back. Nothing logged there: 0.
 * start, stop and get with clear are writers; get without clear is a reader. While a
 * range is logged, a map or protect there whose W has no read-only form is refused
 * (PTF_EFLAGS). Pages of a format with a larger granule are marked a granule at a time.
 * Where the format has hardware dirty bits (fmt->dirty == PTF_DIRTY_HARDWARE: the
 * platform file's dirty, which a SoC file turns on for a CPU and hypervisor that enable
 * them: EPTP bit 6, VTCR_EL2.HD with DBM, menvcfg.ADUE), the MMU marks the writes
 * instead of faults: start splits the huge leaves as above but leaves every page clean
 * and writable (on Arm, clean is W clear with DBM set, and the MMU sets W); get reads
 * the leaves' dirty bits with the marks above, and with clear makes those leaves clean
 * by compare-and-swap, with one flush, as a reader beside faults. An unmap, protect or
 * overwrite that takes a dirty leaf away or leaves it clean keeps its write in the log.
 * A read fault still maps a lazy page read-only there, and its write fault marks it. */
PTF_API int ptf_aspace_dirty_log_start(struct ptf_aspace *as, uint64_t gpa, uint64_t size);
PTF_API int ptf_aspace_dirty_log_stop(struct ptf_aspace *as, uint64_t gpa, uint64_t size);
PTF_API int ptf_aspace_dirty_log_get(struct ptf_aspace *as, uint64_t gpa, uint64_t size, uint64_t *bitmap,
                                     bool clear);

/* Access tracking: test-and-clear of use. Sets bit i of bitmap (ceil(size / 4096 / 64)
 * words, written whole) when the 4 KiB at gpa + i * 4096 was accessed since the last age
 * of its page, or since it was mapped; every page of a huge leaf shares the leaf's bit
 * (and the age clears the whole leaf, its pages outside the range too). Each page that
 * read as used is aged: in the format's way (ptf_format.accessed), its next access sets
 * the MMU's accessed bit again, or faults, and ptf_aspace_handle_fault marks it used and
 * gives the leaf back what the age took (0, as for any page already mapped). A second
 * age with no access in between reads all zeros. Protecting, splitting and dirty
 * logging keep a page's age; mapping makes it used; one TLB flush covers what was aged.
 * Where the format takes the permissions away, a read fault on an aged page of a
 * dirty-logged range gives it back write-protected, as a read maps a lazy page there.
 * A reader: it runs beside faults. Errors: those of the range (PTF_EALIGN, PTF_ESIZE,
 * PTF_EWRAP, PTF_ERANGE), PTF_EINVAL, PTF_ENOTSUP for a format without access tracking. */
PTF_API int ptf_aspace_age(struct ptf_aspace *as, uint64_t gpa, uint64_t size, uint64_t *bitmap);

/* access: some of PTF_R, PTF_W, PTF_X. 0 when handled: mapped now, or already mapped
 * (a permission fault, where the page's leaf denies an access its area allows, gives the
 * leaf the area's permissions back and flushes that page); PTF_ERANGE outside the
 * window, PTF_ENOAREA, PTF_EACCESS (the area denies it), PTF_ENOMEM. */
PTF_API int ptf_aspace_handle_fault(struct ptf_aspace *as, uint64_t gpa, unsigned access);

/* PTF_ENOENT if gpa is not mapped (PTF_ERANGE outside the window). limit (may be NULL)
 * receives how many bytes from gpa stay contiguous in host memory within gpa's area. */
PTF_API int ptf_aspace_translate(const struct ptf_aspace *as, uint64_t gpa, uint64_t *hpa,
                         uint64_t *limit);

/* One host piece of guest memory: len bytes at host physical address hpa, at ptr in the
 * HAL's virtual addresses (NULL where the HAL gives the frame none). */
struct ptf_hbuf {
	void *ptr;
	uint64_t hpa;
	size_t len;
};

/* The host pieces covering [gpa, gpa + len), in order, each as long as it stays
 * contiguous in host memory (hpa and ptr both), written to out[0..max). *count receives
 * how many there are; PTF_ESPACE when that is more than max (out then holds the first
 * max), PTF_ENOENT when a byte is not mapped, PTF_ERANGE outside the window, PTF_EWRAP
 * (*count 0 for those). A reader, like translate: the pieces stay valid until the next
 * change of the address space. */
PTF_API int ptf_aspace_translate_buffer(const struct ptf_aspace *as, uint64_t gpa, size_t len,
                                        struct ptf_hbuf *out, size_t max, size_t *count);

/* Guest-memory access across page and area boundaries. Pages of alloc areas not mapped
 * yet are mapped first (ptf_aspace_populate: loading a kernel image into lazy RAM needs
 * no fault loop); fails with nothing copied (and nothing mapped) if any byte is in no
 * area or its host frame has no virtual address in the HAL (PTF_ENOENT). */
PTF_API int ptf_aspace_read(struct ptf_aspace *as, uint64_t gpa, void *buf, size_t len);
PTF_API int ptf_aspace_write(struct ptf_aspace *as, uint64_t gpa, const void *buf, size_t len);

PTF_API const struct ptf_format *ptf_aspace_format(const struct ptf_aspace *as);
PTF_API uint64_t ptf_aspace_root(const struct ptf_aspace *as);
PTF_API uint64_t ptf_aspace_root_register(const struct ptf_aspace *as, uint64_t vmid);
PTF_API void ptf_aspace_window(const struct ptf_aspace *as, uint64_t *base, uint64_t *size);

/* Areas in address order; fn returns non-zero to stop (and that value is returned). */
PTF_API int ptf_aspace_for_each_area(const struct ptf_aspace *as,
                             int (*fn)(const struct ptf_area_info *area, void *arg), void *arg);
/* The area containing gpa: 0, or PTF_ENOAREA. */
PTF_API int ptf_aspace_find_area(const struct ptf_aspace *as, uint64_t gpa, struct ptf_area_info *out);
/* Lowest free range of size bytes aligned to align (a power of two, >= the granule) in the
 * window: 0 and *gpa, or PTF_ENOAREA when none is free. */
PTF_API int ptf_aspace_find_free(const struct ptf_aspace *as, uint64_t size, uint64_t align, uint64_t *gpa);
PTF_API void ptf_aspace_stats(const struct ptf_aspace *as, struct ptf_aspace_stats *out);

#endif

/* records.h: memory for ptforge's own records: the address space, its area nodes, a
 * transaction's lists. Never page tables or guest frames, which always come from
 * alloc_frames. From the HAL's optional alloc_bytes / free_bytes when it has them (a
 * hosted HAL: malloc), else carved out of frames from alloc_frames: no libc either way.
 * Only writers (serialised, gate.h) and create/destroy allocate records. */
#ifndef PTF_RECORDS_H
#define PTF_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include <ptforge/hal.h>

/* bytes of memory, 16-byte aligned, or NULL. Carved from frames, it takes whole frames
 * (ptf_records_frames says how many): for the few large records. */
void *ptf_records_alloc(const struct ptf_hal *hal, size_t bytes);
void ptf_records_free(const struct ptf_hal *hal, void *p, size_t bytes);
/* Frames a record of bytes takes from alloc_frames: 0 when the HAL has alloc_bytes. */
size_t ptf_records_frames(const struct ptf_hal *hal, size_t bytes);

/* Many small records of one size (area nodes). With alloc_bytes, one call each;
 * without, a slab: frames cut into slots, a frame given back with its last slot. */
struct slab_frame;
struct ptf_slab {
	const struct ptf_hal *hal;
	size_t object_bytes;
	struct slab_frame *frames; /* those with a free slot first */
	size_t n_frames;
};

void ptf_slab_init(struct ptf_slab *s, const struct ptf_hal *hal, size_t object_bytes);
void *ptf_slab_alloc(struct ptf_slab *s);
void ptf_slab_free(struct ptf_slab *s, void *p);
/* Frames the slab holds now; readers may ask while a writer allocates. */
size_t ptf_slab_frames(const struct ptf_slab *s);

/* A list of fixed-size records in chunks of a frame each (4 KiB less a header), read
 * back in the order they were added: a transaction's held frames and breaks. */
struct ptf_record_chunk;
struct ptf_record_list {
	const struct ptf_hal *hal;
	size_t record_bytes, per_chunk;
	struct ptf_record_chunk *head, *tail; /* chunks in order */
	struct ptf_record_chunk *fill;        /* the chunk being filled (NULL: head) */
	size_t count;                         /* records added */
	size_t room;                          /* records that fit in the chunks held */
	struct ptf_record_chunk *read_chunk;  /* the read cursor */
	size_t read_index;
};

void ptf_record_list_init(struct ptf_record_list *l, const struct ptf_hal *hal, size_t record_bytes);
/* Room for n more records, so that as many adds cannot fail: 0, or -1 (nothing taken). */
int ptf_record_list_reserve(struct ptf_record_list *l, size_t n);
/* A new record's storage (NULL if there is no room and no more memory). */
void *ptf_record_list_add(struct ptf_record_list *l);
/* The next record not read yet, or NULL; peek leaves it unread. */
void *ptf_record_list_peek(struct ptf_record_list *l);
void ptf_record_list_skip(struct ptf_record_list *l);
/* Calls fn on every record, in order. */
void ptf_record_list_each(const struct ptf_record_list *l, void (*fn)(void *arg, void *record), void *arg);
/* Empties the list and gives its chunks back. */
void ptf_record_list_clear(struct ptf_record_list *l);

#endif

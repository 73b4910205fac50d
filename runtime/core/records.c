/* records.c: memory for ptforge's own records (see records.h). */
#include "records.h"

#include "assert.h"

#define FRAME ((size_t)PTF_FRAME_SIZE)
/* Carved from frames, a record is preceded by where its frames came from. */
#define RECORD_HEADER 16

struct frames_header {
	uint64_t pa;
	size_t count;
};

static size_t frames_for(size_t bytes)
{
	return (bytes + RECORD_HEADER + FRAME - 1) / FRAME;
}

size_t ptf_records_frames(const struct ptf_hal *hal, size_t bytes)
{
	return hal->alloc_bytes ? 0 : frames_for(bytes);
}

void *ptf_records_alloc(const struct ptf_hal *hal, size_t bytes)
{
	if (hal->alloc_bytes)
		return hal->alloc_bytes(hal->ctx, bytes);
	size_t count = frames_for(bytes);
	uint64_t pa = hal->alloc_frames(hal->ctx, count, PTF_FRAME_SIZE);
	if (!pa)
		return NULL;
	/* frames from alloc_frames always have a virtual address (hal.h) */
	struct frames_header *h = hal->phys_to_virt(hal->ctx, pa);
	PTF_ASSERT(h != NULL);
	h->pa = pa;
	h->count = count;
	return (char *)h + RECORD_HEADER;
}

void ptf_records_free(const struct ptf_hal *hal, void *p, size_t bytes)
{
	if (!p)
		return;
	if (hal->free_bytes) {
		hal->free_bytes(hal->ctx, p, bytes);
		return;
	}
	const struct frames_header *h = (const struct frames_header *)((char *)p - RECORD_HEADER);
	hal->free_frames(hal->ctx, h->pa, h->count);
}

/* ---- the slab ---- */

/* A slab frame: this header, then slots; a slot is a pointer to its frame's header,
 * padded to 16 bytes, then the object. */
struct slab_frame {
	uint64_t pa;
	struct slab_frame *prev, *next;
	void *free;      /* free slots, chained through their object's first word */
	unsigned used;
};

#define SLAB_HEADER ((sizeof(struct slab_frame) + 15) & ~(size_t)15)
#define SLOT_HEADER 16

static size_t slot_bytes(const struct ptf_slab *s)
{
	return SLOT_HEADER + ((s->object_bytes + 15) & ~(size_t)15);
}

void ptf_slab_init(struct ptf_slab *s, const struct ptf_hal *hal, size_t object_bytes)
{
	s->hal = hal;
	s->object_bytes = object_bytes < sizeof(void *) ? sizeof(void *) : object_bytes;
	s->frames = NULL;
	s->n_frames = 0;
	PTF_ASSERT(SLAB_HEADER + slot_bytes(s) <= FRAME);
}

static void unlink_frame(struct ptf_slab *s, struct slab_frame *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		s->frames = f->next;
	if (f->next)
		f->next->prev = f->prev;
}

static void push_front(struct ptf_slab *s, struct slab_frame *f)
{
	f->prev = NULL;
	f->next = s->frames;
	if (s->frames)
		s->frames->prev = f;
	s->frames = f;
}

static void push_back(struct ptf_slab *s, struct slab_frame *f)
{
	struct slab_frame *last = s->frames;
	while (last && last->next)
		last = last->next;
	f->next = NULL;
	f->prev = last;
	if (last)
		last->next = f;
	else
		s->frames = f;
}

static struct slab_frame *new_frame(struct ptf_slab *s)
{
	uint64_t pa = s->hal->alloc_frames(s->hal->ctx, 1, PTF_FRAME_SIZE);
	if (!pa)
		return NULL;
	struct slab_frame *f = s->hal->phys_to_virt(s->hal->ctx, pa);
	PTF_ASSERT(f != NULL);
	f->pa = pa;
	f->used = 0;
	f->free = NULL;
	size_t slot = slot_bytes(s);
	for (size_t off = SLAB_HEADER; off + slot <= FRAME; off += slot) {
		char *base = (char *)f + off;
		*(struct slab_frame **)base = f;
		void **object = (void **)(base + SLOT_HEADER);
		*object = f->free;
		f->free = object;
	}
	push_front(s, f);
	__atomic_store_n(&s->n_frames, s->n_frames + 1, __ATOMIC_RELAXED);
	return f;
}

void *ptf_slab_alloc(struct ptf_slab *s)
{
	if (s->hal->alloc_bytes)
		return s->hal->alloc_bytes(s->hal->ctx, s->object_bytes);
	/* frames with a free slot come first: if the first has none, none has */
	struct slab_frame *f = s->frames && s->frames->free ? s->frames : new_frame(s);
	if (!f)
		return NULL;
	void **object = f->free;
	f->free = *object;
	f->used++;
	if (!f->free) {
		unlink_frame(s, f);
		push_back(s, f);
	}
	return object;
}

void ptf_slab_free(struct ptf_slab *s, void *p)
{
	if (!p)
		return;
	if (s->hal->free_bytes) {
		s->hal->free_bytes(s->hal->ctx, p, s->object_bytes);
		return;
	}
	struct slab_frame *f = *(struct slab_frame **)((char *)p - SLOT_HEADER);
	bool was_full = f->free == NULL;
	*(void **)p = f->free;
	f->free = p;
	f->used--;
	if (f->used == 0) {
		unlink_frame(s, f);
		__atomic_store_n(&s->n_frames, s->n_frames - 1, __ATOMIC_RELAXED);
		s->hal->free_frames(s->hal->ctx, f->pa, 1);
	} else if (was_full) {
		unlink_frame(s, f);
		push_front(s, f);
	}
}

size_t ptf_slab_frames(const struct ptf_slab *s)
{
	return __atomic_load_n(&s->n_frames, __ATOMIC_RELAXED);
}

/* ---- record lists ---- */

struct ptf_record_chunk {
	struct ptf_record_chunk *next;
	size_t n;
	/* records follow, 16-byte aligned */
};

#define CHUNK_HEADER ((sizeof(struct ptf_record_chunk) + 15) & ~(size_t)15)
/* a chunk and its record header fit one frame when carved from frames */
#define CHUNK_BYTES (FRAME - RECORD_HEADER)

static void *record_at(const struct ptf_record_list *l, struct ptf_record_chunk *c, size_t i)
{
	return (char *)c + CHUNK_HEADER + i * l->record_bytes;
}

void ptf_record_list_init(struct ptf_record_list *l, const struct ptf_hal *hal, size_t record_bytes)
{
	l->hal = hal;
	l->record_bytes = (record_bytes + 7) & ~(size_t)7;
	l->per_chunk = (CHUNK_BYTES - CHUNK_HEADER) / l->record_bytes;
	l->head = l->tail = l->fill = NULL;
	l->count = l->room = 0;
	l->read_chunk = NULL;
	l->read_index = 0;
}

/* One more chunk at the end, or false. */
static bool add_chunk(struct ptf_record_list *l)
{
	struct ptf_record_chunk *c = ptf_records_alloc(l->hal, CHUNK_BYTES);
	if (!c)
		return false;
	c->next = NULL;
	c->n = 0;
	if (l->tail)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
	l->room += l->per_chunk;
	return true;
}

int ptf_record_list_reserve(struct ptf_record_list *l, size_t n)
{
	struct ptf_record_chunk *last = l->tail;
	size_t room = l->room;
	while (l->room - l->count < n) {
		if (!add_chunk(l)) {
			/* give back what this call added */
			struct ptf_record_chunk *c = last ? last->next : l->head;
			while (c) {
				struct ptf_record_chunk *next = c->next;
				ptf_records_free(l->hal, c, CHUNK_BYTES);
				c = next;
			}
			if (last)
				last->next = NULL;
			else
				l->head = NULL;
			l->tail = last;
			l->room = room;
			return -1;
		}
	}
	return 0;
}

void *ptf_record_list_add(struct ptf_record_list *l)
{
	if (l->count == l->room && !add_chunk(l))
		return NULL;
	/* records fill the chunks in order: the first chunk with room */
	if (!l->fill)
		l->fill = l->head;
	while (l->fill->n == l->per_chunk)
		l->fill = l->fill->next;
	l->count++;
	return record_at(l, l->fill, l->fill->n++);
}

void *ptf_record_list_peek(struct ptf_record_list *l)
{
	if (!l->read_chunk) {
		l->read_chunk = l->head;
		l->read_index = 0;
	}
	while (l->read_chunk && l->read_index == l->read_chunk->n) {
		if (l->read_chunk->n < l->per_chunk)
			return NULL; /* a chunk with room is the last with records */
		l->read_chunk = l->read_chunk->next;
		l->read_index = 0;
	}
	return l->read_chunk ? record_at(l, l->read_chunk, l->read_index) : NULL;
}

void ptf_record_list_skip(struct ptf_record_list *l)
{
	if (ptf_record_list_peek(l))
		l->read_index++;
}

void ptf_record_list_each(const struct ptf_record_list *l, void (*fn)(void *arg, void *record), void *arg)
{
	for (struct ptf_record_chunk *c = l->head; c; c = c->next)
		for (size_t i = 0; i < c->n; i++)
			fn(arg, record_at(l, c, i));
}

void ptf_record_list_clear(struct ptf_record_list *l)
{
	struct ptf_record_chunk *c = l->head;
	while (c) {
		struct ptf_record_chunk *next = c->next;
		ptf_records_free(l->hal, c, CHUNK_BYTES);
		c = next;
	}
	l->head = l->tail = l->fill = NULL;
	l->count = l->room = 0;
	l->read_chunk = NULL;
	l->read_index = 0;
}

/* page_bitmap.h: the bitmaps of dirty logging and access tracking (aspace.h): one bit per
 * 4 KiB page from a range's first address, in 64-bit words. The suites build the bitmap
 * they expect from page numbers and compare it word by word. */
#ifndef PAGE_BITMAP_H
#define PAGE_BITMAP_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "format_geometry.h"

#define LOG_WORDS 64 /* bitmaps of up to 4096 bits: 16 MiB of 4 KiB pages */

/* bits per page of the format's granule: a 16 or 64 KiB page is 4 or 16 bits */
#define BPP (PG / 4096)

struct bits {
	uint64_t w[LOG_WORDS];
};

/* The bitmap with the granule pages p[0..n) (page numbers from the range's start) set */
static inline struct bits pages(const uint64_t *p, size_t n)
{
	struct bits b = { { 0 } };
	for (size_t i = 0; i < n; i++)
		for (uint64_t k = 0; k < BPP; k++) {
			uint64_t bit = p[i] * BPP + k;
			b.w[bit / 64] |= (uint64_t)1 << (bit % 64);
		}
	return b;
}

/* The bitmap with the first n bits set */
static inline struct bits first_bits(uint64_t n)
{
	struct bits b = { { 0 } };
	for (uint64_t bit = 0; bit < n; bit++)
		b.w[bit / 64] |= (uint64_t)1 << (bit % 64);
	return b;
}

static inline void expect_bits(const char *format, const struct bits *got, const struct bits *want, const char *what)
{
	for (unsigned i = 0; i < LOG_WORDS; i++)
		cr_expect_eq(got->w[i], want->w[i], "%s: %s: word %u is %#llx, want %#llx", format, what, i,
		             (unsigned long long)got->w[i], (unsigned long long)want->w[i]);
}

/* Before a call that writes the bitmap of size bytes: a pattern it must overwrite
 * (within) or leave (beyond); after it, check_words checks the words beyond and zeroes
 * them, so that the bitmap compares with one built by pages(). */
static inline void poison_words(struct bits *b)
{
	memset(b, 0xa5, sizeof(*b));
}

static inline void check_words(const char *format, struct bits *b, uint64_t size)
{
	cr_assert_leq(size / 4096, 64 * LOG_WORDS);
	uint64_t words = (size / 4096 + 63) / 64;
	for (uint64_t i = words; i < LOG_WORDS; i++)
		cr_assert_eq(b->w[i], 0xa5a5a5a5a5a5a5a5ull, "%s: word %llu is beyond the bitmap", format,
		             (unsigned long long)i);
	memset(b->w + words, 0, (LOG_WORDS - words) * sizeof(uint64_t));
}

#endif

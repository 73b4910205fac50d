/* bitmap.h: runs of bits in arrays of 64-bit words, bit i in word i / 64 at position
 * i % 64 (the dirty-log bitmaps' layout, aspace.h). Freestanding. */
#ifndef PTF_BITMAP_H
#define PTF_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 64-bit words of a bitmap with one bit per 4 KiB of bytes (the dirty-log and age
 * bitmaps, aspace.h). */
static inline size_t ptf_bits_words(uint64_t bytes)
{
	return (size_t)(((bytes >> 12) + 63) / 64);
}

/* The mask of bits [lo, hi) of one word, 0 <= lo < hi <= 64. */
static inline uint64_t ptf_bits_mask(unsigned lo, unsigned hi)
{
	uint64_t upto = hi == 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1;
	return upto & ~(((uint64_t)1 << lo) - 1);
}

/* Where the run [first, last) leaves first's word: its bits there are first % 64 up to
 * this (64 when the run goes on into the next word). */
static inline unsigned ptf_bits_word_end(uint64_t first, uint64_t last)
{
	unsigned lo = (unsigned)(first & 63);
	return last - first < 64 - lo ? lo + (unsigned)(last - first) : 64;
}

/* The lowest set bit's index, x != 0. Not __builtin_ctzll: a CPU without a count
 * instruction (RV64 without Zbb) gets a libgcc call, which the freestanding core does not
 * link. De Bruijn: x & -x times the sequence 0x03f79d71b4cb0a89 puts a distinct 6-bit
 * pattern in the top bits for each of the 64 positions. */
static inline unsigned ptf_ctz64(uint64_t x)
{
	static const unsigned char position[64] = {
		0,  1,  48, 2,  57, 49, 28, 3,  61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,  13, 8,  7,  6,
	};
	return position[((x & (~x + 1)) * 0x03f79d71b4cb0a89ull) >> 58];
}

/* The first set bit in [first, end), or end. */
static inline uint64_t ptf_bits_next(const uint64_t *w, uint64_t first, uint64_t end)
{
	while (first < end) {
		uint64_t word = w[first >> 6] & ~(((uint64_t)1 << (first & 63)) - 1);
		if (word) {
			uint64_t at = (first & ~(uint64_t)63) + ptf_ctz64(word);
			return at < end ? at : end;
		}
		first = (first | 63) + 1;
	}
	return end;
}

/* Bits [at, at + n), n <= 64, as the low bits of the result. */
static inline uint64_t ptf_bits_get(const uint64_t *w, uint64_t at, unsigned n)
{
	unsigned lo = (unsigned)(at & 63);
	uint64_t v = w[at >> 6] >> lo;
	if (lo && lo + n > 64)
		v |= w[(at >> 6) + 1] << (64 - lo);
	return n < 64 ? v & (((uint64_t)1 << n) - 1) : v;
}

/* ORs the n (<= 64) low bits of v into bits [at, at + n). */
static inline void ptf_bits_or(uint64_t *w, uint64_t at, uint64_t v, unsigned n)
{
	if (n < 64)
		v &= ((uint64_t)1 << n) - 1;
	unsigned lo = (unsigned)(at & 63);
	w[at >> 6] |= v << lo;
	if (lo && lo + n > 64)
		w[(at >> 6) + 1] |= v >> (64 - lo);
}

/* Sets bits [first, last). */
static inline void ptf_bits_set(uint64_t *w, uint64_t first, uint64_t last)
{
	while (first < last) {
		unsigned hi = ptf_bits_word_end(first, last);
		w[first >> 6] |= ptf_bits_mask((unsigned)(first & 63), hi);
		first = (first & ~(uint64_t)63) + hi;
	}
}

#endif

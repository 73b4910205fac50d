/* The dirty log's bit runs (runtime/core/bitmap.h), against bit-at-a-time loops. */
#include <criterion/criterion.h>
#include <stdint.h>

#include "bitmap.h"

static bool bit(const uint64_t *w, uint64_t i)
{
	return w[i / 64] >> (i % 64) & 1;
}

Test(core_bitmap, ctz_finds_the_lowest_set_bit_in_every_position)
{
	for (unsigned i = 0; i < 64; i++) {
		uint64_t x = (uint64_t)1 << i;
		cr_expect_eq(ptf_ctz64(x), i, "1 << %u", i);
		cr_expect_eq(ptf_ctz64(x | (~(uint64_t)0 << i)), i, "all bits from %u", i);
		cr_expect_eq(ptf_ctz64(x | 0x8000000000000000ull), i, "%u and the top bit", i);
	}
}

Test(core_bitmap, next_skips_clear_bits_across_words_and_stops_at_end)
{
	uint64_t w[4] = { 0, (uint64_t)1 << 63, 0x10, 0x8000000000000001ull };
	const uint64_t set[] = { 127, 132, 192, 255 };
	uint64_t at = 0;
	for (unsigned k = 0; k < 4; k++) {
		at = ptf_bits_next(w, at, 256);
		cr_expect_eq(at, set[k], "set bit %u", k);
		at++;
	}
	cr_expect_eq(ptf_bits_next(w, 256, 256), 256, "empty range");
	cr_expect_eq(ptf_bits_next(w, 0, 127), 127, "none before the end: the end");
	cr_expect_eq(ptf_bits_next(w, 133, 192), 192, "none in [133, 192)");
	cr_expect_eq(ptf_bits_next(w, 128, 130), 130, "a range within a word");
}

Test(core_bitmap, get_and_or_move_runs_across_a_word_boundary)
{
	for (unsigned at = 0; at < 128; at += 7)
		for (unsigned n = 1; n <= 64; n += 9) {
			uint64_t w[3] = { 0, 0, 0 };
			uint64_t v = 0xdeadbeefcafef00dull;
			ptf_bits_or(w, at, v, n);
			for (unsigned i = 0; i < 192; i++) {
				bool want = i >= at && i < at + n && (v >> (i - at) & 1);
				cr_assert_eq(bit(w, i), want, "or at %u n %u: bit %u", at, n, i);
			}
			uint64_t mask = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
			cr_assert_eq(ptf_bits_get(w, at, n), v & mask, "get at %u n %u", at, n);
		}
}

Test(core_bitmap, mask_covers_bits_lo_to_hi)
{
	cr_expect_eq(ptf_bits_mask(0, 64), ~(uint64_t)0);
	cr_expect_eq(ptf_bits_mask(3, 5), 0x18u);
	cr_expect_eq(ptf_bits_mask(63, 64), 0x8000000000000000ull);
}

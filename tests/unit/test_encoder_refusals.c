/* The raw encoders refuse what they cannot encode, for every built format: leaf() and
 * table() return 0 for an output address beyond output_bits or not aligned to the page
 * (or table) it would map, as leaf() does for flags the format cannot express; never an
 * entry with the address silently truncated (a 40-bit format once turned 0x100_0000_5000
 * into 0x5000). */
#include "aspace_fixture.h"

/* the first flags value the format expresses at all */
static unsigned some_flags(const struct ptf_format *fmt)
{
	for (unsigned f = 1; f < PTF_FLAG_COMBOS; f++)
		if ((fmt->flag_combos >> f) & 1)
			return f;
	cr_assert_fail("%s expresses no flags at all", fmt->name);
	return 0;
}

ASPACE_FORMAT_PARAMS(encoder_refusals, leaf_refuses_an_address_beyond_output_bits)
ParameterizedTest(const unsigned *fi, encoder_refusals, leaf_refuses_an_address_beyond_output_bits)
{
	const struct ptf_format *fmt = asfx_format(fi);
	unsigned flags = some_flags(fmt);
	uint64_t limit = (uint64_t)1 << fmt->output_bits;
	for (unsigned d = 0; d < fmt->levels; d++) {
		uint64_t size = fmt->level[d].leaf_size;
		if (!size)
			continue;
		cr_expect_neq(fmt->leaf(limit - size, flags, d), 0, "%s depth %u: the last page below 2^%u", fmt->name, d,
		              fmt->output_bits);
		cr_expect_eq(fmt->leaf(limit, flags, d), 0, "%s depth %u: pa 2^%u", fmt->name, d, fmt->output_bits);
		cr_expect_eq(fmt->leaf(limit | size, flags, d), 0, "%s depth %u: pa 2^%u + a page", fmt->name, d,
		             fmt->output_bits);
		cr_expect_eq(fmt->leaf(~(uint64_t)0 & ~(size - 1), flags, d), 0, "%s depth %u: the top page of 2^64",
		             fmt->name, d);
	}
}

ASPACE_FORMAT_PARAMS(encoder_refusals, leaf_refuses_an_address_not_aligned_to_its_page)
ParameterizedTest(const unsigned *fi, encoder_refusals, leaf_refuses_an_address_not_aligned_to_its_page)
{
	const struct ptf_format *fmt = asfx_format(fi);
	unsigned flags = some_flags(fmt);
	for (unsigned d = 0; d < fmt->levels; d++) {
		uint64_t size = fmt->level[d].leaf_size;
		if (!size || size >= ((uint64_t)1 << fmt->output_bits))
			continue;
		cr_expect_neq(fmt->leaf(size, flags, d), 0, "%s depth %u: pa one page in", fmt->name, d);
		cr_expect_eq(fmt->leaf(size + 0x1000 * (size > 0x1000) + 0x8 * (size == 0x1000), flags, d), 0,
		             "%s depth %u: pa not aligned to %#llx", fmt->name, d, (unsigned long long)size);
		cr_expect_eq(fmt->leaf(size / 2, flags, d), 0, "%s depth %u: pa half a page in", fmt->name, d);
	}
}

ASPACE_FORMAT_PARAMS(encoder_refusals, table_refuses_an_address_beyond_output_bits_or_unaligned)
ParameterizedTest(const unsigned *fi, encoder_refusals, table_refuses_an_address_beyond_output_bits_or_unaligned)
{
	const struct ptf_format *fmt = asfx_format(fi);
	uint64_t limit = (uint64_t)1 << fmt->output_bits;
	uint64_t granule = ptf_format_granule(fmt);
	for (unsigned d = 0; d + 1 < fmt->levels; d++) {
		cr_expect_neq(fmt->table(limit - granule, d), 0, "%s depth %u: the last table below 2^%u", fmt->name, d,
		              fmt->output_bits);
		cr_expect_eq(fmt->table(limit, d), 0, "%s depth %u: a table at 2^%u", fmt->name, d, fmt->output_bits);
		cr_expect_eq(fmt->table(granule + granule / 2, d), 0, "%s depth %u: a table address inside a frame",
		             fmt->name, d);
	}
	cr_expect_eq(fmt->table(granule, fmt->levels - 1), 0, "%s: the last depth holds no tables", fmt->name);
}

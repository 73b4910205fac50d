/* A SoC build whose SoC file fixes the direct map (tests/socs/host_fixed_direct_map.lua),
 * built on its own by make test-soc: the walkers reach tables at pa + the SoC's offset,
 * a constant in their code, and address spaces refuse a HAL with another direct map. */
#include <criterion/criterion.h>
#include <ptforge/ptforge.h>

#include "ptf_x86_ept4.h"

#define SOC_OFFSET ((uintptr_t)0x200000000000ull) /* the SoC file's direct_map_offset */
#define ARENA ((size_t)64 << 20)
#define GiB ((uint64_t)1 << 30)
#define RW (PTF_R | PTF_W)

_Static_assert(PTF_X86_EPT4_DIRECT_MAP_FIXED == 1, "the layer states the fixed direct map");
_Static_assert(PTF_X86_EPT4_DIRECT_MAP_OFFSET == SOC_OFFSET, "with the SoC file's offset");

Test(fixed_direct_map, descriptor_states_the_direct_map_of_the_soc_file)
{
	for (size_t i = 0; ptf_formats[i]; i++) {
		cr_expect(ptf_formats[i]->direct_map_fixed, "%s", ptf_formats[i]->name);
		cr_expect_eq(ptf_formats[i]->direct_map_offset, SOC_OFFSET, "%s", ptf_formats[i]->name);
	}
}

Test(fixed_direct_map, address_space_refuses_a_hal_with_another_direct_map)
{
	struct ptf_host_hal *host = ptf_host_hal_create(ARENA); /* wherever mmap puts it */
	cr_assert_not_null(host);
	struct ptf_aspace *as = NULL;
	cr_expect_eq(ptf_aspace_create(&as, &ptf_format_x86_ept4, 0, GiB, ptf_host_hal_get(host)), PTF_EINVAL);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0, "a refused create holds no frame");
	ptf_host_hal_destroy(host);
}

Test(fixed_direct_map, address_space_works_on_a_hal_at_the_soc_direct_map)
{
	struct ptf_host_hal *host = ptf_host_hal_create_for(&ptf_format_x86_ept4, ARENA);
	cr_assert_not_null(host, "the arena at pa + %#lx", (unsigned long)SOC_OFFSET);
	struct ptf_aspace *as;
	cr_assert_eq(ptf_aspace_create(&as, &ptf_format_x86_ept4, 0, 4 * GiB, ptf_host_hal_get(host)), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(as, GiB, 2 << 20, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(as, GiB + 0x3000, PTF_W), PTF_OK);
	const char msg[] = "fixed";
	char back[sizeof(msg)];
	cr_assert_eq(ptf_aspace_write(as, GiB + 0x3010, msg, sizeof(msg)), PTF_OK);
	cr_assert_eq(ptf_aspace_read(as, GiB + 0x3010, back, sizeof(back)), PTF_OK);
	cr_expect_str_eq(back, msg);
	cr_assert_eq(ptf_aspace_unmap(as, GiB, 2 << 20), PTF_OK);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

/* A HAL that reaches frames through a function: the walkers must not use it for tables. */
struct counting_hal {
	struct ptf_hal hal;
	const struct ptf_hal *real;
	unsigned long calls;
};

static uint64_t c_alloc(void *ctx, size_t n, size_t align)
{
	const struct counting_hal *c = ctx;
	return c->real->alloc_frames(c->real->ctx, n, align);
}

static void c_free(void *ctx, uint64_t pa, size_t n)
{
	const struct counting_hal *c = ctx;
	c->real->free_frames(c->real->ctx, pa, n);
}

static void *c_virt(void *ctx, uint64_t pa)
{
	struct counting_hal *c = ctx;
	c->calls++;
	return c->real->phys_to_virt(c->real->ctx, pa);
}

static void c_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	(void)ctx;
	(void)gpa;
	(void)size;
}

Test(fixed_direct_map, query_reaches_tables_by_the_constant_not_through_the_hal)
{
	struct ptf_host_hal *host = ptf_host_hal_create_for(&ptf_format_x86_ept4, ARENA);
	cr_assert_not_null(host);
	struct counting_hal c = { .real = ptf_host_hal_get(host) };
	c.hal = (struct ptf_hal){ .ctx = &c, .alloc_frames = c_alloc, .free_frames = c_free, .phys_to_virt = c_virt,
		                  .flush_tlb = c_flush };
	uint64_t root;
	cr_assert_eq(ptf_x86_ept4_root_alloc(&c.hal, &root), PTF_OK);
	cr_assert_eq(ptf_x86_ept4_map_page(&c.hal, root, GiB + 0x5000, 0x7000000, 4096, RW), PTF_OK);
	c.calls = 0;
	uint64_t pa;
	cr_expect_eq(ptf_x86_ept4_query(&c.hal, root, GiB + 0x5123, &pa, NULL, NULL), PTF_OK);
	cr_expect_eq(pa, 0x7000123);
	cr_expect_eq(ptf_x86_ept4_query_inline(&c.hal, root, GiB + 0x5123, &pa, NULL, NULL), PTF_OK);
	cr_expect_eq(c.calls, 0, "four tables reached with %lu calls to phys_to_virt", c.calls);
	ptf_x86_ept4_destroy(&c.hal, root);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

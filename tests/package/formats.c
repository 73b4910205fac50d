/* tests/package/formats.c: the installed per-format headers hold together. Built by
 * tests/package/check.sh against an installed tree with nothing but
 * `pkg-config --cflags --libs ptforge`: <ptforge/formats/ptf_formats.h> brings every
 * format's header, its layer and the inline query (<ptforge/walker/...>). For each format
 * the registry finds its descriptor by name, and the inline query agrees with the address
 * space on a linear mapping of the format's first huge page (2 MiB on x86 and ARM 4 KiB).
 * Exits 1 on any mismatch. */
#include <ptforge/ptforge.h>
#include <ptforge/formats/ptf_formats.h>

#include <stdint.h>
#include <stdio.h>

typedef int (*query_fn)(const struct ptf_hal *hal, uint64_t root_pa, uint64_t va, uint64_t *pa,
                        unsigned *flags, uint64_t *page_size);

static int failures;

#define CHECK(name, cond)                                                                    \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "formats: %s: check failed: %s\n", name, #cond);     \
			failures++;                                                          \
			return;                                                              \
		}                                                                            \
	} while (0)

static void check(const char *name, const struct ptf_format *fmt, query_fn query_inline)
{
	CHECK(name, ptf_format_find(name) == fmt);
	struct ptf_host_hal *h = ptf_host_hal_create_for(fmt, 4u << 20);
	CHECK(name, h != NULL);
	struct ptf_aspace *as;
	CHECK(name, ptf_aspace_create(&as, fmt, 0, UINT64_C(1) << 30, ptf_host_hal_get(h)) == 0);
	uint64_t huge = fmt->n_page_sizes > 1 ? fmt->page_sizes[1] : fmt->page_sizes[0];
	CHECK(name, ptf_aspace_map_linear(as, huge, 0x40000000, huge, PTF_R | PTF_W) == 0);
	uint64_t hpa = 0, pa = 0, page_size = 0;
	unsigned flags = 0;
	CHECK(name, ptf_aspace_translate(as, huge + 0x1008, &hpa, NULL) == 0);
	CHECK(name, query_inline(ptf_host_hal_get(h), ptf_aspace_root(as), huge + 0x1008, &pa, &flags, &page_size) == 0);
	CHECK(name, hpa == 0x40001008 && pa == hpa);
	CHECK(name, page_size == huge);
	CHECK(name, (flags & (PTF_R | PTF_W)) == (PTF_R | PTF_W));
	CHECK(name, query_inline(ptf_host_hal_get(h), ptf_aspace_root(as), 2 * huge, &pa, NULL, NULL) == PTF_ENOENT);
	ptf_aspace_destroy(as);
	CHECK(name, ptf_host_hal_frames_in_use(h) == 0);
	ptf_host_hal_destroy(h);
	printf("formats: %s: ok\n", name);
}

int main(void)
{
	size_t n = 0;
#define CHECK_FORMAT(name) (check(#name, &ptf_format_##name, ptf_##name##_query_inline), n++);
	PTF_FOR_EACH_FORMAT(CHECK_FORMAT)
	if (n != ptf_format_count()) {
		fprintf(stderr, "formats: ptf_formats.h has %zu formats, the library %zu\n", n, ptf_format_count());
		failures++;
	}
	return failures ? 1 : 0;
}

/* ptf_demo.c: the built-in demo (`make run`). For every built format it builds a small
 * guest: RAM mapped linearly with huge pages, a lazy area faulted in page by page, a
 * device window, part of the RAM unmapped again (splitting a huge leaf), and prints
 * translations and walks along the way. All through the public address-space API. */
#include <ptforge/ptforge.h>

#include <inttypes.h>
#include <stdio.h>

#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

static const char *size_text(uint64_t size, char *buf, size_t len)
{
	static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned u = 0;
	while (size >= 1024 && size % 1024 == 0 && u < 5) {
		size /= 1024;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", size, units[u]);
	return buf;
}

static int print_step(const struct ptf_visit *v, unsigned visit, void *arg)
{
	char sz[32];
	(void)visit;
	(void)arg;
	const char *kind = v->info.kind == PTF_ENTRY_TABLE ? "table"
	                 : v->info.kind == PTF_ENTRY_LEAF ? "leaf" : "invalid";
	printf("      depth %u  index %4u  0x%016" PRIx64 "  %s", v->depth, v->index, v->entry, kind);
	if (v->info.kind == PTF_ENTRY_LEAF)
		printf(" %s", size_text(v->info.size, sz, sizeof(sz)));
	printf("\n");
	return 0;
}

static int step(const char *what, int rc)
{
	printf("  %-58s %s\n", what, rc ? ptf_error_name(rc) : "ok");
	return rc != 0;
}

static int demo_format(const struct ptf_format *fmt)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)64 << 20);
	if (!host)
		return 1;
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	struct ptf_aspace *as;
	uint64_t window = (uint64_t)1 << (fmt->input_bits < 40 ? fmt->input_bits : 40);
	int failed = 0;
	if (ptf_aspace_create(&as, fmt, 0, window, hal))
		return 1;
	printf("%s: %s\n", fmt->name, fmt->description);
	printf("  window [0, 0x%" PRIx64 "), root 0x%" PRIx64 ", %s = 0x%016" PRIx64 "\n", window,
	       ptf_aspace_root(as), fmt->root_register_name, ptf_aspace_root_register(as, 1));

	failed |= step("map linear RAM   gpa 1 GiB..3 GiB+2 MiB -> hpa 4 GiB, rwx",
	               ptf_aspace_map_linear(as, GiB, 4 * GiB, 2 * GiB + 2 * MiB, PTF_R | PTF_W | PTF_X));
	failed |= step("map lazy alloc   gpa 16 MiB, 1 MiB, rw-", ptf_aspace_map_alloc(as, 16 * MiB, MiB, PTF_R | PTF_W, false));
	failed |= step("map device       gpa 0x0900_0000, 64 KiB, rw-, device",
	               ptf_aspace_map_linear(as, 0x09000000, 0x3f000000, 64 * 1024, PTF_R | PTF_W | PTF_DEVICE));
	size_t before = ptf_host_hal_frames_in_use(host);
	failed |= step("fault write      gpa 0x0100_2345", ptf_aspace_handle_fault(as, 0x01002345, PTF_W));
	failed |= step("fault read       gpa 0x0100_2fff (same page: nothing new)", ptf_aspace_handle_fault(as, 0x01002fff, PTF_R));
	printf("  frames allocated by the faults: %zu (one data frame + the tables it needed)\n",
	       ptf_host_hal_frames_in_use(host) - before);
	step("fault execute    gpa 0x0100_3000 (area is rw-)", ptf_aspace_handle_fault(as, 0x01003000, PTF_X));
	step("fault read       gpa 0x2000_0000 (no area)", ptf_aspace_handle_fault(as, 0x20000000, PTF_R));
	failed |= step("unmap            gpa 1 GiB+4 KiB, 4 KiB (splits the 1 GiB leaf)",
	               ptf_aspace_unmap(as, GiB + 4096, 4096));

	struct {
		const char *what;
		uint64_t gpa;
	} probes[] = {
		{ "RAM, 1 GiB leaf split", GiB },
		{ "RAM, unmapped hole", GiB + 4096 },
		{ "RAM, still huge", 2 * GiB + 12345 },
		{ "RAM, 2 MiB tail", 3 * GiB + 4096 },
		{ "lazy page, faulted", 0x01002000 },
		{ "lazy page, not faulted", 0x01004000 },
		{ "device window", 0x09000010 },
	};
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		uint64_t hpa = 0, limit = 0;
		int rc = ptf_aspace_translate(as, probes[i].gpa, &hpa, &limit);
		if (rc)
			printf("    %-24s gpa 0x%09" PRIx64 " -> %s\n", probes[i].what, probes[i].gpa, ptf_error_name(rc));
		else
			printf("    %-24s gpa 0x%09" PRIx64 " -> hpa 0x%09" PRIx64 ", contiguous for 0x%" PRIx64 " bytes\n",
			       probes[i].what, probes[i].gpa, hpa, limit);
		fmt->walk(hal, ptf_aspace_root(as), probes[i].gpa, 1, PTF_VISIT_ALL & ~PTF_VISIT_TABLE_POST, print_step, NULL);
	}
	struct ptf_aspace_stats st;
	ptf_aspace_stats(as, &st);
	char sz[32];
	printf("  stats: %zu areas, %zu tables, %zu data frames, leaves:", st.areas, st.tables, st.frames_owned);
	for (unsigned i = 0; i < fmt->n_page_sizes; i++)
		printf(" %zu x %s", st.leaves[i], size_text(fmt->page_sizes[i], sz, sizeof(sz)));
	printf("\n");
	ptf_aspace_destroy(as);
	size_t left = ptf_host_hal_frames_in_use(host);
	printf("  destroyed: %zu frames in use\n\n", left);
	ptf_host_hal_destroy(host);
	return failed || left != 0;
}

int main(void)
{
	int failed = 0;
	for (size_t i = 0; ptf_formats[i]; i++)
		failed |= demo_format(ptf_formats[i]);
	return failed;
}

/* ptf_demo.c: the built-in demo. For every built format it maps a page of each size
 * the format has, queries them, prints the walk of each (one line per depth), unmaps
 * part of the largest page to show a split, and checks every frame comes back. */
#include <ptforge/ptforge.h>

#include <inttypes.h>
#include <stdio.h>

struct path_printer {
	const struct ptf_format *fmt;
};

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
	(void)arg;
	char sz[32];
	const char *kind = v->info.kind == PTF_ENTRY_TABLE ? "table"
	                 : v->info.kind == PTF_ENTRY_LEAF ? "leaf" : "invalid";
	(void)visit;
	printf("    depth %u  index %4u  entry 0x%016" PRIx64 "  %s", v->depth, v->index, v->entry, kind);
	if (v->info.kind == PTF_ENTRY_LEAF)
		printf(" %s -> 0x%" PRIx64, size_text(v->info.size, sz, sizeof(sz)), v->info.pa);
	else if (v->info.kind == PTF_ENTRY_TABLE)
		printf(" -> 0x%" PRIx64, v->info.pa);
	printf("\n");
	return 0;
}

static int demo_format(const struct ptf_format *fmt)
{
	struct ptf_host_hal *host = ptf_host_hal_create((size_t)64 << 20);
	if (!host)
		return 1;
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	uint64_t root;
	char sz[32];
	int rc = fmt->root_alloc(hal, &root);
	if (rc)
		return 1;
	printf("%s: %s\n  %u levels, %u-bit input, %u-bit output, root %" PRIu64 " bytes, %s = 0x%016" PRIx64 "\n",
	       fmt->name, fmt->description, fmt->levels, fmt->input_bits, fmt->output_bits,
	       fmt->root_bytes, fmt->root_register_name, fmt->root_register(root, 1));
	for (unsigned i = 0; i < fmt->n_registers; i++)
		printf("  %s = 0x%016" PRIx64 "\n", fmt->registers[i].name, fmt->registers[i].value);

	/* one page of each size, each at a GPA aligned to its size, HPA = 2 * GPA */
	for (unsigned i = 0; i < fmt->n_page_sizes; i++) {
		uint64_t size = fmt->page_sizes[i];
		uint64_t gpa = size * (2 * i + 3);
		uint64_t hpa = gpa * 2; /* stays aligned to the page size */
		unsigned flags = i % 2 ? (PTF_R | PTF_X) : (PTF_R | PTF_W);
		if ((gpa + size) >> fmt->input_bits)
			continue;
		rc = fmt->map_page(hal, root, gpa, hpa, size, flags);
		uint64_t got_pa = 0, got_size = 0;
		unsigned got_flags = 0;
		int q = fmt->query(hal, root, gpa + 0x123, &got_pa, &got_flags, &got_size);
		printf("  map %s at gpa 0x%" PRIx64 " -> hpa 0x%" PRIx64 ": %s; query gpa+0x123: %s pa 0x%" PRIx64 " flags 0x%x\n",
		       size_text(size, sz, sizeof(sz)), gpa, hpa, ptf_strerror(rc), ptf_strerror(q), got_pa, got_flags);
		fmt->walk(hal, root, gpa, 1, PTF_VISIT_ALL & ~PTF_VISIT_TABLE_POST, print_step, NULL);
	}
	size_t before = ptf_host_hal_frames_in_use(host);
	uint64_t big = fmt->page_sizes[fmt->n_page_sizes - 1];
	uint64_t big_gpa = big * (2 * (fmt->n_page_sizes - 1) + 3);
	if (!((big_gpa + big) >> fmt->input_bits)) {
		rc = fmt->unmap_range(hal, root, big_gpa + 4096, 4096);
		printf("  unmap 4 KiB inside the %s page: %s; frames %zu -> %zu (split)\n",
		       size_text(big, sz, sizeof(sz)), ptf_strerror(rc), before, ptf_host_hal_frames_in_use(host));
		fmt->walk(hal, root, big_gpa + 4096, 1, PTF_VISIT_ALL & ~PTF_VISIT_TABLE_POST, print_step, NULL);
	}
	fmt->destroy(hal, root);
	size_t left = ptf_host_hal_frames_in_use(host);
	printf("  destroyed: %zu frames in use\n\n", left);
	ptf_host_hal_destroy(host);
	return left != 0;
}

int main(void)
{
	int failed = 0;
	for (size_t i = 0; ptf_formats[i]; i++)
		failed |= demo_format(ptf_formats[i]);
	return failed;
}

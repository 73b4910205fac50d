/* size_name.h: sizes as scripts and listings spell them (4K, 2M, 1G, 512G, 256T), and as
 * messages say them in words (4 KiB, 1.5 GiB). */
#ifndef PTF_SIZE_NAME_H
#define PTF_SIZE_NAME_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static inline const char *size_name(uint64_t size, char *buf, size_t len)
{
	static const char units[] = " KMGTPE";
	unsigned u = 0;
	while (size >= 1024 && size % 1024 == 0 && u < 6) {
		size /= 1024;
		u++;
	}
	if (u)
		snprintf(buf, len, "%" PRIu64 "%c", size, units[u]);
	else
		snprintf(buf, len, "%" PRIu64, size);
	return buf;
}

/* In binary units: exact ("4 KiB", "1 GiB"), else cut to one decimal ("1023.9 MiB", never
 * rounded up to a size it does not reach). */
static inline const char *size_name_words(uint64_t size, char *buf, size_t len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned u = 0;
	while (u < 6 && size >> (10 * (u + 1)))
		u++;
	uint64_t unit = (uint64_t)1 << (10 * u);
	if (size % unit == 0)
		snprintf(buf, len, "%" PRIu64 " %s", size / unit, units[u]);
	else
		snprintf(buf, len, "%u.%u %s", (unsigned)(size / unit) % 1024, (unsigned)(size % unit / (unit / 10 + 1)) % 10,
		         units[u]);
	return buf;
}

#endif

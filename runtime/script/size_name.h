/* size_name.h: page sizes as scripts and listings spell them (4K, 2M, 1G, 512G, 256T). */
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

#endif

/* ptforge/flags.h: the abstract mapping flags every format encodes the same way.
 * A format that cannot express a combination refuses it (PTF_EFLAGS); it never
 * silently drops a bit. See docs/platform-format.md for how each format encodes them. */
#ifndef PTFORGE_FLAGS_H
#define PTFORGE_FLAGS_H

#define PTF_R        0x1u  /* readable */
#define PTF_W        0x2u  /* writable */
#define PTF_X        0x4u  /* executable */
#define PTF_U        0x8u  /* user-accessible (stage-1 style formats only) */
#define PTF_DEVICE   0x10u /* device memory: strongly ordered, uncached I/O */
#define PTF_UNCACHED 0x20u /* normal non-cacheable memory */

#define PTF_PERMS_MASK   (PTF_R | PTF_W | PTF_X | PTF_U)
#define PTF_MEMTYPE_MASK (PTF_DEVICE | PTF_UNCACHED)
#define PTF_FLAGS_MASK   (PTF_PERMS_MASK | PTF_MEMTYPE_MASK)
/* Number of distinct flag combinations; formats publish a bitmap of the supported ones. */
#define PTF_FLAG_COMBOS  64u

#endif

/* ptforge/walker/bind.h: the names ptforge's walk algorithms use, bound to the format
 * being compiled, as KVM's paging_tmpl.h binds FNAME() and PT_* to one PTE type.
 *
 * Before including: PTF_FORMAT (the format's name, e.g. x86_ept4), PTF_FORMAT_MACRO
 * (its constants' prefix, PTF_X86_EPT4) and the format's layer (ptf_F_layer.h).
 * Per-depth names need DEPTH and BELOW_DEPTH, which each_depth.h sets. walker/unbind.h
 * takes every name back, so several formats can be compiled in one translation unit. */
#ifndef PTF_CAT
#define PTF_CAT_(a, b) a##b
#define PTF_CAT(a, b) PTF_CAT_(a, b)
#define PTF_CAT3(a, b, c) PTF_CAT(PTF_CAT(a, b), c)
#endif

/* the format's functions and constants: FMT(is_valid) is ptf_x86_ept4_is_valid */
#define FMT(name) PTF_CAT3(ptf_, PTF_FORMAT, PTF_CAT(_, name))
#define FMTC(NAME) PTF_CAT3(PTF_FORMAT_MACRO, _, NAME)

#define pte_t FMT(pte_t)
#define LEVELS FMTC(LEVELS)
#define GRANULE FMTC(GRANULE)
#define INPUT_BASE FMTC(INPUT_BASE) /* input addresses are offsets from it in every walk */
#define IN_SPAN FMTC(IN_SPAN)
#define OUT_SPAN FMTC(OUT_SPAN)
#define ROOT_TABLES FMTC(ROOT_TABLES)
#define ROOT_BYTES FMTC(ROOT_BYTES)
#define ROOT_ALIGN FMTC(ROOT_ALIGN)
#define KEEP_ON_SPLIT FMTC(KEEP_ON_SPLIT)
#define ATTR_MASK FMTC(ATTR_MASK)       /* the bits flags encode into, as an attribute word */
#define ACCESSED_BY FMTC(ACCESSED_BY)   /* enum ptf_accessed: how a leaf's use is tracked */
#define ACCESSED_BIT FMTC(ACCESSED_BIT)
#define COMBOS FMTC(COMBOS)
#define DIRTY_BY FMTC(DIRTY_BY)         /* enum ptf_dirty: how dirty logging learns of writes */
#define DIRTY_BIT FMTC(DIRTY_BIT)
#define DIRTY_WRITABLE FMTC(DIRTY_WRITABLE)

#define is_valid FMT(is_valid)
#define is_table FMT(is_table)
#define is_plain_table FMT(is_plain_table)
#define is_exact_table FMT(is_exact_table)
#define exact_table_pa FMT(exact_table_pa)
#define entry_to_pa FMT(entry_to_pa)
#define leaf_attr FMT(leaf_attr)

/* entries of live tables, and the tables themselves (walker/access.h) */
#define load_entry FMT(entry_load)
#define store_entry FMT(entry_store)
#define exchange_entry FMT(entry_exchange)
#define publish_entry FMT(entry_publish)
#define install_entry FMT(entry_install)
#define table_va FMT(table_at)

/* this depth: LV(index) is ptf_x86_ept4_d2_index at DEPTH 2; AT(query) names this depth's
 * step of an algorithm, BELOW(query) the next depth's */
#define LV(name) PTF_CAT3(FMT(d), DEPTH, PTF_CAT(_, name))
#define BELOW_LV(name) PTF_CAT3(FMT(d), BELOW_DEPTH, PTF_CAT(_, name))
#define LEVEL_SIZE FMTC(PTF_CAT3(D, DEPTH, _SIZE))
#define LEVEL_ENTRIES FMTC(PTF_CAT3(D, DEPTH, _ENTRIES))
#define LEVEL_HAS_LEAF FMTC(PTF_CAT3(D, DEPTH, _HAS_LEAF))
#define LEVEL_ATTR_MASK FMTC(PTF_CAT3(D, DEPTH, _ATTR_MASK))         /* the bits flags encode into, in a leaf here */
#define LEVEL_BBM_ATTR_MASK FMTC(PTF_CAT3(D, DEPTH, _BBM_ATTR_MASK)) /* the memory-type bits here */
#define LEVEL_PARK_MASK FMTC(PTF_CAT3(D, DEPTH, _PARK_MASK))         /* an aged leaf here (ACCESSED_BY */
#define LEVEL_PARK_BITS FMTC(PTF_CAT3(D, DEPTH, _PARK_BITS))         /* permissions) holds these */
#define BELOW_SIZE FMTC(PTF_CAT3(D, BELOW_DEPTH, _SIZE))
#define BELOW_ENTRIES FMTC(PTF_CAT3(D, BELOW_DEPTH, _ENTRIES))
#define HAS_BELOW (DEPTH + 1 < LEVELS)
#define AT(fn) PTF_CAT3(FMT(fn), _d, DEPTH)
#define BELOW(fn) PTF_CAT3(FMT(fn), _d, BELOW_DEPTH)

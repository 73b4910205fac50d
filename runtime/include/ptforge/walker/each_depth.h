/* ptforge/walker/each_depth.h: includes PTF_LEVEL_FILE once for every depth of the
 * format, deepest first (each depth's step calls the one below it), with DEPTH and
 * BELOW_DEPTH set. So one algorithm gives straight-line code per depth, every shift,
 * mask and size a constant, and no loop over a level table. */
#define DEPTH 5
#define BELOW_DEPTH 6
#if DEPTH < LEVELS
#include PTF_LEVEL_FILE
#endif
#undef DEPTH
#undef BELOW_DEPTH
#define DEPTH 4
#define BELOW_DEPTH 5
#if DEPTH < LEVELS
#include PTF_LEVEL_FILE
#endif
#undef DEPTH
#undef BELOW_DEPTH
#define DEPTH 3
#define BELOW_DEPTH 4
#if DEPTH < LEVELS
#include PTF_LEVEL_FILE
#endif
#undef DEPTH
#undef BELOW_DEPTH
#define DEPTH 2
#define BELOW_DEPTH 3
#if DEPTH < LEVELS
#include PTF_LEVEL_FILE
#endif
#undef DEPTH
#undef BELOW_DEPTH
#define DEPTH 1
#define BELOW_DEPTH 2
#if DEPTH < LEVELS
#include PTF_LEVEL_FILE
#endif
#undef DEPTH
#undef BELOW_DEPTH
#define DEPTH 0
#define BELOW_DEPTH 1
#include PTF_LEVEL_FILE
#undef DEPTH
#undef BELOW_DEPTH

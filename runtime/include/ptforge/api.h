/* ptforge/api.h: how the public API is marked. The library is built with hidden
 * visibility, so only declarations marked PTF_API (all of them ptf_-prefixed) are
 * exported from libptforge.so. */
#ifndef PTFORGE_API_H
#define PTFORGE_API_H

#if defined(__GNUC__) || defined(__clang__)
#define PTF_API __attribute__((visibility("default")))
#else
#define PTF_API
#endif

#endif

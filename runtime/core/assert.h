/* assert.h: checks of what "cannot fail". A step after a reservation that could only
 * fail through a bug in ptforge is checked, never ignored: PTF_ASSERT stops there.
 * An embedder redefines it (define PTF_ASSERT when building ptforge) or supplies its
 * own ptf_assert_failed (hal.h), which overrides the default. */
#ifndef PTF_ASSERT_H
#define PTF_ASSERT_H

#include <ptforge/hal.h>

#ifndef PTF_ASSERT
#define PTF_ASSERT(cond) ((cond) ? (void)0 : ptf_assert_failed(__FILE__, __LINE__, #cond))
#endif

#endif

/* ptforge/ptforge.h: the umbrella header of the ptforge public API. */
#ifndef PTFORGE_PTFORGE_H
#define PTFORGE_PTFORGE_H

#include "errors.h"
#include "flags.h"
#include "format.h"
#include "hal.h"
#include "host_hal.h"
#include "aspace.h"

#endif

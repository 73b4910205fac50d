/* ptforge/ptforge.h: the umbrella header of the ptforge public API. */
#ifndef PTFORGE_PTFORGE_H
#define PTFORGE_PTFORGE_H

/* The release, one string for everything: the Makefile derives the library's version,
 * its SONAME (libptforge.so.MAJOR), the pkg-config file's Version and the release
 * tarball's name from these lines, so keep the string and the numbers in step. */
#define PTF_VERSION "0.1.0"
#define PTF_VERSION_MAJOR 0
#define PTF_VERSION_MINOR 1
#define PTF_VERSION_PATCH 0

#include "errors.h"
#include "flags.h"
#include "format.h"
#include "hal.h"
#include "host_hal.h"
#include "aspace.h"

#endif

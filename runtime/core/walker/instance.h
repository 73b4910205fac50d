/* walker/instance.h: ptforge's walk algorithms, compiled for the format PTF_FORMAT
 * names. The generated ptf_F.c defines PTF_FORMAT and PTF_FORMAT_MACRO and includes this
 * after ptf_F.h, which brought the format's layer and its query (ptforge/walker/query.h).
 * Every algorithm is written once, here and in the level files; each_depth.h compiles
 * one copy of every level step per depth, so each format gets straight-line code with
 * its constants folded in. */

#include <ptforge/errors.h>
#include <ptforge/flags.h>
#include <ptforge/format.h>

#include "assert.h"
#include "bitmap.h"
#include "range.h"
#include "relax.h"
#include "tx.h"
#include "walker/ops.h"
#include "walker/steps.h"

#include <ptforge/walker/bind.h>

#include "walker/bookkeeping.h"

#define PTF_LEVEL_FILE "walker/levels.h"
#include <ptforge/walker/each_depth.h>
#undef PTF_LEVEL_FILE

#include "walker/entry_points.h"

#include <ptforge/walker/unbind.h>

/* walker/levels.h: one depth of every algorithm that changes or walks a tree (the query
 * came with the format's public header). walker/instance.h includes it per depth. */
#include "walker/accessed_level.h"
#include "walker/dirty_level.h"
#include "walker/install_level.h"
#include "walker/edit_one_level.h"
#include "walker/free_level.h"
#include "walker/span_level.h"
#include "walker/split_level.h"
#include "walker/map_level.h"
#include "walker/edit_level.h"
#include "walker/walk_level.h"
#include "walker/regrant_level.h"
#include "walker/uniform_level.h"

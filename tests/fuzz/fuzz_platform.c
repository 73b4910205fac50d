/* fuzz_platform.c: libFuzzer target for the generator's checks. The input is the text of a
 * platform file; the real generator stages (gen/load, validate, derive, check_roundtrip and
 * emit, in an embedded Lua 5.4) must either accept it or report problems. A Lua error that
 * escapes them (an unchecked field reaching arithmetic, say) is a finding, reported as a
 * crash. Seeds: platforms/ and tests/platforms/bad/. Run from the repository root.
 *
 * Guidance: the generator is Lua, which libFuzzer's compile-time instrumentation never
 * sees (Debian's liblua5.4 is not built with it). A line hook maps each step from one
 * line of gen/ to the next, as AFL maps branches, to a slot of an array that libFuzzer
 * reads as extra counters (the __libfuzzer_extra_counters section): a platform file that
 * takes the generator down a new path of its Lua is new coverage, kept in the corpus. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static lua_State *L;

/* ---- coverage of the generator's Lua ---- */

#define LUA_EDGE_SLOTS (1u << 16)
__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t lua_edges[LUA_EDGE_SLOTS];

/* The chunks counted: the generator's own modules, loaded by require from ./gen/. Not the
 * platform file (its lines are the input's, not paths through the generator), not
 * penlight, not the harness. A chunk's source string lives as long as its functions, and
 * modules are never unloaded: a pointer seen once is known for the whole run. */
#define SOURCE_CACHE 512
static struct {
	const char *source;
	uint32_t id;       /* 0: not counted */
} sources[SOURCE_CACHE];
static uint32_t previous_line; /* the last counted line's id, shifted (AFL's prev_loc >> 1) */

static uint32_t source_id(const char *source)
{
	size_t slot = ((uintptr_t)source >> 4) % SOURCE_CACHE;
	for (size_t k = 0; k < SOURCE_CACHE; k++, slot = (slot + 1) % SOURCE_CACHE) {
		if (sources[slot].source == source)
			return sources[slot].id;
		if (!sources[slot].source) {
			uint32_t id = 0;
			if (!strncmp(source, "@./gen/", 7)) {
				id = 2166136261u; /* FNV-1a of the file name */
				for (const char *c = source; *c; c++)
					id = (id ^ (uint8_t)*c) * 16777619u;
				id += !id;
			}
			sources[slot].source = source;
			sources[slot].id = id;
			return id;
		}
	}
	return 0; /* a full cache: more chunks than the generator has; leave them out */
}

static void count_line(lua_State *state, lua_Debug *ar)
{
	if (!lua_getinfo(state, "S", ar))
		return;
	uint32_t id = source_id(ar->source);
	if (!id)
		return;
	uint32_t here = (id ^ (uint32_t)ar->currentline * 2654435761u) % LUA_EDGE_SLOTS;
	uint8_t *slot = &lua_edges[here ^ previous_line];
	if (*slot != 255)
		(*slot)++;
	previous_line = here >> 1;
}

/* gen/load.lua bounds a platform file's run time with debug.sethook(f, "", count), and
 * debug.sethook() would take the line hook away with it. This replaces debug.sethook for
 * the harness: the count hook it asks for is kept beside the line hook. */
static const char count_hook_key = 0;
static int count_hook_instructions;

static void hook(lua_State *state, lua_Debug *ar)
{
	if (ar->event == LUA_HOOKLINE) {
		count_line(state, ar);
	} else if (ar->event == LUA_HOOKCOUNT) {
		lua_rawgetp(state, LUA_REGISTRYINDEX, &count_hook_key);
		lua_pushstring(state, "count");
		lua_call(state, 1, 0); /* its error() unwinds the platform file's run, as it would */
	}
}

static void install_hook(lua_State *state)
{
	lua_sethook(state, hook, LUA_MASKLINE | (count_hook_instructions ? LUA_MASKCOUNT : 0), count_hook_instructions);
}

static int sethook_beside_coverage(lua_State *state)
{
	/* debug.sethook([f, mask, count]) on the running thread, the only form gen/ uses */
	if (lua_isnoneornil(state, 1)) {
		count_hook_instructions = 0;
	} else {
		luaL_checktype(state, 1, LUA_TFUNCTION);
		int count = (int)luaL_optinteger(state, 3, 0);
		if (count <= 0 || strcmp(luaL_optstring(state, 2, ""), ""))
			return luaL_error(state, "fuzz_platform: debug.sethook(f, mask) other than a count hook is not supported");
		lua_pushvalue(state, 1);
		lua_rawsetp(state, LUA_REGISTRYINDEX, &count_hook_key);
		count_hook_instructions = count;
	}
	install_hook(state);
	return 0;
}

/* ---- the harness ---- */

static const char harness[] =
	"package.path = './?.lua;' .. package.path\n"
	"local Problems = require('gen.problems')\n"
	"local load_stage = require('gen.load')\n"
	"local pipeline = require('gen.pipeline')\n"
	"local emit = require('gen.emit')\n"
	"return function(text)\n"
	"  local P = Problems.new('fuzz.lua')\n"
	"  local d = load_stage.load_string(text, 'fuzz.lua', P)\n"
	"  local D = d and pipeline.check(d, P)\n"
	"  if D then emit.format(D, 'fuzz.lua', 'templates') end\n"
	"  if not D and not P:any() then error('rejected without a reported problem') end\n"
	"end\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	L = luaL_newstate();
	luaL_openlibs(L);
	lua_getglobal(L, "debug");
	lua_pushcfunction(L, sethook_beside_coverage);
	lua_setfield(L, -2, "sethook");
	lua_pop(L, 1);
	install_hook(L);
	if (luaL_loadstring(L, harness) || lua_pcall(L, 0, 1, 0)) {
		fprintf(stderr, "fuzz_platform: %s (run from the repository root)\n", lua_tostring(L, -1));
		exit(1);
	}
	lua_setglobal(L, "check_platform");
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	previous_line = 0;
	count_hook_instructions = 0;
	install_hook(L);
	lua_getglobal(L, "check_platform");
	lua_pushlstring(L, (const char *)data, size);
	if (lua_pcall(L, 1, 0, 0)) {
		fprintf(stderr, "fuzz_platform: the generator failed instead of reporting: %s\n", lua_tostring(L, -1));
		abort();
	}
	lua_gc(L, LUA_GCSTEP, 0);
	return 0;
}

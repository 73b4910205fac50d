/* fuzz_platform.c: libFuzzer target for the generator's checks. The input is the text of a
 * platform file; the real generator stages (gen/load, validate, derive, check_roundtrip and
 * emit, in an embedded Lua 5.4) must either accept it or report problems. A Lua error that
 * escapes them (an unchecked field reaching arithmetic, say) is a finding, reported as a
 * crash. Seeds: platforms/ and tests/platforms/bad/. Run from the repository root. */
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static lua_State *L;

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
	if (luaL_loadstring(L, harness) || lua_pcall(L, 0, 1, 0)) {
		fprintf(stderr, "fuzz_platform: %s (run from the repository root)\n", lua_tostring(L, -1));
		exit(1);
	}
	lua_setglobal(L, "check_platform");
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	lua_getglobal(L, "check_platform");
	lua_pushlstring(L, (const char *)data, size);
	if (lua_pcall(L, 1, 0, 0)) {
		fprintf(stderr, "fuzz_platform: the generator failed instead of reporting: %s\n", lua_tostring(L, -1));
		abort();
	}
	lua_gc(L, LUA_GCSTEP, 0);
	return 0;
}

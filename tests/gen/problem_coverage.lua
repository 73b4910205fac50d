-- tests/gen/problem_coverage.lua: every place where the generator reports a problem must
-- be reached by some file of the bad-platform corpus. Runs the corpus through the
-- generator stages in-process, records the source line of each P:add call, and lists
-- the call sites in gen/*.lua and gen/rules/*.lua that no bad file reaches.
-- Usage (from the repository root): lua5.4 tests/gen/problem_coverage.lua
package.path = "./?.lua;" .. package.path
local Problems = require("gen.problems")
local load_stage = require("gen.load")
local pipeline = require("gen.pipeline")

local hit = {}
local add = Problems.add
function Problems.add(self, ...)
  local info = debug.getinfo(2, "Sl")
  hit[info.short_src .. ":" .. info.currentline] = true
  return add(self, ...)
end

local function run(file)
  local P = Problems.new(file)
  P.basename = file:match("([^/]+)%.lua$")
  local d = load_stage.load(file, P)
  if d then pipeline.check(d, P) end
end

local p = io.popen("ls tests/platforms/bad/*.lua")
for file in p:lines() do run(file) end
p:close()
-- The "cannot read" site: tests/gen/run_bad_platforms.lua checks this path too.
run("tests/platforms/no_such_platform.lua")

-- Sites no platform file can reach, each with the reason. They stay in the generator as
-- a last guard between validation and emitted C.
local unreachable = {
  -- a leaf's address decodes wrong only if a constant sets address bits, which
  -- validation refuses in table/block/page.set, permissions and memory types
  ["gen/check_roundtrip.lua:57"] = true,
  -- the same for a table entry's address
  ["gen/check_roundtrip.lua:79"] = true,
  -- an aged leaf holds every permission's absent encoding, which validation requires to
  -- differ from the present one, so no permission decodes as granted
  ["gen/check_roundtrip.lua:31"] = true,
}

-- A loop of extends needs platform files that extend each other: two such files stand
-- in for platforms/ here, and the message must be exactly this.
do
  local saved = load_stage.platform_dir
  load_stage.platform_dir = "tests/platforms/extends_loop"
  local P = Problems.new("tests/platforms/extends_loop/a.lua")
  load_stage.load("tests/platforms/extends_loop/a.lua", P)
  load_stage.platform_dir = saved
  local want = "tests/platforms/extends_loop/a.lua: extends: more than 4 files deep (a loop?)"
  if P.lines[1] ~= want then
    print("extends loop: expected '" .. want .. "', got '" .. tostring(P.lines[1]) .. "'")
    os.exit(1)
  end
end

-- Modules that report problems about something other than a platform file.
local not_platform_checks = {
  -- SoC files (build.lua --soc); no platform file reaches their checks
  ["gen/soc.lua"] = true,
}

local missing, sites = {}, {}
local sources = io.popen("ls gen/*.lua gen/rules/*.lua")
for src in sources:lines() do
  if not_platform_checks[src] then goto next_source end
  local n = 0
  for line in io.lines(src) do
    n = n + 1
    if line:find("P:add%(") or line:find("problems:add%(") then
      local site = src .. ":" .. n
      sites[site] = true
      local reached = hit["./" .. site] or hit[site]
      if reached and unreachable[site] then
        missing[#missing + 1] = site .. ": listed as unreachable, but a bad file reaches it"
      elseif not reached and not unreachable[site] then
        missing[#missing + 1] = string.format("%s: not reached by any bad file: %s", site, line:match("^%s*(.-)%s*$"))
      end
    end
  end
  ::next_source::
end
sources:close()
for site in pairs(unreachable) do
  if not sites[site] then missing[#missing + 1] = site .. ": listed as unreachable, but no problem is reported there" end
end
for _, m in ipairs(missing) do print(m) end
print(string.format("%d problem sites not reached (or wrongly listed)", #missing))
os.exit(#missing == 0 and 0 or 1)

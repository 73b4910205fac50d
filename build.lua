#!/usr/bin/env lua5.4
-- build.lua: the generator's command line. Loads, validates, derives and emits every
-- platform file given (default: platforms/*.lua), or the formats a SoC file picks, and
-- writes the C only when all of them are sound.
-- Usage: lua5.4 build.lua --out DIR [PLATFORM_FILE...]
--        lua5.4 build.lua --out DIR --soc platforms/socs/NAME.lua
--        lua5.4 build.lua --list [--soc FILE]      (names of the formats that would be built)
--        lua5.4 build.lua --soc FILE --cpu FIELD   (cross_compile, cflags or name of its CPU)
local script_dir = (arg[0]:match("^(.*)/[^/]*$") or ".")
package.path = script_dir .. "/?.lua;" .. package.path

local argparse = require("argparse")
local Problems = require("gen.problems")
local load_stage = require("gen.load")
local pipeline = require("gen.pipeline")
local emit = require("gen.emit")
local write = require("gen.write")
local soc = require("gen.soc")

load_stage.platform_dir = (script_dir == "." and "" or script_dir .. "/") .. "platforms"

local parser = argparse("build.lua", "Generate specialised page-table walkers from platform files.")
parser:option("--out", "Directory to write the generated C into."):args(1)
parser:option("--soc", "A SoC file (platforms/socs/*.lua): build the formats it picks.")
parser:flag("--list", "Print the names of the formats that would be built, and stop.")
parser:option("--cpu", "With --soc: print a field of the SoC's CPU (cross_compile, cflags, name), and stop.")
  :choices({ "cross_compile", "cflags", "name" })
parser:option("--templates", "Template directory.", script_dir .. "/templates")
parser:flag("--check", "Validate only; write nothing.")
parser:argument("platforms", "Platform files (default: every platforms/*.lua)."):args("*")
local args = parser:parse()
if not args.out and not args.list and not args.check and not args.cpu then parser:error("--out DIR is required") end

-- Work items: { source = label for messages, basename = the name it must have, table or file }
local items = {}
local files = args.platforms
if args.soc then
  if #files > 0 then parser:error("give platform files or --soc, not both") end
  local P = Problems.new(args.soc)
  local expanded, soc_file = soc.expand(args.soc, script_dir .. "/platforms", P)
  if not expanded then
    for _, line in ipairs(P.lines) do io.stderr:write(line, "\n") end
    os.exit(1)
  end
  if args.cpu then
    print(soc.cpu_field(soc_file, args.cpu))
    os.exit(0)
  end
  for _, e in ipairs(expanded) do
    items[#items + 1] = { source = e.source, basename = e.name, table = e.table, direct_map_offset = e.direct_map_offset }
  end
elseif args.cpu then
  parser:error("--cpu needs --soc FILE")
elseif #files == 0 then
  local p = io.popen(string.format("ls '%s'/platforms/*.lua 2>/dev/null", script_dir))
  for line in p:lines() do files[#files + 1] = (line:gsub("^%./", "")) end
  p:close()
  if #files == 0 then
    io.stderr:write("build.lua: no platform files found in " .. script_dir .. "/platforms\n")
    os.exit(1)
  end
end
for _, file in ipairs(files) do
  items[#items + 1] = { source = file, basename = file:match("([^/]+)%.lua$"), file = file }
end

if args.list then
  for _, item in ipairs(items) do print(item.basename) end
  os.exit(0)
end

local outputs, names, failed, seen = {}, {}, false, {}
for _, item in ipairs(items) do
  local file = item.source
  local P = Problems.new(file)
  P.basename = item.basename
  local d = item.table or load_stage.load(item.file, P)
  local D = d and pipeline.check(d, P)
  if D and seen[D.name] then P:add("name", "'%s' is also defined by %s", D.name, seen[D.name]) end
  if P:any() then
    failed = true
    for _, line in ipairs(P.lines) do io.stderr:write(line, "\n") end
  else
    seen[D.name] = file
    names[#names + 1] = D.name
    D.direct_map_offset = item.direct_map_offset -- a SoC build's fixed direct map, folded into the walkers
    local ok, generated = pcall(emit.format, D, file, args.templates)
    if not ok then
      io.stderr:write(string.format("%s: template error: %s\n", file, generated))
      failed = true
    else
      for name, text in pairs(generated) do outputs[name] = text end
    end
  end
end
if failed then os.exit(1) end
if args.check then os.exit(0) end

table.sort(names)
for name, text in pairs(emit.registry(names, args.templates)) do outputs[name] = text end
local ok, err = write.all(args.out, outputs)
if not ok then
  io.stderr:write("build.lua: ", err, "\n")
  os.exit(1)
end

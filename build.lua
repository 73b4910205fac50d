#!/usr/bin/env lua5.4
-- build.lua: the generator's command line. Loads, validates, derives and emits every
-- platform file given (default: platforms/*.lua), and writes the C only when all of
-- them are sound. Usage: lua5.4 build.lua --out DIR [PLATFORM_FILE...]
local script_dir = (arg[0]:match("^(.*)/[^/]*$") or ".")
package.path = script_dir .. "/?.lua;" .. package.path

local argparse = require("argparse")
local Problems = require("gen.problems")
local load_stage = require("gen.load")
local validate = require("gen.validate")
local derive = require("gen.derive")
local check_roundtrip = require("gen.check_roundtrip")
local emit = require("gen.emit")
local write = require("gen.write")

local parser = argparse("build.lua", "Generate specialised page-table walkers from platform files.")
parser:option("--out", "Directory to write the generated C into."):args(1):count(1)
parser:option("--templates", "Template directory.", script_dir .. "/templates")
parser:flag("--check", "Validate only; write nothing.")
parser:argument("platforms", "Platform files (default: every platforms/*.lua)."):args("*")
local args = parser:parse()

local files = args.platforms
if #files == 0 then
  local p = io.popen(string.format("ls '%s'/platforms/*.lua 2>/dev/null", script_dir))
  for line in p:lines() do files[#files + 1] = (line:gsub("^%./", "")) end
  p:close()
  if #files == 0 then
    io.stderr:write("build.lua: no platform files found in " .. script_dir .. "/platforms\n")
    os.exit(1)
  end
end

local outputs, names, failed, seen = {}, {}, false, {}
for _, file in ipairs(files) do
  local P = Problems.new(file)
  P.basename = file:match("([^/]+)%.lua$")
  local d = load_stage.load(file, P)
  local desc = d and validate.check(d, P)
  local D = desc and derive.derive(desc)
  if D then check_roundtrip.run(D, desc, P) end
  if D and seen[D.name] then P:add("name", "'%s' is also defined by %s", D.name, seen[D.name]) end
  if P:any() then
    failed = true
    for _, line in ipairs(P.lines) do io.stderr:write(line, "\n") end
  else
    seen[D.name] = file
    names[#names + 1] = D.name
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
outputs["ptf_formats.c"] = emit.registry(names, args.templates)
local ok, err = write.all(args.out, outputs)
if not ok then
  io.stderr:write("build.lua: ", err, "\n")
  os.exit(1)
end

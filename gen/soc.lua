-- gen/soc.lua: a SoC file picks the formats of a tuned build and may adjust them.
--   return {
--     name = "qemu_virt_rv64", description = "...",
--     formats = {
--       { from = "riscv_sv39x4" },                                   -- as it is
--       { from = "riscv_sv48x4", name = "riscv_sv48x4_svpbmt",       -- a variant:
--         set = { memory_types = {...}, reserved_zero = {...} } },   -- top-level fields replaced
--     },
--     direct_map_offset = 0xffff800000000000,  -- optional: table va = pa + this, folded into
--   }                                          -- the walkers of every format of the build
-- Each entry yields a platform table (the base file with `set` applied and the new name),
-- which then goes through the same validation as any platform file.
local load_stage = require("gen.load")

local soc = {}

local ENTRY_KEYS = { from = true, name = true, set = true, description = true }

-- Returns a list of { source = "SOC_FILE: formats[i] (from platforms/X.lua)", name = ..., table = ... },
-- or nil after adding problems.
function soc.expand(path, platform_dir, P)
  local s = load_stage.load(path, P)
  if not s then return nil end
  local ok = true
  for k in pairs(s) do
    if k ~= "name" and k ~= "description" and k ~= "formats" and k ~= "direct_map_offset" then
      P:add(tostring(k), "unknown field") ok = false
    end
  end
  local dm = s.direct_map_offset
  if dm ~= nil and (math.type(dm) ~= "integer" or dm % 4096 ~= 0) then
    P:add("direct_map_offset", "must be an integer multiple of 4096 (table va = pa + offset)") ok = false
  end
  if type(s.name) ~= "string" then P:add("name", "missing (required)") ok = false end
  if type(s.formats) ~= "table" or #s.formats == 0 then P:add("formats", "must be a non-empty list of {from = NAME, ...}") return nil end
  local out = {}
  for i, e in ipairs(s.formats) do
    local where = string.format("formats[%d]", i)
    if type(e) ~= "table" then P:add(where, "must be a table {from = NAME, name = ..., set = {...}}") ok = false goto continue end
    for k in pairs(e) do
      if not ENTRY_KEYS[k] then P:add(where .. "." .. tostring(k), "unknown field") ok = false end
    end
    if type(e.from) ~= "string" or not e.from:match("^[a-z][a-z0-9_]*$") then
      P:add(where .. ".from", "must name a platform file in %s", platform_dir) ok = false goto continue
    end
    do
      local base_path = platform_dir .. "/" .. e.from .. ".lua"
      local t = load_stage.load(base_path, P)
      if not t then ok = false goto continue end
      if e.set ~= nil then
        if type(e.set) ~= "table" then P:add(where .. ".set", "must be a table of top-level fields") ok = false goto continue end
        for k, v in pairs(e.set) do t[k] = v end
      end
      if e.name ~= nil then t.name = e.name end
      if e.description ~= nil then t.description = e.description end
      out[#out + 1] = { source = string.format("%s: %s (from %s)", path, where, base_path), name = t.name, table = t,
        direct_map_offset = dm }
    end
    ::continue::
  end
  return ok and out or nil
end

return soc

-- gen/soc.lua: a SoC file names the CPU of a tuned build, picks its formats and may
-- adjust them.
--   return {
--     name = "qemu_virt_rv64", description = "...",
--     cpu = {                                   -- what the freestanding core is built for
--       name = "Cortex-A72",
--       cross_compile = "aarch64-linux-gnu-",   -- compiler prefix ("": the host's CC)
--       cflags = "-mcpu=cortex-a72",            -- flags for that CPU (-mcpu, -march, -mabi)
--     },
--     formats = {
--       { from = "riscv_sv39x4" },                                   -- as it is
--       { from = "riscv_sv48x4", name = "riscv_sv48x4_svpbmt",       -- a variant:
--         set = { memory_types = {...}, reserved_zero = {...} } },   -- top-level fields replaced
--     },
--     direct_map_offset = 0xffff800000000000,  -- optional: table va = pa + this, folded into
--                                              -- the walkers of every format of the build
--     vmid_bits = 8,   -- optional: the VMIDs the CPU implements; narrows the VMID field
--   }                  -- of each format's root register (which must have one) to as many bits
-- Each entry yields a platform table (the base file with `set` applied and the new name),
-- which then goes through the same validation as any platform file.
local load_stage = require("gen.load")

local soc = {}

local ENTRY_KEYS = { from = true, name = true, set = true, description = true }
local SOC_KEYS = { name = true, description = true, cpu = true, formats = true, direct_map_offset = true,
  vmid_bits = true }
local CPU_KEYS = { name = true, cross_compile = true, cflags = true }

-- cpu = {...}: the strings reach a compiler's command line through make, so they are
-- held to the characters compiler names and flags use.
local function check_cpu(cpu, P)
  if type(cpu) ~= "table" then
    P:add("cpu", "missing (required): {name = ..., cross_compile = \"PREFIX-\", cflags = \"-mcpu=...\"}")
    return false
  end
  local ok = true
  for k in pairs(cpu) do
    if not CPU_KEYS[k] then P:add("cpu." .. tostring(k), "unknown field") ok = false end
  end
  if type(cpu.name) ~= "string" or cpu.name == "" then P:add("cpu.name", "missing (required): the CPU's name") ok = false end
  if type(cpu.cross_compile) ~= "string" or not cpu.cross_compile:match("^[%w_.+-]*$") then
    P:add("cpu.cross_compile", "must be a compiler prefix such as \"aarch64-linux-gnu-\" (\"\": the host's compiler)")
    ok = false
  end
  if cpu.cflags ~= nil then
    if type(cpu.cflags) ~= "string" then
      P:add("cpu.cflags", "must be a string of compiler flags") ok = false
    else
      for flag in cpu.cflags:gmatch("%S+") do
        if not flag:match("^%-[%w_.,=+-]+$") then
          P:add("cpu.cflags", "'%s' is not a compiler flag (-mcpu=..., -march=..., -mabi=...)", flag) ok = false
          break
        end
      end
    end
  end
  return ok
end

-- vmid_bits = N: the VMID field of the root register narrowed to its N low bits.
local function narrow_vmid(t, width, where, P)
  local rr = t.root_register
  local vmid = type(rr) == "table" and type(rr.vmid) == "table" and rr.vmid.bits
  if type(vmid) ~= "table" then
    P:add("vmid_bits", "%s (%s) has no VMID in its root register", where, tostring(t.name)) return false
  end
  local hi, lo = vmid[1], vmid[2]
  if width > hi - lo + 1 then
    P:add("vmid_bits", "%d is wider than %s's VMID field (bits %d..%d of %s)", width, tostring(t.name), hi, lo,
      tostring(rr.name))
    return false
  end
  local copy = {}
  for k, v in pairs(rr) do copy[k] = v end
  copy.vmid = { bits = { lo + width - 1, lo } }
  t.root_register = copy
  return true
end

-- Returns a list of { source = "SOC_FILE: formats[i] (from platforms/X.lua)", name = ..., table = ... },
-- or nil after adding problems.
function soc.expand(path, platform_dir, P)
  local s = load_stage.load(path, P)
  if not s then return nil end
  local ok = true
  for k in pairs(s) do
    if not SOC_KEYS[k] then P:add(tostring(k), "unknown field") ok = false end
  end
  if not check_cpu(s.cpu, P) then ok = false end
  local vmid_bits = s.vmid_bits
  if vmid_bits ~= nil and (math.type(vmid_bits) ~= "integer" or vmid_bits < 1) then
    P:add("vmid_bits", "must be a positive integer (the VMID width the CPU implements)") ok = false vmid_bits = nil
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
      if vmid_bits and not narrow_vmid(t, vmid_bits, where, P) then ok = false goto continue end
      out[#out + 1] = { source = string.format("%s: %s (from %s)", path, where, base_path), name = t.name, table = t,
        direct_map_offset = dm }
    end
    ::continue::
  end
  return ok and out or nil, s
end

-- The CPU fields of a SoC file that soc.expand accepted, as build.lua --cpu prints them.
function soc.cpu_field(s, field)
  local cpu = s.cpu
  if field == "cross_compile" then return cpu.cross_compile end
  if field == "cflags" then return cpu.cflags or "" end
  if field == "name" then return cpu.name end
  return nil
end

return soc

-- gen/emit.lua: stage 4, fill the C templates with a derived description.
-- Templates use penlight's pl.template (lines starting with '@' are Lua, $(expr) is
-- substituted): it keeps the C readable as C, which string concatenation would not.
local template = require("pl.template")
local derive = require("gen.derive")

local emit = {}

local function read_template(dir, name)
  local path = dir .. "/" .. name
  local fh = assert(io.open(path, "r"), "cannot read template " .. path)
  local text = fh:read("a")
  fh:close()
  return text, path
end

local function hex(n) return string.format("0x%016xULL", n) end
local function hex32(n) return string.format("0x%xu", n) end

local function cstr(s)
  return '"' .. s:gsub('[\\"]', "\\%0"):gsub("\n", "\\n") .. '"'
end

local function list(items, fn)
  local out = {}
  for i, v in ipairs(items) do out[i] = tostring(fn(v)) end
  return table.concat(out, ", ")
end

local function size_name(n)
  local units = { { 1 << 40, "TiB" }, { 1 << 30, "GiB" }, { 1 << 20, "MiB" }, { 1 << 10, "KiB" } }
  for _, u in ipairs(units) do
    if n >= u[1] and n % u[1] == 0 then return string.format("%d %s", n // u[1], u[2]) end
  end
  return tostring(n) .. " B"
end
emit.size_name = size_name

-- A C boolean expression for a compiled entry test on variable v.
local function test_expr(t, v)
  local parts = {}
  if t.eq_mask ~= 0 then parts[#parts + 1] = string.format("(%s & %s) == %s", v, hex(t.eq_mask), hex(t.eq_value)) end
  if t.any_mask ~= 0 then parts[#parts + 1] = string.format("(%s & %s) != 0", v, hex(t.any_mask)) end
  if #parts == 0 then return "true" end
  if #parts == 1 then return parts[1] end
  return "(" .. parts[1] .. ") & (" .. parts[2] .. ")"
end

-- C for v with level L's level fields moved: "in" from the attribute word to where a
-- leaf there has them, "out" back (derive.attrs_in_leaf and attrs_of_leaf, as C).
local function moved_expr(L, v, dir)
  if #L.moves == 0 then return v end
  local parts = { string.format("(%s & ~%s)", v, hex(L.moved_mask)) }
  for _, m in ipairs(L.moves) do
    local from, to = m.from, m.to
    if dir == "out" then from, to = to, from end
    parts[#parts + 1] = string.format("(((%s >> %d) & %s) << %d)", v, from, hex(m.width_mask), to)
  end
  return table.concat(parts, " | ")
end

local function render(text, path, env)
  env._escape = "@"
  local out, err = template.substitute(text, env)
  if not out then error(string.format("%s: %s", path, tostring(err))) end
  return out
end

-- Returns { [filename] = text } for one format.
function emit.format(D, source, template_dir)
  local env = setmetatable({
    P = "ptf_" .. D.name, NAME = D.name:upper(), source = source,
    hex = hex, hex32 = hex32, cstr = cstr, list = list, test_expr = test_expr, moved_expr = moved_expr,
    size_name = size_name, flag_names = derive.flag_names,
    ipairs = ipairs, pairs = pairs, tostring = tostring, string = string,
  }, { __index = D })
  local files = {}
  -- the format layer (data and accessors), the public header, and the C that compiles
  -- ptforge's walk algorithms against the layer
  for _, t in ipairs({ { "format_layer.h.tpl", "_layer.h" }, { "format.h.tpl", ".h" }, { "format.c.tpl", ".c" } }) do
    local text, path = read_template(template_dir, t[1])
    files["ptf_" .. D.name .. t[2]] = render(text, path, env)
  end
  return files
end

-- Returns { [filename] = text }: the list of built formats, as a header and as data.
function emit.registry(names, template_dir)
  local files = {}
  for _, kind in ipairs({ "h", "c" }) do
    local text, path = read_template(template_dir, "registry." .. kind .. ".tpl")
    files["ptf_formats." .. kind] = render(text, path, { names = names, ipairs = ipairs })
  end
  return files
end

return emit

-- gen/shape.lua: checks a value against a node of gen/schema.lua and reports what does
-- not fit: missing required fields, unknown fields, values of the wrong kind, bit ranges
-- that are not ranges, names outside their list, numbers outside their range. Returns a
-- checked copy (bit ranges as {lo, hi}, field values under .values) and whether the value
-- passed; nil for a value that did not.
local tables = require("gen.tables")
local bits = require("gen.bits")

local shape = {}

local function is_int(v) return math.type(v) == "integer" end
local function is_ident(s) return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil end

local function value_kind(v)
  return math.type(v) == "float" and string.format("float %s", tostring(v)) or type(v)
end

local function join(path, key) return path == "" and tostring(key) or path .. "." .. tostring(key) end

-- The set of field names node.keys declares.
local function declared(node)
  local names = {}
  for _, field in ipairs(node.keys or {}) do names[field[1]] = true end
  return names
end

-- Reports the keys of t that node does not declare: typos must not pass silently.
function shape.unknown_fields(P, path, t, node)
  local known = declared(node)
  for _, k in ipairs(tables.sorted_keys(t)) do
    if not known[k] then P:add(join(path, k), "unknown field") end
  end
end

local check

-- The fields of node.keys into out, in order. A missing required field ends the check:
-- such a table is likely not what was meant, and the rest would only repeat that.
local function check_fields(P, path, t, node, context, out)
  local ok = true
  for _, field in ipairs(node.keys or {}) do
    local good
    out[field[1]], good = check(P, join(path, field[1]), t[field[1]], field, context)
    if not good then
      ok = false
      if t[field[1]] == nil then break end
    end
  end
  return ok
end

-- Per kind: lua (the Lua type it needs), is (a further test of the value), says (its
-- own message when the value is not of the kind), check (the value's content).
local KINDS = {}

KINDS.string = { lua = "string", check = function(P, path, v, node)
  if node.pattern and not v:match(node.pattern) then P:add(path, "'%s' %s", v, node.pattern_says) return nil, false end
  return v, true
end }

KINDS.integer = { lua = "number", is = is_int, check = function(P, path, v, node)
  if node.range and (v < node.range[1] or v > node.range[2]) then
    P:add(path, "%d is outside %d..%d", v, node.range[1], node.range[2])
    return nil, false
  end
  return v, true
end }

KINDS.boolean = { lua = "boolean" }

KINDS.identifier = { lua = "string", is = function(v, node) return is_ident(v) and v ~= node.except end }

-- {high, low} or {bit}, within width (or the width a checked field gives, when it passed).
KINDS.bits = { lua = "table", is = function(v) return tables.is_array(v) and (#v == 1 or #v == 2) end,
  check = function(P, path, v, node, context)
    local hi, lo = v[1], v[2] or v[1]
    if not is_int(hi) or not is_int(lo) then P:add(path, "bit numbers must be integers") return nil, false end
    if lo < 0 then P:add(path, "bit %d: bit numbers start at 0", lo) return nil, false end
    if hi < lo then P:add(path, "bits %d..%d: high bit below low bit", lo, hi) return nil, false end
    local width = node.width or context[node.width_from]
    if width and hi >= width then P:add(path, "bits %d..%d do not fit a %d-bit entry", lo, hi, width) return nil, false end
    return { lo = lo, hi = hi }, true
  end }

-- A list of names from node.names, or from a checked field (fields) once it passed.
KINDS.names = { lua = "table", is = tables.is_array,
  says = function(node) return "must be a list, each " .. node.of end,
  check = function(P, path, v, node, context)
    local allowed = node.names or context[node.names_from]
    if not allowed then return nil, false end -- the field it names from is broken, and reported
    for i, name in ipairs(v) do
      if not allowed[name] then P:add(string.format("%s[%d]", path, i), "'%s' is not %s", tostring(name), node.of) return nil, false end
    end
    return v, true
  end }

KINDS.record = { lua = "table", check = function(P, path, v, node, context)
  shape.unknown_fields(P, path, v, node)
  local out = {}
  if not check_fields(P, path, v, node, context, out) then return nil, false end
  return out, true
end }

-- field = value pairs, checked against the fields once those passed (their own problem
-- is reported otherwise); the keys node declares are not fields.
KINDS.field_values = { lua = "table", check = function(P, path, v, node, context)
  local fields = context[node.fields_from or "fields"]
  if not fields then return nil, false end
  local not_fields = declared(node)
  local values, ok = {}, true
  for _, name in ipairs(tables.sorted_keys(v)) do
    local value, f = v[name], fields[name]
    if not_fields[name] then
      -- checked below
    elseif type(name) == "string" and not f and (context.level_field_names or {})[name] then
      P:add(join(path, name), "is a level field (levels[].fields), whose position depends on the level: only permissions and memory types set one")
      ok = false
    elseif type(name) ~= "string" or not f then
      P:add(join(path, name), "no such field in fields") ok = false
    elseif not is_int(value) then
      P:add(join(path, name), "value must be an integer, got %s", value_kind(value)) ok = false
    elseif not bits.fits(f.hi - f.lo + 1, value) then
      P:add(join(path, name), "value %d does not fit %d-bit field", value, f.hi - f.lo + 1) ok = false
    else
      values[name] = value
    end
  end
  if not ok then return nil, false end
  local out = { values = values }
  if not check_fields(P, path, v, node, context, out) then return nil, false end
  return out, true
end }

KINDS.list = { lua = "table", check = function(P, path, v, node, context)
  if not tables.is_array(v) or (node.non_empty and #v == 0) then P:add(path, node.list_says or node.says) return nil, false end
  -- the list's name counts its items ("7 levels")
  if node.at_most and #v > node.at_most then P:add(path, "%d %s; at most %d are supported", #v, path, node.at_most) return nil, false end
  local out, ok = {}, true
  for i, item in ipairs(v) do
    local good
    out[i], good = check(P, string.format("%s[%d]", path, i), item, node.item, context)
    ok = ok and good
  end
  return ok and out or nil, ok
end }

KINDS.map = { lua = "table", check = function(P, path, v, node, context)
  local out, ok = {}, true
  for _, k in ipairs(tables.sorted_keys(v)) do
    local key_ok = not node.key or select(2, check(P, join(path, k), k, node.key, context))
    local good = false
    if key_ok then out[k], good = check(P, join(path, k), v[k], node.value, context) end
    ok = ok and good
    if not ok and node.stop_at_first then break end
  end
  return ok and out or nil, ok
end }

KINDS.either = { lua = "table", check = function(P, path, v, node, context)
  return check(P, path, v, v[node.alias_key] ~= nil and node.alias or node.otherwise, context)
end }

-- Checks value (at path) against node; context holds the top-level fields checked so far.
function check(P, path, v, node, context)
  if v == nil then
    if node.required then P:add(path, node.missing or "missing (required)") return nil, false end
    return nil, true
  end
  local kind = KINDS[node.kind]
  if not kind then return v, true end
  if type(v) ~= kind.lua or (kind.is and not kind.is(v, node)) then
    if node.says or kind.says then P:add(path, node.says or kind.says(node))
    elseif kind.lua == "number" then P:add(path, "must be an integer, got %s", value_kind(v))
    else P:add(path, "must be a %s, got %s", kind.lua, type(v)) end
    return nil, false
  end
  if not kind.check then return v, true end
  return kind.check(P, path, v, node, context)
end

-- Checks the top-level field name of t against its node in schema.
function shape.check_field(P, t, schema, name, context)
  for _, node in ipairs(schema.keys) do
    if node[1] == name then return check(P, name, t[name], node, context) end
  end
  error("gen/schema.lua has no top-level field " .. name)
end

return shape

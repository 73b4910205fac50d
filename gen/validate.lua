-- gen/validate.lua: stage 2, check a loaded platform table and return the checked
-- description (fields as {lo, hi, mask}, levels with lo/hi/bits, entry kinds, ...).
-- The shape of each top-level field comes from gen/schema.lua; what it means is checked
-- by a rule in gen/rules/, one concern each. Rules run in a fixed order, each on its
-- fields once their shape passed and on what the rules before it accepted, so nothing
-- past a broken prerequisite is examined and one mistake gives one line.
local schema = require("gen.schema")
local shape = require("gen.shape")

local validate = {}

-- A field the schema checks fully: taken as it is.
local function as_given(key)
  return { keys = { key }, check = function(_, input, out) out[key] = input[key] end }
end

-- (in parentheses: require also returns where it found the file)
local function rule(name) return (require("gen.rules." .. name)) end

local RULES = {
  rule("name"),
  as_given("description"),
  as_given("input_bits"),
  as_given("output_bits"),
  rule("granule"),
  rule("entry_size"),
  rule("levels"),
  rule("root"),
  rule("fields"),
  as_given("software_fields"),
  as_given("reserved_zero"),
  rule("address"),
  rule("descriptors"),
  rule("level_fields"),
  rule("permissions"),
  rule("memory_types"),
  rule("refuse"),
  rule("registers"),
  rule("reserved_zero"),
  rule("updates"),
  rule("accessed"),
  rule("dirty"),
  rule("input_range"),
}

-- Returns the checked description, or nil when problems were added.
function validate.check(d, P)
  shape.unknown_fields(P, "", d, schema)
  local out = {}
  for _, rule in ipairs(RULES) do
    local input, ok = {}, true
    for _, key in ipairs(rule.keys) do
      local value, good = shape.check_field(P, d, schema, key, out)
      input[key], ok = value, ok and good
    end
    if ok then rule.check(P, input, out) end
  end
  if P:any() then return nil end
  return out
end

return validate

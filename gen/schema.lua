-- gen/schema.lua: the shape of a platform file, as data: the fields each table has,
-- which are required, and what kind of value each holds. gen/shape.lua checks a file
-- against it; what the values mean (levels that cover input_bits, fields that do not
-- overlap, a `why` wherever something is refused or dropped, ...) is for gen/rules/.
--
-- A node is a table: [1] its field name (inside a record), and
--   kind      string, integer, boolean, identifier, bits ({high, low} or {bit}), names
--             (a list of names), record (the fields in `keys`, checked in that order),
--             field_values (field = value pairs, plus the fields in `keys`), list (of
--             `item`), map (`key` = `value`), either (`alias` when the table holds the
--             field `alias_key`, else `otherwise`); no kind: anything
--   required  report the field when it is missing (`missing`: with this message)
--   says      the message when the value is not of its kind
--   and limits per kind: pattern/pattern_says, range, width or width_from (an already
--   checked top-level field), names or names_from, non_empty/list_says, at_most, except;
--   stop_at_first: a map reports its first broken entry only; fields_from: the checked
--   fields a field_values node names (default "fields"; permissions and memory types
--   may also name the level fields, "attr_fields").
local tables = require("gen.tables")

local BIT_RANGE = "must be {bit} or {high, low}"
local FIELD_VALUES = "must be a table of field = value"
local ENTRY_TEST = "must be a table {field = value, any = {...}}"

-- A bit range in a register (a missing one is just not a bit range).
local function register_bits(name)
  return { name, kind = "bits", says = BIT_RANGE, width = 64, required = true, missing = BIT_RANGE }
end

local function field_list(name) return { name, kind = "names", of = "a field", names_from = "fields" } end

-- field = value pairs that must all match, and `any`: fields of which one must be non-zero.
local function entry_test(name)
  return { name, kind = "field_values", says = ENTRY_TEST, keys = { field_list("any") } }
end

-- table, block or page: the constant bits of such an entry, and the test that tells it.
-- A table entry may carry no valid bit (by_address: LoongArch directories hold only the
-- next table's address), and is then present when its address is not zero.
local function entry_kind(name, required)
  local keys = { { "set", kind = "field_values", says = FIELD_VALUES }, entry_test("test") }
  if name == "table" then
    keys[#keys + 1] = { "by_address", kind = "boolean", says = "must be true or false" }
  end
  return { name, kind = "record", required = required, says = "must be a table {set = {...}, test = {...}}",
    keys = keys }
end

-- How a permission is encoded when another one (name) is granted too: the same fields,
-- other values (AArch64 stage 1: X is PXN = 0 for a kernel page, UXN = 0 for a user one).
local function encoding_with(name)
  return { name, kind = "record", says = "must be {present = {...}, absent = {...}}", keys = {
    { "present", kind = "field_values", says = FIELD_VALUES, required = true, fields_from = "attr_fields" },
    { "absent", kind = "field_values", says = FIELD_VALUES, fields_from = "attr_fields" },
  } }
end

-- A permission is the field values it sets when present and when absent (and, with
-- `with`, other values of the same fields when one other permission is granted too), or,
-- when every valid leaf grants it (x86 P, an ARM stage-1 valid bit), { implied = true }.
local function permission(name)
  return { name, kind = "either", alias_key = "implied",
    says = "must be {present = {...}, absent = {...}} or {implied = true}",
    alias = { kind = "record", keys = {
      { "implied", kind = "boolean", says = "must be true: every valid leaf grants the permission" },
    } },
    otherwise = { kind = "record", says = "must be {present = {...}, absent = {...}}", keys = {
      { "present", kind = "field_values", says = FIELD_VALUES, required = true, fields_from = "attr_fields" },
      { "absent", kind = "field_values", says = FIELD_VALUES, fields_from = "attr_fields" },
      { "with", kind = "record", says = "must be {P = {present = {...}, absent = {...}}} for one other permission P",
        keys = { encoding_with("R"), encoding_with("W"), encoding_with("X"), encoding_with("U") } },
    } } }
end

-- Either its own encoding (field values, and the permissions it drops with why), or
-- { same_as = "other type" }.
local function memory_type(name, required)
  return { name, kind = "either", says = FIELD_VALUES, required = required, alias_key = "same_as",
    alias = { kind = "record", keys = { { "same_as" } } },
    otherwise = { kind = "field_values", fields_from = "attr_fields", keys = {
      { "drops", kind = "names", of = "a permission (R, W, X, U)", names = tables.set_of({ "R", "W", "X", "U" }) },
      { "why" },
    } },
  }
end

local function flags(name)
  return { name, kind = "names", of = "a flag (R W X U DEVICE UNCACHED)",
    names = tables.set_of({ "R", "W", "X", "U", "DEVICE", "UNCACHED" }) }
end

local function register_fields(name)
  return { name, kind = "map", says = "must be a table of name = {bits = {...}, value = N}",
    value = { kind = "record", says = "must be {bits = {...}, value = N}", keys = {
      register_bits("bits"),
      { "value", kind = "integer", required = true },
    } },
  }
end

return { kind = "record", keys = {
  { "name", kind = "string", required = true, pattern = "^[a-z][a-z0-9_]*$",
    pattern_says = "must be lower-case letters, digits and '_' (it becomes a C identifier)" },
  { "description", kind = "string", required = true },
  { "input_bits", kind = "integer", required = true, range = { 12, 63 } },
  { "output_bits", kind = "integer", required = true, range = { 12, 63 } },
  { "granule_shift", kind = "integer", required = true },
  { "pte_bits", kind = "integer", required = true },
  { "levels", kind = "list", required = true, non_empty = true, list_says = "must be a non-empty list, root first",
    at_most = 6,
    item = { kind = "record", says = "must be a table", keys = {
      { "index", kind = "bits", says = BIT_RANGE, width = 64, required = true },
      { "leaf", kind = "boolean", says = "must be true or false" },
      { "name", kind = "identifier", says = "must be an identifier" },
      { "leaf_size", kind = "integer", says = "must be an integer" },
      -- fields of the leaves here whose position depends on the level (x86 PAT: bit 7
      -- in a 4 KiB entry, bit 12 in a 2 MiB or 1 GiB one); gen/rules/level_fields.lua
      { "fields", kind = "map", says = "must be a table of name = {bit} or {high, low}",
        key = { kind = "identifier", except = "any", says = "field names must be identifiers other than 'any'" },
        value = { kind = "bits", says = BIT_RANGE, width_from = "pte_bits" },
      },
    } },
  },
  { "root", kind = "record", required = true, keys = {
    { "tables", kind = "integer", required = true },
    { "align", kind = "integer", required = true },
  } },
  { "fields", kind = "map", required = true,
    key = { kind = "identifier", except = "any", says = "field names must be identifiers other than 'any'" },
    value = { kind = "bits", says = BIT_RANGE, width_from = "pte_bits" },
  },
  field_list("software_fields"),
  field_list("reserved_zero"),
  { "address", kind = "record", required = true, keys = {
    { "field", kind = "string", required = true },
    { "shift", kind = "integer", required = true },
  } },
  { "valid", kind = "field_values", required = true, keys = { field_list("any") } },
  { "reserved", kind = "list", says = "must be a list of entry tests", item = entry_test() },
  entry_kind("table"),
  entry_kind("block"),
  entry_kind("page", true),
  { "permissions", kind = "record", required = true,
    keys = { permission("R"), permission("W"), permission("X"), permission("U") } },
  { "memory_types", kind = "record", required = true,
    keys = { memory_type("normal", true), memory_type("device"), memory_type("uncached") } },
  { "refuse", kind = "list", says = "must be a list of {has = {...}, lacks = {...}, why = \"...\"}",
    item = { kind = "record", says = "must be a table", keys = {
      flags("has"),
      flags("lacks"),
      { "why" },
    } },
  },
  { "root_register", kind = "record", required = true, keys = {
    { "name", kind = "string", required = true },
    { "address", kind = "record", required = true, keys = {
      register_bits("bits"),
      { "shift", kind = "integer", required = true, range = { 0, 63 } },
    } },
    { "vmid", kind = "record", says = "must be {bits = {...}}", keys = { register_bits("bits") } },
    register_fields("fields"),
  } },
  { "registers", kind = "map", says = "must be a table of NAME = {field = {bits, value}}", stop_at_first = true,
    key = { kind = "identifier", says = "register names must be identifiers" },
    value = register_fields(),
  },
  -- How live entries may be changed (gen/rules/updates.lua).
  { "break_before_make", kind = "names", of = "a change kind (kind, output_address, memory_type)",
    names = tables.set_of({ "kind", "output_address", "memory_type" }) },
  { "caches_invalid_entries", kind = "boolean", says = "must be true or false" },
  -- How a leaf's use is learnt (gen/rules/accessed.lua).
  { "accessed", kind = "record", says = "must be {how = ..., field = ...} or {how = \"permissions\", mark = ...}",
    keys = {
      { "how", kind = "string", required = true },
      { "field", kind = "identifier", says = "must be a field name" },
      { "mark", kind = "identifier", says = "must be a field name" },
    } },
  -- Hardware dirty bits that dirty logging harvests (gen/rules/dirty.lua).
  { "dirty", kind = "record", says = "must be {how = \"hardware\", field = ... [, writable = ...]}",
    keys = {
      { "how", kind = "string", required = true },
      { "field", kind = "identifier", says = "must be a field name" },
      { "writable", kind = "identifier", says = "must be a field name" },
    } },
  -- Where input addresses lie (gen/rules/input_range.lua): sign-extended from bit
  -- input_bits - 1 (a canonical upper half), or within the CPU's physical range (ARM stage 2).
  { "input_sign_extended", kind = "boolean", says = "must be true or false" },
  { "input_within_cpu_pa_range", kind = "boolean", says = "must be true or false" },
} }

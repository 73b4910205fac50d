-- gen/validate.lua: stage 2, check a loaded platform table and return a checked
-- description with normalised shapes (fields as {lo, hi}, levels with lo/hi/bits).
-- Every problem is reported with its field path; nothing past the first broken
-- prerequisite of a check is examined, so one mistake gives one line.
local validate = {}

local PERMS = { "R", "W", "X", "U" }
local MEMTYPES = { "normal", "device", "uncached" }
local FLAG_NAMES = { R = true, W = true, X = true, U = true, DEVICE = true, UNCACHED = true }

local function is_int(v) return math.type(v) == "integer" end
local function is_ident(s) return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil end
local function is_pow2(n) return is_int(n) and n > 0 and (n & (n - 1)) == 0 end
local function log2(n) local k = 0; while (1 << k) < n do k = k + 1 end; return k end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

-- Report keys of t that are not in allowed (a set); typos must not pass silently.
local function check_keys(P, path, t, allowed)
  for _, k in ipairs(sorted_keys(t)) do
    if not allowed[k] then
      P:add(path == "" and tostring(k) or (path .. "." .. tostring(k)), "unknown field")
    end
  end
end

local function set_of(list) local s = {}; for _, v in ipairs(list) do s[v] = true end; return s end

local function is_array(t)
  if type(t) ~= "table" then return false end
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n == #t
end

-- {hi, lo} or {bit} -> lo, hi; reports and returns nil on a bad shape.
local function bit_range(P, path, spec, width)
  if type(spec) ~= "table" or not is_array(spec) or (#spec ~= 1 and #spec ~= 2) then
    P:add(path, "must be {bit} or {high, low}")
    return nil
  end
  local hi, lo = spec[1], spec[2] or spec[1]
  if not is_int(hi) or not is_int(lo) then
    P:add(path, "bit numbers must be integers")
    return nil
  end
  if lo < 0 then
    P:add(path, "bit %d: bit numbers start at 0", lo)
    return nil
  end
  if hi < lo then
    P:add(path, "bits %d..%d: high bit below low bit", lo, hi)
    return nil
  end
  if width and hi >= width then
    P:add(path, "bits %d..%d do not fit a %d-bit entry", lo, hi, width)
    return nil
  end
  return lo, hi
end

local function value_kind(v)
  return math.type(v) == "float" and string.format("float %s", tostring(v)) or type(v)
end

local function required(P, path, v, kind)
  if v == nil then P:add(path, "missing (required)") return false end
  if kind == "integer" and not is_int(v) then P:add(path, "must be an integer, got %s", value_kind(v)) return false end
  if kind ~= "integer" and type(v) ~= kind then P:add(path, "must be a %s, got %s", kind, type(v)) return false end
  return true
end

local function field_fits(f, value) return value >= 0 and value <= ((1 << (f.hi - f.lo + 1)) - 1) end

-- A {field = value} table naming known fields with values that fit them.
local function field_values(P, path, t, fields, extra_keys)
  local out, ok = {}, true
  if type(t) ~= "table" then P:add(path, "must be a table of field = value") return nil end
  for _, name in ipairs(sorted_keys(t)) do
    local v = t[name]
    if extra_keys and extra_keys[name] then
      -- handled by the caller
    elseif type(name) ~= "string" or not fields[name] then
      P:add(path .. "." .. tostring(name), "no such field in fields")
      ok = false
    elseif not is_int(v) then
      P:add(path .. "." .. name, "value must be an integer, got %s", value_kind(v))
      ok = false
    elseif not field_fits(fields[name], v) then
      P:add(path .. "." .. name, "value %d does not fit %d-bit field", v, fields[name].hi - fields[name].lo + 1)
      ok = false
    else
      out[name] = v
    end
  end
  return ok and out or nil
end

local function name_list(P, path, list, allowed, what)
  if type(list) ~= "table" or not is_array(list) then P:add(path, "must be a list, each %s", what) return nil end
  for i, v in ipairs(list) do
    if not allowed[v] then P:add(string.format("%s[%d]", path, i), "'%s' is not %s", tostring(v), what) return nil end
  end
  return list
end

-- An entry test: {field = value, ..., any = {fields}}.
local function entry_test(P, path, t, fields)
  if type(t) ~= "table" then P:add(path, "must be a table {field = value, any = {...}}") return nil end
  local eq = field_values(P, path, t, fields, { any = true })
  if not eq then return nil end
  local any
  if t.any ~= nil then
    any = name_list(P, path .. ".any", t.any, fields, "a field")
    if not any then return nil end
    if #any == 0 then P:add(path .. ".any", "must name at least one field") return nil end
  end
  return { eq = eq, any = any or {} }
end

local function check_scalars(P, d, out)
  if required(P, "name", d.name, "string") then
    if not d.name:match("^[a-z][a-z0-9_]*$") then
      P:add("name", "'%s' must be lower-case letters, digits and '_' (it becomes a C identifier)", d.name)
    elseif P.basename and d.name ~= P.basename then
      P:add("name", "'%s' does not match the file name '%s.lua'", d.name, P.basename)
    else
      out.name = d.name
    end
  end
  if required(P, "description", d.description, "string") then out.description = d.description end
  if required(P, "input_bits", d.input_bits, "integer") then
    if d.input_bits < 12 or d.input_bits > 63 then P:add("input_bits", "%d is outside 12..63", d.input_bits)
    else out.input_bits = d.input_bits end
  end
  if required(P, "output_bits", d.output_bits, "integer") then
    if d.output_bits < 12 or d.output_bits > 63 then P:add("output_bits", "%d is outside 12..63", d.output_bits)
    else out.output_bits = d.output_bits end
  end
  if required(P, "granule_shift", d.granule_shift, "integer") then
    if d.granule_shift ~= 12 and d.granule_shift ~= 14 and d.granule_shift ~= 16 then
      P:add("granule_shift", "%d is not a supported granule (12, 14 or 16)", d.granule_shift)
    else out.granule_shift = d.granule_shift end
  end
  if required(P, "pte_bits", d.pte_bits, "integer") then
    if d.pte_bits ~= 32 and d.pte_bits ~= 64 then P:add("pte_bits", "%d is not 32 or 64", d.pte_bits)
    else out.pte_bits = d.pte_bits; out.pte_bytes = d.pte_bits // 8 end
  end
end

local function check_levels(P, d, out)
  if not required(P, "levels", d.levels, "table") then return end
  if not is_array(d.levels) or #d.levels == 0 then P:add("levels", "must be a non-empty list, root first") return end
  if #d.levels > 6 then P:add("levels", "%d levels; at most 6 are supported", #d.levels) return end
  local levels, ok = {}, true
  for i, l in ipairs(d.levels) do
    local path = string.format("levels[%d]", i)
    if type(l) ~= "table" then P:add(path, "must be a table") ok = false goto continue end
    check_keys(P, path, l, set_of({ "name", "index", "leaf", "leaf_size" }))
    if l.index == nil then P:add(path .. ".index", "missing (required)") ok = false goto continue end
    do
      local lo, hi = bit_range(P, path .. ".index", l.index, 64)
      if not lo then ok = false goto continue end
      if l.leaf ~= nil and type(l.leaf) ~= "boolean" then P:add(path .. ".leaf", "must be true or false") ok = false end
      if l.name ~= nil and not is_ident(l.name) then P:add(path .. ".name", "must be an identifier") ok = false end
      levels[i] = { name = l.name or ("D" .. (i - 1)), lo = lo, hi = hi, bits = hi - lo + 1, leaf = l.leaf == true }
      if l.leaf_size ~= nil then
        if not is_int(l.leaf_size) then P:add(path .. ".leaf_size", "must be an integer") ok = false
        elseif not l.leaf then P:add(path .. ".leaf_size", "given for a level that holds no leaf") ok = false
        elseif l.leaf_size ~= (1 << lo) then
          P:add(path .. ".leaf_size", "%d does not follow from index bits %d..%d (leaves map %d bytes)", l.leaf_size, lo, hi, 1 << lo)
          ok = false
        end
      end
    end
    ::continue::
  end
  if not ok then return end
  for i = 2, #levels do
    local a, b = levels[i - 1], levels[i]
    local path = string.format("levels[%d].index", i)
    if b.hi >= a.lo then
      P:add(path, "bits %d..%d overlap levels[%d] (%d..%d)", b.lo, b.hi, i - 1, a.lo, a.hi) ok = false
    elseif b.hi + 1 ~= a.lo then
      P:add(path, "bits %d..%d leave a gap below levels[%d] (%d..%d)", b.lo, b.hi, i - 1, a.lo, a.hi) ok = false
    end
  end
  if not ok then return end
  if out.input_bits and levels[1].hi ~= out.input_bits - 1 then
    P:add("levels[1].index", "root index tops out at bit %d, but input_bits = %d needs bit %d", levels[1].hi, out.input_bits, out.input_bits - 1)
    ok = false
  end
  if out.granule_shift and levels[#levels].lo ~= out.granule_shift then
    P:add(string.format("levels[%d].index", #levels), "last level starts at bit %d, but granule_shift = %d", levels[#levels].lo, out.granule_shift)
    ok = false
  end
  if out.granule_shift and out.pte_bytes then
    local table_bits = out.granule_shift - log2(out.pte_bytes)
    for i = 2, #levels do
      if levels[i].bits ~= table_bits then
        P:add(string.format("levels[%d].index", i), "%d index bits, but a %d-byte table of %d-byte entries has %d (%d bits)",
          levels[i].bits, 1 << out.granule_shift, out.pte_bytes, 1 << table_bits, table_bits)
        ok = false
      end
    end
  end
  if not levels[#levels].leaf then
    P:add(string.format("levels[%d].leaf", #levels), "the last level must hold pages (leaf = true)") ok = false
  end
  for i = 1, #levels - 1 do
    if levels[#levels].leaf and levels[i].leaf and not levels[i + 1].leaf then
      P:add(string.format("levels[%d].leaf", i), "leaves here need leaves at levels[%d] too (huge leaves split into the next level)", i + 1)
      ok = false
    end
  end
  if ok then out.levels = levels end
end

local function check_root(P, d, out)
  if not required(P, "root", d.root, "table") then return end
  check_keys(P, "root", d.root, set_of({ "tables", "align" }))
  local tables, align = d.root.tables, d.root.align
  if not required(P, "root.tables", tables, "integer") or not required(P, "root.align", align, "integer") then return end
  if not is_pow2(tables) or tables > 16 then P:add("root.tables", "%d is not a power of two in 1..16", tables) return end
  if not is_pow2(align) then P:add("root.align", "%d is not a power of two", align) return end
  if not (out.levels and out.granule_shift and out.pte_bytes) then return end
  local table_bits = out.granule_shift - log2(out.pte_bytes)
  local want = 1 << math.max(0, out.levels[1].bits - table_bits)
  if tables ~= want then
    P:add("root.tables", "a %d-bit root index needs %d table(s) of %d entries, got %d", out.levels[1].bits, want, 1 << table_bits, tables)
    return
  end
  local bytes = tables << out.granule_shift
  if align < bytes then
    P:add("root.align", "%d is below the root's size (%d bytes); a root is aligned to its size", align, bytes)
    return
  end
  out.root = { tables = tables, align = align, bytes = bytes }
end

local function check_fields(P, d, out)
  if not required(P, "fields", d.fields, "table") then return end
  local fields, list, ok = {}, {}, true
  for _, name in ipairs(sorted_keys(d.fields)) do
    local path = "fields." .. tostring(name)
    if not is_ident(name) or name == "any" then P:add(path, "field names must be identifiers other than 'any'") ok = false
    else
      local lo, hi = bit_range(P, path, d.fields[name], out.pte_bits)
      if lo then
        fields[name] = { name = name, lo = lo, hi = hi, mask = ((hi == 63) and -1 or ((1 << (hi + 1)) - 1)) & ~((1 << lo) - 1) }
        list[#list + 1] = fields[name]
      else ok = false end
    end
  end
  table.sort(list, function(a, b) return a.lo < b.lo end)
  for i = 2, #list do
    local a, b = list[i - 1], list[i]
    if b.lo <= a.hi then
      P:add("fields." .. b.name, "bits %d..%d overlap fields.%s (%d..%d)", b.lo, b.hi, a.name, a.lo, a.hi) ok = false
    end
  end
  if ok then out.fields = fields end
  for _, key in ipairs({ "software_fields", "reserved_zero" }) do
    if d[key] ~= nil and out.fields then
      out[key] = name_list(P, key, d[key], out.fields, "a field")
    end
  end
end

local function check_address(P, d, out)
  if not required(P, "address", d.address, "table") or not out.fields then return end
  check_keys(P, "address", d.address, set_of({ "field", "shift" }))
  local a = d.address
  if not required(P, "address.field", a.field, "string") then return end
  local f = out.fields[a.field]
  if not f then P:add("address.field", "no such field '%s' in fields", a.field) return end
  if not required(P, "address.shift", a.shift, "integer") then return end
  if out.granule_shift and (a.shift < 0 or a.shift > out.granule_shift) then
    P:add("address.shift", "%d must be in 0..granule_shift (%d)", a.shift, out.granule_shift) return
  end
  if out.output_bits and (f.hi - f.lo + 1) + a.shift < out.output_bits then
    P:add("address.field", "fields.%s holds physical address bits up to %d, but output_bits = %d",
      a.field, f.hi - f.lo + a.shift, out.output_bits)
    return
  end
  out.address = { field = a.field, lo = f.lo, hi = f.hi, mask = f.mask, shift = a.shift }
end

-- Evaluate a checked test on an entry value (used for template and round-trip checks).
local function test_holds(test, fields, e)
  for name, v in pairs(test.eq) do
    local f = fields[name]
    if (e & f.mask) ~= (v << f.lo) then return false end
  end
  if #test.any > 0 then
    local m = 0
    for _, name in ipairs(test.any) do m = m | fields[name].mask end
    if (e & m) == 0 then return false end
  end
  return true
end
validate.test_holds = test_holds

local function values_bits(values, fields)
  local e = 0
  for name, v in pairs(values) do e = e | (v << fields[name].lo) end
  return e
end
validate.values_bits = values_bits

local function check_descriptors(P, d, out)
  local F = out.fields
  if not F then return end
  if not required(P, "valid", d.valid, "table") then return end
  local valid = entry_test(P, "valid", d.valid, F)
  local kinds = {}
  local need_block = false
  if out.levels then
    for i = 1, #out.levels - 1 do if out.levels[i].leaf then need_block = true end end
  end
  for _, kind in ipairs({ "table", "block", "page" }) do
    local t = d[kind]
    if t == nil then
      if kind == "table" and out.levels and #out.levels == 1 then
        -- a single-level format has no tables
      elseif kind == "block" and need_block then
        P:add(kind, "missing (required): levels above the last hold leaves")
      elseif kind ~= "block" then
        P:add(kind, "missing (required)")
      end
    elseif type(t) ~= "table" then
      P:add(kind, "must be a table {set = {...}, test = {...}}")
    else
      check_keys(P, kind, t, set_of({ "set", "test" }))
      local set = t.set == nil and {} or field_values(P, kind .. ".set", t.set, F)
      if set and out.address and set[out.address.field] ~= nil then
        P:add(kind .. ".set." .. out.address.field, "is the address field: entries take their address from the mapping")
        set = nil
      end
      local test = t.test == nil and { eq = {}, any = {} } or entry_test(P, kind .. ".test", t.test, F)
      if set and test then kinds[kind] = { set = set, test = test, bits = values_bits(set, F) } end
    end
  end
  out.reserved = {}
  if d.reserved ~= nil then
    if not is_array(d.reserved) then P:add("reserved", "must be a list of entry tests") return end
    for i, t in ipairs(d.reserved) do
      local path = string.format("reserved[%d]", i)
      local test = entry_test(P, path, t, F)
      if test then
        if #test.any == 0 and next(test.eq) == nil then P:add(path, "an empty test would make every entry reserved")
        else out.reserved[i] = test end
      end
    end
  end
  if not valid then return end
  out.valid = valid
  for i, t in ipairs(out.reserved) do
    if kinds.table and test_holds(t, F, kinds.table.bits) then
      P:add(string.format("reserved[%d]", i), "matches table entries built from table.set") return
    end
  end
  if test_holds(valid, F, 0) then P:add("valid", "an all-zero entry would be valid; zero must mean 'not mapped'") return end
  -- Leaves take their validity from the permission bits too, so only tables are
  -- checked here; every leaf encoding is checked by the round trip.
  if kinds.table then
    if not test_holds(valid, F, kinds.table.bits) then P:add("table.set", "a table entry built from set fails the valid test") kinds.table = nil
    elseif not test_holds(kinds.table.test, F, kinds.table.bits) then P:add("table.set", "a table entry built from set fails table.test") kinds.table = nil end
  end
  if kinds.table and kinds.block then
    if test_holds(kinds.block.test, F, kinds.table.bits) then
      P:add("block.test", "also matches table entries; a table and a block must be told apart") kinds.block = nil
    end
  end
  out.kinds = kinds
end

local function check_permissions(P, d, out)
  local F = out.fields
  if not required(P, "permissions", d.permissions, "table") or not F then return end
  check_keys(P, "permissions", d.permissions, set_of(PERMS))
  local perms, owner = {}, {}
  for _, p in ipairs(PERMS) do
    local spec = d.permissions[p]
    if spec ~= nil then
      local path = "permissions." .. p
      if type(spec) ~= "table" then P:add(path, "must be {present = {...}, absent = {...}}") goto continue end
      check_keys(P, path, spec, set_of({ "present", "absent" }))
      if spec.present == nil then P:add(path .. ".present", "missing (required)") goto continue end
      do
        local present = field_values(P, path .. ".present", spec.present, F)
        local absent = spec.absent == nil and {} or field_values(P, path .. ".absent", spec.absent, F)
        if not present or not absent then goto continue end
        local mask = 0
        for name in pairs(present) do mask = mask | F[name].mask end
        for _, name in ipairs(sorted_keys(absent)) do
          if present[name] == nil then P:add(path .. ".absent." .. name, "sets a field that present does not") goto continue end
        end
        for _, name in ipairs(sorted_keys(present)) do
          if absent[name] == nil then absent[name] = 0 end
          if present[name] == absent[name] then P:add(path .. ".present." .. name, "same value as when absent; the permission could not be decoded") goto continue end
          if owner[name] then P:add(path .. ".present." .. name, "field already used by permissions.%s", owner[name]) goto continue end
          for _, kind in ipairs({ "block", "page" }) do
            local k = (out.kinds or {})[kind]
            if k and k.set[name] ~= nil then P:add(path .. ".present." .. name, "field is also a constant of %s.set", kind) goto continue end
          end
          if out.address and name == out.address.field then P:add(path .. ".present." .. name, "is the address field") goto continue end
        end
        for name in pairs(present) do owner[name] = p end
        perms[p] = { present = present, absent = absent, mask = mask }
      end
      ::continue::
    end
  end
  out.permissions = perms
  out.perm_field_owner = owner
end

local function check_memory_types(P, d, out)
  local F = out.fields
  if not required(P, "memory_types", d.memory_types, "table") or not F or not out.permissions then return end
  check_keys(P, "memory_types", d.memory_types, set_of(MEMTYPES))
  if d.memory_types.normal == nil then P:add("memory_types.normal", "missing (required)") return end
  local mts, ok = {}, true
  for _, m in ipairs(MEMTYPES) do
    local spec = d.memory_types[m]
    local path = "memory_types." .. m
    if spec == nil then goto continue end
    if type(spec) ~= "table" then P:add(path, "must be a table of field = value") ok = false goto continue end
    if spec.same_as ~= nil then
      check_keys(P, path, spec, set_of({ "same_as" }))
      if spec.same_as == m or not set_of(MEMTYPES)[spec.same_as] then
        P:add(path .. ".same_as", "must name another memory type") ok = false
      elseif d.memory_types[spec.same_as] == nil or (type(d.memory_types[spec.same_as]) == "table" and d.memory_types[spec.same_as].same_as ~= nil) then
        P:add(path .. ".same_as", "'%s' must be a memory type with its own encoding", spec.same_as) ok = false
      else
        mts[m] = { same_as = spec.same_as }
      end
      goto continue
    end
    do
      local values = field_values(P, path, spec, F, { drops = true, why = true })
      if not values then ok = false goto continue end
      local drops = {}
      if spec.drops ~= nil then
        if not name_list(P, path .. ".drops", spec.drops, set_of(PERMS), "a permission (R, W, X, U)") then ok = false goto continue end
        if type(spec.why) ~= "string" then P:add(path .. ".why", "required with drops: say why the permission is dropped") ok = false goto continue end
        drops = set_of(spec.drops)
      elseif spec.why ~= nil then
        P:add(path .. ".why", "given without drops: there is nothing to explain") ok = false goto continue
      end
      if out.address and values[out.address.field] ~= nil then
        P:add(path .. "." .. out.address.field, "is the address field: a memory type cannot set it") ok = false goto continue
      end
      local id_mask, id_bits = 0, 0
      for _, name in ipairs(sorted_keys(values)) do
        local owner = out.perm_field_owner[name]
        if owner then
          if not drops[owner] then
            P:add(path .. "." .. name, "field also set by permissions.%s; list %s in drops to say the memory type overrides it", owner, owner)
            ok = false goto continue
          end
        else
          id_mask = id_mask | F[name].mask
          id_bits = id_bits | (values[name] << F[name].lo)
        end
        for _, kind in ipairs({ "block", "page" }) do
          local k = (out.kinds or {})[kind]
          if k and k.set[name] ~= nil then P:add(path .. "." .. name, "field is also a constant of %s.set", kind) ok = false goto continue end
        end
      end
      mts[m] = { values = values, drops = drops, id_mask = id_mask, id_bits = id_bits, why = spec.why }
    end
    ::continue::
  end
  if not ok then return end
  -- Distinct encodings must be told apart when decoding, over the union of their fields.
  local own = {}
  for _, m in ipairs(MEMTYPES) do if mts[m] and not mts[m].same_as then own[#own + 1] = m end end
  local union = 0
  for _, m in ipairs(own) do union = union | mts[m].id_mask end
  for i = 1, #own do
    for j = i + 1, #own do
      local a, b = mts[own[i]], mts[own[j]]
      local ma, mb = a.id_bits & union, b.id_bits & union
      if ma == mb then
        P:add("memory_types." .. own[j], "encodes like memory_types.%s; use same_as = \"%s\" if that is meant", own[i], own[i])
        return
      end
    end
  end
  out.memory_types = mts
  out.memtype_mask = union
end

local function check_refuse(P, d, out)
  out.refuse = {}
  if d.refuse == nil then return end
  if not is_array(d.refuse) then P:add("refuse", "must be a list of {has = {...}, lacks = {...}, why = \"...\"}") return end
  for i, r in ipairs(d.refuse) do
    local path = string.format("refuse[%d]", i)
    if type(r) ~= "table" then P:add(path, "must be a table") goto continue end
    check_keys(P, path, r, set_of({ "has", "lacks", "why" }))
    do
      local has = r.has == nil and {} or name_list(P, path .. ".has", r.has, FLAG_NAMES, "a flag (R W X U DEVICE UNCACHED)")
      local lacks = r.lacks == nil and {} or name_list(P, path .. ".lacks", r.lacks, FLAG_NAMES, "a flag (R W X U DEVICE UNCACHED)")
      if not has or not lacks then goto continue end
      if #has + #lacks == 0 then P:add(path, "needs has or lacks (it would refuse everything)") goto continue end
      if type(r.why) ~= "string" or r.why == "" then P:add(path .. ".why", "missing (required): say why the combination is refused") goto continue end
      out.refuse[#out.refuse + 1] = { has = has, lacks = lacks, why = r.why }
    end
    ::continue::
  end
end

local function check_register_fields(P, path, t, taken)
  local fields, ok = {}, true
  if type(t) ~= "table" then P:add(path, "must be a table of name = {bits = {...}, value = N}") return nil end
  for _, name in ipairs(sorted_keys(t)) do
    local spec, fpath = t[name], path .. "." .. tostring(name)
    if type(spec) ~= "table" then P:add(fpath, "must be {bits = {...}, value = N}") ok = false goto continue end
    check_keys(P, fpath, spec, set_of({ "bits", "value" }))
    do
      local lo, hi = bit_range(P, fpath .. ".bits", spec.bits, 64)
      if not lo then ok = false goto continue end
      if not required(P, fpath .. ".value", spec.value, "integer") then ok = false goto continue end
      if not field_fits({ lo = lo, hi = hi }, spec.value) then P:add(fpath .. ".value", "%d does not fit bits %d..%d", spec.value, lo, hi) ok = false goto continue end
      for _, other in ipairs(taken) do
        if lo <= other.hi and other.lo <= hi then P:add(fpath .. ".bits", "bits %d..%d overlap %s (%d..%d)", lo, hi, other.name, other.lo, other.hi) ok = false goto continue end
      end
      taken[#taken + 1] = { name = fpath, lo = lo, hi = hi }
      fields[#fields + 1] = { name = name, lo = lo, hi = hi, value = spec.value }
    end
    ::continue::
  end
  return ok and fields or nil
end

local function check_registers(P, d, out)
  if not required(P, "root_register", d.root_register, "table") then return end
  local r = d.root_register
  check_keys(P, "root_register", r, set_of({ "name", "address", "vmid", "fields" }))
  if not required(P, "root_register.name", r.name, "string") then return end
  if not required(P, "root_register.address", r.address, "table") then return end
  check_keys(P, "root_register.address", r.address, set_of({ "bits", "shift" }))
  local lo, hi = bit_range(P, "root_register.address.bits", r.address.bits, 64)
  if not lo then return end
  if not required(P, "root_register.address.shift", r.address.shift, "integer") then return end
  if r.address.shift < 0 or r.address.shift > 63 then P:add("root_register.address.shift", "%d is outside 0..63", r.address.shift) return end
  if out.output_bits and (hi - lo + 1) + r.address.shift < out.output_bits then
    P:add("root_register.address.bits", "bits %d..%d hold root addresses up to bit %d, but output_bits = %d",
      lo, hi, hi - lo + r.address.shift, out.output_bits)
    return
  end
  local taken = { { name = "root_register.address", lo = lo, hi = hi } }
  local reg = { name = r.name, address = { lo = lo, hi = hi, shift = r.address.shift } }
  if out.root and r.address.shift > 0 and (out.root.align & ((1 << r.address.shift) - 1)) ~= 0 then
    P:add("root_register.address.shift", "drops address bits below %d, but the root is only %d-byte aligned", r.address.shift, out.root.align)
    return
  end
  if r.vmid ~= nil then
    if type(r.vmid) ~= "table" then P:add("root_register.vmid", "must be {bits = {...}}") return end
    check_keys(P, "root_register.vmid", r.vmid, set_of({ "bits" }))
    local vlo, vhi = bit_range(P, "root_register.vmid.bits", r.vmid.bits, 64)
    if not vlo then return end
    if vlo <= hi and lo <= vhi then P:add("root_register.vmid.bits", "bits %d..%d overlap root_register.address (%d..%d)", vlo, vhi, lo, hi) return end
    taken[#taken + 1] = { name = "root_register.vmid", lo = vlo, hi = vhi }
    reg.vmid = { lo = vlo, hi = vhi }
  end
  reg.fields = r.fields == nil and {} or check_register_fields(P, "root_register.fields", r.fields, taken)
  if not reg.fields then return end
  out.root_register = reg
  out.registers = {}
  if d.registers ~= nil then
    if type(d.registers) ~= "table" then P:add("registers", "must be a table of NAME = {field = {bits, value}}") return end
    for _, name in ipairs(sorted_keys(d.registers)) do
      if not is_ident(name) then P:add("registers." .. tostring(name), "register names must be identifiers") return end
      local fields = check_register_fields(P, "registers." .. name, d.registers[name], {})
      if not fields then return end
      out.registers[#out.registers + 1] = { name = name, fields = fields }
    end
  end
end

local TOP = set_of({ "name", "description", "input_bits", "output_bits", "granule_shift", "pte_bits",
  "levels", "root", "fields", "software_fields", "reserved_zero", "address", "valid", "reserved", "table", "block",
  "page", "permissions", "memory_types", "refuse", "root_register", "registers" })

-- Returns the checked description, or nil when problems were added.
function validate.check(d, P)
  check_keys(P, "", d, TOP)
  local out = {}
  check_scalars(P, d, out)
  check_levels(P, d, out)
  check_root(P, d, out)
  check_fields(P, d, out)
  check_address(P, d, out)
  check_descriptors(P, d, out)
  check_permissions(P, d, out)
  check_memory_types(P, d, out)
  check_refuse(P, d, out)
  check_registers(P, d, out)
  -- reserved-zero fields must not be set by any constant or encoding
  if out.reserved_zero and out.fields then
    for _, name in ipairs(out.reserved_zero) do
      for _, kind in ipairs({ "table", "block", "page" }) do
        local k = (out.kinds or {})[kind]
        if k and k.set[name] and k.set[name] ~= 0 then P:add(kind .. ".set." .. name, "sets a reserved-zero field") end
      end
    end
  end
  if P:any() then return nil end
  return out
end

return validate

-- gen/derive.lua: stage 3, turn a checked description into the constants the
-- templates print: per-depth shifts, masks and sizes, entry tests as (mask, value)
-- pairs, the leaf attribute bits of all 64 flag combinations (or why a combination
-- is refused), decode patterns, and register values.
local bits = require("gen.bits")

local derive = {}

local FLAG_BITS = { R = 0x1, W = 0x2, X = 0x4, U = 0x8, DEVICE = 0x10, UNCACHED = 0x20 }
local PERMS = { "R", "W", "X", "U" }
local MEMTYPE_FLAG = { device = "DEVICE", uncached = "UNCACHED" }

local function flag_names(flags)
  local names = {}
  for _, n in ipairs({ "R", "W", "X", "U", "DEVICE", "UNCACHED" }) do
    if flags & FLAG_BITS[n] ~= 0 then names[#names + 1] = n end
  end
  return #names > 0 and table.concat(names, "|") or "none"
end
derive.flag_names = flag_names

local function memtype_of(flags)
  if flags & FLAG_BITS.DEVICE ~= 0 then return "device" end
  if flags & FLAG_BITS.UNCACHED ~= 0 then return "uncached" end
  return "normal"
end

-- Why flags cannot be expressed, or nil plus the attribute bits they encode to.
local function encode_flags(desc, flags)
  if flags & FLAG_BITS.DEVICE ~= 0 and flags & FLAG_BITS.UNCACHED ~= 0 then
    return "DEVICE and UNCACHED are exclusive memory types"
  end
  for _, p in ipairs(PERMS) do
    if flags & FLAG_BITS[p] ~= 0 and not desc.permissions[p] then
      return string.format("%s cannot express PTF_%s", desc.name, p)
    end
    if flags & FLAG_BITS[p] == 0 and desc.permissions[p] and desc.permissions[p].implied then
      return string.format("every valid leaf of %s grants PTF_%s (permissions.%s.implied)", desc.name, p, p)
    end
  end
  local mt = memtype_of(flags)
  if not desc.memory_types[mt] then
    return string.format("%s cannot express PTF_%s memory", desc.name, MEMTYPE_FLAG[mt])
  end
  -- the rules hold for the flags as asked and as the memory type leaves them (ARM device
  -- memory drops X: X|DEVICE alone would be a leaf with no access at all)
  local m0 = desc.memory_types[mt]
  local kept = m0.same_as and desc.memory_types[m0.same_as] or m0
  local effective = flags
  for p in pairs(kept.drops) do effective = effective & ~FLAG_BITS[p] end
  for _, r in ipairs(desc.refuse) do
    for pass, f in ipairs({ flags, effective }) do
      local hit = true
      for _, n in ipairs(r.has) do if f & FLAG_BITS[n] == 0 then hit = false end end
      for _, n in ipairs(r.lacks) do if f & FLAG_BITS[n] ~= 0 then hit = false end end
      if hit then
        return pass == 1 and r.why or string.format("%s (%s)", r.why, kept.why or "the memory type drops a permission")
      end
    end
  end
  local values = {}
  for _, p in ipairs(PERMS) do
    local spec = desc.permissions[p]
    if spec then
      -- the second encoding when the permission it depends on is granted too
      local enc = (spec.with and flags & FLAG_BITS[spec.with.flag] ~= 0) and spec.with or spec
      local src = (flags & FLAG_BITS[p] ~= 0) and enc.present or enc.absent
      for name, v in pairs(src) do values[name] = v end
    end
  end
  local m = desc.memory_types[mt]
  if m.same_as then m = desc.memory_types[m.same_as] end
  for name, v in pairs(m.values) do values[name] = v end
  return nil, bits.values_bits(values, desc.attr_fields)
end

-- What decode must give back for flags: aliases resolved, dropped permissions gone.
local function normalise(desc, flags)
  local mt = memtype_of(flags)
  local m = desc.memory_types[mt]
  local out = flags & ~(FLAG_BITS.DEVICE | FLAG_BITS.UNCACHED)
  if m.same_as then mt = m.same_as; m = desc.memory_types[mt] end
  if MEMTYPE_FLAG[mt] then out = out | FLAG_BITS[MEMTYPE_FLAG[mt]] end
  for p in pairs(m.drops) do out = out & ~FLAG_BITS[p] end
  return out
end
derive.normalise = normalise

function derive.derive(desc)
  local D = {
    name = desc.name, description = desc.description,
    input_bits = desc.input_bits, output_bits = desc.output_bits,
    granule_shift = desc.granule_shift, pte_bits = desc.pte_bits, pte_bytes = desc.pte_bytes,
    root = desc.root, levels = {}, nlevels = #desc.levels,
  }
  local F = desc.fields
  D.address = desc.address
  D.valid = bits.compile_test(desc.valid, F)
  D.reserved = {}
  for i, t in ipairs(desc.reserved) do D.reserved[i] = bits.compile_test(t, F) end
  local k = desc.kinds
  D.table = k.table and { bits = k.table.bits, test = bits.compile_test(k.table.test, F), by_address = k.table.by_address }
  -- a table entry without a valid bit is one whose address is not zero: its test says so
  if D.table and D.table.by_address then D.table.test.any_mask = desc.address.mask end
  D.block = k.block and { bits = k.block.bits, test = bits.compile_test(k.block.test, F) }
  D.page = { bits = k.page.bits, test = bits.compile_test(k.page.test, F) }

  -- The attribute word: the bits flags encode into, with each level field where a page
  -- has it (gen/rules/level_fields.lua); a leaf at another depth has them elsewhere.
  local AF = desc.attr_fields
  local canon_mask = 0
  for _, name in ipairs(desc.level_fields) do canon_mask = canon_mask | AF[name].mask end

  local kind_mask = desc.address.mask
  for _, kind in ipairs({ "block", "page" }) do
    if k[kind] then for name in pairs(k[kind].set) do kind_mask = kind_mask | F[name].mask end end
  end
  -- attribute, hardware and software bits a split carries over, as an attribute word
  -- (where a level field sits there, a block may have a constant of its own: x86 PS)
  D.keep_on_split = ~kind_mask | canon_mask

  -- Every bit the decode of a table-or-block depth looks at: an entry that agrees with a
  -- table entry on these bits decodes as a table, whatever its other bits hold.
  D.table_decode_mask = 0
  for _, t in ipairs({ D.valid, D.table and D.table.test, D.block and D.block.test, table.unpack(D.reserved) }) do
    if t then D.table_decode_mask = D.table_decode_mask | t.eq_mask | t.any_mask end
  end
  -- tables told by their address: those bits are any non-zero value, not a table's
  D.table_nonzero_mask = 0
  if D.table and D.table.by_address then
    D.table_decode_mask = D.table_decode_mask & ~desc.address.mask
    D.table_nonzero_mask = desc.address.mask
  end

  for i, l in ipairs(desc.levels) do
    local depth = i - 1
    local last = i == #desc.levels
    D.levels[i] = {
      depth = depth, name = l.name, shift = l.lo, bits = l.bits,
      index_mask = (1 << l.bits) - 1, size = 1 << l.lo, leaf = l.leaf, last = last,
      leaf_bits = l.leaf and (last and k.page.bits or k.block.bits) or 0,
      -- output-address bits a leaf at this depth keeps: the page offset is not part of it
      leaf_addr_mask = desc.address.mask & ~(((1 << l.lo) >> desc.address.shift << desc.address.lo) - 1),
      entries = 1 << l.bits,
      moves = {}, moved_mask = 0,
    }
    -- the level fields a leaf here has elsewhere than the attribute word has them
    local L = D.levels[i]
    if l.leaf then
      for _, name in ipairs(desc.level_fields) do
        local from, to = AF[name], l.fields[name]
        if from.lo ~= to.lo then
          L.moves[#L.moves + 1] = { name = name, from = from.lo, to = to.lo, width_mask = (1 << (to.hi - to.lo + 1)) - 1 }
          L.moved_mask = L.moved_mask | from.mask | to.mask
        end
      end
      L.level_fields = {}
      for _, name in ipairs(desc.level_fields) do
        local f = l.fields[name]
        L.level_fields[#L.level_fields + 1] = { name = name, lo = f.lo, hi = f.hi, mask = f.mask }
      end
    end
  end
  D.page_sizes = {}
  for i = #D.levels, 1, -1 do if D.levels[i].leaf then D.page_sizes[#D.page_sizes + 1] = D.levels[i].size end end

  -- Leaf attributes for all 64 flag combinations.
  D.attr, D.refusal, D.combos = {}, {}, 0
  D.attr_mask = 0
  for _, spec in pairs(desc.permissions) do D.attr_mask = D.attr_mask | spec.mask end
  for _, m in pairs(desc.memory_types) do
    if m.values then for name in pairs(m.values) do D.attr_mask = D.attr_mask | AF[name].mask end end
  end
  for flags = 0, 63 do
    local why, attr = encode_flags(desc, flags)
    D.refusal[flags] = why
    D.attr[flags] = attr or 0
    if not why then D.combos = D.combos | (1 << flags) end
  end

  -- Decode patterns: a permission is present when its present-values match (with a
  -- second encoding, those of the encoding the other permission's own bits select).
  D.perm_decode = {}
  for _, p in ipairs(PERMS) do
    local spec = desc.permissions[p]
    if spec then
      local d = { flag = p, mask = spec.mask, value = bits.values_bits(spec.present, AF) }
      if spec.with then
        local other = desc.permissions[spec.with.flag]
        d.when_mask, d.when_value = other.mask, bits.values_bits(other.present, AF)
        d.value_when = bits.values_bits(spec.with.present, AF)
      end
      D.perm_decode[#D.perm_decode + 1] = d
    end
  end
  D.memtype_decode = {}
  for _, mt in ipairs({ "device", "uncached" }) do
    local m = desc.memory_types[mt]
    if m and not m.same_as then
      D.memtype_decode[#D.memtype_decode + 1] = { flag = MEMTYPE_FLAG[mt], mask = desc.memtype_mask, value = m.id_bits & desc.memtype_mask }
    end
  end

  -- Registers.
  local r = desc.root_register
  local const = 0
  for _, f in ipairs(r.fields) do const = const | (f.value << f.lo) end
  D.root_register = {
    name = r.name, const = const,
    addr_shift = r.address.shift, addr_lo = r.address.lo, addr_mask = bits.mask(r.address.lo, r.address.hi),
    vmid_lo = r.vmid and r.vmid.lo or 0, vmid_mask = r.vmid and bits.mask(r.vmid.lo, r.vmid.hi) or 0,
    vmid_bits = r.vmid and r.vmid.hi - r.vmid.lo + 1 or 0,
  }
  D.registers = {}
  for _, reg in ipairs(desc.registers) do
    local v = 0
    for _, f in ipairs(reg.fields) do v = v | (f.value << f.lo) end
    D.registers[#D.registers + 1] = { name = reg.name, value = v }
  end
  -- How live entries change: which replacements of a valid entry by another need
  -- break-before-make (a change of kind, of output address, of any bit in bbm_attr_mask),
  -- and whether a fault on a mapped page may come from a cached invalid entry.
  local bbm = desc.break_before_make
  D.bbm_kind = bbm.kind == true
  D.bbm_address = bbm.output_address == true
  D.bbm_attr_mask = bbm.memory_type and desc.memtype_mask or 0
  -- Access tracking (gen/rules/accessed.lua): accessed_by is 0 (none), 1 (the MMU sets
  -- accessed_bit), 2 (an access faults while accessed_bit is clear) or 3 (an aged leaf
  -- holds park_value in park_mask: no permissions, and the mark where one keeps it valid).
  local acc = desc.accessed
  D.accessed_by = acc and ({ hardware = 1, fault = 2, permissions = 3 })[acc.how] or 0
  D.accessed_bit = acc and acc.field and acc.field.mask or 0
  D.valid_mark = acc and acc.mark and acc.mark.mask or 0
  D.park_mask, D.park_value = 0, 0
  if D.accessed_by == 3 then
    for _, p in ipairs({ "R", "W", "X" }) do
      local spec = desc.permissions[p]
      D.park_mask = D.park_mask | spec.mask
      D.park_value = D.park_value | bits.values_bits(spec.absent, AF)
    end
    D.park_mask, D.park_value = D.park_mask | D.valid_mark, D.park_value | D.valid_mark
    D.attr_mask = D.attr_mask | D.valid_mark -- a new attribute word clears the mark
  end
  -- Hardware dirty bits (gen/rules/dirty.lua): dirty_by is 0 (writes are logged by write
  -- protection) or 1 (the MMU sets dirty_bit in a leaf it writes through; where
  -- dirty_writable is not 0, only in a leaf that has it, dirty_bit being W itself).
  local dirty = desc.dirty
  D.dirty_by = dirty and 1 or 0
  D.dirty_bit = dirty and dirty.field.mask or 0
  D.dirty_writable = dirty and dirty.writable and dirty.writable.mask or 0
  -- the same masks where a leaf at each depth has those bits
  for _, L in ipairs(D.levels) do
    L.attr_mask = derive.attrs_in_leaf(L, D.attr_mask)
    L.bbm_attr_mask = derive.attrs_in_leaf(L, D.bbm_attr_mask)
    L.park_mask = derive.attrs_in_leaf(L, D.park_mask)
    L.park_value = derive.attrs_in_leaf(L, D.park_value)
  end
  D.caches_invalid_entries = desc.caches_invalid_entries
  D.cpu_pa_bits_needed = desc.input_within_cpu_pa_range and desc.input_bits or 0
  -- Input addresses are [input_base, input_base + 2^input_bits) modulo 2^64; the walks
  -- take them as offsets from input_base. Sign-extended, the range starts at the upper
  -- half, so an offset's top bit is the address's bit input_bits - 1 flipped: the root
  -- index flips it back.
  D.input_sign_extended = desc.input_sign_extended
  D.input_base = desc.input_sign_extended and -(1 << (desc.input_bits - 1)) or 0
  local root = D.levels[1]
  root.index_flip = desc.input_sign_extended and (1 << (desc.input_bits - 1 - root.shift)) or 0
  D.claimed = desc.claimed
  D.reserved_zero_mask = 0
  for _, name in ipairs(desc.reserved_zero or {}) do D.reserved_zero_mask = D.reserved_zero_mask | F[name].mask end
  -- the entry layout's fields, low bit first, for the named accessors
  D.fields = {}
  for _, f in pairs(F) do D.fields[#D.fields + 1] = f end
  table.sort(D.fields, function(a, b) return a.lo < b.lo end)
  return D
end

-- Decode as the generated C will: kind, output address and flags of entry e at depth.
function derive.decode(D, e, depth)
  local L = D.levels[depth + 1]
  local table_by_address = D.table and D.table.by_address and bits.holds(D.table.test, e)
  local marked = D.valid_mark ~= 0 and (e & D.valid_mark) ~= 0 -- an aged leaf (accessed.mark)
  if not bits.holds(D.valid, e) and not table_by_address and not marked then return "invalid" end
  for _, t in ipairs(D.reserved) do if bits.holds(t, e) then return "invalid" end end
  local is_leaf
  if L.last then
    if not bits.holds(D.page.test, e) then return "invalid" end
    is_leaf = true
  elseif L.leaf and bits.holds(D.block.test, e) then
    is_leaf = true
  elseif D.table and bits.holds(D.table.test, e) then
    is_leaf = false
  else
    return "invalid"
  end
  local a = D.address
  if not is_leaf then return "table", ((e & a.mask) >> a.lo) << a.shift, 0 end
  local pa = ((e & L.leaf_addr_mask) >> a.lo) << a.shift
  local flags = 0
  e = derive.attrs_of_leaf(L, e)
  for _, p in ipairs(D.perm_decode) do
    local want = (p.when_mask and (e & p.when_mask) == p.when_value) and p.value_when or p.value
    if (e & p.mask) == want then flags = flags | FLAG_BITS[p.flag] end
  end
  for _, m in ipairs(D.memtype_decode) do if (e & m.mask) == m.value then flags = flags | FLAG_BITS[m.flag] end end
  return "leaf", pa, flags
end

-- Which rule makes e invalid at depth (for error messages).
function derive.why_invalid(D, e, depth)
  if not bits.holds(D.valid, e) then return " (fails valid)" end
  for i, t in ipairs(D.reserved) do if bits.holds(t, e) then return string.format(" (matches reserved[%d])", i) end end
  if D.levels[depth + 1].last then return " (fails page.test)" end
  return " (fails block.test)"
end

-- The attribute word a with the level fields moved to where a leaf at level L has them
-- (what the generated ptf_F_dN_attrs_in_leaf does), and back from leaf entry e.
function derive.attrs_in_leaf(L, a)
  local out = a & ~L.moved_mask
  for _, m in ipairs(L.moves) do out = out | (((a >> m.from) & m.width_mask) << m.to) end
  return out
end

function derive.attrs_of_leaf(L, e)
  local out = e & ~L.moved_mask
  for _, m in ipairs(L.moves) do out = out | (((e >> m.to) & m.width_mask) << m.from) end
  return out
end

-- A leaf at level L for pa with the attribute word attr.
function derive.leaf(D, L, pa, attr)
  return L.leaf_bits | derive.attrs_in_leaf(L, attr) | (derive.encode_addr(D, pa) & L.leaf_addr_mask)
end

function derive.encode_addr(D, pa)
  local a = D.address
  return ((pa >> a.shift) << a.lo) & a.mask
end

return derive

-- gen/rules/level_fields.lua: fields whose position depends on the level (levels[].fields;
-- x86 PAT is bit 7 of a 4 KiB entry, where a PDE has PS, and bit 12 of a 2 MiB or 1 GiB
-- one, below the address a huge leaf keeps). Such a field is a field of leaves: every
-- level that holds leaves places it, with one width, where no bit a leaf there uses is:
-- it may reuse the address bits below the page size, and fields that only other kinds of
-- entry use (x86 PS in a PTE). Permissions and memory types set it like any field; they
-- are written in the attribute word, where it sits at its last level's position (a page
-- places it where its own bits are), and each leaf depth moves it to its own place.
local bits = require("gen.bits")
local tables = require("gen.tables")

-- The fields kinds of entries set or test.
local function kind_fields(kind)
  local names = {}
  if kind then
    for name in pairs(kind.set) do names[name] = true end
    for name in pairs(kind.test.eq) do names[name] = true end
    for _, name in ipairs(kind.test.any) do names[name] = true end
  end
  return names
end

-- The top-level fields a leaf at level L does not use: those only other kinds of entry
-- set or test.
local function free_fields(out, L)
  local own = kind_fields(L.last and out.kinds.page or out.kinds.block)
  for name in pairs(kind_fields({ set = {}, test = out.valid })) do own[name] = true end
  for _, t in ipairs(out.reserved) do for name in pairs(kind_fields({ set = {}, test = t })) do own[name] = true end end
  local free = {}
  for _, kind in ipairs({ "table", "block", "page" }) do
    for name in pairs(kind_fields(out.kinds[kind])) do if not own[name] then free[name] = true end end
  end
  return free
end

local function range(f) return string.format("%d..%d", f.lo, f.hi) end

-- Where level i places its fields clashes with nothing a leaf there uses: false after a problem.
local function placed_apart(P, out, i, L)
  local path = string.format("levels[%d].fields", i)
  local names = tables.sorted_keys(L.fields)
  for a = 1, #names do
    for b = a + 1, #names do
      local fa, fb = L.fields[names[a]], L.fields[names[b]]
      if fa.mask & fb.mask ~= 0 then
        P:add(path .. "." .. names[b], "bits %s overlap levels[%d].fields.%s (%s)", range(fb), i, names[a], range(fa))
        return false
      end
    end
  end
  local free = free_fields(out, L)
  local a = out.address
  -- the output-address bits a leaf here keeps: the page offset is not part of it
  local kept = a.mask & ~(((1 << L.lo) >> a.shift << a.lo) - 1)
  for _, name in ipairs(names) do
    local f = L.fields[name]
    if f.mask & kept ~= 0 then
      P:add(path .. "." .. name, "bits %s overlap the output address a leaf here keeps (0x%x)", range(f), kept)
      return false
    end
    for _, other in ipairs(tables.sorted_keys(out.fields)) do
      local g = out.fields[other]
      if other ~= a.field and not free[other] and f.mask & g.mask ~= 0 then
        P:add(path .. "." .. name, "bits %s overlap fields.%s (%s), which leaves at this level use", range(f), other, range(g))
        return false
      end
    end
  end
  return true
end

return { keys = {}, check = function(P, _, out)
  if not (out.levels and out.fields and out.kinds and out.valid and out.address) then return end
  local first = {} -- name -> the level that places it first, and its width
  for i, L in ipairs(out.levels) do
    local names = tables.sorted_keys(L.fields)
    if #names > 0 and not L.leaf then
      P:add(string.format("levels[%d].fields", i), "%s holds no leaves; a level field is a field of the leaves at a level", L.name)
      return
    end
    for _, name in ipairs(names) do
      local path = string.format("levels[%d].fields.%s", i, name)
      local f = L.fields[name]
      f.mask = bits.mask(f.lo, f.hi)
      if out.fields[name] then
        P:add(path, "also in fields: a field has one position (fields) or one per level that holds leaves (levels[].fields)")
        return
      end
      local seen = first[name]
      if not seen then
        first[name] = { level = i, width = f.hi - f.lo + 1 }
      elseif f.hi - f.lo + 1 ~= seen.width then
        P:add(path, "%d bits wide, but %d at levels[%d]", f.hi - f.lo + 1, seen.width, seen.level)
        return
      end
    end
  end
  for i, L in ipairs(out.levels) do
    L.last = i == #out.levels
    if L.leaf then
      for _, name in ipairs(tables.sorted_keys(first)) do
        if not L.fields[name] then
          P:add(string.format("levels[%d].fields", i), "does not place %s, which levels[%d] places: every level that holds leaves must",
            name, first[name].level)
          return
        end
      end
      if not placed_apart(P, out, i, L) then return end
    end
  end
  -- the attribute word: the fields, and each level field where the last level has it
  local attr_fields, level_fields = {}, {}
  for name, f in pairs(out.fields) do attr_fields[name] = f end
  local page = out.levels[#out.levels]
  for name in pairs(first) do
    local f = page.fields[name]
    attr_fields[name] = { name = name, lo = f.lo, hi = f.hi, mask = f.mask, level = true }
    level_fields[#level_fields + 1] = name
  end
  table.sort(level_fields)
  out.attr_fields = attr_fields
  out.level_fields = level_fields
end }

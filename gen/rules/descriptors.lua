-- gen/rules/descriptors.lua: how entries are told apart: the valid test, the table, block
-- and page kinds (constant bits and a test each) and reserved encodings. A zero entry
-- must be invalid, and a table entry must pass its own tests and no block or reserved one.
-- A table entry without a valid bit (table.by_address) is present when its address field
-- is not zero: it need not pass `valid`, a page must not look like one, and the entry a
-- fault claims a slot with is a software bit instead of the address's lowest bit.
local bits = require("gen.bits")

-- A checked entry test: eq = field values that must match, any = fields of which one is set.
local function entry_test(P, path, t)
  if t.any and #t.any == 0 then P:add(path .. ".any", "must name at least one field") return nil end
  return { eq = t.values, any = t.any or {} }
end

return { keys = { "valid", "table", "block", "page", "reserved", "software_fields" }, check = function(P, input, out)
  local F = out.fields
  if not F then return end
  local valid = entry_test(P, "valid", input.valid)
  local kinds = {}
  local need_block = false
  if out.levels then
    for i = 1, #out.levels - 1 do if out.levels[i].leaf then need_block = true end end
  end
  for _, kind in ipairs({ "table", "block", "page" }) do
    local t = input[kind]
    if t == nil then
      if kind == "table" and out.levels and #out.levels == 1 then
        -- a single-level format has no tables
      elseif kind == "block" and need_block then
        P:add(kind, "missing (required): levels above the last hold leaves")
      elseif kind == "table" then
        P:add(kind, "missing (required)")
      end
    else
      local set = t.set == nil and {} or t.set.values
      if out.address and set[out.address.field] ~= nil then
        P:add(kind .. ".set." .. out.address.field, "is the address field: entries take their address from the mapping")
        set = nil
      end
      local test = t.test == nil and { eq = {}, any = {} } or entry_test(P, kind .. ".test", t.test)
      if set and test then
        kinds[kind] = { set = set, test = test, bits = bits.values_bits(set, F), by_address = t.by_address == true }
      end
    end
  end
  out.reserved = {}
  for i, t in ipairs(input.reserved or {}) do
    local path = string.format("reserved[%d]", i)
    local test = entry_test(P, path, t)
    if test then
      if #test.any == 0 and next(test.eq) == nil then P:add(path, "an empty test would make every entry reserved")
      else out.reserved[i] = test end
    end
  end
  if not valid then return end
  out.valid = valid
  for i, t in ipairs(out.reserved) do
    if kinds.table and bits.test_holds(t, F, kinds.table.bits) then
      P:add(string.format("reserved[%d]", i), "matches table entries built from table.set") return
    end
  end
  if bits.test_holds(valid, F, 0) then P:add("valid", "an all-zero entry would be valid; zero must mean 'not mapped'") return end
  -- A fault claims the slot it fills with an entry that holds only the address field's
  -- lowest bit: the MMU must see it as invalid (every architecture ignores the other bits
  -- of an invalid entry), and ptforge never writes another non-zero invalid entry.
  -- With tables told by their address, that entry would be a table: the lowest bit of the
  -- first software field takes its place (address zero: empty to a walk that checks the
  -- address, as the walks of such formats must).
  local by_address = kinds.table and kinds.table.by_address
  if by_address and #kinds.table.test.any > 0 then
    P:add("table.test.any", "cannot be given with by_address: the address field is what must be non-zero")
    return
  end
  if by_address then
    local soft = (input.software_fields or {})[1]
    if not soft or not F[soft] then
      P:add("table.by_address", "needs a software field (software_fields): ptforge marks a slot a fault is filling with its lowest bit, as the address's lowest bit would make a table")
      return
    end
    local claimed = F[soft].mask & -F[soft].mask
    if bits.test_holds(valid, F, claimed) then
      P:add("valid", "an entry holding only software field %s's lowest bit (0x%x) would be valid; ptforge marks a slot a fault is filling with it, so it must be invalid", soft, claimed)
      return
    end
    out.claimed = claimed
  elseif out.address and F[out.address.field] then
    local mask = F[out.address.field].mask
    local claimed = mask & -mask
    if bits.test_holds(valid, F, claimed) then
      P:add("valid", "an entry holding only the address field's lowest bit (%s) would be valid; ptforge marks a slot a fault is filling with it, so it must be invalid", string.format("0x%x", claimed))
      return
    end
    out.claimed = claimed
  end
  -- Leaves take their validity from the permission bits too, so only tables are
  -- checked here; every leaf encoding is checked by the round trip.
  if kinds.table then
    if not by_address and not bits.test_holds(valid, F, kinds.table.bits) then
      P:add("table.set", "a table entry built from set fails the valid test (a table entry without a valid bit says table.by_address = true)")
      kinds.table = nil
    elseif not bits.test_holds(kinds.table.test, F, kinds.table.bits) then P:add("table.set", "a table entry built from set fails table.test") kinds.table = nil
    elseif by_address and kinds.page and bits.test_holds(kinds.page.test, F, kinds.table.bits) then
      P:add("page.test", "also matches table entries, and tables are told by their address: a page must be told from a table")
      kinds.table = nil
    end
  end
  if kinds.table and kinds.block then
    if bits.test_holds(kinds.block.test, F, kinds.table.bits) then
      P:add("block.test", "also matches table entries; a table and a block must be told apart") kinds.block = nil
    end
  end
  out.kinds = kinds
end }

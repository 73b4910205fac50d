-- gen/rules/updates.lua: how the architecture lets a live entry change. break_before_make
-- lists the changes of a valid entry into another valid one that need the break-before-make
-- sequence (write invalid, invalidate the TLB, write the new entry): "kind" (a leaf split
-- into a table, or tables joined into a leaf), "output_address", "memory_type" (any bit of
-- the fields the memory types set). caches_invalid_entries says the MMU may go on using a
-- stale invalid entry after it became valid, so a fault on a mapped page must flush it.
-- Both may be left out: no break is needed, invalid entries are not cached.
return { keys = { "break_before_make", "caches_invalid_entries" }, check = function(P, input, out)
  local bbm, first = {}, {}
  for i, change in ipairs(input.break_before_make or {}) do
    local path = string.format("break_before_make[%d]", i)
    if first[change] then
      P:add(path, "'%s' is listed twice (first at break_before_make[%d])", change, first[change]) return
    end
    first[change] = i
    if change == "memory_type" then
      if not out.memtype_mask then return end -- memory_types is broken, and reported
      if out.memtype_mask == 0 then
        P:add(path, "'memory_type': no memory type sets a field of its own (they all encode alike), so there is no memory-type field to change")
        return
      end
    end
    bbm[change] = true
  end
  out.break_before_make = bbm
  out.caches_invalid_entries = input.caches_invalid_entries == true
end }

-- gen/rules/entry_size.lua: page-table entries are 32 or 64 bits wide.
return { keys = { "pte_bits" }, check = function(P, input, out)
  if input.pte_bits ~= 32 and input.pte_bits ~= 64 then P:add("pte_bits", "%d is not 32 or 64", input.pte_bits) return end
  out.pte_bits = input.pte_bits
  out.pte_bytes = input.pte_bits // 8
end }

-- gen/rules/registers.lua: the register that points the hardware at the root (its address
-- bits reach output_bits and keep the root's alignment; the VMID and constant fields do
-- not overlap them), and other registers' constant fields.
local bits = require("gen.bits")
local tables = require("gen.tables")

-- Constant fields (name = {bits, value}) whose values fit and whose bits overlap none of
-- taken, which they join; a list in name order, or nil.
local function constant_fields(P, path, given, taken)
  local fields, ok = {}, true
  for _, name in ipairs(tables.sorted_keys(given)) do
    local spec, fpath = given[name], path .. "." .. tostring(name)
    local lo, hi = spec.bits.lo, spec.bits.hi
    if not bits.fits(hi - lo + 1, spec.value) then P:add(fpath .. ".value", "%d does not fit bits %d..%d", spec.value, lo, hi) ok = false goto continue end
    for _, other in ipairs(taken) do
      if lo <= other.hi and other.lo <= hi then P:add(fpath .. ".bits", "bits %d..%d overlap %s (%d..%d)", lo, hi, other.name, other.lo, other.hi) ok = false goto continue end
    end
    taken[#taken + 1] = { name = fpath, lo = lo, hi = hi }
    fields[#fields + 1] = { name = name, lo = lo, hi = hi, value = spec.value }
    ::continue::
  end
  return ok and fields or nil
end

return { keys = { "root_register", "registers" }, check = function(P, input, out)
  local r = input.root_register
  local lo, hi, shift = r.address.bits.lo, r.address.bits.hi, r.address.shift
  if out.output_bits and (hi - lo + 1) + shift < out.output_bits then
    P:add("root_register.address.bits", "bits %d..%d hold root addresses up to bit %d, but output_bits = %d",
      lo, hi, hi - lo + shift, out.output_bits)
    return
  end
  if out.root and shift > 0 and (out.root.align & ((1 << shift) - 1)) ~= 0 then
    P:add("root_register.address.shift", "drops address bits below %d, but the root is only %d-byte aligned", shift, out.root.align)
    return
  end
  local taken = { { name = "root_register.address", lo = lo, hi = hi } }
  local reg = { name = r.name, address = { lo = lo, hi = hi, shift = shift } }
  if r.vmid ~= nil then
    local vmid = r.vmid.bits
    if vmid.lo <= hi and lo <= vmid.hi then
      P:add("root_register.vmid.bits", "bits %d..%d overlap root_register.address (%d..%d)", vmid.lo, vmid.hi, lo, hi) return
    end
    taken[#taken + 1] = { name = "root_register.vmid", lo = vmid.lo, hi = vmid.hi }
    reg.vmid = { lo = vmid.lo, hi = vmid.hi }
  end
  reg.fields = r.fields == nil and {} or constant_fields(P, "root_register.fields", r.fields, taken)
  if not reg.fields then return end
  out.root_register = reg
  out.registers = {}
  for _, name in ipairs(tables.sorted_keys(input.registers or {})) do
    local fields = constant_fields(P, "registers." .. name, input.registers[name], {})
    if not fields then return end
    out.registers[#out.registers + 1] = { name = name, fields = fields }
  end
end }

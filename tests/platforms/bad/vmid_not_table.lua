-- expect: tests/platforms/bad/vmid_not_table.lua: root_register.vmid.1: unknown field
-- expect: tests/platforms/bad/vmid_not_table.lua: root_register.vmid.2: unknown field
-- expect: tests/platforms/bad/vmid_not_table.lua: root_register.vmid.bits: must be {bit} or {high, low}
-- vmid is given as a bit range, not {bits = ...}
return {
  extends = "riscv_sv39x4",
  name = "vmid_not_table",
  root_register = {
    address = { bits = { 43, 0 }, shift = 12 },
    fields = {
      mode = { bits = { 63, 60 }, value = 8 },
    },
    name = "hgatp",
    vmid = { 57, 44 },
  },
}

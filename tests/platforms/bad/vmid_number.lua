-- expect: tests/platforms/bad/vmid_number.lua: root_register.vmid: must be {bits = {...}}
-- vmid is given as a number
return {
  extends = "riscv_sv39x4",
  name = "vmid_number",
  root_register = {
    address = { bits = { 43, 0 }, shift = 12 },
    fields = {
      mode = { bits = { 63, 60 }, value = 8 },
    },
    name = "hgatp",
    vmid = 14,
  },
}

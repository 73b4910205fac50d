-- expect: tests/platforms/bad/vmid_overlap.lua: root_register.vmid.bits: bits 47..63 overlap root_register.address (1..47)
-- the VMID field starts at bit 47, the top address bit
return {
  extends = "arm64_s2_4k_ipa40",
  name = "vmid_overlap",
  root_register = {
    address = { bits = { 47, 1 }, shift = 1 },
    name = "VTTBR_EL2",
    vmid = { bits = { 63, 47 } },
  },
}

-- expect: tests/socs/bad/vmid_wider_than_field.lua: vmid_bits: 17 is wider than arm64_s2_4k_ipa40's VMID field (bits 63..48 of VTTBR_EL2)
return {
  name = "vmid_wider_than_field",
  cpu = { name = "Cortex-A72", cross_compile = "aarch64-linux-gnu-" },
  vmid_bits = 17,
  formats = { { from = "arm64_s2_4k_ipa40" } },
}

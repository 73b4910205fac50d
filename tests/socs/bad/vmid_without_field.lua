-- expect: tests/socs/bad/vmid_without_field.lua: vmid_bits: formats[1] (x86_ept4) has no VMID in its root register
return {
  name = "vmid_without_field",
  cpu = { name = "Cascade Lake-SP", cross_compile = "x86_64-linux-gnu-" },
  vmid_bits = 8,
  formats = { { from = "x86_ept4" } },
}

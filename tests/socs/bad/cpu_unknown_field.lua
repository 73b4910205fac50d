-- expect: tests/socs/bad/cpu_unknown_field.lua: cpu.mcpu: unknown field
return {
  name = "cpu_unknown_field",
  cpu = { name = "Cortex-A72", cross_compile = "aarch64-linux-gnu-", mcpu = "cortex-a72" },
  formats = { { from = "arm64_s2_4k_ipa40" } },
}

-- expect: tests/socs/bad/unknown_field.lua: cpus: unknown field
return {
  name = "unknown_field",
  cpu = { name = "Cortex-A72", cross_compile = "aarch64-linux-gnu-" },
  cpus = 4,
  formats = { { from = "arm64_s2_4k_ipa40" } },
}

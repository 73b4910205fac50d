-- expect: tests/socs/bad/cflags_not_a_flag.lua: cpu.cflags: '-mcpu=cortex-a72;touch' is not a compiler flag (-mcpu=..., -march=..., -mabi=...)
return {
  name = "cflags_not_a_flag",
  cpu = { name = "Cortex-A72", cross_compile = "aarch64-linux-gnu-", cflags = "-mcpu=cortex-a72;touch /tmp/x" },
  formats = { { from = "arm64_s2_4k_ipa40" } },
}

-- expect: tests/socs/bad/cpu_missing.lua: cpu: missing (required): {name = ..., cross_compile = "PREFIX-", cflags = "-mcpu=..."}
return {
  name = "cpu_missing",
  formats = { { from = "arm64_s2_4k_ipa40" } },
}

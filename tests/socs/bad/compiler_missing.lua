-- expect: tests/socs/bad/compiler_missing.lua: cpu.cross_compile: ptforge-no-such-target-gcc is not installed (Debian: apt-get install gcc-ptforge-no-such-target)
return {
  name = "compiler_missing",
  cpu = { name = "nowhere", cross_compile = "ptforge-no-such-target-" },
  formats = { { from = "x86_ept4" } },
}

-- A tuned build whose direct map is fixed, runnable on the build machine: the walkers
-- add 0x2000_0000_0000 to a table's physical address, a constant folded into their code,
-- and the hosted HAL places its arena there (ptf_host_hal_create_at). A hypervisor's
-- SoC file would give its own direct map, e.g. 0xffff_8000_0000_0000 (Linux x86-64).
return {
  name = "host_fixed_direct_map",
  description = "x86 EPT and ARM stage 2 with the direct map at a fixed offset",
  cpu = { name = "the build machine's", cross_compile = "" },
  direct_map_offset = 0x200000000000,
  formats = {
    { from = "x86_ept4" },
    { from = "arm64_s2_4k_ipa48" },
  },
}

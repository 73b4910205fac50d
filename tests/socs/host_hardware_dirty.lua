-- A tuned build with hardware dirty bits turned on in each of the three ways the
-- architectures offer, runnable on the build machine (make test-soc runs the dirty-log
-- suites and the differential driver on it; no MMU here sets the bits: the tests do,
-- as the manuals say the MMU would).
--   x86_ept4_ad: EPTP bit 6 (Intel SDM Vol. 3C, 24.6.11): the processor sets bit 8 (A)
--     of the entries it uses and bit 9 (D) of a leaf it writes through (29.3.5).
--   arm64_s2_4k_ipa48_hafdbs: FEAT_HAFDBS with VTCR_EL2.HA (bit 21) and HD (bit 22): the
--     MMU sets AF itself, and a write through a leaf with DBM (bit 51) set and S2AP[1]
--     (bit 7, write) clear sets S2AP[1] instead of faulting (Arm ARM D8, "Hardware
--     management of the dirty state"): the write permission is the dirty state, and a
--     writable leaf has DBM.
--   riscv_sv39x4_svadu: Svadu with menvcfg.ADUE (bit 61) set by the machine level, which
--     turns hardware updating on for G-stage translation (the Svadu extension, in the
--     privileged spec): the hart sets A and, on a write, D itself, so a writable leaf no
--     longer needs D up front.
return {
  name = "host_hardware_dirty",
  description = "EPT with A/D flags, ARM stage 2 with FEAT_HAFDBS, RISC-V Sv39x4 with Svadu",
  cpu = { name = "the build machine's", cross_compile = "" },
  formats = {
    {
      from = "x86_ept4",
      name = "x86_ept4_ad",
      description = "Intel EPT, 4 levels, 48-bit GPA, accessed and dirty flags (EPTP bit 6)",
      set = {
        block = { set = { page_size = 1, accessed = 1 }, test = { page_size = 1 } },
        page  = { set = { accessed = 1 }, test = {} },
        accessed = { how = "hardware", field = "accessed" },
        dirty = { how = "hardware", field = "dirty" },
        root_register = {
          name = "EPTP",
          address = { bits = { 51, 12 }, shift = 12 },
          fields = {
            memtype = { bits = { 2, 0 }, value = 6 },
            walk_length = { bits = { 5, 3 }, value = 3 },
            ad_enable = { bits = { 6, 6 }, value = 1 },
          },
        },
      },
    },
    {
      from = "arm64_s2_4k_ipa48",
      name = "arm64_s2_4k_ipa48_hafdbs",
      description = "AArch64 stage-2, 4 KiB granule, 48-bit IPA, hardware access flag and dirty state",
      set = {
        permissions = {
          R = { present = { s2ap_r = 1 } },
          W = { present = { s2ap_w = 1, dbm = 1 } },   -- DBM: the MMU may set S2AP[1]
          X = { present = { xn = 0 }, absent = { xn = 2 } },
        },
        accessed = { how = "hardware", field = "af" },
        dirty = { how = "hardware", field = "s2ap_w", writable = "dbm" },
        registers = {
          VTCR_EL2 = {
            T0SZ = { bits = { 5, 0 }, value = 16 },
            SL0 = { bits = { 7, 6 }, value = 2 },
            IRGN0 = { bits = { 9, 8 }, value = 1 },
            ORGN0 = { bits = { 11, 10 }, value = 1 },
            SH0 = { bits = { 13, 12 }, value = 3 },
            TG0 = { bits = { 15, 14 }, value = 0 },
            PS = { bits = { 18, 16 }, value = 5 },
            HA = { bits = { 21, 21 }, value = 1 },    -- hardware access flag
            HD = { bits = { 22, 22 }, value = 1 },    -- hardware dirty state
            RES1 = { bits = { 31, 31 }, value = 1 },
          },
        },
      },
    },
    {
      from = "riscv_sv39x4",
      name = "riscv_sv39x4_svadu",
      description = "RISC-V G-stage Sv39x4 with Svadu: the hart sets A and D",
      set = {
        permissions = {
          R = { present = { r = 1 } },
          W = { present = { w = 1 } },                -- D is the hart's to set
          X = { present = { x = 1 } },
        },
        accessed = { how = "hardware", field = "a" },
        dirty = { how = "hardware", field = "d" },
        registers = {
          menvcfg = { ADUE = { bits = { 61, 61 }, value = 1 } },
        },
      },
    },
  },
}

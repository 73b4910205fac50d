-- Raspberry Pi 4 Model B: Broadcom BCM2711, four Arm Cortex-A72 (r0p3) cores, Armv8.0-A.
-- Facts, from the Cortex-A72 MPCore Technical Reference Manual (Arm 100095), AArch64
-- register descriptions:
--   ID_AA64MMFR0_EL1.PARange = 0b0100: 44-bit physical addresses (16 TB), so stage-2
--     output addresses are 44 bits and VTCR_EL2.PS = 0b100 (Arm ARM D13, VTCR_EL2.PS:
--     0b100 = 44 bits, 16 TB);
--   ID_AA64MMFR1_EL1.VMIDBits = 0b0000: 8-bit VMIDs (16-bit VMIDs are Armv8.1's FEAT_VMID16),
--     so VTTBR_EL2.VMID is bits 55:48 and VTCR_EL2.VS (bit 19) stays 0;
--   4 KiB granule supported (ID_AA64MMFR0_EL1.TGran4 = 0b0000).
-- The guest gets a 40-bit IPA space (1 TB, start level 1, two concatenated root tables):
-- more than the board's 8 GiB of RAM and its peripherals, with a 3-level walk.
-- The CPU: gcc's -mcpu=cortex-a72 (GCC manual, AArch64 options).
return {
  name = "rpi4",
  description = "Raspberry Pi 4 (BCM2711, Cortex-A72): ARM stage 2, 4 KiB granule, 40-bit IPA, 44-bit PA",
  cpu = {
    name = "Cortex-A72",
    cross_compile = "aarch64-linux-gnu-",
    cflags = "-mcpu=cortex-a72",
  },
  vmid_bits = 8,
  formats = {
    {
      from = "arm64_s2_4k_ipa40",
      name = "arm64_s2_4k_ipa40_pa44",
      description = "AArch64 stage-2, 4 KiB granule, 40-bit IPA, 44-bit PA (Cortex-A72)",
      set = {
        output_bits = 44,
        registers = {
          VTCR_EL2 = {
            T0SZ = { bits = { 5, 0 }, value = 24 },     -- 64 - 40
            SL0 = { bits = { 7, 6 }, value = 1 },       -- start at level 1
            IRGN0 = { bits = { 9, 8 }, value = 1 },     -- walks: inner write-back
            ORGN0 = { bits = { 11, 10 }, value = 1 },   -- outer write-back
            SH0 = { bits = { 13, 12 }, value = 3 },     -- inner shareable
            TG0 = { bits = { 15, 14 }, value = 0 },     -- 4 KiB granule
            PS = { bits = { 18, 16 }, value = 4 },      -- 44-bit output (PARange)
            RES1 = { bits = { 31, 31 }, value = 1 },  -- RES1 (Arm ARM D13, VTCR_EL2)
          },
        },
      },
    },
  },
}

-- A tuned build for a RISC-V 64 SoC with the hypervisor extension and Svpbmt (as QEMU's
-- virt machine offers): the two G-stage formats it uses, with page-based memory types.
-- PBMT (bits 62:61): NC (1) for UNCACHED, IO (2) for DEVICE (encoding-conventions.md).
return {
  name = "qemu_virt_rv64",
  description = "RISC-V 64 with H and Svpbmt: Sv39x4 and Sv48x4 G-stage",
  formats = {
    {
      from = "riscv_sv39x4",
      name = "riscv_sv39x4_svpbmt",
      description = "RISC-V G-stage Sv39x4 with Svpbmt, 41-bit GPA, 16 KiB root",
      set = {
        memory_types = { normal = { pbmt = 0 }, device = { pbmt = 2 }, uncached = { pbmt = 1 } },
        reserved_zero = { "reserved", "n" },
      },
    },
    {
      from = "riscv_sv48x4",
      name = "riscv_sv48x4_svpbmt",
      description = "RISC-V G-stage Sv48x4 with Svpbmt, 50-bit GPA, 16 KiB root",
      set = {
        memory_types = { normal = { pbmt = 0 }, device = { pbmt = 2 }, uncached = { pbmt = 1 } },
        reserved_zero = { "reserved", "n" },
      },
    },
  },
}

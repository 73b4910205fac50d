-- A tuned build for a RISC-V 64 SoC with the hypervisor extension and Svpbmt (as QEMU's
-- virt machine offers): the two G-stage formats it uses, with page-based memory types.
-- PBMT (bits 62:61): NC (1) for UNCACHED, IO (2) for DEVICE (encoding-conventions.md).
-- The CPU: QEMU's rv64 CPU (qemu-system-riscv64 -machine virt -cpu rv64,h=true,svpbmt=true;
-- QEMU's docs, "RISC-V System emulator" and target/riscv/cpu.c), an RV64GC hart. The
-- freestanding core is built for the integer ISA with the lp64 ABI, as hypervisors and
-- kernels are (no floating-point state to save on a trap), with the medany code model
-- that lets it run at any address (GCC manual, RISC-V options). hgatp's VMID: QEMU
-- implements all 14 bits (VMIDLEN 14, the privileged spec's hgatp for RV64), so no
-- vmid_bits.
return {
  name = "qemu_virt_rv64",
  description = "RISC-V 64 with H and Svpbmt: Sv39x4 and Sv48x4 G-stage",
  cpu = {
    name = "QEMU rv64 (RV64GC, H, Svpbmt)",
    cross_compile = "riscv64-linux-gnu-",
    cflags = "-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany",
  },
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

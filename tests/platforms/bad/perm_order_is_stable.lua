-- expect: tests/platforms/bad/perm_order_is_stable.lua: permissions.W.present.d: same value as when absent; the permission could not be decoded
-- two fields equal to their absent values: the first in name order is reported, every run
-- RISC-V G-stage Sv39x4: 41-bit guest-physical addresses, 16 KiB root, 2 MiB and 1 GiB leaves.
-- Facts: RISC-V Privileged Architecture, "Hypervisor Extension" (two-stage translation) and
-- "Supervisor-Level ISA" (Sv39); Linux arch/riscv/include/asm/csr.h (HGATP_*).
-- No Svpbmt: DEVICE and UNCACHED map as normal memory (the PMAs decide the memory type).
return {
  extends = "riscv_sv39x4",
  name = "perm_order_is_stable",
  permissions = {
    R = {
      present = { r = 1 },
    },
    W = {
      present = { d = 0, w = 0 },
    },
    X = {
      present = { x = 1 },
    },
  },
}

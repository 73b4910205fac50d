-- RISC-V G-stage Sv48x4: 50-bit guest-physical addresses, 16 KiB root, 2 MiB, 1 GiB and
-- 512 GiB leaves. Facts: RISC-V Privileged Architecture, "Hypervisor Extension" and
-- "Supervisor-Level ISA" (Sv48); hgatp.MODE 9. The entries, and the rules for updating
-- live ones (break_before_make, caches_invalid_entries), are those of riscv_sv39x4.
return {
  extends = "riscv_sv39x4",
  name = "riscv_sv48x4",
  description = "RISC-V G-stage Sv48x4, 50-bit GPA, 16 KiB root, no Svpbmt",
  input_bits = 50,
  levels = {
    { name = "L3", index = { 49, 39 }, leaf = true },   -- 512 GiB; 11 bits: x4 root
    { name = "L2", index = { 38, 30 }, leaf = true },   -- 1 GiB
    { name = "L1", index = { 29, 21 }, leaf = true },   -- 2 MiB
    { name = "L0", index = { 20, 12 }, leaf = true },   -- 4 KiB
  },
  root_register = {
    name = "hgatp",
    address = { bits = { 43, 0 }, shift = 12 },
    vmid = { bits = { 57, 44 } },
    fields = { mode = { bits = { 63, 60 }, value = 9 } },   -- Sv48x4
  },
}

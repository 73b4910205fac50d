-- RISC-V Sv48 stage-1 paging: 48-bit virtual addresses, both halves, a 4 KiB
-- root, 2 MiB, 1 GiB and 512 GiB pages. Facts: RISC-V Privileged Architecture, "Sv48:
-- Page-Based 48-bit Virtual-Memory System" (one more level of the Sv39 PTE; VA bits 63:48
-- equal bit 47) and satp (MODE 9 for Sv48). Entries and the rules for updating live ones
-- are those of riscv_sv39.
return {
  extends = "riscv_sv39",
  name = "riscv_sv48",
  description = "RISC-V Sv48 stage 1, 48-bit VA (both halves), 4 KiB root, no Svpbmt",
  input_bits = 48,
  levels = {
    { name = "L3", index = { 47, 39 }, leaf = true },   -- 512 GiB; 256-511: the upper half
    { name = "L2", index = { 38, 30 }, leaf = true },   -- 1 GiB
    { name = "L1", index = { 29, 21 }, leaf = true },   -- 2 MiB
    { name = "L0", index = { 20, 12 }, leaf = true },   -- 4 KiB
  },
  root_register = {
    name = "satp",
    address = { bits = { 43, 0 }, shift = 12 },
    vmid = { bits = { 59, 44 } },                           -- the ASID
    fields = { mode = { bits = { 63, 60 }, value = 9 } },   -- Sv48
  },
}

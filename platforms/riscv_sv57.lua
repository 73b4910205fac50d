-- RISC-V Sv57 stage-1 paging: 57-bit virtual addresses, both halves, a 4 KiB
-- root, pages of 2 MiB up to 256 TiB. Facts: RISC-V Privileged Architecture, "Sv57:
-- Page-Based 57-bit Virtual-Memory System" (one more level than Sv48; VA bits 63:57 equal
-- bit 56) and satp (MODE 10 for Sv57). Entries and the rules for updating live ones are
-- those of riscv_sv39.
return {
  extends = "riscv_sv39",
  name = "riscv_sv57",
  description = "RISC-V Sv57 stage 1, 57-bit VA (both halves), 4 KiB root, no Svpbmt",
  input_bits = 57,
  levels = {
    { name = "L4", index = { 56, 48 }, leaf = true },   -- 256 TiB; 256-511: the upper half
    { name = "L3", index = { 47, 39 }, leaf = true },   -- 512 GiB
    { name = "L2", index = { 38, 30 }, leaf = true },   -- 1 GiB
    { name = "L1", index = { 29, 21 }, leaf = true },   -- 2 MiB
    { name = "L0", index = { 20, 12 }, leaf = true },   -- 4 KiB
  },
  root_register = {
    name = "satp",
    address = { bits = { 43, 0 }, shift = 12 },
    vmid = { bits = { 59, 44 } },                           -- the ASID
    fields = { mode = { bits = { 63, 60 }, value = 10 } },  -- Sv57
  },
}

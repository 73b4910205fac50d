-- RISC-V Sv39 stage-1 (S-mode) paging: 39-bit virtual addresses, both halves (VA bits
-- 63:39 equal bit 38: root entries 256-511 the upper half from 0xffff_ffc0_0000_0000), a
-- 4 KiB root, 2 MiB and 1 GiB pages.
-- Facts: RISC-V Privileged Architecture, "Supervisor-Level ISA", "Sv39: Page-Based
-- 39-bit Virtual-Memory System" (VA bits 63:39 must equal bit 38) and "Supervisor Address
-- Translation and Protection (satp) Register" (MODE 63:60 = 8 for Sv39, ASID 59:44, PPN
-- 43:0); Linux arch/riscv/include/asm/csr.h (SATP_MODE_39).
-- The PTE, its table/leaf rule, the reserved encodings, the memory types (no Svpbmt: the
-- PMAs decide) and the rules for updating live entries ("Supervisor Memory-Management
-- Fence Instruction": no break, SFENCE.VMA; without Svvptc a stale invalid entry may be
-- used) are the G-stage file's. What differs: no x4 root, and U is a permission (user
-- pages; S-mode cannot execute them and reads them only with SUM) instead of being set
-- on every leaf. G is left 0 (the ASID separates address spaces).
return {
  extends = "riscv_sv39x4",
  name = "riscv_sv39",
  description = "RISC-V Sv39 stage 1, 39-bit VA (both halves), 4 KiB root, no Svpbmt",
  input_bits = 39,
  input_sign_extended = true,
  levels = {
    { name = "L2", index = { 38, 30 }, leaf = true },   -- 1 GiB; 256-511: the upper half
    { name = "L1", index = { 29, 21 }, leaf = true },   -- 2 MiB
    { name = "L0", index = { 20, 12 }, leaf = true },   -- 4 KiB
  },
  root = { tables = 1, align = 4096 },

  block = { set = { v = 1, a = 1 }, test = { any = { "r", "w", "x" } } },
  page  = { set = { v = 1, a = 1 }, test = { any = { "r", "w", "x" } } },
  permissions = {
    R = { present = { r = 1 } },
    W = { present = { w = 1, d = 1 } },   -- D set up front for writable pages
    X = { present = { x = 1 } },
    U = { present = { u = 1 } },
  },

  root_register = {
    name = "satp",
    address = { bits = { 43, 0 }, shift = 12 },
    vmid = { bits = { 59, 44 } },                           -- the ASID
    fields = { mode = { bits = { 63, 60 }, value = 8 } },   -- Sv39
  },
}

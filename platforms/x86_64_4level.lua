-- x86-64 stage-1 paging, 4 levels (CR4.PAE = 1, EFER.LME = 1, CR4.LA57 = 0): 48-bit
-- linear addresses, 2 MiB and 1 GiB pages. Facts: Intel SDM Vol. 3A, 4.5 "4-Level Paging
-- and 5-Level Paging": tables 4-15 (PML4E), 4-17 (PDPTE mapping 1 GiB), 4-18 (PDPTE of
-- a page directory), 4-19 (PDE mapping 2 MiB), 4-20 (PDE of a page table), 4-21 (PTE);
-- 4.6 "Access Rights" (R/W, U/S and XD of every level are combined, so tables grant all
-- of them and the leaf decides); 11.12 "Page Attribute Table" (the power-up PAT: entry 0
-- WB, 1 WT, 2 UC-, 3 UC, chosen by PAT:PCD:PWT; the PAT bit is bit 7 of a PTE, where a
-- PDE or PDPTE has PS, and bit 12 of a 2 MiB or 1 GiB leaf, tables 4-17, 4-19, 4-21).
-- A present page is always readable: R is implied by P. XD (bit 63) needs EFER.NXE = 1.
-- A and D are set in every leaf (D only where writable) so the CPU never writes them.
-- Linear addresses are canonical (4.5.4, 3.3.7.1): bits 63:47 all equal. The one tree
-- holds both halves: PML4 entries 0-255 the lower half, 256-511 the upper half from
-- 0xffff_8000_0000_0000.
return {
  name = "x86_64_4level",
  description = "x86-64 stage-1 paging, 4 levels, 48-bit canonical linear addresses, 2 MiB and 1 GiB pages",
  input_bits = 48,
  input_sign_extended = true,
  output_bits = 52,
  granule_shift = 12,
  pte_bits = 64,

  levels = {                                       -- root first
    { name = "PML4", index = { 47, 39 } },          -- 256-511: the upper half
    { name = "PDPT", index = { 38, 30 }, leaf = true, fields = { pat = { 12 } } },  -- 1 GiB (PS = 1)
    { name = "PD",   index = { 29, 21 }, leaf = true, fields = { pat = { 12 } } },  -- 2 MiB (PS = 1)
    { name = "PT",   index = { 20, 12 }, leaf = true, fields = { pat = { 7 } } },   -- 4 KiB
  },
  root = { tables = 1, align = 4096 },

  fields = {
    p = { 0 }, rw = { 1 }, us = { 2 }, pwt = { 3 }, pcd = { 4 }, a = { 5 }, d = { 6 },
    ps = { 7 },            -- PDPTE and PDE; a PTE has PAT here (levels[].fields)
    g = { 8 }, avl = { 11, 9 },
    address = { 51, 12 },
    ignored = { 58, 52 },
    pkey = { 62, 59 },     -- protection key (CR4.PKE), left 0
    xd = { 63 },
  },
  software_fields = { "avl", "ignored" },
  reserved_zero = { "pkey" },
  address = { field = "address", shift = 12 },

  valid = { p = 1 },
  -- tables grant everything; the leaf decides (4.6: the rights of all levels combine)
  table = { set = { p = 1, rw = 1, us = 1, a = 1 }, test = { ps = 0 } },
  block = { set = { p = 1, ps = 1, a = 1 }, test = { ps = 1 } },
  page  = { set = { p = 1, a = 1 }, test = {} },

  permissions = {
    R = { implied = true },                         -- P: a present page is readable
    W = { present = { rw = 1, d = 1 } },
    X = { present = { xd = 0 }, absent = { xd = 1 } },
    U = { present = { us = 1 } },
  },
  memory_types = {                                 -- PAT entry PAT:PCD:PWT
    normal   = { pat = 0, pcd = 0, pwt = 0 },      -- 0: WB
    device   = { pat = 0, pcd = 1, pwt = 1 },      -- 3: UC
    uncached = { pat = 0, pcd = 1, pwt = 0 },      -- 2: UC-
  },
  refuse = {},

  -- SDM 4.10.4.2 / 4.10.4.3: a changed entry takes effect after INVLPG (or a CR3 load); no
  -- break-before-make rule. Not-present entries are never cached in the TLB (4.10.2.3).
  break_before_make = {},
  caches_invalid_entries = false,
  -- SDM vol. 3A 4.8, "Accessed and dirty flags": the processor sets A in every paging
  -- entry it uses to translate; ptforge clears it to age a leaf.
  accessed = { how = "hardware", field = "a" },

  -- CR3 (CR4.PCIDE = 1): PML4 base in bits 51:12, PCID in 11:0 (SDM 4.5, table 4-13):
  -- the PCID takes the VMID's place.
  root_register = {
    name = "CR3",
    address = { bits = { 51, 12 }, shift = 12 },
    vmid = { bits = { 11, 0 } },
  },
}

-- LoongArch64, 4 KiB pages, a 4-level walk of the lower half (VA bit 47 clear: PGDL),
-- 2 MiB huge pages, as Linux builds its tables and the LDDIR/LDPTE instructions walk them.
-- Facts: LoongArch Reference Manual Vol. 1, 5.4 "Page table walk": PWCL (CSR 0x1C:
-- PTbase 4:0, PTwidth 9:5, Dir1_base 14:10, Dir1_width 19:15, Dir2_base 24:20, Dir2_width
-- 29:25, PTEWidth 31:30 = 0 for 64-bit entries), PWCH (CSR 0x1D: Dir3_base 5:0, Dir3_width
-- 11:6, Dir4_base 17:12, Dir4_width 23:18; width 0 = no such level), PGDL (CSR 0x19, the
-- lower half's root); 5.4.4 the page table entry (V 0, D 1, PLV 3:2, MAT 5:4, G 6, PPN
-- 47:12 with PALEN 48, NR 61, NX 62, RPLV 63); LDDIR: a directory entry holds the next
-- table's address and no valid bit, and bit 6 (HUGE) set makes it a huge page.
-- Linux arch/loongarch/include/asm/pgtable-bits.h (bits 11:7 are software's; HGLOBAL at
-- 12 in huge entries, left 0 here: every page is per-ASID).
-- MAT: 0 strongly-ordered uncached (device), 1 coherent cached (normal), 2 weakly-ordered
-- uncached. D is the hardware write permission; NR and NX forbid read and execute.
-- An empty directory entry is 0: the TLB refill handler must take a directory entry whose
-- address (47:12) is zero as a miss (Linux points empty entries at a shared empty table
-- instead; ptforge writes 0, and marks a slot a fault is filling with software bit 7).
return {
  name = "loongarch64_4level",
  description = "LoongArch64, 4 KiB pages, 4-level walk of the lower half (PGDL), 2 MiB huge pages",
  input_bits = 47,
  output_bits = 48,
  granule_shift = 12,
  pte_bits = 64,

  levels = {
    { name = "PGD", index = { 46, 39 } },               -- the lower half's 256 entries
    { name = "PUD", index = { 38, 30 } },
    { name = "PMD", index = { 29, 21 }, leaf = true },  -- 2 MiB (HUGE)
    { name = "PTE", index = { 20, 12 }, leaf = true },  -- 4 KiB
  },
  root = { tables = 1, align = 4096 },

  fields = {
    v = { 0 }, d = { 1 }, plv = { 3, 2 }, mat = { 5, 4 },
    g_huge = { 6 },          -- G in a PTE, HUGE in a directory entry
    software = { 11, 7 },    -- Linux's PRESENT, WRITE, MODIFIED, PROTNONE, SPECIAL
    address = { 47, 12 }, reserved = { 60, 48 }, nr = { 61 }, nx = { 62 }, rplv = { 63 },
  },
  software_fields = { "software" },
  reserved_zero = { "reserved", "rplv" },
  address = { field = "address", shift = 12 },

  valid = { v = 1 },
  -- a directory entry is the next table's address and nothing else
  table = { set = {}, test = { v = 0, g_huge = 0 }, by_address = true },
  block = { set = { v = 1, g_huge = 1 }, test = { g_huge = 1 } },
  page  = { set = { v = 1 }, test = { v = 1 } },

  permissions = {
    R = { present = { nr = 0 }, absent = { nr = 1 } },
    W = { present = { d = 1 } },
    X = { present = { nx = 0 }, absent = { nx = 1 } },
    U = { present = { plv = 3 } },                       -- PLV3: user; PLV0: kernel only
  },
  memory_types = {
    normal   = { mat = 1 },                              -- coherent cached
    device   = { mat = 0 },                              -- strongly-ordered uncached
    uncached = { mat = 2 },                              -- weakly-ordered uncached
  },
  refuse = {
    { lacks = { "R", "W", "X" }, why = "a leaf with no access at all: unmap instead" },
  },

  -- TLB entries are refilled by software; a changed entry takes effect after INVTLB. No
  -- break-before-make rule. A refill loads a pair of adjacent pages, the invalid half
  -- included, so a TLB may hold an invalid entry: a fault on a mapped page is flushed.
  break_before_make = {},
  caches_invalid_entries = true,
  -- LoongArch has no accessed bit (Linux keeps a software one): an aged leaf loses read,
  -- write and execute (NR = 1, NX = 1, D = 0, still valid), so its next access takes a
  -- page-invalid, -modify or -privilege exception, and the fault gives them back.
  accessed = { how = "permissions" },

  root_register = {
    name = "PGDL",
    address = { bits = { 47, 12 }, shift = 12 },
  },
  registers = {
    PWCL = {
      PTbase = { bits = { 4, 0 }, value = 12 },
      PTwidth = { bits = { 9, 5 }, value = 9 },
      Dir1_base = { bits = { 14, 10 }, value = 21 },   -- PMD
      Dir1_width = { bits = { 19, 15 }, value = 9 },
      Dir2_base = { bits = { 24, 20 }, value = 30 },   -- PUD
      Dir2_width = { bits = { 29, 25 }, value = 9 },
      PTEWidth = { bits = { 31, 30 }, value = 0 },     -- 64-bit entries
    },
    PWCH = {
      Dir3_base = { bits = { 5, 0 }, value = 39 },     -- PGD
      Dir3_width = { bits = { 11, 6 }, value = 9 },
      Dir4_base = { bits = { 17, 12 }, value = 0 },
      Dir4_width = { bits = { 23, 18 }, value = 0 },   -- no fifth level
    },
  },
}

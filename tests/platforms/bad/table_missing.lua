-- expect: tests/platforms/bad/table_missing.lua: table: missing (required)
-- the table descriptor line was deleted from a format with more than one level
return {
  name = "table_missing",
  description = "Intel EPT, 4 levels, 48-bit GPA, 2 MiB and 1 GiB leaves",
  input_bits = 48,
  output_bits = 52,
  granule_shift = 12,
  pte_bits = 64,

  levels = {                                       -- root first
    { name = "PML4", index = { 47, 39 } },
    { name = "PDPT", index = { 38, 30 }, leaf = true },  -- 1 GiB
    { name = "PD",   index = { 29, 21 }, leaf = true },  -- 2 MiB
    { name = "PT",   index = { 20, 12 }, leaf = true },  -- 4 KiB
  },
  root = { tables = 1, align = 4096 },

  fields = {
    read = { 0 }, write = { 1 }, exec = { 2 },
    memtype = { 5, 3 }, ignore_pat = { 6 }, page_size = { 7 },
    accessed = { 8 }, dirty = { 9 }, user_exec = { 10 },
    address = { 51, 12 },
    suppress_ve = { 63 },
  },
  software_fields = {},
  reserved_zero = {},
  address = { field = "address", shift = 12 },

  -- An entry is present when any of bits 2:0 is set.
  valid = { any = { "read", "write", "exec" } },
  reserved = { { read = 0, write = 1 } },          -- write without read: a misconfiguration
  block = { set = { page_size = 1 }, test = { page_size = 1 } },
  page  = { set = {}, test = {} },

  permissions = {
    R = { present = { read = 1 } },
    W = { present = { write = 1 } },
    X = { present = { exec = 1 } },
  },
  memory_types = {
    normal   = { memtype = 6 },             -- WB
    device   = { memtype = 0 },             -- UC
    uncached = { same_as = "device" },      -- UC too: reads back as DEVICE
  },
  refuse = {
    { lacks = { "R" },
      why = "EPT entries without read are write-only (a misconfiguration) or execute-only (needs CPU support)" },
  },

  root_register = {
    name = "EPTP",
    address = { bits = { 51, 12 }, shift = 12 },
    fields = {
      memtype = { bits = { 2, 0 }, value = 6 },       -- paging structures are WB
      walk_length = { bits = { 5, 3 }, value = 3 },   -- levels - 1
    },
  },
}

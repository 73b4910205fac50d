-- expect: tests/platforms/bad/table_sets_address.lua: table.set.address: is the address field: entries take their address from the mapping
-- table.set sets the address field, so every table entry points elsewhere
return {
  extends = "arm64_s2_4k_ipa48",
  name = "table_sets_address",
  table = {
    set = { address = 1, table_or_page = 1, valid = 1 },
    test = { table_or_page = 1 },
  },
}

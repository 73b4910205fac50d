-- expect: tests/platforms/bad/page_sets_address.lua: page.set.address: is the address field: entries take their address from the mapping
-- page.set sets the address field, so every page decodes to a different address
return {
  extends = "arm64_s2_4k_ipa48",
  name = "page_sets_address",
  page = {
    set = { address = 1, af = 1, table_or_page = 1, valid = 1 },
    test = { table_or_page = 1 },
  },
}

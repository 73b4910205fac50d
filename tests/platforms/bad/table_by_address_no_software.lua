-- expect: tests/platforms/bad/table_by_address_no_software.lua: table.by_address: needs a software field (software_fields): ptforge marks a slot a fault is filling with its lowest bit, as the address's lowest bit would make a table
-- a table told by its address needs another way to mark a claimed slot
return {
  extends = "loongarch64_4level",
  name = "table_by_address_no_software",
  software_fields = {},
}

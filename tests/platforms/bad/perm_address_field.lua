-- expect: tests/platforms/bad/perm_address_field.lua: permissions.X.present.address: is the address field
-- permission X is mapped onto the address field
return {
  extends = "x86_ept4",
  name = "perm_address_field",
  permissions = {
    R = {
      present = { read = 1 },
    },
    W = {
      present = { write = 1 },
    },
    X = {
      present = { address = 1 },
    },
  },
}

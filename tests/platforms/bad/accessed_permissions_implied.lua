-- expect: tests/platforms/bad/accessed_permissions_implied.lua: accessed.how: 'permissions' cannot take R away (permissions.R is implied); declare an access flag
-- x86 stage 1: a present page is readable, so R cannot be taken away
return {
  extends = "x86_64_4level",
  name = "accessed_permissions_implied",
  accessed = { how = "permissions" },
}

-- expect: tests/platforms/bad/name_not_identifier.lua: name: 'Name_Not_Identifier' must be lower-case letters, digits and '_' (it becomes a C identifier)
-- name has upper-case letters: it must be a lower-case C identifier
return {
  extends = "x86_ept4",
  name = "Name_Not_Identifier",
}

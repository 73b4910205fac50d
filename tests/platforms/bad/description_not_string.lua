-- expect: tests/platforms/bad/description_not_string.lua: description: must be a string, got number
-- description is a number, not a string
return {
  extends = "x86_ept4",
  name = "description_not_string",
  description = 4,
}

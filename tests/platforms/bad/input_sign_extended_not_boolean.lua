-- expect: tests/platforms/bad/input_sign_extended_not_boolean.lua: input_sign_extended: must be true or false
-- a string where true or false belongs
return {
  extends = "x86_64_4level",
  name = "input_sign_extended_not_boolean",
  input_sign_extended = "yes",
}

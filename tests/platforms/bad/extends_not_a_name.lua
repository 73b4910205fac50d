-- expect: tests/platforms/bad/extends_not_a_name.lua: extends: must name a platform file in platforms
-- extends takes a platform's name, not a number
return {
  extends = 4,
  name = "extends_not_a_name",
}

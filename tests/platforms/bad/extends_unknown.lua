-- expect: tests/platforms/bad/extends_unknown.lua: extends: no platform file platforms/x86_ept9.lua
-- extends a format that has no platform file
return {
  extends = "x86_ept9",
  name = "extends_unknown",
}

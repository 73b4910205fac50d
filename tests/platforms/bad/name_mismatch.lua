-- expect: tests/platforms/bad/name_mismatch.lua: name: 'x86_ept4' does not match the file name 'name_mismatch.lua'
-- name is not the file name (copied from x86_ept4 and not renamed)
return {
  extends = "x86_ept4",
  name = "x86_ept4",
}

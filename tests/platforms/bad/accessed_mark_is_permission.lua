-- expect: tests/platforms/bad/accessed_mark_is_permission.lua: accessed.mark: 'exec' is used by permissions.X already
-- the mark must be a field nothing else uses
return {
  extends = "x86_ept4",
  name = "accessed_mark_is_permission",
  accessed = { how = "permissions", mark = "exec" },
}

-- expect: tests/platforms/bad/dirty_how_unknown.lua: dirty.how: 'software' is not hardware (leave dirty out to log writes by write protection)
-- dirty bits come from hardware or not at all (write protection)
return {
  extends = "x86_ept4",
  name = "dirty_how_unknown",
  dirty = { how = "software", field = "dirty" },
}

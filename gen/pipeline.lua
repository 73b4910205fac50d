-- gen/pipeline.lua: the checking stages in order for one loaded description:
-- validate, derive, then the encode/decode round trip. One place, so that build.lua,
-- the coverage check and the fuzzer all run exactly the same checks.
local validate = require("gen.validate")
local derive = require("gen.derive")
local check_roundtrip = require("gen.check_roundtrip")

local pipeline = {}

-- Returns the derived description, or nil when P holds problems.
function pipeline.check(d, P)
  local desc = validate.check(d, P)
  local D = desc and derive.derive(desc)
  if D then check_roundtrip.run(D, desc, P) end
  if P:any() then return nil end
  return D
end

return pipeline

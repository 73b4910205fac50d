-- gen/problems.lua: collects validation problems so that every stage reports all it
-- finds, one line each, as "FILE: FIELD.PATH: reason", and the run fails once at the end.
local Problems = {}
Problems.__index = Problems

function Problems.new(file)
  return setmetatable({ file = file, lines = {} }, Problems)
end

-- path is the field path ("levels[2].index"); nil for file-level problems.
function Problems:add(path, fmt, ...)
  local reason = select("#", ...) > 0 and string.format(fmt, ...) or fmt
  if path and path ~= "" then
    self.lines[#self.lines + 1] = string.format("%s: %s: %s", self.file, path, reason)
  else
    self.lines[#self.lines + 1] = string.format("%s: %s", self.file, reason)
  end
end

function Problems:any() return #self.lines > 0 end

return Problems

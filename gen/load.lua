-- gen/load.lua: stage 1, load a platform file as plain data.
-- The file runs in an empty environment: a platform description is data, so it may
-- not call functions or read globals; anything else is reported with its line. It also
-- may not run long (a loop) or reach string methods (to build huge strings): both are
-- cut off, so a hostile file cannot hang or exhaust the generator.
local load_stage = {}

local MAX_INSTRUCTIONS = 1000000

local function strip_path(message, name)
  return (tostring(message):gsub("^" .. name:gsub("%p", "%%%0") .. ":", "line "))
end

-- Runs the text of a platform file called name; returns its table or nil.
function load_stage.load_string(text, name, problems)
  local env = setmetatable({}, {
    __index = function(_, key) error(string.format("unknown name '%s' (platform files are data only)", key), 2) end,
    __newindex = function(_, key) error(string.format("assignment to global '%s' (platform files are data only)", key), 2) end,
  })
  local chunk, syntax_err = load(text, "@" .. name, "t", env)
  if not chunk then
    problems:add(nil, "%s", strip_path(syntax_err, name))
    return nil
  end
  local string_mt = getmetatable("")
  local string_index = string_mt.__index
  string_mt.__index = nil
  debug.sethook(function() error("runs too long (platform files are data, not programs)", 2) end, "", MAX_INSTRUCTIONS)
  local ok, result = pcall(chunk)
  debug.sethook()
  string_mt.__index = string_index
  if not ok then
    problems:add(nil, "%s", strip_path(result, name))
    return nil
  end
  if type(result) ~= "table" then
    problems:add(nil, "must return a table, got %s", type(result))
    return nil
  end
  return result
end

function load_stage.load(path, problems)
  local fh, open_err = io.open(path, "r")
  if not fh then
    -- io.open's message starts with the path, which the problem line already names
    problems:add(nil, "cannot read: %s", (tostring(open_err):gsub("^" .. path:gsub("%p", "%%%0") .. ": ", "")))
    return nil
  end
  local text = fh:read("a")
  fh:close()
  return load_stage.load_string(text, path, problems)
end

return load_stage

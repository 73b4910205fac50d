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

-- Where `extends = "NAME"` finds NAME.lua; build.lua points it at its own platforms/.
load_stage.platform_dir = "platforms"

local MAX_EXTENDS = 4

-- `extends = "NAME"`: start from platforms/NAME.lua (itself resolved) and let this file's
-- own top-level fields replace that file's. Variants and test fixtures say only what differs.
local function resolve(t, problems, depth)
  if t.extends == nil then return t end
  if type(t.extends) ~= "string" or not t.extends:match("^[a-z][a-z0-9_]*$") then
    problems:add("extends", "must name a platform file in %s", load_stage.platform_dir)
    return nil
  end
  if depth >= MAX_EXTENDS then
    problems:add("extends", "more than %d files deep (a loop?)", MAX_EXTENDS)
    return nil
  end
  local base_path = load_stage.platform_dir .. "/" .. t.extends .. ".lua"
  local fh = io.open(base_path, "r")
  if not fh then
    problems:add("extends", "no platform file %s", base_path)
    return nil
  end
  local text = fh:read("a")
  fh:close()
  local base = load_stage.load_string(text, base_path, problems, depth + 1)
  if not base then return nil end
  local out = {}
  for k, v in pairs(base) do out[k] = v end
  for k, v in pairs(t) do if k ~= "extends" then out[k] = v end end
  return out
end

-- Runs the text of a platform file called name; returns its table (with `extends`
-- resolved) or nil.
function load_stage.load_string(text, name, problems, depth)
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
  return resolve(result, problems, depth or 0)
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

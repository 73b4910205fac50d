-- gen/load.lua: stage 1, load a platform file as plain data.
-- The file runs in an empty environment: a platform description is data, so it may
-- not call functions or read globals; anything else is reported with its line.
local load_stage = {}

function load_stage.load(path, problems)
  local fh, open_err = io.open(path, "r")
  if not fh then
    problems:add(nil, "cannot read: %s", open_err)
    return nil
  end
  local text = fh:read("a")
  fh:close()
  local env = setmetatable({}, {
    __index = function(_, key) error(string.format("unknown name '%s' (platform files are data only)", key), 2) end,
    __newindex = function(_, key) error(string.format("assignment to global '%s' (platform files are data only)", key), 2) end,
  })
  local chunk, syntax_err = load(text, "@" .. path, "t", env)
  if not chunk then
    -- syntax_err is "path:LINE: message": keep the line, drop the repeated path
    problems:add(nil, "%s", (syntax_err:gsub("^" .. path:gsub("%p", "%%%0") .. ":", "line ")))
    return nil
  end
  local ok, result = pcall(chunk)
  if not ok then
    problems:add(nil, "%s", (tostring(result):gsub("^" .. path:gsub("%p", "%%%0") .. ":", "line ")))
    return nil
  end
  if type(result) ~= "table" then
    problems:add(nil, "must return a table, got %s", type(result))
    return nil
  end
  return result
end

return load_stage

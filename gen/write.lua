-- gen/write.lua: write a set of generated files all-or-nothing. Each file goes to a
-- temporary name first and is renamed into place only when all were written, so a
-- failed run leaves no new or half-written file in the output directory.
local write = {}

local function remove_all(paths) for _, p in ipairs(paths) do os.remove(p) end end

-- files: { [name] = text }. Returns true, or nil and an error message.
function write.all(dir, files)
  local ok_dir = os.execute(string.format("mkdir -p '%s'", dir:gsub("'", "'\\''")))
  if not ok_dir then return nil, string.format("%s: cannot create directory", dir) end
  local names = {}
  for name in pairs(files) do names[#names + 1] = name end
  table.sort(names)
  local temps = {}
  for _, name in ipairs(names) do
    local tmp = string.format("%s/.%s.tmp", dir, name)
    local fh, err = io.open(tmp, "w")
    if not fh then remove_all(temps) return nil, err end
    temps[#temps + 1] = tmp
    local ok, werr = fh:write(files[name])
    local cok, cerr = fh:close()
    if not ok or not cok then remove_all(temps) return nil, string.format("%s: %s", tmp, werr or cerr) end
  end
  for i, name in ipairs(names) do
    local final = dir .. "/" .. name
    -- an unchanged file keeps its timestamp, so make rebuilds only what changed
    local old = io.open(final, "r")
    local same = old and old:read("a") == files[name]
    if old then old:close() end
    if same then
      os.remove(temps[i])
    else
      local ok, err = os.rename(temps[i], final)
      if not ok then remove_all({ table.unpack(temps, i) }) return nil, err end
    end
  end
  return true
end

return write

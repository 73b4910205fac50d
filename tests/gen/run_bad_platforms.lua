#!/usr/bin/env lua5.4
-- tests/gen/run_bad_platforms.lua: run build.lua on every malformed platform file in
-- tests/platforms/bad/ and check that it fails with exactly the stderr written in the
-- file's leading "-- expect: " lines, writing nothing. Then check that a file that does
-- not exist is reported as unreadable, all-or-nothing (good files plus one bad file write
-- nothing) and that the good files alone build.
-- Run from the repository root: lua5.4 tests/gen/run_bad_platforms.lua
local LUA = os.getenv("LUA") or "lua5.4"
local BAD_DIR = "tests/platforms/bad"
local ALL_OR_NOTHING_BAD = BAD_DIR .. "/levels_overlap.lua"
-- A platform path that must not exist: build.lua reports it as unreadable.
-- (tests/gen/problem_coverage.lua runs the same path.)
local MISSING_PLATFORM = "tests/platforms/no_such_platform.lua"

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- The repository root, from this script's path (tests/gen/run_bad_platforms.lua).
local root = arg[0]:match("^(.-)/?tests/gen/[^/]+$")
if root == nil or root == "" then root = "." end

local function lines_of(text)
  local out = {}
  for l in text:gmatch("[^\n]+") do out[#out + 1] = l end
  return out
end

local function capture(cmd)
  local p = assert(io.popen(cmd))
  local text = p:read("a")
  p:close()
  return text
end

local function ls(pattern) -- sorted paths relative to root
  return lines_of(capture("cd " .. q(root) .. " && ls -1 " .. pattern .. " 2>/dev/null"))
end

local function mktemp()
  local dir = capture("mktemp -d"):gsub("%s+$", "")
  assert(dir ~= "", "mktemp -d failed")
  return dir
end

local function dir_entries(dir) -- every entry, hidden ones included, sorted
  return lines_of(capture("ls -A1 " .. q(dir)))
end

-- Runs build.lua on files into a fresh temp dir; returns exit code, stderr lines and
-- the entries left in the directory, and removes the directory.
local function build(files)
  local out = mktemp()
  local quoted = {}
  for i, f in ipairs(files) do quoted[i] = q(f) end
  local cmd = string.format("cd %s && %s build.lua --out %s %s 2>&1 >/dev/null",
    q(root), LUA, q(out), table.concat(quoted, " "))
  local p = assert(io.popen(cmd))
  local err = p:read("a")
  local _, _, code = p:close()
  local entries = dir_entries(out)
  os.execute("rm -rf " .. q(out))
  return code, lines_of(err), entries
end

local function expected_lines(path)
  local fh = io.open(root .. "/" .. path, "r")
  if not fh then return nil end
  local want = {}
  for line in fh:lines() do
    local e = line:match("^%-%- expect: (.*)$")
    if not e then break end
    want[#want + 1] = e
  end
  fh:close()
  return want
end

local function show(list)
  if #list == 0 then return "    (nothing)" end
  return "    " .. table.concat(list, "\n    ")
end

local passed, failed = 0, 0
local function report(name, why)
  if why then
    failed = failed + 1
    print("FAIL " .. name .. ": " .. why)
  else
    passed = passed + 1
    print("ok   " .. name)
  end
end

-- Checks a failing run; returns nil or why it is wrong.
local function check_failure(want, code, got, entries)
  local why = {}
  if code == 0 then why[#why + 1] = "exit status 0, want non-zero" end
  local same = #got == #want
  for i = 1, math.max(#got, #want) do if got[i] ~= want[i] then same = false end end
  if not same then why[#why + 1] = "stderr differs\n  expected:\n" .. show(want) .. "\n  got:\n" .. show(got) end
  if #entries > 0 then why[#why + 1] = "output directory not empty: " .. table.concat(entries, " ") end
  return #why > 0 and table.concat(why, "\n  ") or nil
end

local bad = ls(BAD_DIR .. "/*.lua")
if #bad == 0 then report(BAD_DIR, "no bad platform files found") end
for _, file in ipairs(bad) do
  local name = file:match("([^/]+)%.lua$")
  local want = expected_lines(file)
  if not want or #want == 0 then
    report(name, "no '-- expect: ' line at the top of " .. file)
  else
    report(name, check_failure(want, build({ file })))
  end
end

-- A file that does not exist: one "cannot read" line with the OS's reason, nothing written.
do
  local fh = io.open(root .. "/" .. MISSING_PLATFORM, "r")
  if fh then
    fh:close()
    report("missing_file", MISSING_PLATFORM .. " exists; it must not for this test")
  else
    local want = { string.format("%s: cannot read: No such file or directory", MISSING_PLATFORM) }
    report("missing_file", check_failure(want, build({ MISSING_PLATFORM })))
  end
end

local good = ls("platforms/*.lua")

-- (a) all-or-nothing: the good files plus one bad one write nothing at all.
do
  local files = { table.unpack(good) }
  files[#files + 1] = ALL_OR_NOTHING_BAD
  local want = expected_lines(ALL_OR_NOTHING_BAD)
  if #good == 0 then report("all_or_nothing", "no platforms/*.lua found")
  elseif not want or #want == 0 then report("all_or_nothing", "no expect lines in " .. ALL_OR_NOTHING_BAD)
  else report("all_or_nothing", check_failure(want, build(files))) end
end

-- (b) the good files alone: exit 0, ptf_formats.c/.h plus ptf_NAME.c/.h/_layer.h each, nothing else.
do
  local code, err, entries = build(good)
  local why = {}
  if #good == 0 then why[#why + 1] = "no platforms/*.lua found" end
  if code ~= 0 then why[#why + 1] = "exit status " .. tostring(code) .. ", want 0" end
  if #err > 0 then why[#why + 1] = "unexpected stderr:\n" .. show(err) end
  local want = { ["ptf_formats.c"] = true, ["ptf_formats.h"] = true }
  for _, f in ipairs(good) do
    local n = f:match("([^/]+)%.lua$")
    want["ptf_" .. n .. ".c"], want["ptf_" .. n .. ".h"], want["ptf_" .. n .. "_layer.h"] = true, true, true
  end
  local have = {}
  for _, e in ipairs(entries) do
    have[e] = true
    if not want[e] then why[#why + 1] = "unexpected file " .. e end
  end
  local missing = {}
  for n in pairs(want) do if not have[n] then missing[#missing + 1] = n end end
  table.sort(missing)
  if #missing > 0 then why[#why + 1] = "missing " .. table.concat(missing, " ") end
  report("good_platforms", #why > 0 and table.concat(why, "\n  ") or nil)
end

print(string.format("%d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)

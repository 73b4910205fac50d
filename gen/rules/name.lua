-- gen/rules/name.lua: a format is found by its file name, so its name must match it.
return { keys = { "name" }, check = function(P, input, out)
  if P.basename and input.name ~= P.basename then
    P:add("name", "'%s' does not match the file name '%s.lua'", input.name, P.basename)
  else
    out.name = input.name
  end
end }

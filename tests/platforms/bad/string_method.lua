-- expect: tests/platforms/bad/string_method.lua: line 3: attempt to index a string value (constant 'x')
-- string methods are out of reach: no building huge strings
return { name = ("x"):rep(1e9) }

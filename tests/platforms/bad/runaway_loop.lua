-- expect: tests/platforms/bad/runaway_loop.lua: line 3: runs too long (platform files are data, not programs)
-- a loop in a data file is cut off instead of hanging the generator
while true do end

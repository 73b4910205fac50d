-- extends_loop/a.lua: half of a loop of extends (tests/gen/problem_coverage.lua)
return { extends = "b", name = "a" }

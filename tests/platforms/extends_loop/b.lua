-- extends_loop/b.lua: the other half
return { extends = "a", name = "b" }

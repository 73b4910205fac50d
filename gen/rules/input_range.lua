-- gen/rules/input_range.lua: where input addresses lie. By default [0, 2^input_bits).
-- input_sign_extended: bits 63..input_bits-1 of an input address are all equal (x86-64
-- and RISC-V stage 1: the canonical lower half [0, 2^(input_bits-1)) and upper half
-- [2^64 - 2^(input_bits-1), 2^64), one tree, the upper half from root entry
-- 2^(root index bits - 1) on). input_within_cpu_pa_range: the input range is a physical
-- one that the CPU's must cover (ARM stage 2), which starts at 0.
return { keys = { "input_sign_extended", "input_within_cpu_pa_range" }, check = function(P, input, out)
  if input.input_sign_extended and input.input_within_cpu_pa_range then
    P:add("input_sign_extended", "input addresses inside the CPU's physical range (input_within_cpu_pa_range) start at 0; they are not sign-extended")
    return
  end
  out.input_sign_extended = input.input_sign_extended == true
  out.input_within_cpu_pa_range = input.input_within_cpu_pa_range == true
end }

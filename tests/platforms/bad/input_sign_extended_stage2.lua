-- expect: tests/platforms/bad/input_sign_extended_stage2.lua: input_sign_extended: input addresses inside the CPU's physical range (input_within_cpu_pa_range) start at 0; they are not sign-extended
-- a stage-2 input range (intermediate physical addresses) is never sign-extended
return {
  extends = "arm64_s2_4k_ipa48",
  name = "input_sign_extended_stage2",
  input_sign_extended = true,
}

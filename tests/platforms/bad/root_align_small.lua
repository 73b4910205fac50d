-- expect: tests/platforms/bad/root_align_small.lua: root.align: 4096 is below the root's size (8192 bytes); a root is aligned to its size
-- root.align 4096 for an 8 KiB root
return {
  extends = "arm64_s2_4k_ipa40",
  name = "root_align_small",
  root = { align = 4096, tables = 2 },
}

-- An x86-64 server: 2nd generation Intel Xeon Scalable (Cascade Lake-SP).
-- Facts:
--   MAXPHYADDR = 46 (CPUID.80000008H:EAX[7:0] on Skylake-SP and Cascade Lake-SP): EPT
--     entries' bits 51:46 are reserved, and setting one is an EPT misconfiguration
--     (Intel SDM Vol. 3C, 29.3.3.1 "EPT Misconfigurations"), so output addresses stay
--     below 2^46;
--   IA32_VMX_EPT_VPID_CAP (SDM Vol. 3D, A.10) reports a page-walk length of 4 (bit 6),
--     2-Mbyte pages (bit 16) and 1-Gbyte pages (bit 17): EPT with 4 levels and both
--     huge-page sizes, as x86_ept4 describes it; 5-level EPT came with Ice Lake-SP.
--   EPTP has no VMID: a VPID tags the guest's own translations, and EPT-derived ones
--     are tagged by the EPTP itself (SDM Vol. 3C, 28.4), so no vmid_bits here.
--   IA32_VMX_EPT_VPID_CAP bit 21: accessed and dirty flags for EPT (since Haswell). This
--     build turns them on, EPTP bit 6 (SDM Vol. 3C, 24.6.11 "Extended-Page-Table Pointer"):
--     the processor then sets bit 8 (accessed) of every EPT entry it uses and bit 9
--     (dirty) of a leaf it writes through (SDM Vol. 3C, 29.3.5 "Accessed and Dirty
--     Flags for EPT"), so dirty logging harvests bit 9 instead of write-protecting, and
--     access tracking clears bit 8 instead of taking the permissions away.
-- The CPU: gcc's -march=cascadelake (GCC manual, x86 options).
return {
  name = "xeon_cascadelake",
  description = "Intel Xeon Scalable 2nd gen (Cascade Lake-SP): EPT, 4 levels, 1 GiB pages, 46-bit PA, A/D flags",
  cpu = {
    name = "Cascade Lake-SP",
    cross_compile = "x86_64-linux-gnu-",
    cflags = "-march=cascadelake",
  },
  formats = {
    {
      from = "x86_ept4",
      name = "x86_ept4_pa46",
      description = "Intel EPT, 4 levels, 48-bit GPA, 2 MiB and 1 GiB leaves, 46-bit PA, A/D flags",
      set = {
        output_bits = 46,
        -- a new leaf starts accessed (bit 8), as the base's leaves start with their
        -- permissions: ptforge sets it, the processor would on the first access
        block = { set = { page_size = 1, accessed = 1 }, test = { page_size = 1 } },
        page  = { set = { accessed = 1 }, test = {} },
        accessed = { how = "hardware", field = "accessed" },
        dirty = { how = "hardware", field = "dirty" },
        root_register = {
          name = "EPTP",
          address = { bits = { 51, 12 }, shift = 12 },
          fields = {
            memtype = { bits = { 2, 0 }, value = 6 },       -- paging structures are WB
            walk_length = { bits = { 5, 3 }, value = 3 },   -- levels - 1
            ad_enable = { bits = { 6, 6 }, value = 1 },     -- accessed and dirty flags
          },
        },
      },
    },
  },
}

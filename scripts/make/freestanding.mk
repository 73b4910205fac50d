# scripts/make/freestanding.mk: the core as a hypervisor links it. Included by the
# Makefile, whose variables it uses.
#   The core (runtime/core and the generated walkers of the build) compiled with
#   -ffreestanding -nostdinc: only the compiler's own headers (stddef, stdint, stdbool,
#   stdatomic), no libc, no OS header. Its only undefined symbols are memset and memcpy,
#   which the embedder provides, as a freestanding C compiler requires (GCC manual,
#   "Standards": memcpy, memmove, memset and memcmp must be supplied).
#
#   make SOC=FILE          also $(BUILD)/freestanding/libptforge_core.a, for the SoC's CPU
#   make test-freestanding the core for x86-64, aarch64 and riscv64: its undefined symbols
#                          against that allow-list, and a program with no libc at all
#                          (tests/freestanding/smoke.c) run on each, under qemu-user
#   FREESTANDING_CFLAGS=...  added to the freestanding flags below

FREESTANDING_CFLAGS ?=
FS_CFLAGS := -std=c11 -Wall -Wextra -Werror -Wno-missing-field-initializers $(OPT) -g \
	-ffreestanding -nostdinc -fno-stack-protector -fno-common -fvisibility=hidden
FS_CPPFLAGS := -Iruntime/include -Iruntime/core -I$(GEN)
# What hypervisors and kernels build with, per architecture: no floating-point or vector
# registers (a trap then has none to save), no red zone (x86-64: interrupts push onto the
# stack below the stack pointer), atomics inline rather than calls into libgcc
# (aarch64's -moutline-atomics, on by default in Debian's gcc 12).
FS_ARCH_FLAGS_x86_64 := -mno-red-zone -mgeneral-regs-only
FS_ARCH_FLAGS_aarch64 := -mgeneral-regs-only -mno-outline-atomics
FS_ARCH_FLAGS_riscv64 := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# the linker defines this one for code that reaches the GOT; no library does
FS_ALLOWED_UNDEFINED := memcpy memset _GLOBAL_OFFSET_TABLE_

# The smoke program: the embedder's memset and memcpy are plain loops, which gcc must not
# turn back into calls to themselves.
FS_SMOKE_CFLAGS := -fno-builtin -fno-tree-loop-distribute-patterns

# fs_core DIR, CROSS, CPU_FLAGS: DIR/libptforge_core.a from the build's core sources and
# generated walkers, compiled by CROSSgcc (the host's CC when CROSS is empty) for its
# architecture (the compiler's target triple) with CPU_FLAGS after the defaults.
define fs_core
$(1)_CC := $(if $(2),$(2)gcc,$(CC))
$(1)_NM := $(if $(2),$(2)nm,nm)
$(1)_ARCH = $$(firstword $$(subst -, ,$$(shell $$($(1)_CC) -dumpmachine)))
$(1)_FLAGS = $$(FS_CPPFLAGS) $$(FS_CFLAGS) $$(FS_ARCH_FLAGS_$$($(1)_ARCH)) $(3) $$(FREESTANDING_CFLAGS) \
	-isystem $$(shell $$($(1)_CC) -print-file-name=include)
$(1)_OBJ := $$(CORE_SRC:%.c=$(1)/obj/%.o) $$(GEN_C:$$(GEN)/%.c=$(1)/obj/gen/%.o)
# what each object was compiled from, headers included: a changed walker header
# rebuilds every core made by fs_core (the QEMU images' too), not only those in
# $(BUILD)/freestanding*
-include $$(wildcard $$($(1)_OBJ:.o=.d))

$(1)/obj/gen/%.o: $$(GEN)/%.c $$(GEN_H)
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_FLAGS) -MMD -MP -c $$< -o $$@
$(1)/obj/%.o: %.c $$(GEN_H)
	@mkdir -p $$(dir $$@)
	$$($(1)_CC) $$($(1)_FLAGS) -MMD -MP -c $$< -o $$@
$(1)/libptforge_core.a: $$($(1)_OBJ)
	@rm -f $$@
	$(if $(2),$(2)ar,ar) rcs $$@ $$^
# the whole core as one relocatable object: its undefined symbols are what it needs from outside
$(1)/core.o: $(1)/libptforge_core.a
	$$($(1)_CC) -r -nostdlib -o $$@ -Wl,--whole-archive $$< -Wl,--no-whole-archive
$(1)/undefined.txt: $(1)/core.o
	$$($(1)_NM) -u $$< | awk '{ print $$$$NF }' | sort > $$@
$(1)/smoke: tests/freestanding/smoke.c tests/freestanding/bare.h $(1)/libptforge_core.a
	$$($(1)_CC) $$($(1)_FLAGS) $$(FS_SMOKE_CFLAGS) -static -nostdlib -no-pie -o $$@ $$< $(1)/libptforge_core.a
endef

# ---- make SOC=FILE: the core for the SoC's CPU ----
ifneq ($(SOC),)
$(eval $(call fs_core,$(BUILD)/freestanding,$(SOC_CROSS),$(SOC_CPU_FLAGS)))
all: $(BUILD)/freestanding/libptforge_core.a
endif

# ---- make test-freestanding ----
# The Debian cross compilers by target; qemu-user runs what they build.
FS_TEST_ARCHS := x86_64 aarch64 riscv64
FS_CROSS_x86_64 := x86_64-linux-gnu-
FS_CROSS_aarch64 := aarch64-linux-gnu-
FS_CROSS_riscv64 := riscv64-linux-gnu-
FS_RUN_x86_64 :=
FS_RUN_aarch64 := qemu-aarch64
FS_RUN_riscv64 := qemu-riscv64
$(foreach a,$(FS_TEST_ARCHS),$(eval $(call fs_core,$(BUILD)/freestanding-$(a),$(FS_CROSS_$(a)),)))

.PHONY: test-freestanding
test-freestanding: $(CROSS_DEPS_STAMP)
	@$(MAKE) --no-print-directory $(BUILD_JOBS) $(foreach a,$(FS_TEST_ARCHS),$(BUILD)/freestanding-$(a)/undefined.txt $(BUILD)/freestanding-$(a)/smoke)
	@set -e; for a in $(FS_TEST_ARCHS); do \
		dir=$(BUILD)/freestanding-$$a; \
		extra=$$(grep -vxF $(foreach s,$(FS_ALLOWED_UNDEFINED),-e $(s)) $$dir/undefined.txt || true); \
		if [ -n "$$extra" ]; then \
			echo "FAIL test-freestanding: the $$a core needs symbols beyond $(FS_ALLOWED_UNDEFINED):" $$extra >&2; exit 1; \
		fi; \
		echo "freestanding $$a core: undefined symbols" $$(cat $$dir/undefined.txt); \
	done
	@set -e; $(foreach a,$(FS_TEST_ARCHS),$(FS_RUN_$(a)) $(BUILD)/freestanding-$(a)/smoke;)


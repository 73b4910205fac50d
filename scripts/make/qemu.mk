# scripts/make/qemu.mk: make test-qemu. Included by the Makefile, whose variables it uses.
#   Bare-metal images (tests/qemu/) built from the freestanding core, run under emulated
#   MMUs: QEMU's RISC-V virt machine with the H extension walks the G-stage formats and,
#   through vsatp, the stage-1 ones (and, with Svpbmt, the qemu_virt_rv64 SoC's variants);
#   QEMU's Arm virt machine at EL2 the stage-2 formats of every granule the CPU has and the
#   stage-1 one (-cpu max: 4, 16 and 64 KiB; -cpu cortex-a57: no 16 KiB, and a 44-bit
#   physical range that must refuse a 48-bit IPA); Bochs's VMX (a disk image it boots) the
#   4-level EPT format and, in an IA-32e-mode guest with EPT off, the 4-level stage-1
#   format x86_64_4level (no Bochs 2.7 CPU model has 5-level paging or 5-level EPT: those
#   two are skipped, the reason in the log). Each image probes every leaf, hole and change
#   against what ptforge says (tests/qemu/check.c) and fails on a mismatch; its self-test
#   build changes one bit of one leaf behind ptforge's back and must fail.

QEMU_DIR := $(BUILD)/qemu
QEMU_TIMEOUT := timeout 120
QEMU_RISCV := qemu-system-riscv64 -M virt -m 2G -smp 1 -nographic -bios none -monitor none -serial stdio
QEMU_ARM := qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -m 2G -smp 1 -nographic -net none \
	-monitor none -serial stdio -semihosting
QEMU_SRC := tests/qemu/check.c tests/qemu/probe.h tests/freestanding/bare.h

# the cores the images link: every platforms/*.lua (riscv64 as test-freestanding builds
# it; aarch64 also with -mstrict-align, as its MMU is off at EL2 and Device memory takes no
# unaligned access), and the RISC-V SoC's Svpbmt variants
$(eval $(call fs_core,$(BUILD)/qemu-core-aarch64,aarch64-linux-gnu-,-mstrict-align))
QEMU_CORE_riscv64 := $(BUILD)/freestanding-riscv64/libptforge_core.a
QEMU_CORE_aarch64 := $(BUILD)/qemu-core-aarch64/libptforge_core.a
QEMU_CORE_svpbmt := build/soc-qemu_virt_rv64/freestanding/libptforge_core.a

# qemu_image NAME, ARCH, CORE, EXTRA_FLAGS: $(QEMU_DIR)/NAME.elf
define qemu_image
$(QEMU_DIR)/$(1).elf: tests/qemu/$(2)/start.S tests/qemu/$(2)/mmu.c tests/qemu/$(2)/image.ld $(QEMU_SRC) $(3)
	@mkdir -p $$(dir $$@)
	$$($(BUILD)/freestanding-$(2)_CC) $$(FS_CFLAGS) $$(FS_ARCH_FLAGS_$(2)) $(4) -Iruntime/include \
		-isystem $$(shell $$($(BUILD)/freestanding-$(2)_CC) -print-file-name=include) $$(FS_SMOKE_CFLAGS) \
		-static -nostdlib -no-pie -Wl,--build-id=none -T tests/qemu/$(2)/image.ld -o $$@ \
		tests/qemu/$(2)/start.S tests/qemu/$(2)/mmu.c tests/qemu/check.c $(3)
endef
$(eval $(call qemu_image,riscv64,riscv64,$(QEMU_CORE_riscv64),))
$(eval $(call qemu_image,riscv64-selftest,riscv64,$(QEMU_CORE_riscv64),-DPTF_QEMU_SELFTEST))
$(eval $(call qemu_image,riscv64-svpbmt,riscv64,$(QEMU_CORE_svpbmt),))
$(eval $(call qemu_image,aarch64,aarch64,$(QEMU_CORE_aarch64),-mstrict-align))
$(eval $(call qemu_image,aarch64-selftest,aarch64,$(QEMU_CORE_aarch64),-mstrict-align -DPTF_QEMU_SELFTEST))

# x86-64: a flat disk image for Bochs (the boot sector first, then the image it copies to
# 1 MiB: tests/qemu/x86_64/image.ld; padded to whole cylinders of 16 heads x 63 sectors),
# and the Bochs configuration that boots it headless
QEMU_X86_CC := $(BUILD)/freestanding-x86_64_CC
define bochs_image
$(QEMU_DIR)/$(1).elf: tests/qemu/x86_64/boot.S tests/qemu/x86_64/start.S tests/qemu/x86_64/mmu.c \
		tests/qemu/x86_64/image.ld $(QEMU_SRC) $(BUILD)/freestanding-x86_64/libptforge_core.a
	@mkdir -p $$(dir $$@)
	$$($(QEMU_X86_CC)) $$(FS_CFLAGS) $$(FS_ARCH_FLAGS_x86_64) $(2) -Iruntime/include \
		-isystem $$(shell $$($(QEMU_X86_CC)) -print-file-name=include) $$(FS_SMOKE_CFLAGS) -fno-pie \
		-static -nostdlib -no-pie -Wl,--build-id=none -T tests/qemu/x86_64/image.ld -o $$@ \
		tests/qemu/x86_64/boot.S tests/qemu/x86_64/start.S tests/qemu/x86_64/mmu.c tests/qemu/check.c \
		$(BUILD)/freestanding-x86_64/libptforge_core.a
$(QEMU_DIR)/$(1).img: $(QEMU_DIR)/$(1).elf
	x86_64-linux-gnu-objcopy -O binary $$< $$@
	truncate -s %516096 $$@
$(QEMU_DIR)/$(1).bochsrc: $(QEMU_DIR)/$(1).img
	printf '%s\n' 'memory: guest=2048, host=2048' 'cpu: model=corei7_haswell_4770, count=1' \
		'romimage: file=/usr/share/bochs/BIOS-bochs-latest' 'vgaromimage: file=/usr/share/vgabios/vgabios.bin' \
		"ata0-master: type=disk, path=$(1).img, mode=flat, cylinders=$$$$(($$$$(stat -c %s $$<) / 516096)), heads=16, spt=63" \
		'boot: disk' 'display_library: rfb, options="timeout=0"' 'port_e9_hack: enabled=1' \
		'log: $(1).bochs.log' 'panic: action=fatal' 'error: action=report' 'info: action=ignore' \
		'debug: action=ignore' 'clock: sync=none' 'sound: driver=dummy' 'speaker: enabled=0' > $$@
endef
$(eval $(call bochs_image,x86_64,))
$(eval $(call bochs_image,x86_64-selftest,-DPTF_QEMU_SELFTEST))
# Bochs starts in its debugger: "c" continues; the image ends the run through port 0x8900
# and says how it went on port 0xe9 (its last line). A run the timeout killed leaves the
# disk's lock file behind, which would make the next one panic ("image locked"): gone first
bochs_run = (cd $(QEMU_DIR) && rm -f $(1).img.lock && printf 'c\n' > bochs.rc && \
	$(QEMU_TIMEOUT) bochs -q -f $(1).bochsrc -rc bochs.rc) > $(QEMU_DIR)/$(1).log 2>&1

QEMU_IMAGES := $(addprefix $(QEMU_DIR)/,riscv64.elf riscv64-selftest.elf riscv64-svpbmt.elf aarch64.elf \
	aarch64-selftest.elf x86_64.bochsrc x86_64-selftest.bochsrc)

.PHONY: test-qemu
test-qemu: $(QEMU_DEPS_STAMP)
	@$(MAKE) --no-print-directory $(BUILD_JOBS) SOC=platforms/socs/qemu_virt_rv64.lua SAN= $(QEMU_CORE_svpbmt)
	@$(MAKE) --no-print-directory $(BUILD_JOBS) $(QEMU_IMAGES)
	$(QEMU_TIMEOUT) $(QEMU_RISCV) -cpu rv64,h=true -kernel $(QEMU_DIR)/riscv64.elf
	$(QEMU_TIMEOUT) $(QEMU_RISCV) -cpu rv64,h=true,svpbmt=true -kernel $(QEMU_DIR)/riscv64-svpbmt.elf
	$(QEMU_TIMEOUT) $(QEMU_ARM) -cpu max -kernel $(QEMU_DIR)/aarch64.elf
	$(QEMU_TIMEOUT) $(QEMU_ARM) -cpu cortex-a57 -kernel $(QEMU_DIR)/aarch64.elf
	@$(call bochs_run,x86_64) || true
	@sed -n '/^ptforge test-qemu/,/^test-qemu: /p' $(QEMU_DIR)/x86_64.log
	@grep -q '^test-qemu: every probe as ptforge expects' $(QEMU_DIR)/x86_64.log || \
		{ cat $(QEMU_DIR)/x86_64.log; echo "FAIL test-qemu: x86-64 under Bochs (log above)" >&2; exit 1; }
	@for format in x86_ept4 x86_64_4level; do grep -q "^$$format: .* 0 mismatches" $(QEMU_DIR)/x86_64.log || \
		{ echo "FAIL test-qemu: Bochs did not walk $$format (log: $(QEMU_DIR)/x86_64.log)" >&2; exit 1; }; done
	@$(call bochs_run,x86_64-selftest) || true
	@for image in riscv64 aarch64 x86_64; do \
		if [ $$image = riscv64 ]; then run="$(QEMU_RISCV) -cpu rv64,h=true"; else run="$(QEMU_ARM) -cpu max"; fi; \
		status=0; \
		if [ $$image = x86_64 ]; then \
			grep -q '^test-qemu: MISMATCHES' $(QEMU_DIR)/$$image-selftest.log && status=1; \
		else \
			$(QEMU_TIMEOUT) $$run -kernel $(QEMU_DIR)/$$image-selftest.elf >$(QEMU_DIR)/$$image-selftest.log 2>&1 || status=$$?; \
		fi; \
		if [ $$status -ne 1 ] || ! grep -q '^MISMATCH ' $(QEMU_DIR)/$$image-selftest.log; then \
			cat $(QEMU_DIR)/$$image-selftest.log; \
			echo "FAIL test-qemu: the $$image self-test (one leaf bit changed behind ptforge's back) exited $$status without the mismatch reported" >&2; \
			exit 1; \
		fi; \
		echo "$$image self-test: the changed leaf bit was caught:" $$(grep -c '^MISMATCH ' $(QEMU_DIR)/$$image-selftest.log) "mismatch(es), exit 1 as it must"; \
	done

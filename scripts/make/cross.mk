# scripts/make/cross.mk: make test-cross. Included by the Makefile, whose variables it uses.
#   The library, ptf, ptf-diff and the unit suites built with Debian's cross compilers
#   for aarch64 and riscv64, each in build/cross-ARCH/, and run under qemu-user with the
#   target's C library (/usr/TRIPLE): the differential driver against the reference
#   model, the scenario runner over every golden script, and the unit suites, through
#   the stand-in runner (tests/standin/: Debian's Criterion is not installed for these
#   targets). The same sources and flags as the native build: a warning on either
#   target fails it.

CROSS_ARCHS := aarch64 riscv64
# The unit suites under emulation run on SHAPE_FORMATS (the Makefile); the native run
# takes them all, and the differential driver and the golden scripts every format here too.

.PHONY: test-cross
test-cross: $(CROSS_DEPS_STAMP)
	@set -e; for arch in $(CROSS_ARCHS); do \
		triple=$$arch-linux-gnu; b=build/cross-$$arch; \
		$(MAKE) --no-print-directory $(BUILD_JOBS) BUILD=$$b CC=$$triple-gcc SAN=0 STANDIN=1 \
			$$b/ptf $$b/ptf-diff $$b/tests/unit; \
		echo "== $$arch under qemu-$$arch"; \
		export QEMU_LD_PREFIX=/usr/$$triple; \
		qemu-$$arch $$b/ptf-diff --ops $(DIFF_OPS) --seed 1; \
		qemu-$$arch $$b/ptf run --quiet tests/scripts/golden/*.ptf && echo "$$arch: golden scripts ok"; \
		PTF_TEST_FORMATS=$(SHAPE_FORMATS) qemu-$$arch $$b/tests/unit; \
	done

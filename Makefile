# ptforge: generate the walkers, build the library, the tools and the tests.
#   make           generate every platforms/*.lua and build libptforge (.a and .so)
#   make run       the demo on every format
#   make test      every test suite (SAN=1: under AddressSanitizer + UBSan; SAN=thread:
#                  under ThreadSanitizer; each in a build folder of its own)
#   make bench     latency benchmarks: table, build/bench.json, .csv and .svg
#   make soak      the differential test for 1,000,000 operations per format
#   make fuzz      libFuzzer on the script parser, the generator and the runtime (FUZZ_SECONDS each)
#   make SOC=platforms/socs/NAME.lua   a tuned build: that SoC's formats, host tools, and
#                  the freestanding core for its CPU (scripts/make/freestanding.mk)
#   make test-freestanding  the core without libc for x86-64, aarch64, riscv64
#   make test-cross         aarch64 and riscv64 builds under qemu-user (scripts/make/cross.mk)
#   make test-qemu          the tables under emulated MMUs: QEMU (RISC-V H, Arm EL2), Bochs
#                           (VMX with EPT) (scripts/make/qemu.mk, tests/qemu/)
#   make install / uninstall / dist / test-package   (scripts/make/package.mk)
#   EXTRA_CFLAGS=, EXTRA_LDFLAGS= add to the default flags; CC= picks the compiler
# Dependencies are installed on first use by scripts/install-deps (Debian, apt-get); the
# cross compilers and qemu-user by `scripts/install-deps cross`, when a target needs them.

SAN ?= 0
# what a sanitized build's folders are called after: build/san, build/tsan, build/soc-NAME-san...
SAN_NAME := $(if $(filter 1,$(SAN)),san,$(if $(filter thread,$(SAN)),tsan))
SAN_SUFFIX := $(if $(SAN_NAME),-$(SAN_NAME))
# SOC=platforms/socs/NAME.lua: a tuned build of just the formats that SoC file picks.
SOC ?=
ifneq ($(SOC),)
BUILD ?= build/soc-$(basename $(notdir $(SOC)))$(SAN_SUFFIX)
endif
ifeq ($(SAN),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(SAN),thread)
BUILD ?= build/tsan
SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
# any report fails the run
export TSAN_OPTIONS := halt_on_error=1
else
BUILD ?= build
SANFLAGS :=
endif

CC ?= cc
LUA ?= lua5.4
OPT ?= -O2
# -Wno-missing-field-initializers: struct ptf_hal grows optional trailing members, and a
# HAL written before them ({ ctx, alloc, free, virt, flush }) leaves them zero on purpose.
# EXTRA_CFLAGS / EXTRA_LDFLAGS add to these defaults (CFLAGS= would replace them all).
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=
CFLAGS := -std=c11 -Wall -Wextra -Werror -Wno-missing-field-initializers $(OPT) -g -fPIC $(SANFLAGS) $(EXTRA_CFLAGS)
CPPFLAGS := -Iruntime/include -Iruntime/script -Iruntime/tools -I$(BUILD)/gen
LDFLAGS := $(SANFLAGS) $(EXTRA_LDFLAGS)

GEN := $(BUILD)/gen
ifneq ($(SOC),)
# A SoC file names its CPU and formats; a bad one stops make here, with one line naming
# the file and the field, before anything is built. (Lua first, on a fresh machine.)
$(if $(shell command -v $(LUA) 2>/dev/null),,$(shell ./scripts/install-deps >&2))
SOC_PROBLEMS := $(shell $(LUA) build.lua --check --soc $(SOC) 2>&1 >/dev/null)
ifneq ($(SOC_PROBLEMS),)
$(error $(SOC_PROBLEMS))
endif
SOC_CROSS := $(shell $(LUA) build.lua --soc $(SOC) --cpu cross_compile)
SOC_CPU_FLAGS := $(shell $(LUA) build.lua --soc $(SOC) --cpu cflags)
SOC_CC := $(if $(SOC_CROSS),$(SOC_CROSS)gcc,$(CC))
ifeq ($(shell command -v $(SOC_CC) 2>/dev/null),)
$(error $(SOC): cpu.cross_compile: $(SOC_CC) is not installed (Debian: apt-get install gcc-$(SOC_CROSS:%-=%)))
endif
FORMATS := $(shell $(LUA) build.lua --list --soc $(SOC))
GEN_ARGS := --soc $(SOC)
GEN_INPUTS := $(SOC)
else
# PLATFORMS=FILE...: build other platform files than platforms/*.lua (tests use it)
PLATFORMS ?= $(wildcard platforms/*.lua)
FORMATS := $(sort $(basename $(notdir $(PLATFORMS))))
GEN_ARGS := $(PLATFORMS)
GEN_INPUTS := $(PLATFORMS)
endif
GEN_C := $(FORMATS:%=$(GEN)/ptf_%.c) $(GEN)/ptf_formats.c
GEN_H := $(FORMATS:%=$(GEN)/ptf_%.h) $(FORMATS:%=$(GEN)/ptf_%_layer.h) $(GEN)/ptf_formats.h
GENERATOR := build.lua $(wildcard gen/*.lua gen/rules/*.lua) $(wildcard templates/*.tpl)

# The core library (walkers, address space, area map, transactions, errors, registry)
# and the hosted HAL; the scenario language, ptf and the bench are tools built on them.
CORE_SRC := $(wildcard runtime/core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_C:$(BUILD)/%.c=$(BUILD)/obj/%.o)
HOST_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/host/*.c))
LIB_OBJ := $(CORE_OBJ) $(HOST_OBJ)
# the core and the generated walkers see the core's internal headers; nothing else does
$(CORE_OBJ): CPPFLAGS += -Iruntime/core
# only what the public headers mark PTF_API (all ptf_-prefixed) leaves libptforge.so
$(LIB_OBJ): CFLAGS += -fvisibility=hidden
LIB_VERSION := $(shell sed -n 's/^.define PTF_VERSION "\([^"]*\)".*/\1/p' runtime/include/ptforge/ptforge.h)
LIB_SONAME := libptforge.so.$(shell sed -n 's/^.define PTF_VERSION_MAJOR \([0-9][0-9]*\).*/\1/p' runtime/include/ptforge/ptforge.h)

# The scenario-script scanner is generated by re2c at build time, never committed.
SCRIPT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/script/*.c)) $(BUILD)/obj/gen/script_lexer.o
TOOL_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/tools/*.c runtime/bench/*.c))

DIFF_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/diff/*.c))

UNIT_SRC ?= $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
# the suites of the core's internal data structures see its internal headers
$(filter $(BUILD)/obj/tests/unit/test_core_%.o,$(UNIT_OBJ)): CPPFLAGS += -Iruntime/core
UNIT_BIN := $(BUILD)/tests/unit

DEPS_STAMP := build/.deps-ok
# Builds that a test target starts in a make of their own compile two files at a time (the
# machine's cores); the tests themselves still run one after the other.
BUILD_JOBS ?= -j2
# the cross compilers and qemu-user, for test-freestanding, test-cross and the SoC tests
CROSS_DEPS_STAMP := build/.cross-deps-ok
# the system emulators, for test-qemu
QEMU_DEPS_STAMP := build/.qemu-deps-ok
# A release tarball (make dist) carries the generated C of every platforms/*.lua and the
# re2c scanner in gen-prebuilt/: the default build copies them from there instead of
# running Lua and re2c, and needs no scripts/install-deps (scripts/make/package.mk).
# PREGEN= builds with the generator anyway.
PREGEN ?= $(if $(SOC)$(filter-out file,$(origin PLATFORMS)),,$(wildcard gen-prebuilt))
BUILD_DEPS := $(if $(PREGEN),,$(DEPS_STAMP))
# The differential driver runs one thread: ThreadSanitizer has nothing to find in it, and
# it runs thirty times slower there, so that build takes a short run of it.
DIFF_OPS ?= $(if $(filter thread,$(SAN)),300,20000)
# Formats that between them have every shape the runtime meets (concatenated and x4
# roots, 64 KiB granule, 32-bit entries, permissions by another permission, tables
# without a valid bit): the unit suites and the bench smoke under a sanitizer and under
# emulation take these, the plain native run every format.
SHAPE_FORMATS := x86_ept4,arm64_s2_4k_ipa40,arm64_s2_64k_ipa42,riscv_sv32x4,riscv_sv39x4,arm64_s1_4k_va48,loongarch64_4level

.PHONY: all deps gen run test test-unit test-gen test-lib test-scripts test-bench-smoke test-diff test-valgrind test-soc soak fuzz bench clean
all: $(BUILD)/libptforge.a $(BUILD)/libptforge.so $(BUILD)/ptf

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps
	./scripts/install-deps
	@mkdir -p $(dir $@) && touch $@
$(CROSS_DEPS_STAMP): scripts/install-deps | $(DEPS_STAMP)
	./scripts/install-deps cross
	@mkdir -p $(dir $@) && touch $@
$(QEMU_DEPS_STAMP): scripts/install-deps | $(CROSS_DEPS_STAMP)
	./scripts/install-deps qemu
	@mkdir -p $(dir $@) && touch $@

gen: $(GEN_C)
# build.lua leaves unchanged outputs untouched, so a stamp records when it last ran.
# The list of inputs is a prerequisite too: removing a platform file regenerates.
PLATFORM_LIST := $(GEN)/.inputs
$(shell mkdir -p $(GEN) && echo '$(GEN_ARGS)' | cmp -s - $(PLATFORM_LIST) || echo '$(GEN_ARGS)' > $(PLATFORM_LIST))
ifeq ($(PREGEN),)
$(GEN)/.stamp: $(wildcard platforms/*.lua) $(GEN_INPUTS) $(GENERATOR) $(PLATFORM_LIST) | $(DEPS_STAMP)
	$(LUA) build.lua --out $(GEN) $(GEN_ARGS)
	@touch $@
endif
$(GEN_C) $(GEN_H): $(GEN)/.stamp ;

$(BUILD)/obj/%.o: %.c $(GEN_H) | $(BUILD_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

ifeq ($(PREGEN),)
$(GEN)/script_lexer.c: runtime/script/script_lexer.re | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	re2c -W --no-generation-date -o $@ $<
endif

$(BUILD)/obj/gen/%.o: $(GEN)/%.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libptforge.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libptforge.so.$(LIB_VERSION): $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -Wl,-soname,$(LIB_SONAME) -o $@ $^ -pthread

$(BUILD)/libptforge.so: $(BUILD)/libptforge.so.$(LIB_VERSION)
	ln -sf libptforge.so.$(LIB_VERSION) $(BUILD)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $@

$(BUILD)/ptf: $(TOOL_OBJ) $(SCRIPT_OBJ) $(BUILD)/libptforge.a
	$(CC) $(LDFLAGS) -o $@ $^ -lm -pthread

# One binary for every Criterion suite, so a run ends with one summary. Criterion cannot
# start under ThreadSanitizer, and cross builds have none for their target
# (tests/standin/criterion/criterion.h): there the suites are built against a stand-in
# for the part of its API they use, and tests/standin/runner.c (STANDIN=1).
STANDIN ?= $(if $(filter thread,$(SAN)),1)
ifeq ($(STANDIN),1)
$(UNIT_OBJ): CPPFLAGS += -Itests/standin
$(UNIT_BIN): $(UNIT_OBJ) $(BUILD)/obj/tests/standin/runner.o $(BUILD)/libptforge.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -pthread
else
$(UNIT_BIN): $(UNIT_OBJ) $(BUILD)/libptforge.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $$(pkg-config --libs criterion) -pthread
endif

$(BUILD)/ptf-diff: $(DIFF_OBJ) $(BUILD)/libptforge.a
	$(CC) $(LDFLAGS) -o $@ $^ -pthread

run: all
	$(BUILD)/ptf demo

# The freestanding core and the cross builds are not sanitized: plain runs take them.
test: test-gen test-lib test-scripts test-soc test-bench-smoke test-diff test-unit test-package \
	$(if $(SAN_NAME),,test-freestanding test-cross test-qemu test-fuzz)

# The shared library: a SONAME, and no exported symbol without the ptf_ prefix.
test-lib: $(BUILD)/libptforge.so $(BUILD)/libptforge.a
	BUILD=$(BUILD) SONAME=$(LIB_SONAME) sh tests/lib/check_exports.sh

# Every shipped SoC file builds on its own (host tools, and the freestanding core for its
# CPU, run under qemu-user as that CPU), and its formats encode as the manuals say; a
# malformed SoC file stops make with one line; a SoC build with a fixed direct map folds
# it into the walkers and still runs every script. (That last one not under
# ThreadSanitizer, whose shadow memory takes the addresses that fixed map puts the hosted
# arena at.)
SOC_QEMU_rpi4 := qemu-aarch64 -cpu cortex-a72
# (TCG lacks parts of the Cascadelake-Server model, AVX-512 among them, and warns; code
# built with -mgeneral-regs-only uses none of them, so its most capable CPU stands in)
SOC_QEMU_xeon_cascadelake := qemu-x86_64 -cpu max
SOC_QEMU_qemu_virt_rv64 := qemu-riscv64 -cpu rv64
FIXED_DM_BUILD := build/soc-host_fixed_direct_map$(SAN_SUFFIX)
# Hardware dirty bits turned on in the three ways the architectures have them: the
# suites of dirty logging by the MMU's bits, the encodings, the differential driver.
HW_DIRTY_BUILD := build/soc-host_hardware_dirty$(SAN_SUFFIX)
test-soc: $(DEPS_STAMP) $(CROSS_DEPS_STAMP)
	sh tests/socs/run_bad_socs.sh
	$(MAKE) --no-print-directory $(BUILD_JOBS) SOC=platforms/socs/qemu_virt_rv64.lua SAN=$(SAN) all \
		build/soc-qemu_virt_rv64$(SAN_SUFFIX)/freestanding/smoke
	build/soc-qemu_virt_rv64$(SAN_SUFFIX)/ptf run --quiet tests/scripts/soc/qemu_virt_rv64.ptf && echo "soc build: ok"
	$(SOC_QEMU_qemu_virt_rv64) build/soc-qemu_virt_rv64$(SAN_SUFFIX)/freestanding/smoke
	@set -e; for soc in rpi4 xeon_cascadelake; do \
		b=build/soc-$$soc$(SAN_SUFFIX); \
		$(MAKE) --no-print-directory $(BUILD_JOBS) SOC=platforms/socs/$$soc.lua SAN=$(SAN) \
			UNIT_SRC="tests/socs/test_$$soc.c tests/unit/test_aspace_hardware_dirty.c" \
			all $$b/tests/unit $$b/freestanding/smoke; \
		$$b/tests/unit --jobs 2; \
	done
	$(SOC_QEMU_rpi4) build/soc-rpi4$(SAN_SUFFIX)/freestanding/smoke
	$(SOC_QEMU_xeon_cascadelake) build/soc-xeon_cascadelake$(SAN_SUFFIX)/freestanding/smoke
	$(MAKE) --no-print-directory $(BUILD_JOBS) SOC=tests/socs/host_hardware_dirty.lua SAN=$(SAN) \
		UNIT_SRC="tests/unit/test_aspace_hardware_dirty.c tests/socs/test_hardware_dirty.c" \
		$(HW_DIRTY_BUILD)/tests/unit $(HW_DIRTY_BUILD)/ptf-diff
	$(HW_DIRTY_BUILD)/tests/unit --jobs 2
	$(HW_DIRTY_BUILD)/ptf-diff --ops $(DIFF_OPS) --seed 1
ifneq ($(SAN),thread)
	$(MAKE) --no-print-directory $(BUILD_JOBS) SOC=tests/socs/host_fixed_direct_map.lua SAN=$(SAN) \
		UNIT_SRC=tests/socs/test_fixed_direct_map.c $(FIXED_DM_BUILD)/ptf $(FIXED_DM_BUILD)/tests/unit
	$(FIXED_DM_BUILD)/ptf run --quiet tests/scripts/golden/x86_ept4.ptf tests/scripts/golden/arm64_s2_4k_ipa48.ptf \
		&& echo "fixed direct map: golden scripts ok"
	$(FIXED_DM_BUILD)/tests/unit --jobs 2
endif

# The differential run against the reference model: a few seconds with a fixed seed.
test-diff: $(BUILD)/ptf-diff
	$(BUILD)/ptf-diff --ops $(DIFF_OPS) --seed 1
	$(BUILD)/ptf-diff --ops $(DIFF_OPS) --seed 2 --records-from-frames

# The CLI on every golden script under valgrind memcheck: no error, no leak.
test-valgrind: $(BUILD)/ptf
	@set -e; for f in tests/scripts/golden/*.ptf; do \
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
			$(BUILD)/ptf run --quiet $$f || { echo "valgrind: $$f"; exit 1; }; \
	done; echo "valgrind: every golden script clean"

# A long one: 1,000,000 operations per format.
soak: $(BUILD)/ptf-diff
	$(BUILD)/ptf-diff --ops 1000000 --seed $$(date +%s)

# (under a sanitizer, on the formats that have every shape the runtime meets)
test-bench-smoke: $(BUILD)/ptf
	./scripts/install-deps bench
	PTF=$(BUILD)/ptf $(if $(SAN_NAME),BENCH_FORMATS=$(SHAPE_FORMATS)) sh tests/bench/smoke.sh

# libFuzzer targets (clang, with AddressSanitizer and UndefinedBehaviorSanitizer): the
# script scanner and parser; the generator's checks, guided by the lines of gen/ it runs;
# the runtime against the differential driver's reference model (README.md, Fuzzing).
#   make fuzz        each target for FUZZ_SECONDS, corpora kept under build/fuzz/
#   make test-fuzz   each target over its seeds and tests/fuzz/findings/ once (no new
#                    fuzzing): what crashed once stays fixed (part of make test)
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -Iruntime/include -Iruntime/script -Ibuild/fuzz/gen
# the library and the generated formats, instrumented once for both targets that run them
FUZZ_LIB_CFLAGS := $(subst fuzzer,fuzzer-no-link,$(FUZZ_CFLAGS)) -Iruntime/core
FUZZ_GEN_C := $(patsubst platforms/%.lua,build/fuzz/gen/ptf_%.c,$(wildcard platforms/*.lua)) build/fuzz/gen/ptf_formats.c
FUZZ_LIB_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(wildcard runtime/core/*.c runtime/host/*.c)) \
	$(patsubst build/fuzz/gen/%.c,build/fuzz/obj/gen/%.o,$(FUZZ_GEN_C))
FUZZ_HEADERS := $(wildcard runtime/core/*.h runtime/core/*/*.h runtime/include/ptforge/*.h runtime/include/ptforge/*/*.h)
FUZZ_PARSER_SRC := runtime/script/script_parser.c runtime/script/script_messages.c build/fuzz/gen/script_lexer.c
# the differential engine and model, without the random driver's main (diff.c)
FUZZ_DIFF_SRC := $(filter-out tests/diff/diff.c,$(wildcard tests/diff/*.c))
# the runtime target's input: a 3-byte header and at most 512 operations of 32 bytes
FUZZ_RUNTIME_MAX_LEN := 16387
FUZZ_FINDINGS := tests/fuzz/findings

build/fuzz/gen/.stamp: $(wildcard platforms/*.lua) $(GENERATOR) runtime/script/script_lexer.re
	./scripts/install-deps fuzz
	$(LUA) build.lua --out build/fuzz/gen $(wildcard platforms/*.lua)
	re2c -W --no-generation-date -o build/fuzz/gen/script_lexer.c runtime/script/script_lexer.re
	@touch $@
$(FUZZ_GEN_C) build/fuzz/gen/script_lexer.c: build/fuzz/gen/.stamp ;

build/fuzz/obj/%.o: %.c $(FUZZ_HEADERS) | build/fuzz/gen/.stamp
	@mkdir -p $(dir $@)
	clang $(FUZZ_LIB_CFLAGS) -c $< -o $@
build/fuzz/obj/gen/%.o: build/fuzz/gen/%.c $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_LIB_CFLAGS) -c $< -o $@
build/fuzz/libptforge.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/fuzz/fuzz_script: tests/fuzz/fuzz_script.c $(FUZZ_PARSER_SRC) $(wildcard runtime/script/*.h) build/fuzz/libptforge.a
	clang $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_script.c $(FUZZ_PARSER_SRC) build/fuzz/libptforge.a

build/fuzz/fuzz_platform: tests/fuzz/fuzz_platform.c build/fuzz/gen/.stamp
	clang $(FUZZ_CFLAGS) $$(pkg-config --cflags lua5.4) -o $@ tests/fuzz/fuzz_platform.c $$(pkg-config --libs lua5.4)

build/fuzz/fuzz_runtime: tests/fuzz/fuzz_runtime.c tests/fuzz/runtime_seeds.c tests/fuzz/runtime_input.h tests/fuzz/runtime_ignore.txt \
		$(FUZZ_DIFF_SRC) $(wildcard tests/diff/*.h) runtime/tools/mmu_sim.h $(FUZZ_PARSER_SRC) build/fuzz/libptforge.a
	clang $(FUZZ_CFLAGS) -fsanitize-coverage-ignorelist=tests/fuzz/runtime_ignore.txt -Iruntime/tools -Itests/diff \
		-o $@ tests/fuzz/fuzz_runtime.c tests/fuzz/runtime_seeds.c $(FUZZ_DIFF_SRC) $(FUZZ_PARSER_SRC) \
		build/fuzz/libptforge.a -pthread

# the runtime target's seeds: the golden scripts, one input per format section
build/fuzz/seeds-runtime/.stamp: build/fuzz/fuzz_runtime $(wildcard tests/scripts/golden/*.ptf)
	rm -rf build/fuzz/seeds-runtime && mkdir -p build/fuzz/seeds-runtime
	build/fuzz/fuzz_runtime --seeds-from-scripts build/fuzz/seeds-runtime tests/scripts/golden/*.ptf
	@touch $@

FUZZ_TARGETS := build/fuzz/fuzz_script build/fuzz/fuzz_platform build/fuzz/fuzz_runtime build/fuzz/seeds-runtime/.stamp
# seeds per target, then what it once found (kept by hand under tests/fuzz/findings/TARGET)
FUZZ_SCRIPT_SEEDS := tests/scripts/golden tests/scripts/bad tests/scripts/failing $(wildcard $(FUZZ_FINDINGS)/script)
FUZZ_PLATFORM_SEEDS := platforms tests/platforms/bad $(wildcard $(FUZZ_FINDINGS)/platform)
FUZZ_RUNTIME_SEEDS := build/fuzz/seeds-runtime $(wildcard $(FUZZ_FINDINGS)/runtime)

.PHONY: test-fuzz fuzz-planted
fuzz: $(FUZZ_TARGETS)
	mkdir -p build/fuzz/corpus-script build/fuzz/corpus-platform build/fuzz/corpus-runtime
	build/fuzz/fuzz_script -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -max_len=4096 \
		-artifact_prefix=build/fuzz/script- build/fuzz/corpus-script $(FUZZ_SCRIPT_SEEDS)
	build/fuzz/fuzz_platform -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -max_len=8192 -timeout=10 \
		-artifact_prefix=build/fuzz/platform- build/fuzz/corpus-platform $(FUZZ_PLATFORM_SEEDS)
	build/fuzz/fuzz_runtime -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -max_len=$(FUZZ_RUNTIME_MAX_LEN) \
		-timeout=60 -rss_limit_mb=4096 -artifact_prefix=build/fuzz/runtime- build/fuzz/corpus-runtime $(FUZZ_RUNTIME_SEEDS)

# -runs=0: every input of the corpora once; the first folder (emptied) takes nothing back
test-fuzz: $(FUZZ_TARGETS)
	rm -rf build/fuzz/regression && mkdir -p build/fuzz/regression/script build/fuzz/regression/platform \
		build/fuzz/regression/runtime
	build/fuzz/fuzz_script -runs=0 -max_len=4096 build/fuzz/regression/script $(FUZZ_SCRIPT_SEEDS) 2>build/fuzz/regression/script.log \
		|| { tail -n 40 build/fuzz/regression/script.log; exit 1; }
	build/fuzz/fuzz_platform -runs=0 -max_len=8192 -timeout=10 build/fuzz/regression/platform $(FUZZ_PLATFORM_SEEDS) \
		2>build/fuzz/regression/platform.log || { tail -n 40 build/fuzz/regression/platform.log; exit 1; }
	build/fuzz/fuzz_runtime -runs=0 -max_len=$(FUZZ_RUNTIME_MAX_LEN) -timeout=60 -rss_limit_mb=4096 \
		build/fuzz/regression/runtime $(FUZZ_RUNTIME_SEEDS) 2>build/fuzz/regression/runtime.log \
		|| { tail -n 60 build/fuzz/regression/runtime.log; exit 1; }
	@for t in script platform runtime; do \
		printf 'fuzz regression: %s: %s\n' $$t "$$(grep -o 'INITED.*corp: [0-9]*/[0-9a-zA-Z]*' build/fuzz/regression/$$t.log | tail -n 1)"; \
	done

# The platform fuzzer finds a planted generator bug within a minute (tests/fuzz/planted_bug.sh).
fuzz-planted: build/fuzz/fuzz_platform
	sh tests/fuzz/planted_bug.sh

# Latency per format against the floors and the generic walker; see README.md.
bench: $(BUILD)/ptf
	./scripts/install-deps bench
	$(BUILD)/ptf bench --json $(BUILD)/bench.json --csv $(BUILD)/bench.csv --plot $(BUILD)/bench.svg

test-scripts: $(BUILD)/ptf
	PTF=$(BUILD)/ptf sh tests/scripts/run.sh

test-unit: $(UNIT_BIN)
	$(if $(SAN_NAME),PTF_TEST_FORMATS=$(SHAPE_FORMATS)) $(UNIT_BIN) --jobs 2

test-gen: $(DEPS_STAMP)
	$(LUA) tests/gen/run_bad_platforms.lua
	$(LUA) tests/gen/problem_coverage.lua

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

include scripts/make/package.mk
include scripts/make/freestanding.mk
include scripts/make/cross.mk
include scripts/make/qemu.mk

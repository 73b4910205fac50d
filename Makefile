# ptforge: generate the walkers, build the library, the tools and the tests.
#   make           generate every platforms/*.lua and build libptforge (.a and .so)
#   make run       the demo on every format
#   make test      every test suite (SAN=1: under AddressSanitizer + UBSan)
# Dependencies are installed on first use by scripts/install-deps (Debian, apt-get).

SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SANFLAGS :=
endif

CC ?= cc
LUA ?= lua5.4
OPT ?= -O2
CFLAGS := -std=c11 -Wall -Wextra -Werror $(OPT) -g -fPIC $(SANFLAGS)
CPPFLAGS := -Iruntime/include -I$(BUILD)/gen
LDFLAGS := $(SANFLAGS)

GEN := $(BUILD)/gen
FORMATS := $(sort $(basename $(notdir $(wildcard platforms/*.lua))))
GEN_C := $(FORMATS:%=$(GEN)/ptf_%.c) $(GEN)/ptf_formats.c
GEN_H := $(FORMATS:%=$(GEN)/ptf_%.h)
GENERATOR := build.lua $(wildcard gen/*.lua) $(wildcard templates/*.tpl)

RUNTIME_SRC := $(wildcard runtime/src/*.c)
LIB_OBJ := $(RUNTIME_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_C:$(BUILD)/%.c=$(BUILD)/obj/%.o)

UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(BUILD)/tests/unit

DEPS_STAMP := build/.deps-ok

.PHONY: all deps gen run test test-unit test-gen clean
all: $(BUILD)/libptforge.a $(BUILD)/libptforge.so $(BUILD)/ptf-demo

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps
	./scripts/install-deps
	@mkdir -p $(dir $@) && touch $@

gen: $(GEN_C)
# build.lua leaves unchanged outputs untouched, so a stamp records when it last ran.
$(GEN)/.stamp: $(wildcard platforms/*.lua) $(GENERATOR) | $(DEPS_STAMP)
	$(LUA) build.lua --out $(GEN) $(wildcard platforms/*.lua)
	@touch $@
$(GEN_C) $(GEN_H): $(GEN)/.stamp ;

$(BUILD)/obj/%.o: %.c $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/gen/%.o: $(GEN)/%.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libptforge.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libptforge.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^

$(BUILD)/ptf-demo: $(BUILD)/obj/runtime/tools/ptf_demo.o $(BUILD)/libptforge.a
	$(CC) $(LDFLAGS) -o $@ $^

# One binary for every Criterion suite, so a run ends with one summary.
$(UNIT_BIN): $(UNIT_OBJ) $(BUILD)/libptforge.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $$(pkg-config --libs criterion)

run: all
	$(BUILD)/ptf-demo

test: test-gen test-unit

test-unit: $(UNIT_BIN)
	$(UNIT_BIN) --jobs 2

test-gen: $(DEPS_STAMP)
	$(LUA) tests/gen/run_bad_platforms.lua

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

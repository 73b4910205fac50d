# scripts/make/package.mk: installing, the pkg-config file, the release tarball, and their
# test. Included at the end of the Makefile, whose variables it uses.
#   make install [PREFIX=/usr/local] [DESTDIR=] [BINDIR= LIBDIR= INCLUDEDIR= DATADIR= MANDIR= PKGCONFIGDIR=]
#   make uninstall     with the same variables: takes away what install put there
#   make dist          $(BUILD)/ptforge-VERSION.tar.gz: the sources and the generated C
#                      (gen-prebuilt/), so that a C compiler alone builds it
#   make test-package  install, an embedder's program against the installed tree,
#                      uninstall; the tarball built without Lua or re2c (tests/package/)

# ---- the version: runtime/include/ptforge/ptforge.h, read by the Makefile ----
PTF_VERSION_H := runtime/include/ptforge/ptforge.h
ifeq ($(LIB_VERSION),)
$(error $(PTF_VERSION_H): no PTF_VERSION "X.Y.Z" define found)
endif
PTF_VERSION_PARTS := $(foreach p,MAJOR MINOR PATCH,$(shell sed -n 's/^.define PTF_VERSION_$(p) \([0-9][0-9]*\).*/\1/p' $(PTF_VERSION_H)))
ifneq ($(subst ., ,$(LIB_VERSION)),$(PTF_VERSION_PARTS))
$(error $(PTF_VERSION_H): PTF_VERSION "$(LIB_VERSION)" disagrees with PTF_VERSION_MAJOR/MINOR/PATCH ($(PTF_VERSION_PARTS)))
endif

# ---- install, uninstall ----
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL ?= install

# Public headers as they sit under runtime/include (ptforge/aspace.h, ptforge/walker/...),
# and their folders, parents first.
PKG_HEADERS := $(sort $(shell cd runtime/include && find ptforge -name '*.h'))
PKG_HEADER_DIRS := $(sort $(patsubst %/,%,$(dir $(PKG_HEADERS))))
# The generated per-format headers go to ptforge/formats/: ptf_F.h includes
# <ptforge/ptforge.h>, <ptforge/walker/query.h> and "ptf_F_layer.h" beside it, so
# -I$(INCLUDEDIR) alone serves #include <ptforge/formats/ptf_formats.h>.
PKG_FORMAT_HEADERS := $(notdir $(GEN_H))
PKG_PLATFORMS := $(sort $(shell find platforms -name '*.lua'))
PKG_PLATFORM_DIRS := $(sort $(patsubst %/,%,$(dir $(PKG_PLATFORMS))))

PKG_INC := $(DESTDIR)$(INCLUDEDIR)
PKG_SHARE := $(DESTDIR)$(DATADIR)/ptforge
# the folders install creates under include/ptforge and share/ptforge
PKG_OWN_DIRS := $(addprefix $(PKG_INC)/,$(PKG_HEADER_DIRS) ptforge/formats) $(PKG_SHARE) \
	$(addprefix $(PKG_SHARE)/,$(PKG_PLATFORM_DIRS))
# every file install writes
PKG_LIB_FILES := libptforge.a libptforge.so.$(LIB_VERSION) $(LIB_SONAME) libptforge.so
PKG_FILES := $(addprefix $(PKG_INC)/,$(PKG_HEADERS)) $(addprefix $(PKG_INC)/ptforge/formats/,$(PKG_FORMAT_HEADERS)) \
	$(addprefix $(DESTDIR)$(LIBDIR)/,$(PKG_LIB_FILES)) $(DESTDIR)$(PKGCONFIGDIR)/ptforge.pc \
	$(DESTDIR)$(BINDIR)/ptf $(DESTDIR)$(MANDIR)/man1/ptf.1 $(addprefix $(PKG_SHARE)/,$(PKG_PLATFORMS))

# A path under PREFIX as the .pc file writes it (${prefix}/lib), others as they are.
pkg_pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
# The files of the list $(2) that sit in folder $(1) itself.
pkg_in_dir = $(foreach f,$(2),$(if $(filter $(1)/,$(dir $(f))),$(f)))

.PHONY: install uninstall dist test-package
install: all $(GEN_H)
	$(INSTALL) -d $(PKG_OWN_DIRS) $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	$(foreach d,$(PKG_HEADER_DIRS),$(INSTALL) -m 644 $(addprefix runtime/include/,$(call pkg_in_dir,$(d),$(PKG_HEADERS))) $(PKG_INC)/$(d) && ) true
	$(INSTALL) -m 644 $(GEN_H) $(PKG_INC)/ptforge/formats
	$(INSTALL) -m 644 $(BUILD)/libptforge.a $(DESTDIR)$(LIBDIR)
	$(INSTALL) -m 755 $(BUILD)/libptforge.so.$(LIB_VERSION) $(DESTDIR)$(LIBDIR)
	ln -sf libptforge.so.$(LIB_VERSION) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libptforge.so
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@libdir@|$(call pkg_pc_path,$(LIBDIR))|' \
		-e 's|@includedir@|$(call pkg_pc_path,$(INCLUDEDIR))|' -e 's|@datadir@|$(call pkg_pc_path,$(DATADIR))|' \
		-e 's|@version@|$(LIB_VERSION)|' scripts/ptforge.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/ptforge.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/ptforge.pc
	$(INSTALL) -m 755 $(BUILD)/ptf $(DESTDIR)$(BINDIR)
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 644 docs/ptf.1 $(DESTDIR)$(MANDIR)/man1
	$(foreach d,$(PKG_PLATFORM_DIRS),$(INSTALL) -m 644 $(call pkg_in_dir,$(d),$(PKG_PLATFORMS)) $(PKG_SHARE)/$(d) && ) true

# Files by name, as install lists them (nothing else under these folders is touched); then
# the folders install made under include/ptforge and share/ptforge, once empty.
uninstall:
	rm -f $(PKG_FILES)
	@for d in $$(printf '%s\n' $(PKG_OWN_DIRS) | sort -r); do \
		if [ -d "$$d" ] && [ -z "$$(ls -A "$$d")" ]; then echo "rmdir $$d"; rmdir "$$d"; fi; \
	done

# ---- the release tarball ----
DIST_NAME := ptforge-$(LIB_VERSION)
DIST_STAGE := $(BUILD)/dist
DIST_TARBALL := $(BUILD)/$(DIST_NAME).tar.gz
ifneq ($(filter dist test-package,$(MAKECMDGOALS)),)
ifneq ($(SOC)$(filter-out file,$(origin PLATFORMS)),)
$(error make $(filter dist test-package,$(MAKECMDGOALS)): the tarball carries the C of every platforms/*.lua; leave SOC and PLATFORMS unset)
endif
endif
# The sources are the files git knows in this working tree (tracked, as they are now, and
# untracked ones not ignored); outside a git working tree, every file. Build folders and
# an old gen-prebuilt/ stay out.
dist: $(GEN_C) $(GEN_H) $(GEN)/script_lexer.c
	rm -rf $(DIST_STAGE) && mkdir -p $(DIST_STAGE)/$(DIST_NAME)/gen-prebuilt
	{ if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files --cached --others --exclude-standard; \
	else \
		find . -path ./.git -prune -o -type f -print | sed 's|^\./||'; \
	fi; } | sort -u | while IFS= read -r f; do [ ! -f "$$f" ] || printf '%s\n' "$$f"; done | \
		grep -v -e '^build/' -e '^$(BUILD)/' -e '^gen-prebuilt/' > $(DIST_STAGE)/files
	tar -cf - -T $(DIST_STAGE)/files | tar -xf - -C $(DIST_STAGE)/$(DIST_NAME)
	cp $(GEN_C) $(GEN_H) $(GEN)/script_lexer.c $(DIST_STAGE)/$(DIST_NAME)/gen-prebuilt/
	printf '%s\n' "What make dist generated from platforms/*.lua (ptforge $(LIB_VERSION)) and the re2c scanner." \
		"The Makefile copies these instead of running Lua and re2c while this folder exists;" \
		"make PREGEN= (with Lua 5.4 and re2c) generates them again." > $(DIST_STAGE)/$(DIST_NAME)/gen-prebuilt/README
	tar -C $(DIST_STAGE) --sort=name --owner=0 --group=0 --numeric-owner -cf - $(DIST_NAME) | gzip -9n > $(DIST_TARBALL).tmp
	mv $(DIST_TARBALL).tmp $(DIST_TARBALL)
	rm -rf $(DIST_STAGE)
	@echo "dist: $(DIST_TARBALL)"

# ---- building from the tarball: gen-prebuilt/ instead of Lua and re2c ----
# (the Makefile leaves its generator and re2c rules out when PREGEN is set)
ifneq ($(PREGEN),)
PREGEN_FORMATS := $(sort $(patsubst $(PREGEN)/ptf_%_layer.h,%,$(wildcard $(PREGEN)/ptf_*_layer.h)))
$(GEN)/.stamp: $(wildcard $(PREGEN)/*) $(GEN_INPUTS) $(GENERATOR) $(PLATFORM_LIST)
	@if [ "$(PREGEN_FORMATS)" != "$(FORMATS)" ]; then \
		echo "$(PREGEN)/ holds the C of [$(PREGEN_FORMATS)], platforms/ describes [$(FORMATS)]:" \
			"generate with Lua 5.4 and re2c: make PREGEN=" >&2; exit 1; fi
	@stale=$$(find $(GEN_INPUTS) $(GENERATOR) -newer $(PREGEN)/ptf_formats.h); [ -z "$$stale" ] || \
		echo "warning: newer than the generated C in $(PREGEN)/ (make PREGEN= generates it again):" $$stale >&2
	@mkdir -p $(GEN)
	cp $(addprefix $(PREGEN)/,$(notdir $(GEN_C) $(GEN_H))) $(GEN)/
	@touch $@
$(GEN)/script_lexer.c: $(PREGEN)/script_lexer.c
	@mkdir -p $(dir $@)
	cp $< $@
endif

# ---- the test ----
test-package: all
	BUILD=$(BUILD) MAKE='$(MAKE)' CC='$(CC)' SANFLAGS='$(SANFLAGS)' sh tests/package/check.sh

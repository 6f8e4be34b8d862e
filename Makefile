# memfit: plain Makefile. `make help` lists the targets.

PKG_CONFIG ?= pkg-config
DEPS        = libelf libdw yaml-0.1 libcjson
# Linked: all but libdw, which src/input/dwarf_lines.c opens when a finding wants
# a source line (it and its compression libraries slowed every start).
LINK_DEPS   = libelf yaml-0.1 libcjson
CC         ?= cc
CFLAGS     ?= -O2 -g
WARN        = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	      -Wold-style-definition -Wmissing-prototypes -Wnull-dereference \
	      -Wimplicit-fallthrough -Wpointer-arith -Wwrite-strings -Wundef
STD         = -std=gnu11

prefix     ?= /usr/local
PREFIX     ?= $(prefix)
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/memfit
MANDIR     ?= $(PREFIX)/share/man
LIBDIR     ?= $(PREFIX)/lib
# SARIF's helpUri for a rule is DOC_URL#RULE: memfit(1) as HTML
# (mandoc -Thtml man/memfit.1 gives each rule an anchor named after its
# id). Code scanning wants an absolute https URL; memfit has no public
# site, so the default is a placeholder under the reserved .invalid
# domain: whoever builds memfit for a team sets DOC_URL to where they
# publish the page (README, "In CI").
DOC_URL    ?= https://memfit.invalid/memfit.1.html
ifeq ($(strip $(DOC_URL)),)
override DOC_URL = https://memfit.invalid/memfit.1.html
endif

ifeq ($(SANITIZE),1)
O          ?= build/san
SANFLAGS    = -fsanitize=address,undefined -fno-omit-frame-pointer \
	      -fno-sanitize-recover=undefined
else
O          ?= build/rel
SANFLAGS    =
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(LINK_DEPS) 2>/dev/null) -ldl
CRIT_CFLAGS := $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
CRIT_LIBS  := $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

ALL_CPPFLAGS = -Iinclude -D_GNU_SOURCE -DMEMFIT_DATADIR='"$(DATADIR)"' \
	       -DMEMFIT_DOC_URL='"$(DOC_URL)"' $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(STD) $(WARN) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(SANFLAGS) $(LDFLAGS)

# src/ is in folders by layer (src/README.md); objects keep the folders.
LAYERS     := base model input core gen render cli
SRCS       := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
LIB_SRCS   := $(filter-out src/cli/main.c,$(SRCS))
# The HTML report's page, style and script, compiled in as byte arrays by
# a generator of our own (src/render/html/embed.c, built for this host),
# so the binary needs nothing at run time. One generated file serves
# every build variant.
HTML_ASSETS := src/render/html/report.html src/render/html/report.css \
	       src/render/html/report.js
HTML_GEN   := build/gen/html_assets.c
LIB_OBJS   := $(patsubst src/%.c,$(O)/%.o,$(LIB_SRCS)) $(O)/html_assets.o
MAIN_OBJ   := $(O)/cli/main.o
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))
MEMFIT     := $(O)/memfit

.PHONY: all help test unit cli-test valgrind-test schema-test demo clean install uninstall deps deps-check cli-update layering

## all: build ./memfit
all: memfit

memfit: $(MEMFIT)
	@if [ "$(O)" = build/rel ]; then cp -f $(MEMFIT) memfit; fi

$(MEMFIT): $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

build/gen/embed: src/render/html/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) -O2 -o $@ $<

$(HTML_GEN): build/gen/embed $(HTML_ASSETS)
	build/gen/embed $(HTML_ASSETS) >$@.tmp && mv -f $@.tmp $@

$(O)/html_assets.o: $(HTML_GEN) | $(O)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/%.o: src/%.c | $(O)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(O)/tests
	$(CC) $(ALL_CPPFLAGS) $(CRIT_CFLAGS) $(ALL_CFLAGS) \
	    -DFIXTURES_DIR='"$(CURDIR)/fixtures"' \
	    -DSHARED_DIR='"$(CURDIR)/../shared"' -o $@ $< $(LIB_OBJS) \
	    $(ALL_LDFLAGS) $(CRIT_LIBS) $(PKG_LIBS) $(LDLIBS)

$(O) $(O)/tests:
	mkdir -p $@

-include $(wildcard $(O)/*/*.d)

## deps: install build and test dependencies when some are missing
deps:
	@scripts/ensure-deps.sh

# The tests never install anything: they say what is missing instead.
deps-check:
	@scripts/ensure-deps.sh --check

## test: unit tests (Criterion) and CLI/link tests (run 'make deps' first)
test: deps-check
	@$(MAKE) --no-print-directory layering unit cli-test schema-test fuzz-regress

## layering: src/ folders are layers and includes only point down (scripts/layering.py)
layering:
	@/usr/bin/python3 scripts/layering.py

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

cli-test: memfit
	@MEMFIT=$(CURDIR)/$(MEMFIT) tests/cli/run.sh

## cli-update: rewrite the CLI goldens from this build (CASE=name for one); review with git diff
cli-update: memfit
	@UPDATE=1 MEMFIT=$(CURDIR)/$(MEMFIT) tests/cli/run.sh $(CASE)

## valgrind-test: the CLI tests with memfit under valgrind (errors, leaks)
valgrind-test: deps-check
	@$(MAKE) --no-print-directory memfit
	@MEMFIT_REAL=$(CURDIR)/$(MEMFIT) MEMFIT=$(CURDIR)/tests/valgrind-memfit.sh \
	    tests/cli/run.sh

schema-test:
	@/usr/bin/python3 tests/schema/check.py

## demo: build examples/stm32f405-ccm with ./memfit; show its size and check
demo: deps
	@$(MAKE) --no-print-directory memfit
	@scripts/demo.sh $(CURDIR)/$(MEMFIT)

# Install (PREFIX, DESTDIR, BINDIR, MANDIR, DATADIR, LIBDIR as above).
# Installed boards name the installed board schema in their first line
# (yaml-language-server), so a copy taken from DATADIR/boards keeps it; in
# the tree they name ../schemas/board.schema.json.
# board_load.c has DATADIR compiled in, where board ids are looked up: its
# object depends on a stamp holding DATADIR, rewritten only when DATADIR
# changes, so `make install PREFIX=/x` never installs a binary built for
# another prefix.
INSTALL		?= install
INSTALL_PROGRAM	?= $(INSTALL) -m 755
INSTALL_DATA	?= $(INSTALL) -m 644
CMAKEDIR	?= $(LIBDIR)/cmake/memfit
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions
MEMFIT_VER	 = $(shell sed -n 's/^\#define MEMFIT_VERSION[[:space:]]*"\(.*\)"/\1/p' include/memfit.h)
INST_BOARDS	 = $(notdir $(wildcard boards/*.yaml))
INST_SCHEMAS	 = $(notdir $(wildcard schemas/*.json))
INST_CMAKE	 = memfitConfig.cmake memfitConfigVersion.cmake arm-none-eabi.cmake
INST_SUBST	 = sed -e 's|@MEMFIT_VERSION@|$(MEMFIT_VER)|g' \
		       -e 's|@MEMFIT_BINDIR@|$(BINDIR)|g' \
		       -e 's|@MEMFIT_DATADIR@|$(DATADIR)|g'

$(O)/datadir.stamp: memfit-datadir | $(O)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(O)/input/board_load.o: $(O)/datadir.stamp
# Likewise DOC_URL, which render_sarif.c has compiled in.
$(O)/docurl.stamp: memfit-datadir | $(O)
	@echo '$(DOC_URL)' | cmp -s - $@ || echo '$(DOC_URL)' >$@
$(O)/render/render_sarif.o: $(O)/docurl.stamp
.PHONY: memfit-datadir
memfit-datadir:

## install: install memfit, its man pages, boards, schemas, CMake package, memfit.mk and bash completion
install: memfit
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/boards \
	    $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(CMAKEDIR) \
	    $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL_PROGRAM) $(MEMFIT) $(DESTDIR)$(BINDIR)/memfit
	$(INSTALL_DATA) man/memfit.1 $(DESTDIR)$(MANDIR)/man1/memfit.1
	$(INSTALL_DATA) man/memfit-board.5 $(DESTDIR)$(MANDIR)/man5/memfit-board.5
	for b in $(INST_BOARDS); do \
	    sed '1s|^\(# yaml-language-server: $$schema=\).*|\1$(DATADIR)/schemas/board.schema.json|' \
		boards/$$b >$(DESTDIR)$(DATADIR)/boards/$$b && \
	    chmod 644 $(DESTDIR)$(DATADIR)/boards/$$b || exit 1; done
	$(INSTALL_DATA) $(addprefix schemas/,$(INST_SCHEMAS)) $(DESTDIR)$(DATADIR)/schemas
	$(INSTALL_DATA) share/memfit.mk $(DESTDIR)$(DATADIR)/memfit.mk
	$(INST_SUBST) cmake/memfitConfig.cmake.in >$(DESTDIR)$(CMAKEDIR)/memfitConfig.cmake
	$(INST_SUBST) cmake/memfitConfigVersion.cmake.in >$(DESTDIR)$(CMAKEDIR)/memfitConfigVersion.cmake
	chmod 644 $(DESTDIR)$(CMAKEDIR)/memfitConfig.cmake $(DESTDIR)$(CMAKEDIR)/memfitConfigVersion.cmake
	$(INSTALL_DATA) cmake/arm-none-eabi.cmake $(DESTDIR)$(CMAKEDIR)/arm-none-eabi.cmake
	$(INST_SUBST) completion/memfit.bash >$(DESTDIR)$(BASHCOMPDIR)/memfit
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/memfit

# memfit's own directories are removed; the shared ones (bin, man, lib,
# completions) only in a DESTDIR staging tree, and only when left empty.
## uninstall: remove what install installed (same variables)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/memfit $(DESTDIR)$(MANDIR)/man1/memfit.1 \
	    $(DESTDIR)$(MANDIR)/man5/memfit-board.5 \
	    $(DESTDIR)$(DATADIR)/memfit.mk $(DESTDIR)$(BASHCOMPDIR)/memfit \
	    $(addprefix $(DESTDIR)$(DATADIR)/boards/,$(INST_BOARDS)) \
	    $(addprefix $(DESTDIR)$(DATADIR)/schemas/,$(INST_SCHEMAS)) \
	    $(addprefix $(DESTDIR)$(CMAKEDIR)/,$(INST_CMAKE))
	@for d in $(DATADIR)/boards $(DATADIR)/schemas $(DATADIR) $(CMAKEDIR); do \
	    [ ! -d "$(DESTDIR)$$d" ] || rmdir "$(DESTDIR)$$d" || exit 1; done
	@[ -z "$(DESTDIR)" ] || for d in $(LIBDIR)/cmake $(LIBDIR) \
	    $(BASHCOMPDIR) $(patsubst %/,%,$(dir $(BASHCOMPDIR))) \
	    $(MANDIR)/man1 $(MANDIR)/man5 $(MANDIR) $(BINDIR) \
	    $(PREFIX)/share $(PREFIX); do \
	    rmdir "$(DESTDIR)$$d" 2>/dev/null || true; done

## clean: remove build outputs
clean:
	rm -rf build memfit

.PHONY: report-png
## report-png: the README's picture of the example's HTML report, docs/report.png (Chromium)
report-png: memfit
	@mkdir -p docs
	/usr/bin/python3 tests/link/html_report.py --screenshot docs/report.png

## help: list targets
help:
	@sed -n 's/^## //p' Makefile

# ---------------------------------------------------------------------------
# Fuzzing (fuzz/README.md): libFuzzer targets for the board loader, the map
# parser, the ELF reader and the JSON report reader.
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="ldmap elf"] [FUZZ_ARGS=...]
#	builds the targets with clang -fsanitize=fuzzer,address,undefined into
#	build/fuzz and runs each for N seconds on build/fuzz/corpus/<target>
#	(seeded by fuzz/seed.sh from the fixtures); crashes land in
#	build/fuzz/artifacts/<target>/.
#   make fuzz-regress
#	replays every input under fuzz/regress/<target>/ through a plain
#	driver (no libFuzzer) built with $(CC) and ASan+UBSan into
#	build/fuzz-regress. Cheap; meant to run in `make test`.

FUZZ_TARGETS	?= board ldmap elf report_json ldscript stack_usage
FUZZ_SECONDS	?= 60
FUZZ_ARGS	?=
FUZZ_CC		?= clang
FUZZ_O		 = build/fuzz
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		   -fno-omit-frame-pointer
FUZZ_ALL_CFLAGS	 = $(STD) $(WARN) $(FUZZ_SAN) $(CFLAGS)
FUZZ_LIB_OBJS	 = $(patsubst src/%.c,$(FUZZ_O)/obj/%.o,$(LIB_SRCS)) \
		   $(FUZZ_O)/obj/html_assets.o
FUZZ_ALL	 = board ldmap elf report_json ldscript stack_usage
FUZZ_BINS	 = $(patsubst %,$(FUZZ_O)/fuzz_%,$(FUZZ_ALL))
REGRESS_O	 = build/fuzz-regress
REGRESS_LIB_OBJS = $(patsubst src/%.c,$(REGRESS_O)/obj/%.o,$(LIB_SRCS)) \
		   $(REGRESS_O)/obj/html_assets.o
REGRESS_BINS	 = $(patsubst %,$(REGRESS_O)/regress_%,$(FUZZ_ALL))

.PHONY: fuzz fuzz-build fuzz-regress

## fuzz: run each libFuzzer target for FUZZ_SECONDS (clang + libFuzzer)
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    [ -d $(FUZZ_O)/seed/$$t ] || fuzz/seed.sh $$t $(FUZZ_O)/seed/$$t || exit 1; \
	    mkdir -p $(FUZZ_O)/corpus/$$t $(FUZZ_O)/artifacts/$$t; \
	    regress=; [ -d fuzz/regress/$$t ] && regress=fuzz/regress/$$t; \
	    echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	    $(FUZZ_O)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=1 \
		-rss_limit_mb=2048 -dict=fuzz/$$t.dict -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_O)/artifacts/$$t/ $(FUZZ_ARGS) \
		$(FUZZ_O)/corpus/$$t $(FUZZ_O)/seed/$$t $$regress || exit 1; \
	done

fuzz-build: $(FUZZ_BINS)

$(FUZZ_O)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Ifuzz $(FUZZ_ALL_CFLAGS) -fsanitize=fuzzer \
	    -o $@ $< $(FUZZ_LIB_OBJS) $(PKG_LIBS) $(LDLIBS)

$(FUZZ_O)/obj/%.o: src/%.c | $(FUZZ_O)/obj
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_ALL_CFLAGS) -fsanitize=fuzzer-no-link \
	    -MMD -MP -c -o $@ $<

## fuzz-regress: replay fuzz/regress/ under ASan+UBSan (no libFuzzer needed)
fuzz-regress: $(REGRESS_BINS)
	@for t in $(FUZZ_ALL); do \
	    set -- fuzz/regress/$$t/*; [ -f "$$1" ] || continue; \
	    ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(REGRESS_O)/regress_$$t "$$@" || exit 1; \
	done

$(REGRESS_O)/regress_%: fuzz/fuzz_%.c fuzz/regress_main.c fuzz/fuzz.h $(REGRESS_LIB_OBJS)
	$(CC) $(ALL_CPPFLAGS) -Ifuzz $(STD) $(WARN) $(FUZZ_SAN) -O1 -g -o $@ \
	    $< fuzz/regress_main.c $(REGRESS_LIB_OBJS) $(PKG_LIBS) $(LDLIBS)

$(FUZZ_O)/obj/html_assets.o: $(HTML_GEN) | $(FUZZ_O)/obj
	$(FUZZ_CC) $(STD) -O1 -c -o $@ $<

$(REGRESS_O)/obj/html_assets.o: $(HTML_GEN) | $(REGRESS_O)/obj
	$(CC) $(STD) -O1 -c -o $@ $<

$(REGRESS_O)/obj/%.o: src/%.c | $(REGRESS_O)/obj
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(STD) $(WARN) $(FUZZ_SAN) -O1 -g -MMD -MP \
	    -c -o $@ $<

$(FUZZ_O)/obj $(REGRESS_O)/obj:
	mkdir -p $@

# Objects made through the pattern rules above are kept between runs.
.SECONDARY: $(FUZZ_LIB_OBJS) $(REGRESS_LIB_OBJS)

-include $(wildcard $(FUZZ_O)/obj/*/*.d $(REGRESS_O)/obj/*/*.d)

# --- bench (issue 7): synthetic firmware at three sizes, memfit timed
# against binutils, results in BENCHMARKS.md. Slow (builds ~10 000 C files
# the first time; cached in build/bench/<TUs>/ after that) and never part of
# `make test`: tests time nothing.
BENCH_SIZES ?= 200 2000 8000
$(O)/mapbench: bench/mapbench.c $(LIB_OBJS)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) \
	    $(ALL_LDFLAGS) $(PKG_LIBS) $(LDLIBS)

BENCH_FLAGS ?=
.PHONY: bench bench-findings bench-html
## bench: time memfit against binutils on big synthetic links; writes BENCHMARKS.md
bench: deps-check
	@$(MAKE) --no-print-directory memfit $(O)/mapbench
	/usr/bin/python3 bench/gen_firmware.py $(BENCH_SIZES)
	/usr/bin/python3 bench/run.py --sizes $(BENCH_SIZES) $(BENCH_FLAGS)
	@$(MAKE) --no-print-directory bench-findings
	/usr/bin/python3 bench/html.py

## bench-html: only the HTML report's size and time to interactive (Chromium) of make bench
bench-html: deps-check
	@$(MAKE) --no-print-directory memfit
	/usr/bin/python3 bench/html.py

## bench-findings: only the check-with-findings case (-g3 ELF) of make bench
bench-findings: deps-check
	@$(MAKE) --no-print-directory memfit
	/usr/bin/python3 bench/gen_firmware.py --out build/bench-g3 --debug=-g3 200
	/usr/bin/python3 bench/findings.py

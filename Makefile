# memfit: plain Makefile. `make help` lists the targets.

PKG_CONFIG ?= pkg-config
DEPS        = libelf libdw yaml-0.1 libcjson
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

ifeq ($(SANITIZE),1)
O          ?= build/san
SANFLAGS    = -fsanitize=address,undefined -fno-omit-frame-pointer \
	      -fno-sanitize-recover=undefined
else
O          ?= build/rel
SANFLAGS    =
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null)
CRIT_CFLAGS := $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
CRIT_LIBS  := $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

ALL_CPPFLAGS = -Iinclude -D_GNU_SOURCE -DMEMFIT_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(STD) $(WARN) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(SANFLAGS) $(LDFLAGS)

SRCS       := $(wildcard src/*.c)
LIB_OBJS   := $(patsubst src/%.c,$(O)/%.o,$(filter-out src/main.c,$(SRCS)))
MAIN_OBJ   := $(O)/main.o
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))
MEMFIT     := $(O)/memfit

.PHONY: all help test unit cli-test schema-test demo clean install uninstall deps

## all: build ./memfit
all: memfit

memfit: $(MEMFIT)
	@if [ "$(O)" = build/rel ]; then cp -f $(MEMFIT) memfit; fi

$(MEMFIT): $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(O)/%.o: src/%.c | $(O)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(O)/tests
	$(CC) $(ALL_CPPFLAGS) $(CRIT_CFLAGS) $(ALL_CFLAGS) \
	    -DFIXTURES_DIR='"$(CURDIR)/fixtures"' \
	    -DSHARED_DIR='"$(CURDIR)/../shared"' -o $@ $< $(LIB_OBJS) \
	    $(ALL_LDFLAGS) $(CRIT_LIBS) $(PKG_LIBS) $(LDLIBS)

$(O) $(O)/tests:
	mkdir -p $@

-include $(wildcard $(O)/*.d)

## deps: install build and test dependencies when some are missing
deps:
	@scripts/ensure-deps.sh

## test: unit tests (Criterion) and CLI/link tests; installs deps if missing
test: deps
	@$(MAKE) --no-print-directory unit cli-test schema-test

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

cli-test: memfit
	@MEMFIT=$(CURDIR)/$(MEMFIT) tests/cli/run.sh

schema-test:
	@/usr/bin/python3 tests/schema/check.py

## demo: validate a shipped board and print its summary
demo: deps
	@$(MAKE) --no-print-directory memfit
	@scripts/demo.sh $(CURDIR)/$(MEMFIT)

## clean: remove build outputs
clean:
	rm -rf build memfit

## help: list targets
help:
	@sed -n 's/^## //p' Makefile

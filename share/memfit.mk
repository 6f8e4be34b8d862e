# memfit.mk: memfit in a GNU make build. Installed as
# <prefix>/share/memfit/memfit.mk.
#
#   MEMFIT_BOARD := crazyflie-2          # a board id or a path (required)
#   MEMFIT_OUT   := build/memfit         # where the generated files go
#   include /usr/local/share/memfit/memfit.mk
#
#   $(OBJS): | $(MEMFIT_HEADER)          # or list $(MEMFIT_HEADER) in deps
#   CFLAGS  += $(MEMFIT_CFLAGS)
#   fw.elf: $(OBJS) $(MEMFIT_SCRIPTS)
#   	$(CC) ... -o $@ $(OBJS) $(MEMFIT_LDFLAGS) -Wl,-Map=fw.map
#   all: fw.elf memfit-check              # with MEMFIT_ELF := fw.elf
#
# The files are generated again when the board file changes, or when
# MEMFIT_BOARD names another one. memfit gen leaves a file whose content
# does not change untouched, so a board edit that changes nothing
# rebuilds nothing; a stamp file records the run.
#
# memfit-check runs the check when the ELF, its map, the board or the check
# command line (flags, waivers, budgets) changed since the last check that
# passed, recorded in a stamp file: a no-op make
# neither runs nor prints it again, and after a failed check the next make
# checks again (the firmware is never taken as checked).
#
# Variables:
#   MEMFIT            the memfit program (default: memfit)
#   MEMFIT_BOARD      board id or path of the board file
#   MEMFIT_OUT        output directory (default: build/memfit)
#   MEMFIT_LD_MAIN    main linker script (default: the generated link.ld)
#   MEMFIT_ELF        the linked firmware, for memfit-check
#   MEMFIT_MAP        its map (default: MEMFIT_ELF with .map for .elf;
#                     set empty, the ELF alone is checked)
#   MEMFIT_CHECK_FLAGS  extra options for memfit check (--werror, --json F)
#   MEMFIT_ALLOW      waivers for this build: RULE[:NAME] ...
#   MEMFIT_BUDGET     budgets for this build: REGION:WARN[:ERROR] ...
#   MEMFIT_STACK_USAGE  for a board whose stack is size: auto: the
#                     directory of the objects' .su/.ci files (compile with
#                     -fstack-usage -fcallgraph-info=su); then
#   MEMFIT_STACK_OBJS the objects: static_mem.h is generated before they
#                     are compiled (gen --header-only), the scripts after
#                     (gen --stack-usage), so a frame that grows resizes
#                     the stack at the next link
# Set by this file:
#   MEMFIT_BOARD_FILE the board file MEMFIT_BOARD resolves to
#   MEMFIT_HEADER     $(MEMFIT_OUT)/static_mem.h
#   MEMFIT_SCRIPTS    memory.ld, sections.ld and the main script
#   MEMFIT_CFLAGS     -I$(MEMFIT_OUT)
#   MEMFIT_LDFLAGS    -T options in the order memfit needs
#   memfit_check      $(call memfit_check,ELF,MAP): the check command line

MEMFIT_MK_GOAL := $(.DEFAULT_GOAL)
MEMFIT_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

MEMFIT       ?= memfit
MEMFIT_OUT   ?= build/memfit
MEMFIT_CHECK_FLAGS ?=
MEMFIT_ALLOW ?=
MEMFIT_BUDGET ?=

ifeq ($(strip $(MEMFIT_BOARD)),)
$(error memfit.mk: set MEMFIT_BOARD to a board id or a board file)
endif

# Resolved as memfit resolves it: a path, else an id looked up in ./boards,
# $(MEMFIT_DATA_DIR)/boards and the boards installed beside this file.
MEMFIT_BOARD_FILE := $(firstword \
    $(if $(or $(findstring /,$(MEMFIT_BOARD)),$(filter %.yaml %.yml,$(MEMFIT_BOARD))), \
	$(MEMFIT_BOARD)) \
    $(wildcard $(MEMFIT_BOARD) \
	boards/$(MEMFIT_BOARD).yaml \
	$(if $(MEMFIT_DATA_DIR),$(MEMFIT_DATA_DIR)/boards/$(MEMFIT_BOARD).yaml) \
	$(MEMFIT_MK_DIR)/boards/$(MEMFIT_BOARD).yaml))
ifeq ($(MEMFIT_BOARD_FILE),)
$(error memfit.mk: no board file or shipped board named '$(MEMFIT_BOARD)')
endif

MEMFIT_LD_MAIN ?= $(MEMFIT_OUT)/link.ld
MEMFIT_HEADER  := $(MEMFIT_OUT)/static_mem.h
MEMFIT_GEN_FILES := $(MEMFIT_OUT)/memory.ld $(MEMFIT_OUT)/sections.ld \
		    $(MEMFIT_OUT)/link.ld $(MEMFIT_HEADER)
MEMFIT_SCRIPTS := $(MEMFIT_OUT)/memory.ld $(MEMFIT_OUT)/sections.ld \
		  $(MEMFIT_LD_MAIN)
MEMFIT_STAMP   := $(MEMFIT_OUT)/.memfit-gen.stamp
MEMFIT_BOARD_NAME := $(MEMFIT_OUT)/.memfit-board
MEMFIT_CHECK_STAMP := $(MEMFIT_OUT)/.memfit-check.stamp
MEMFIT_CHECK_ARGS := $(MEMFIT_OUT)/.memfit-check-args
MEMFIT_CFLAGS  := -I$(MEMFIT_OUT)
MEMFIT_LDFLAGS := -T $(MEMFIT_OUT)/memory.ld -T $(MEMFIT_OUT)/sections.ld \
		  -T $(MEMFIT_LD_MAIN)

MEMFIT_ELF ?=
MEMFIT_MAP ?= $(patsubst %.elf,%.map,$(MEMFIT_ELF))

memfit_check = $(MEMFIT) check --board $(MEMFIT_BOARD_FILE) \
	       $(if $(strip $(2)),--map $(2)) \
	       $(addprefix --allow ,$(MEMFIT_ALLOW)) \
	       $(addprefix --budget ,$(MEMFIT_BUDGET)) \
	       $(if $(strip $(MEMFIT_STACK_USAGE)),--stack-usage $(MEMFIT_STACK_USAGE)) \
	       $(MEMFIT_CHECK_FLAGS) $(1)
# memfit-check's command line: what it runs and what its stamp records.
MEMFIT_CHECK_CMD = $(call memfit_check,$(MEMFIT_ELF),$(MEMFIT_MAP))

# Which board file the outputs are of: rewritten only when that changes,
# so switching MEMFIT_BOARD to another (even older) file regenerates.
$(MEMFIT_BOARD_NAME): FORCE
	@mkdir -p $(@D)
	@echo '$(MEMFIT_BOARD_FILE)' | cmp -s - $@ || \
	    echo '$(MEMFIT_BOARD_FILE)' >$@

ifeq ($(strip $(MEMFIT_STACK_USAGE)),)
MEMFIT_GEN := $(MEMFIT) gen -q --board $(MEMFIT_BOARD_FILE) -o $(MEMFIT_OUT)

$(MEMFIT_STAMP): $(MEMFIT_BOARD_FILE) $(MEMFIT_BOARD_NAME)
	$(MEMFIT_GEN)
	@touch $@
else
# An automatic stack: the header first, from the board alone; the scripts
# from the board and the compiler's stack data, once the objects exist.
MEMFIT_GEN := $(MEMFIT) gen -q --board $(MEMFIT_BOARD_FILE) -o $(MEMFIT_OUT) \
	      --stack-usage $(MEMFIT_STACK_USAGE)
MEMFIT_HEADER_STAMP := $(MEMFIT_OUT)/.memfit-header.stamp

MEMFIT_GEN_HEADER := $(MEMFIT) gen -q --board $(MEMFIT_BOARD_FILE) \
		     -o $(MEMFIT_OUT) --header-only

$(MEMFIT_HEADER_STAMP): $(MEMFIT_BOARD_FILE) $(MEMFIT_BOARD_NAME)
	$(MEMFIT_GEN_HEADER)
	@touch $@

$(MEMFIT_HEADER): $(MEMFIT_HEADER_STAMP)
	@test -f $@ || $(MEMFIT_GEN_HEADER)

$(MEMFIT_STAMP): $(MEMFIT_BOARD_FILE) $(MEMFIT_BOARD_NAME) \
		 $(MEMFIT_STACK_OBJS) | $(MEMFIT_HEADER)
	$(MEMFIT_GEN)
	@touch $@
endif

# The generated files are brought up to date by the stamp's rule. The
# recipe is not empty on purpose: make then looks at each file's mtime
# again, so what depends on a file that gen left alone is not rebuilt (a
# target with an empty recipe would count as remade). A deleted file is
# generated again.
$(filter-out $(if $(strip $(MEMFIT_STACK_USAGE)),$(MEMFIT_HEADER)),\
    $(MEMFIT_GEN_FILES)): $(MEMFIT_STAMP)
	@test -f $@ || $(MEMFIT_GEN)

.PHONY: memfit-gen memfit-check FORCE
FORCE:
## memfit-gen: generate the linker scripts and static_mem.h
memfit-gen: $(MEMFIT_GEN_FILES)

## memfit-check: check $(MEMFIT_ELF) and its map against the board
memfit-check: $(MEMFIT_CHECK_STAMP)

# The check's command line, rewritten only when it changes.
$(MEMFIT_CHECK_ARGS): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(MEMFIT_CHECK_CMD)' | cmp -s - $@ || \
	    printf '%s\n' '$(MEMFIT_CHECK_CMD)' >$@

$(MEMFIT_CHECK_STAMP): $(MEMFIT_ELF) $(MEMFIT_BOARD_FILE) $(MEMFIT_BOARD_NAME) \
		       $(MEMFIT_CHECK_ARGS)
	@test -n "$(MEMFIT_ELF)" || \
	    { echo "memfit.mk: set MEMFIT_ELF for memfit-check" >&2; exit 2; }
	@rm -f $@
	$(MEMFIT_CHECK_CMD)
	@touch $@

# Including this file does not change the default goal.
.DEFAULT_GOAL := $(MEMFIT_MK_GOAL)

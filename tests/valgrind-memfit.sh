#!/bin/sh
# memfit under valgrind, for the CLI tests: any memory error or leak makes
# the exit status 99 (and prints to stderr), which fails the golden test.
# MEMFIT_LEAK_CHECK=no is for runs a test kills on purpose: what a process
# holds when a signal ends it is not a leak.
exec valgrind -q --error-exitcode=99 --leak-check=${MEMFIT_LEAK_CHECK:-full} \
    --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect "${MEMFIT_REAL:?}" "$@"

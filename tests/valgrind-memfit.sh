#!/bin/sh
# memfit under valgrind, for the CLI tests: any memory error or leak makes
# the exit status 99 (and prints to stderr), which fails the golden test.
exec valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect "${MEMFIT_REAL:?}" "$@"

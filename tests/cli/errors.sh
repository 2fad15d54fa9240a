#!/bin/sh
# errors.sh - exit status and exact stderr for bad input and bad usage.
. "$top_srcdir/tests/cli/lib.sh"
run_cases "$top_srcdir/tests/cli/errors.cases"
finish

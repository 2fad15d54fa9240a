#!/bin/sh
# valgrind-proptrend.sh - run the built proptrend under valgrind (through
# libtool, so the uninstalled library is found); any memory error or leak
# makes the exit status 99, which the table-driven tests then report.
exec $LIBTOOL --mode=execute valgrind -q --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect "$VALGRIND_PROPTREND" "$@"

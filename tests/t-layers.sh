#!/bin/sh
# t-layers.sh - the house rules of milter/ (tests/layers.py): file size,
# who includes what, no include or call circles, exports = regphish.h
set -u
exec python3 "$top_srcdir/tests/layers.py" "$top_srcdir" "$top_builddir"

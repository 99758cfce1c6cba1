#!/bin/bash
# trace_csv.sh RUN.h5 > curve.csv: iteration,loss,rel_l2 of the rows of /trace that carry a
# test evaluation (rel_l2 not NaN). Needs h5dump (Debian hdf5-tools).
set -euo pipefail
f=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
col() { h5dump -y -d "/trace/$1" -o "$tmp/$1" "$f" >/dev/null; tr -s ', \n' '\n' < "$tmp/$1" | grep -v '^$'; }
echo "iteration,loss,rel_l2"
paste -d, <(col iteration) <(col loss) <(col rel_l2) | grep -vi ',nan$' || true

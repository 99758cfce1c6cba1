#!/bin/bash
# trace_csv.sh RUN.h5 [--learned] > curve.csv: iteration,loss,rel_l2[,rel_l2_learned] of the
# rows of /trace that carry a test evaluation (rel_l2 not NaN); --learned adds the learned
# part's error (docs/accuracy-metrics.md). Needs h5dump (Debian hdf5-tools).
set -euo pipefail
f=$1
learned=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
col() { h5dump -y -d "/trace/$1" -o "$tmp/$1" "$f" >/dev/null; tr -s ', \n' '\n' < "$tmp/$1" | grep -v '^$'; }
if [ "$learned" = "--learned" ]; then
  echo "iteration,loss,rel_l2,rel_l2_learned"
  paste -d, <(col iteration) <(col loss) <(col rel_l2) <(col rel_l2_learned) | grep -vi ',nan,' || true
else
  echo "iteration,loss,rel_l2"
  paste -d, <(col iteration) <(col loss) <(col rel_l2) | grep -vi ',nan$' || true
fi

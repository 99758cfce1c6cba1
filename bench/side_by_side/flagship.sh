#!/bin/bash
# Flagship ZO iteration (scenarios/hjb20-phase.yaml: published non-idealities, 100 points,
# level-3 sparse grid) timed side by side: an old tonnsim binary against the current one (f64
# and f32), interleaved in one run so that both see the same machine load (issue 13's target:
# >= 3.5x against the main of the issue's filing, commit 191ccd9).
#
#   bench/side_by_side/flagship.sh OLD_REPO_DIR NEW_REPO_DIR [REPS] [THREADS] [ITERATIONS]
#
# Each REPO_DIR is a checkout built with build/scenarios/runner/tonnsim (e.g. made by
#   git worktree add --detach /tmp/old 191ccd9 && cmake -S /tmp/old -B /tmp/old/build
#   -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/old/build --target tonnsim)
# and runs its own scenarios/hjb20-phase.yaml. Per run it prints the wall seconds of the
# ZO steps (the `zo/step` phase of --profile, summed over ITERATIONS; default 20: the first
# few iterations pay first-touch page faults of every family member's tables, so 5 under-
# state the steady-state ratio, docs/performance.md), the process's CPU
# seconds (user), and the load average; at the end the ratios old / new of the medians.
set -euo pipefail
OLD=$(cd "$1" && pwd); NEW=$(cd "$2" && pwd)
REPS=${3:-3}; THREADS=${4:-1}; ITS=${5:-20}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
run() {  # label dir extra...
  local label=$1 dir=$2; shift 2
  local out="$TMP/$label.h5"; rm -f "$out"
  local log="$TMP/$label.log"
  (cd "$dir" && /usr/bin/time -f "cpu_user_s %U" build/scenarios/runner/tonnsim run \
     scenarios/hjb20-phase.yaml --out "$out" --max-iterations "$ITS" --threads "$THREADS" \
     --progress off --set run.eval_every=100000 --set pde.n_test=100 --profile "$@") > "$log" 2>&1
  local step cpu load
  step=$(awk '$1=="zo/step"{print $2}' "$log")
  cpu=$(awk '$1=="cpu_user_s"{print $2}' "$log")
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%-8s zo_step_wall_s %8.2f  per_iteration_s %6.3f  cpu_user_s %7.2f  load %s\n' \
    "$label" "$step" "$(echo "$step / $ITS" | bc -l)" "$cpu" "$load"
  echo "$label $step $cpu" >> "$TMP/all"
}
echo "flagship side by side: $REPS reps, $THREADS threads, $ITS iterations each; old $OLD ($(git -C "$OLD" rev-parse --short HEAD)), new $NEW ($(git -C "$NEW" rev-parse --short HEAD))"
for r in $(seq "$REPS"); do
  run old "$OLD"
  run new_f64 "$NEW"
  run new_f32 "$NEW" --set run.precision=f32
done
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
for col in 2 3; do
  name=$([ $col = 2 ] && echo "zo_step wall" || echo "cpu user")
  o=$(awk -v c=$col '$1=="old"{print $c}' "$TMP/all" | median)
  for v in new_f64 new_f32; do
    n=$(awk -v c=$col -v v=$v '$1==v{print $c}' "$TMP/all" | median)
    printf 'median %-12s old / %-8s = %.2fx (%.2f s / %.2f s)\n' "$name" "$v" "$(echo "$o / $n" | bc -l)" "$o" "$n"
  done
done

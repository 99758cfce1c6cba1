#!/usr/bin/env bash
# The sanitizer job of CI (.ci/run): an AddressSanitizer + UndefinedBehaviorSanitizer
# build of the test executables and `tonnsim` in build-sanitize/ (-O1, Debug otherwise:
# Eigen's assertions on), then short checks under the sanitizers: the core, photonics,
# tonn, pinn and solvers suites whole, the scenarios suite's fault, limit, fuzz and
# command-line cases, `tonnsim check` of every shipped scenario and a two-iteration run.
# Any sanitizer report aborts the process (halt_on_error, no UBSan recovery), so any
# finding fails the job. Leak checking is off: HDF5 keeps its global state to the end
# on purpose (H5dont_atexit, scenarios/runner/hdf5_file.cpp), and LeakSanitizer does not
# run under ptrace-restricted containers.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${TONNSIM_SANITIZE_DIR:-build-sanitize}
jobs=${TONNSIM_JOBS:-2}
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
flags="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTONNSIM_BUILD_BENCH=OFF "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
cmake --build "$build" -j"$jobs" --target core_tests photonics_tests tonn_tests pinn_tests \
  solvers_tests scenarios_tests tonnsim

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export OMP_NUM_THREADS=2
for suite in core photonics tonn pinn solvers; do
  echo "== sanitizers: ${suite}_tests"
  "$build/tests/${suite}_tests" --no-version
done
echo "== sanitizers: scenarios_tests (faults, limits, fuzz, command line, checkpoints)"
"$build/tests/scenarios_tests" --no-version \
  --source-file='*output_safety_test.cpp,*resource_limits_test.cpp,*scenario_fuzz_test.cpp,*cli_test.cpp,*checkpoint_test.cpp,*config_node_test.cpp,*config_overrides_test.cpp,*hdf5_file_test.cpp'
echo "== sanitizers: tonnsim check on every shipped scenario, one short run"
for f in scenarios/*.yaml; do "$build/scenarios/runner/tonnsim" check "$f" >/dev/null; done
out=$(mktemp -d)
"$build/scenarios/runner/tonnsim" run scenarios/quickstart.yaml --out "$out/q.h5" --progress off \
  --max-iterations 2 --set pde.n_test=50 --set pde.n_collocation=4 >/dev/null
"$build/scenarios/runner/tonnsim" run --resume "$out/q.h5" --progress off --max-iterations 1 >/dev/null
rm -rf "$out"
echo "sanitizers: no findings"

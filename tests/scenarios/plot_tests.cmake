# Runs the plotting scripts of results/ on the demo files that the scenarios suite writes
# in the documented HDF5 layout. Needs a python3 with h5py and matplotlib (Debian's
# python3-h5py, python3-matplotlib, installed by scripts/setup.sh); the system interpreter
# is preferred because a pyenv or venv python may lack them. Skipped with a message if absent.
find_program(TONNSIM_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT TONNSIM_PYTHON3)
  find_program(TONNSIM_PYTHON3 NAMES python3)
endif()
set(tonnsim_plot_deps_ok FALSE)
if(TONNSIM_PYTHON3)
  execute_process(COMMAND ${TONNSIM_PYTHON3} -c "import h5py, matplotlib, numpy"
    RESULT_VARIABLE tonnsim_plot_import OUTPUT_QUIET ERROR_QUIET)
  if(tonnsim_plot_import EQUAL 0)
    set(tonnsim_plot_deps_ok TRUE)
  endif()
endif()
if(NOT tonnsim_plot_deps_ok)
  message(STATUS "results/ plot tests skipped: no python3 with h5py and matplotlib")
  return()
endif()

set(demo_dir ${CMAKE_CURRENT_BINARY_DIR}/demo)
add_test(NAME scenarios_demo_files
  COMMAND scenarios_tests --no-version "--test-case=Demo files*")
set_tests_properties(scenarios_demo_files PROPERTIES
  ENVIRONMENT "TONNSIM_DEMO_DIR=${demo_dir}" FIXTURES_SETUP tonnsim_demo_h5)
add_test(NAME results_plot_trace
  COMMAND ${TONNSIM_PYTHON3} ${PROJECT_SOURCE_DIR}/results/plot_trace.py
          ${demo_dir}/demo_run.h5 --out-dir ${demo_dir}/figures)
add_test(NAME results_plot_sweep
  COMMAND ${TONNSIM_PYTHON3} ${PROJECT_SOURCE_DIR}/results/plot_sweep.py
          ${demo_dir}/demo_sweep.h5 --x mesh_n --y area_mm2 --group-by topology --logx --logy
          --out ${demo_dir}/figures/sweep_area.png)
# The evidence table reads /final's metrics and baselines: one row whose improvement is a number.
tonnsim_add_output_test(NAME results_evidence_table
  PASS_REGEX "\\| demo_run\\.h5 \\| [0-9]+ \\| [0-9.e+-]+ \\| [0-9.e+-]+ \\| [a-z]+ [0-9.e+-]+ \\| [0-9.e+-]+x \\|"
  COMMAND ${TONNSIM_PYTHON3} ${PROJECT_SOURCE_DIR}/results/evidence_table.py
          ${demo_dir}/demo_run.h5 --csv ${demo_dir}/evidence.csv)
set_tests_properties(results_plot_trace results_plot_sweep results_evidence_table PROPERTIES
  FIXTURES_REQUIRED tonnsim_demo_h5 ENVIRONMENT "MPLBACKEND=Agg")

# The figures of results/plots.py on real files: tests/results/ runs the `tonnsim` of this
# build (tiny runs and sweeps, seconds) and asserts axes, scales, bars, labels and legends.
execute_process(COMMAND ${TONNSIM_PYTHON3} -c "import pytest"
  RESULT_VARIABLE tonnsim_plot_pytest OUTPUT_QUIET ERROR_QUIET)
if(TARGET tonnsim AND tonnsim_plot_pytest EQUAL 0)
  add_test(NAME results_plots
    COMMAND ${TONNSIM_PYTHON3} -m pytest -q -p no:cacheprovider ${PROJECT_SOURCE_DIR}/tests/results)
  set_tests_properties(results_plots PROPERTIES WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    ENVIRONMENT "MPLBACKEND=Agg;OMP_NUM_THREADS=2;PYTHONDONTWRITEBYTECODE=1;TONNSIM_CLI=$<TARGET_FILE:tonnsim>")
else()
  message(STATUS "results/ figure tests skipped: no tonnsim target or no pytest for ${TONNSIM_PYTHON3}")
endif()

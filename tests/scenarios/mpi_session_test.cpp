// The MPI session's report of errors that every rank meets while reading a scenario: one
// line per distinct message, the ranks named only when not all met it (the collective
// itself runs in ctest scenarios_run_mpi_input_error, tests/CMakeLists.txt).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scenarios/runner/mpi_session.hpp"

using namespace tonnsim::runner;

TEST_CASE("An error met by every rank is reported once, without naming ranks") {
  const std::vector<RankError> errors{{0, 2, "s.yaml:3:5: run.iterations = -1: must be >= 1"},
                                      {1, 2, "s.yaml:3:5: run.iterations = -1: must be >= 1"},
                                      {2, 2, "s.yaml:3:5: run.iterations = -1: must be >= 1"}};
  CHECK(rank_errors_text(errors, 3) == "error: s.yaml:3:5: run.iterations = -1: must be >= 1\n");
  CHECK(first_error_code(errors) == 2);
}

TEST_CASE("Distinct errors are reported once each, naming the ranks that met them, in the "
          "order of the first rank; the exit code is the lowest failing rank's") {
  const std::vector<RankError> errors{{0, 0, ""},
                                      {1, 2, "ref.csv: cannot open the reference file"},
                                      {2, 4, "out.h5: cannot write"},
                                      {3, 2, "ref.csv: cannot open the reference file"}};
  CHECK(rank_errors_text(errors, 4) ==
        "error: [ranks 1, 3] ref.csv: cannot open the reference file\n"
        "error: [rank 2] out.h5: cannot write\n");
  CHECK(first_error_code(errors) == 2);
}

TEST_CASE("No failing rank gives no report and exit code 0") {
  const std::vector<RankError> none{{0, 0, ""}, {1, 0, ""}};
  CHECK(rank_errors_text(none, 2).empty());
  CHECK(first_error_code(none) == 0);
}

TEST_CASE("A session without MPI gathers its own error only") {
  const MpiSession one;  // not started by a launcher in the test run
  const std::vector<RankError> errors = one.all_errors(2, "bad input");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rank == 0);
  CHECK(errors[0].code == 2);
  CHECK(errors[0].message == "bad input");
}

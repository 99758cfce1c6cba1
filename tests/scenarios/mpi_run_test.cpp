// One training run over MPI ranks (issue 13 item 3): ctest runs the same scenario without
// MPI and with 1 and 2 ranks, and stopped halfway then resumed without MPI and with 2 ranks
// resumed by 3 (tests/CMakeLists.txt, scenarios_run_mpi_*); this case compares the files.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/runner/run_layout.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0;
}
}  // namespace

TEST_CASE("A training run split over MPI ranks writes the trace and parameters one process "
          "writes, bit for bit, for 1, 2 and 3 ranks and across a resume") {
  const char* runs = std::getenv("TONNSIM_MPI_RUNS");
  if (!runs) {
    MESSAGE("TONNSIM_MPI_RUNS not set: run through ctest (scenarios_run_mpi_compare)");
    return;
  }
  const std::string params = std::string(layout::kFinal) + "/parameters";
  // Every file of a group against the group's first (written without MPI).
  const auto check_group = [&](const std::vector<std::string>& files) {
    REQUIRE(files.size() >= 2);
    const Hdf5File reference = Hdf5File::open(files[0]);
    REQUIRE(reference.read_ints(std::string(layout::kTrace) + "/iteration").size() == 6);
    for (std::size_t f = 1; f < files.size(); ++f) {
      CAPTURE(files[f]);
      const Hdf5File other = Hdf5File::open(files[f]);
      CHECK(other.int_attribute(layout::kFinal, "complete") == 1);
      for (const auto& c : layout::training_trace_columns()) {
        CAPTURE(c.name);
        const std::string path = std::string(layout::kTrace) + "/" + c.name;
        if (c.type == ColumnType::kInt)
          CHECK(reference.read_ints(path) == other.read_ints(path));
        else
          CHECK(same_bits(reference.read_doubles(path), other.read_doubles(path)));
      }
      CHECK(same_bits(reference.read_doubles(params), other.read_doubles(params)));
    }
  };
  const std::vector<std::string> whole = split_list(runs);
  check_group(whole);
  // The files written under mpirun record their ranks; the one without MPI does not.
  CHECK_FALSE(Hdf5File::open(whole[0]).has_attribute(layout::kMeta, "mpi_ranks"));
  REQUIRE(whole.size() == 3);
  CHECK(Hdf5File::open(whole[1]).int_attribute(layout::kMeta, "mpi_ranks") == 1);
  CHECK(Hdf5File::open(whole[2]).int_attribute(layout::kMeta, "mpi_ranks") == 2);

  const char* resumed = std::getenv("TONNSIM_MPI_RESUMED");
  REQUIRE(resumed != nullptr);
  const std::vector<std::string> continued = split_list(resumed);
  check_group(continued);
  // A resumed run ends where the uninterrupted one does.
  CHECK(same_bits(Hdf5File::open(whole[0]).read_doubles(params),
                  Hdf5File::open(continued[1]).read_doubles(params)));
}

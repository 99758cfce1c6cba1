#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;

TEST_CASE("tonnsim mesh reports MZI count and an ideal reconstruction for each topology") {
  for (const char* topology : {"clements", "reck"}) {
    runner::MeshOptions o;
    o.topology = topology;
    o.n = 16;
    std::ostringstream out, err;
    CHECK(runner::command_mesh(o, out, err) == 0);
    const std::string text = out.str();
    CHECK(text.find("MZIs                          " + std::to_string(16 * 15 + 16)) !=
          std::string::npos);
    std::smatch m;
    REQUIRE(std::regex_search(text, m, std::regex("ideal: rel. Frobenius error +([0-9.e+-]+)")));
    CHECK(std::stod(m[1]) < 1e-10);
    REQUIRE(std::regex_search(text, m, std::regex("non-idealities +rel. error [^,]+, fidelity ([0-9.e+-]+)")));
    const double fidelity = std::stod(m[1]);
    CHECK(fidelity < 1.0);
    CHECK(fidelity > 0.5);
  }
}

TEST_CASE("tonnsim mesh --out writes the report it prints") {
  TempPath path("mesh.h5");
  runner::MeshOptions o;
  o.n = 8;
  o.out = path.str();
  std::ostringstream out, err;
  REQUIRE(runner::command_mesh(o, out, err) == 0);
  const auto f = runner::Hdf5File::open(path.str());
  CHECK(f.int_attribute("/mesh", "mzis") == 8 * 7 + 8);
  CHECK(f.double_attribute("/mesh", "ideal_rel_error") < 1e-10);
  CHECK(f.string_attribute("/mesh", "topology") == "clements");
}

TEST_CASE("tonnsim mesh rejects an unknown topology and N < 2") {
  runner::MeshOptions o;
  std::ostringstream out, err;
  o.topology = "triangle";
  CHECK_THROWS_AS(runner::command_mesh(o, out, err), InputError);
  o.topology = "reck";
  o.n = 1;
  CHECK_THROWS_WITH_AS(runner::command_mesh(o, out, err), "--n = 1: must be >= 2", InputError);
}

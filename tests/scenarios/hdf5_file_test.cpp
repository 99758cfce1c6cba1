#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

TEST_CASE("Datasets and attributes read back exactly what was written") {
  TempPath tmp("roundtrip.h5");
  const std::vector<double> d{1.0, -0.0, 1e-310, std::numeric_limits<double>::quiet_NaN(), 3.5};
  const std::vector<std::int64_t> i{std::numeric_limits<std::int64_t>::min(), 0, 7,
                                    std::numeric_limits<std::int64_t>::max()};
  const std::vector<std::string> s{"clements", "", "σ = 0.1 µm²"};
  Mat m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  MatI64 mi(3, 2);
  mi << 1, 2, 3, 4, 5, 6;
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    f.write("/a/b/doubles", d);  // parents are created
    f.write("/ints", i);
    f.write("/strings", s);
    f.write("/m", m);
    f.write("/mi", mi);
    f.write("/empty", std::vector<double>{});
    f.write("/ints", std::vector<std::int64_t>{9});  // replaces
    f.set_attribute("/", "scenario", "device:\n  mzi: {}\n");
    f.set_attribute("/a", "seed", std::int64_t{42});
    f.set_attribute("/a/b/doubles", "sigma", 0.1);
    f.set_attribute("/", "scenario", "replaced");
    f.close();
  }
  const Hdf5File f = Hdf5File::open(tmp.str());
  const auto rd = f.read_doubles("/a/b/doubles");
  REQUIRE(rd.size() == d.size());
  CHECK(rd[0] == 1.0);
  CHECK(std::signbit(rd[1]));
  CHECK(rd[2] == 1e-310);
  CHECK(std::isnan(rd[3]));
  CHECK(f.read_ints("/ints") == std::vector<std::int64_t>{9});
  CHECK(f.read_strings("/strings") == s);
  CHECK(f.read_matrix("/m") == m);
  CHECK(f.read_int_matrix("/mi") == mi);
  CHECK(f.shape("/m") == std::vector<std::int64_t>{2, 3});  // rows x cols, as numpy shows it
  CHECK(f.read_doubles("/empty").empty());
  CHECK(f.string_attribute("/", "scenario") == "replaced");
  CHECK(f.int_attribute("/a", "seed") == 42);
  CHECK(f.double_attribute("/a/b/doubles", "sigma") == 0.1);
  CHECK(f.double_attribute("/a", "seed") == 42.0);  // integers widen to double exactly
  CHECK(f.has_attribute("/a", "seed"));
  CHECK(!f.has_attribute("/a", "nope"));
  CHECK(f.list("/") == std::vector<std::string>{"a", "empty", "ints", "m", "mi", "strings"});
  CHECK(f.exists("/a/b/doubles"));
  CHECK(!f.exists("/a/x/doubles"));
  CHECK(f.read_doubles("/ints") == std::vector<double>{9.0});
}

TEST_CASE("A 2-D dataset is stored in C order, element (r, c) at r * cols + c") {
  TempPath tmp("corder.h5");
  Mat m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    f.write("/m", m);
  }
  const Hdf5File f = Hdf5File::open(tmp.str());
  const Hdf5Handle ds = f.open_dataset("/m");
  double flat[6];
  REQUIRE(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat) >= 0);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) CHECK(flat[r * 3 + c] == m(r, c));
}

TEST_CASE("Missing files, objects and wrong types are input errors naming the file") {
  TempPath tmp("errors.h5");
  TempPath text("not_hdf5.h5");
  std::ofstream(text.str()) << "plain text\n";
  CHECK(input_error_text([&] { Hdf5File::open(tmp.str()); }) == tmp.str() + ": no such file");
  CHECK(input_error_text([&] { Hdf5File::open(text.str()); }) ==
        text.str() + ": not an HDF5 file");
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    f.write("/x", std::vector<double>{1.5});
    f.write("/m", Mat(Mat::Zero(2, 2)));
  }
  const Hdf5File f = Hdf5File::open(tmp.str());
  CHECK(input_error_text([&] { f.read_doubles("/checkpoint/parameters"); }) ==
        tmp.str() + ": no dataset '/checkpoint/parameters'");
  CHECK(input_error_text([&] { f.read_ints("/x"); }) ==
        tmp.str() + ": '/x' holds floating-point numbers, not integers");
  CHECK(input_error_text([&] { f.read_strings("/x"); }) ==
        tmp.str() + ": '/x' holds floating-point numbers, not strings");
  CHECK(input_error_text([&] { f.read_doubles("/m"); }) ==
        tmp.str() + ": '/m' has 2 dimension(s), expected 1");
  CHECK(input_error_text([&] { f.string_attribute("/", "scenario"); }) ==
        tmp.str() + ": '/' has no attribute 'scenario'");
  CHECK(input_error_text([&] { f.list("/nowhere"); }) == tmp.str() + ": no object '/nowhere'");
}

TEST_CASE("Creating a file where it cannot be written is a run error naming the file") {
  try {
    Hdf5File::create("/nonexistent-dir/out.h5");
    FAIL("no exception");
  } catch (const RunError& e) {
    CHECK(std::string(e.what()).rfind("/nonexistent-dir/out.h5: cannot create HDF5 file", 0) == 0);
  }
}

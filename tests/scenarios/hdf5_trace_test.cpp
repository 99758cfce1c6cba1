#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <thread>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/hdf5_table.hpp"
#include "scenarios/runner/hdf5_trace.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
const std::vector<TraceColumn> kColumns{
    {"iteration", ColumnType::kInt, "", ""},
    {"loss", ColumnType::kDouble, "", ""},
    {"energy_j", ColumnType::kDouble, "J", "cumulative energy"}};

std::vector<TraceValue> row(std::int64_t i) {
  return {i, 1.0 / static_cast<double>(i + 1), 1e-9 * static_cast<double>(i)};
}

// Runs `body` in a child process that then dies without closing anything (_exit skips
// destructors and atexit handlers, as a crash would); returns the child's exit status.
template <class F>
int in_crashing_child(F body) {
  const pid_t pid = fork();
  if (pid == 0) {
    int code = 0;
    try {
      body();
    } catch (...) {
      code = 3;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void check_rows(const Hdf5File& f, std::int64_t n) {
  const auto it = f.read_ints("/trace/iteration");
  const auto loss = f.read_doubles("/trace/loss");
  REQUIRE(static_cast<std::int64_t>(it.size()) == n);
  REQUIRE(static_cast<std::int64_t>(loss.size()) == n);
  for (std::int64_t i = 0; i < n; ++i) {
    CHECK(it[static_cast<std::size_t>(i)] == i);
    CHECK(loss[static_cast<std::size_t>(i)] == 1.0 / static_cast<double>(i + 1));
  }
}
}  // namespace

TEST_CASE("A trace flushed every N rows survives a writer that dies without closing") {
  TempPath tmp("crash.h5");
  const int status = in_crashing_child([&] {
    Hdf5File f = Hdf5File::create(tmp.str());
    TraceWriter trace(f, "/trace", kColumns, {10, 0.0});
    for (std::int64_t i = 0; i < 25; ++i) trace.append(row(i));
    _exit(0);  // rows 20..24 are still buffered
  });
  REQUIRE(status == 0);
  const Hdf5File f = Hdf5File::open(tmp.str());
  check_rows(f, 20);
  CHECK(f.string_attribute("/trace", "columns") == "iteration,loss,energy_j");
  CHECK(f.string_attribute("/trace/energy_j", "unit") == "J");
}

TEST_CASE("A trace flushes after the time limit even when few rows arrive") {
  TempPath tmp("timed.h5");
  const int status = in_crashing_child([&] {
    Hdf5File f = Hdf5File::create(tmp.str());
    TraceWriter trace(f, "/trace", kColumns, {1000, 0.02});
    trace.append(row(0));
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    trace.append(row(1));  // 40 ms since the last flush: flushes rows 0 and 1
    trace.append(row(2));  // right after: stays buffered
    _exit(0);
  });
  REQUIRE(status == 0);
  check_rows(Hdf5File::open(tmp.str()), 2);
}

TEST_CASE("A closed trace keeps every row, and a resumed one continues after the checkpoint") {
  TempPath tmp("resume.h5");
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    TraceWriter trace(f, "/trace", kColumns, {4, 0.0});
    for (std::int64_t i = 0; i < 10; ++i) trace.append(row(i));
    CHECK(trace.rows() == 10);
  }  // the destructor flushes the last 2 rows
  check_rows(Hdf5File::open(tmp.str()), 10);
  {
    Hdf5File f = Hdf5File::open(tmp.str(), Hdf5Mode::kReadWrite);
    TraceWriter trace = TraceWriter::resume(f, "/trace", kColumns, 6);
    CHECK(trace.rows() == 6);
    for (std::int64_t i = 6; i < 9; ++i) trace.append(row(i));
    trace.flush();
  }
  check_rows(Hdf5File::open(tmp.str()), 9);

  Hdf5File f = Hdf5File::open(tmp.str(), Hdf5Mode::kReadWrite);
  CHECK(input_error_text([&] { TraceWriter::resume(f, "/trace", kColumns, 50); }) ==
        tmp.str() + ": trace column '/trace/iteration' has 9 rows; the checkpoint is at row 50");
  std::vector<TraceColumn> wrong = kColumns;
  wrong[1].type = ColumnType::kInt;
  CHECK(input_error_text([&] { TraceWriter::resume(f, "/trace", wrong, 3); }) ==
        tmp.str() + ": trace column '/trace/loss' is not of type int64");
}

TEST_CASE("A trace row of the wrong length or type is refused") {
  TempPath tmp("badrow.h5");
  Hdf5File f = Hdf5File::create(tmp.str());
  TraceWriter trace(f, "/trace", kColumns);
  CHECK_THROWS_AS(trace.append({std::int64_t{1}, 0.5}), RunError);
  CHECK_THROWS_AS(trace.append({1.0, 0.5, 0.0}), RunError);  // iteration must be an int64
  CHECK(trace.rows() == 0);
}

TEST_CASE("A sweep table round-trips its columns, types and order") {
  TempPath tmp("table.h5");
  Table t;
  t.add("mesh_n", std::vector<std::int64_t>{4, 8, 16});
  t.add("topology", std::vector<std::string>{"clements", "reck", "clements"});
  t.add("area_mm2", std::vector<double>{0.1, 0.5, 2.25});
  CHECK(input_error_text([&] { t.add("x", std::vector<double>{1.0}); }) ==
        "table column x length = 1: must equal the table's 3 rows");
  CHECK(input_error_text([&] { t.add("area_mm2", std::vector<double>{1, 2, 3}); }) ==
        "table column = area_mm2: is already in the table");
  CHECK(input_error_text([&] { t.add("a,b", std::vector<double>{1, 2, 3}); }) ==
        "column name = a,b: must be non-empty without ',' or '/'");
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    write_table(f, "/sweep/outputs", Table{});  // replaced below
    write_table(f, "/sweep/outputs", t);
  }
  const Table back = read_table(Hdf5File::open(tmp.str()), "/sweep/outputs");
  CHECK(back.names() == std::vector<std::string>{"mesh_n", "topology", "area_mm2"});
  CHECK(back.rows() == 3);
  CHECK(back.ints("mesh_n") == t.ints("mesh_n"));
  CHECK(back.strings("topology") == t.strings("topology"));
  CHECK(back.doubles("area_mm2") == t.doubles("area_mm2"));
  CHECK(input_error_text([&] { back.doubles("energy_j"); }) ==
        "no table column 'energy_j'; columns: mesh_n,topology,area_mm2");
  CHECK(input_error_text([&] { back.doubles("mesh_n"); }) ==
        "table column 'mesh_n' does not hold doubles");
}

TEST_CASE("No HDF5 object stays open after files, traces, tables and errors are done") {
  TempPath tmp("leaks.h5");
  {
    Hdf5File f = Hdf5File::create(tmp.str());
    TraceWriter trace(f, "/trace", kColumns, {2, 0.0});
    for (std::int64_t i = 0; i < 5; ++i) trace.append(row(i));
    Table t;
    t.add("x", std::vector<double>{1, 2});
    write_table(f, "/sweep/inputs", t);
    f.set_attribute("/", "code_version", "test");
    CHECK_THROWS_AS(f.read_ints("/trace/loss"), InputError);
    CHECK_THROWS_AS(f.string_attribute("/", "missing"), InputError);
  }
  {
    const Hdf5File f = Hdf5File::open(tmp.str());
    CHECK(read_table(f, "/sweep/inputs").rows() == 2);
    CHECK(f.string_attribute("/", "code_version") == "test");
  }
  CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);
}

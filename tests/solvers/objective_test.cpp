#include <doctest/doctest.h>

#include "core/error.hpp"
#include "solvers/objective.hpp"

using namespace tonnsim;
using namespace tonnsim::solvers;

TEST_CASE("An objective counts evaluations and the coordinates retuned between states") {
  FunctionObjective f(4, [](const Vec& x) { return x.squaredNorm(); });
  Vec a = Vec::Zero(4);
  CHECK(f.evaluate(a) == 0.0);
  CHECK(f.counters().evaluations == 1);
  CHECK(f.counters().retuned_coordinates == 4);  // nothing known: everything programmed
  Vec b = a;
  b(1) = 0.5;
  b(3) = -1.0;
  CHECK(f.evaluate(b) == doctest::Approx(1.25));
  CHECK(f.counters().retuned_coordinates == 6);
  CHECK(f.evaluate(b) == doctest::Approx(1.25));  // same state: no heater moves
  CHECK(f.counters().retuned_coordinates == 6);

  // A batch is programmed column by column: b -> a (2 changes) -> c (1 change).
  Mat states(4, 2);
  states.col(0) = a;
  states.col(1) = a;
  states(2, 1) = 2.0;
  const Vec values = f.evaluate_many(states);
  CHECK(values(0) == 0.0);
  CHECK(values(1) == doctest::Approx(4.0));
  CHECK(f.counters().evaluations == 5);
  CHECK(f.counters().retuned_coordinates == 9);

  f.reset_counters();
  f.assume_programmed(a);
  f.evaluate(a);
  CHECK(f.counters().retuned_coordinates == 0);
  CHECK_THROWS_AS(f.evaluate(Vec::Zero(3)), InputError);
}

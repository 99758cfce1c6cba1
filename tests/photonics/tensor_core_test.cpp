#include "photonics/tensor_core.hpp"

#include <doctest/doctest.h>

#include <random>

#include "core/rng.hpp"

using namespace tonnsim;
using namespace tonnsim::photonics;

TEST_CASE("A 21 x 512 matrix tiles onto 3 x 64 cores of 8 x 8") {
  const TileGrid g = TileGrid::make(21, 512);
  CHECK(g.tile_rows() == 3);
  CHECK(g.tile_cols() == 64);
  CHECK(g.num_cores() == 192);
  CHECK(g.mzis_per_core() == 64);  // 28 + 28 + 8
  CHECK(g.num_mzis() == 192 * 64);
  CHECK(g.phases_per_core() == 2 * 8 * 8 + 8);
  CHECK(g.num_phase_shifters() == 192 * 136);
  const TileGrid exact = TileGrid::make(16, 8);
  CHECK(exact.num_cores() == 2);
  const auto last = g.tile(g.num_cores() - 1);
  CHECK(last.row0 == 16);
  CHECK(last.rows == 5);
  CHECK(last.col0 == 504);
  CHECK(last.cols == 8);
}

TEST_CASE("Closed-form phases per core match the SVD block layout for every core size") {
  for (int k = 2; k <= 16; ++k)
    for (Topology t : {Topology::kClements, Topology::kReck}) {
      CAPTURE(k);
      CHECK(TileGrid::make(k, k, k).phases_per_core() == BlockStructure(k, k, t).num_phases());
      CHECK(TileGrid::make(3 * k, k + 1, k).num_phase_shifters() ==
            TensorCoreArray(3 * k, k + 1, k, t).phases().size());
    }
}

TEST_CASE("A tiled tensor-core array reproduces a 21 x 19 matrix") {
  auto rng = make_rng(30, Stream::kOther);
  std::normal_distribution<double> g;
  Mat w(21, 19);
  for (int j = 0; j < 19; ++j)
    for (int i = 0; i < 21; ++i) w(i, j) = g(rng);
  TensorCoreArray array = TensorCoreArray::from_real_matrix(w);
  CHECK(array.num_cores() == 9);
  CHECK((array.real_matrix() - w).norm() < 1e-10 * w.norm());
  // The flat phase vector round-trips and addresses each core in order.
  const Vec p = array.phases();
  CHECK(p.size() == array.num_phases());
  TensorCoreArray copy(21, 19);
  copy.set_phases(p);
  for (int t = 0; t < 9; ++t) copy.core(t).set_s_max(array.core(t).s_max());
  CHECK((copy.real_matrix() - w).norm() < 1e-10 * w.norm());
  CHECK(p.segment(array.phase_offset(4), 136) == array.core(4).phases());
}

TEST_CASE("A matrix smaller than a core is zero-padded into one core") {
  Mat w(3, 5);
  w << 1, 2, 3, 4, 5, -1, 0, 2, 1, 1, 0.5, 0.25, -3, 0, 2;
  const TensorCoreArray array = TensorCoreArray::from_real_matrix(w);
  CHECK(array.num_cores() == 1);
  CHECK((array.real_matrix() - w).norm() < 1e-10 * w.norm());
  CHECK(array.core(0).real_matrix().bottomRows(5).norm() < 1e-10);
}

TEST_CASE("Tile grids reject empty shapes and one-mode cores") {
  CHECK_THROWS_WITH_AS(TileGrid::make(4, 4, 1),
                       "core_size = 1: must be >= 2 (a core mesh needs two modes)", InputError);
  CHECK_THROWS_AS(TileGrid::make(0, 4), InputError);
}

#include <doctest/doctest.h>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/config_document.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
enum class Shape { kRound, kSquare };
}
namespace tonnsim {
template <>
struct EnumNames<Shape> {
  static constexpr const char* type = "shape";
  static constexpr std::array<std::pair<Shape, const char*>, 2> names{
      {{Shape::kRound, "round"}, {Shape::kSquare, "square"}}};
};
}  // namespace tonnsim

namespace {
struct Options {
  double power_w = 1.0;
  int bits = 8;
  bool enabled = false;
  std::string name = "x";
  Shape shape = Shape::kRound;
  std::vector<double> ranks{1.0};
  std::optional<unsigned long> seed;
};

// Binds a map of Options under `sample:` in `text`; returns the bound struct.
Options bind_sample(const std::string& text) {
  Options o;
  ConfigNode root = ConfigDocument::from_string(text, "s.yaml").root();
  ConfigNode n = root.child("sample");
  n.get_positive("power_w", o.power_w, "W");
  n.get_in_range("bits", o.bits, 1, 32);
  n.get("enabled", o.enabled);
  n.get("name", o.name);
  n.get("shape", o.shape);
  n.get_positive("ranks", o.ranks);
  n.get("seed", o.seed);
  root.finish();
  return o;
}
}  // namespace

TEST_CASE("Typed values are read and missing keys keep their defaults") {
  const Options o = bind_sample(
      "sample:\n  power_w: 2.5e-3\n  bits: +12\n  enabled: yes\n  name: hjb\n"
      "  shape: square\n  ranks: [1, 2.5, 3]\n  seed: 18446744073709551615\n");
  CHECK(o.power_w == 2.5e-3);
  CHECK(o.bits == 12);
  CHECK(o.enabled);
  CHECK(o.name == "hjb");
  CHECK(o.shape == Shape::kSquare);
  CHECK(o.ranks == std::vector<double>{1, 2.5, 3});
  CHECK(o.seed == 18446744073709551615UL);

  const Options d = bind_sample("sample:\n  name: only\n");
  CHECK(d.power_w == 1.0);
  CHECK(d.bits == 8);
  CHECK(d.ranks == std::vector<double>{1.0});
  CHECK(!d.seed.has_value());
  CHECK(bind_sample("").name == "x");  // an empty file binds all defaults
  CHECK(bind_sample("sample:\n").name == "x");  // so does an empty section
}

TEST_CASE("A value of the wrong type names file, 1-based line and column, path, value and rule") {
  CHECK(input_error_text([] { bind_sample("sample:\n  power_w: abc\n"); }) ==
        "s.yaml:2:12: sample.power_w = abc: must be a number");
  CHECK(input_error_text([] { bind_sample("sample:\n  bits: 2.5\n"); }) ==
        "s.yaml:2:9: sample.bits = 2.5: must be an integer");
  CHECK(input_error_text([] { bind_sample("sample:\n  bits: 99999999999\n"); }) ==
        "s.yaml:2:9: sample.bits = 99999999999: must be an integer in [-2147483648, 2147483647]");
  CHECK(input_error_text([] { bind_sample("sample:\n  seed: -1\n"); }) ==
        "s.yaml:2:9: sample.seed = -1: must be a non-negative integer");
  CHECK(input_error_text([] { bind_sample("sample:\n  enabled: maybe\n"); }) ==
        "s.yaml:2:12: sample.enabled = maybe: must be true or false");
  CHECK(input_error_text([] { bind_sample("sample:\n  power_w: .nan\n"); }) ==
        "s.yaml:2:12: sample.power_w = .nan: must be a number");
  CHECK(input_error_text([] { bind_sample("sample:\n  power_w: inf\n"); }) ==
        "s.yaml:2:12: sample.power_w = inf: must be a finite number");
  CHECK(input_error_text([] { bind_sample("sample:\n  power_w: [1, 2]\n"); }) ==
        "s.yaml:2:12: sample.power_w = [1, 2]: must be a single value");
  CHECK(input_error_text([] { bind_sample("sample:\n  power_w:\n"); }) ==
        "s.yaml:2:3: sample.power_w = (empty): needs a value");
  CHECK(input_error_text([] { bind_sample("sample:\n  ranks: 3\n"); }) ==
        "s.yaml:2:10: sample.ranks = 3: must be a list [a, b, ...]");
  CHECK(input_error_text([] { bind_sample("sample: 7\n"); }) ==
        "s.yaml:1:9: sample = 7: must be a map of keys (name: value)");
}

TEST_CASE("Range rules report the interval, element-wise for lists") {
  CHECK(input_error_text([] { bind_sample("sample:\n  power_w: -1\n"); }) ==
        "s.yaml:2:12: sample.power_w = -1: must be > 0 W");
  CHECK(input_error_text([] { bind_sample("sample:\n  bits: 0\n"); }) ==
        "s.yaml:2:9: sample.bits = 0: must be in [1, 32]");
  CHECK(input_error_text([] { bind_sample("sample:\n  ranks: [1, 2,\n    0]\n"); }) ==
        "s.yaml:3:5: sample.ranks[2] = 0: must be > 0");

  ConfigNode n = ConfigDocument::from_string("n: 3\n", "r.yaml").root();
  int value = 0;
  CHECK(input_error_text([&] {
          n.get_if("n", value, [](int v) { return v % 2 == 0; }, "must be even");
        }) == "r.yaml:1:4: n = 3: must be even");
  double x = 0;
  ConfigNode h = ConfigDocument::from_string("x: 1\n", "r.yaml").root();
  CHECK(input_error_text([&] { h.get("x", x, in_half_open_range(0.0, 1.0)); }) ==
        "r.yaml:1:4: x = 1: must be in [0, 1)");
  CHECK(input_error_text([&] { h.get("x", x, in_open_range(0.0, 1.0, "rad")); }) ==
        "r.yaml:1:4: x = 1: must be in (0, 1) rad");
  CHECK(input_error_text([&] { h.get("x", x, at_least(1.5)); }) ==
        "r.yaml:1:4: x = 1: must be >= 1.5");
}

TEST_CASE("A bad enum value lists the allowed spellings and suggests the closest") {
  CHECK(input_error_text([] { bind_sample("sample:\n  shape: sqare\n"); }) ==
        "s.yaml:2:10: sample.shape = sqare: unknown shape; allowed: round, square; "
        "did you mean 'square'?");
  CHECK(input_error_text([] { bind_sample("sample:\n  shape: hexagon\n"); }) ==
        "s.yaml:2:10: sample.shape = hexagon: unknown shape; allowed: round, square");
  CHECK(input_error_text([] { bind_sample("sample:\n  shape: {a: 1}\n"); }) ==
        "s.yaml:2:10: sample.shape = {a: 1}: must be one of: round, square");
}

TEST_CASE("Unknown keys are all reported, each with a suggestion or the known keys") {
  const std::string message = input_error_text([] {
    bind_sample("sample:\n  power_mw: 1\n  bits: 4\n  colour: red\nsampel: 3\n");
  });
  CHECK(message ==
        "s.yaml:5:1: sampel: unknown key; did you mean 'sample'?\n"
        "s.yaml:2:3: sample.power_mw: unknown key; did you mean 'power_w'?\n"
        "s.yaml:4:3: sample.colour: unknown key; known keys here: power_w, bits, enabled, "
        "name, shape, ranks, seed");
}

TEST_CASE("A duplicated key is an error, not a silent choice of one") {
  CHECK(input_error_text([] { bind_sample("sample:\n  bits: 4\n  bits: 5\n"); }) ==
        "s.yaml:3:3: sample.bits: duplicate key (first written at line 2)");
}

TEST_CASE("Errors from a struct's validate() are located at the offending key") {
  struct Pair {
    double a_um = 1, b_um = 1;
    void validate() const {
      require(a_um * b_um < 10, "inner.a_um*b_um", a_um * b_um, "must be < 10 um^2");
    }
  };
  auto bind = [](const std::string& text) {
    ConfigNode root = ConfigDocument::from_string(text, "v.yaml").root();
    ConfigNode outer = root.child("outer");
    ConfigNode inner = outer.child("inner");
    Pair p;
    inner.get("a_um", p.a_um);
    inner.get("b_um", p.b_um);
    root.finish();
    outer.validate([&] { p.validate(); });
  };
  // The rule names two fields: the location is the first one written.
  CHECK(input_error_text([&] { bind("outer:\n  inner:\n    b_um: 3\n    a_um: 4\n"); }) ==
        "v.yaml:4:11: outer.inner.a_um*b_um = 12: must be < 10 um^2");
  // A message without a "field = value" part is prefixed with the section's location.
  ConfigNode root = ConfigDocument::from_string("top:\n  k: 1\n", "v.yaml").root();
  ConfigNode top = root.child("top");
  CHECK(input_error_text([&] { top.validate([] { throw InputError("inconsistent sizes"); }); }) ==
        "v.yaml:1:1: top: inconsistent sizes");
}

TEST_CASE("YAML syntax errors and unreadable files are input errors with a location") {
  CHECK(input_error_text([] { ConfigDocument::from_string("a: [1, 2\nb: 3\n", "y.yaml"); })
            .rfind("y.yaml:", 0) == 0);
  CHECK(input_error_text([] { ConfigDocument::from_string("a: [1, 2\nb: 3\n", "y.yaml"); })
            .find("YAML syntax error") != std::string::npos);
  CHECK(input_error_text([] { ConfigDocument::from_string("- 1\n- 2\n", "y.yaml"); }) ==
        "y.yaml:1:1: the top level must be a map of sections (device:, pde:, ...)");
  CHECK(input_error_text([] { ConfigDocument::from_file("/nonexistent/x.yaml"); }) ==
        "/nonexistent/x.yaml: cannot read: No such file or directory");
}

TEST_CASE("A list of maps binds item by item, with indexed paths in messages") {
  struct Layer {
    int rank = 1;
    std::string type = "dense";
  };
  auto bind = [](ConfigDocument doc) {
    ConfigNode root = doc.root();
    std::vector<Layer> layers;
    for (ConfigNode item : root.child_list("layers")) {
      Layer l;
      item.get_positive("rank", l.rank);
      item.get("type", l.type);
      layers.push_back(l);
    }
    root.finish();
    return layers;
  };
  const auto layers =
      bind(ConfigDocument::from_string("layers:\n  - {type: tt, rank: 2}\n  - type: dense\n", "l.yaml"));
  REQUIRE(layers.size() == 2);
  CHECK(layers[0].rank == 2);
  CHECK(layers[1].type == "dense");
  CHECK(bind(ConfigDocument::from_string("", "l.yaml")).empty());
  CHECK(input_error_text([&] {
          bind(ConfigDocument::from_string("layers:\n  - {type: tt}\n  - {rnak: 2}\n", "l.yaml"));
        }) == "l.yaml:3:6: layers[1].rnak: unknown key; did you mean 'rank'?");
  CHECK(input_error_text([&] { bind(ConfigDocument::from_string("layers: 3\n", "l.yaml")); }) ==
        "l.yaml:1:9: layers = 3: must be a list of maps (- name: value)");
  CHECK(input_error_text([&] { bind(ConfigDocument::from_string("layers: [1]\n", "l.yaml")); }) ==
        "l.yaml:1:10: layers[0] = 1: must be a map of keys (name: value)");
  auto doc = ConfigDocument::from_string("layers:\n  - {type: tt, rank: 2}\n", "l.yaml");
  doc.set("layers.0.rank=0");
  CHECK(input_error_text([&] { bind(doc); }) ==
        "l.yaml (from --set layers.0.rank=0): layers[0].rank = 0: must be > 0");
}

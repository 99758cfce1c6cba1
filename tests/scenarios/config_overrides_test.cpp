#include <doctest/doctest.h>

#include "scenarios/input_error_text.hpp"
#include "scenarios/runner/config_document.hpp"

using namespace tonnsim;
using namespace tonnsim::runner;

namespace {
struct Knobs {
  double gain = 1.0;
  int bits = 8;
  std::vector<int> shape{1};
};

Knobs bind_knobs(const ConfigDocument& doc) {
  Knobs k;
  ConfigNode root = doc.root();
  ConfigNode n = root.child("knobs");
  n.get("gain", k.gain);
  n.get_in_range("bits", k.bits, 1, 32);
  n.get("shape", k.shape);
  root.finish();
  return k;
}
}  // namespace

TEST_CASE("--set overrides values in the file and creates missing maps") {
  auto doc = ConfigDocument::from_string("knobs:\n  gain: 2\n", "o.yaml");
  doc.set("knobs.gain=0.5");
  doc.set("knobs.shape=[4, 4, 8]");
  CHECK(bind_knobs(doc).gain == 0.5);
  CHECK(bind_knobs(doc).shape == std::vector<int>{4, 4, 8});

  auto empty = ConfigDocument::from_string("", "o.yaml");
  empty.set_all({"knobs.bits=4", "knobs.bits=6"});  // the last one wins
  CHECK(bind_knobs(empty).bits == 6);

  auto null_section = ConfigDocument::from_string("knobs:\n", "o.yaml");
  null_section.set("knobs.gain=3");
  CHECK(bind_knobs(null_section).gain == 3);

  auto list = ConfigDocument::from_string("knobs:\n  shape: [1, 2]\n", "o.yaml");
  list.set("knobs.shape.1=7");
  CHECK(bind_knobs(list).shape == std::vector<int>{1, 7});
  CHECK(list.effective_text().find("7") != std::string::npos);
  CHECK(list.text() == "knobs:\n  shape: [1, 2]\n");  // the text as read is kept
}

TEST_CASE("A bad overridden value blames the --set, not the file") {
  auto doc = ConfigDocument::from_string("knobs:\n  bits: 8\n", "o.yaml");
  doc.set("knobs.bits=0");
  CHECK(input_error_text([&] { bind_knobs(doc); }) ==
        "o.yaml (from --set knobs.bits=0): knobs.bits = 0: must be in [1, 32]");
  auto typed = ConfigDocument::from_string("", "o.yaml");
  typed.set("knobs.shape=[1, x]");
  CHECK(input_error_text([&] { bind_knobs(typed); }) ==
        "o.yaml (from --set knobs.shape=[1, x]): knobs.shape[1] = x: must be an integer");
}

TEST_CASE("An override naming an unknown key fails with a suggestion") {
  auto doc = ConfigDocument::from_string("knobs:\n  bits: 8\n", "o.yaml");
  doc.set("knobs.gian=2");
  CHECK(input_error_text([&] { bind_knobs(doc); }) ==
        "o.yaml (from --set knobs.gian=2): knobs.gian: unknown key; did you mean 'gain'?");
  auto top = ConfigDocument::from_string("knobs:\n  bits: 8\n", "o.yaml");
  top.set("knbos.gain=2");
  CHECK(input_error_text([&] { bind_knobs(top); }) ==
        "o.yaml (from --set knbos.gain=2): knbos: unknown key; did you mean 'knobs'?");
}

TEST_CASE("Malformed --set assignments are rejected with the reason") {
  auto doc = ConfigDocument::from_string("knobs:\n  bits: 8\n  shape: [1]\n", "o.yaml");
  CHECK(input_error_text([&] { doc.set("knobs.bits"); }) ==
        "o.yaml (from --set knobs.bits): expected key.path=value");
  CHECK(input_error_text([&] { doc.set("knobs..bits=3"); }) ==
        "o.yaml (from --set knobs..bits=3): 'knobs..bits' has an empty key; expected "
        "key.path=value");
  CHECK(input_error_text([&] { doc.set("knobs.bits="); }) ==
        "o.yaml (from --set knobs.bits=): knobs.bits needs a value after '='");
  CHECK(input_error_text([&] { doc.set("knobs.bits.low=3"); }) ==
        "o.yaml (from --set knobs.bits.low=3): 'knobs.bits' is a single value, not a map; "
        "cannot set 'knobs.bits.low'");
  CHECK(input_error_text([&] { doc.set("knobs.shape.5=3"); }) ==
        "o.yaml (from --set knobs.shape.5=3): 'knobs.shape' is a list of 1 items; '5' is not "
        "an index into it");
  CHECK(input_error_text([&] { doc.set("knobs.gain=[1, 2"); })
            .rfind("o.yaml (from --set knobs.gain=[1, 2): knobs.gain = [1, 2: not a valid YAML "
                   "value",
                   0) == 0);
  // Nothing was applied by the failed assignments.
  CHECK(bind_knobs(doc).bits == 8);
}

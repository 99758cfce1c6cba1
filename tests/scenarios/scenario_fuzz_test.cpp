// A bounded fuzz test of `tonnsim check`: the shipped scenarios, mutated the ways a
// careless edit or a hostile file would (values swapped for extreme or malformed ones,
// lines dropped, duplicated or re-indented, bytes inserted, the text cut short), and
// random --set overrides. Every input must end with exit 0 (valid) or 2 (bad input, one
// located message); exit 1 ("internal: ...") or a crash is a defect. Deterministic: a
// fixed seed, so a failure names its case and replays. The sanitizer job
// (scripts/sanitize.sh) runs it under ASan and UBSan.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/temp_path.hpp"
#include "scenarios/tiny_scenario.hpp"

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

const std::vector<std::string> kValues{
    "-1", "0", "1", "-0", "1.5", "1e308", "-1e308", "1e-320", ".nan", ".inf", "-.inf",
    "2000000000", "-2147483649", "99999999999999999999", "18446744073709551616", "0x10",
    "[]", "{}", "[1, [2]]", "{a: 1}", "''", "~", "null", "true", "abc", "\"\\u0000\"",
    "&anchor 1", "*alias", "!!binary aGVsbG8=", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "1:2",
    "- 1", "|\n  text", "50", "100000", "65537", "1025", "9"};

const std::vector<std::string> kKeys{
    "pde.kind", "pde.n_test", "pde.n_collocation", "pde.space_dim", "pde.horizon_s",
    "estimator.kind", "estimator.sparse_grid.level", "estimator.sparse_grid.sigma",
    "estimator.monte_carlo.n_pairs", "network.layers.0.out_modes", "network.layers.0.tt_rank",
    "network.layers.1.out_dim", "network.layers.7.x", "network.layers.99999999999999999999.x",
    "network.reference", "network.input_dim", "chip.model", "chip.core_size",
    "chip.non_idealities.preset", "device.adc.bits", "device.phase_shifter.p_pi_w",
    "optimizer.kind", "optimizer.learning_rate.initial", "optimizer.zo.preset",
    "run.iterations", "run.seed", "run.checkpoint_every", "run.eval_every", "description",
    "pde", "network.layers", "unknown.key", "run.iterations.deeper"};

/// One mutation of `text`, chosen and parameterised by `rng`.
std::string mutate(const std::string& text, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % std::max<std::size_t>(n, 1)); };
  std::vector<std::string> lines = split_lines(text);
  if (lines.empty()) return text;
  const std::size_t at = pick(lines.size());
  switch (rng() % 7) {
    case 0: {  // a value replaced
      std::string& l = lines[at];
      const auto colon = l.find(": ");
      const std::string v = kValues[pick(kValues.size())];
      if (colon != std::string::npos) l = l.substr(0, colon + 2) + v;
      else l += " " + v;
      return join_lines(lines);
    }
    case 1:  // a line dropped
      lines.erase(lines.begin() + static_cast<long>(at));
      return join_lines(lines);
    case 2:  // a line duplicated (duplicate keys)
      lines.insert(lines.begin() + static_cast<long>(at), lines[at]);
      return join_lines(lines);
    case 3:  // re-indented
      lines[at] = std::string(pick(5), ' ') + lines[at];
      return join_lines(lines);
    case 4: {  // a byte inserted
      std::string t = text;
      const char bytes[] = {':', '-', '[', ']', '{', '}', '\t', '\'', '"', '#', '&', '*',
                            '!', '|', '>', '%', '@', '`', ',', '\0', '\xff', '\n'};
      t.insert(t.begin() + static_cast<long>(pick(t.size())), bytes[pick(sizeof(bytes))]);
      return t;
    }
    case 5:  // cut short
      return text.substr(0, pick(text.size()));
    default: {  // a number scaled by a power of ten
      std::string t = text;
      const auto digit = t.find_first_of("0123456789", pick(t.size()));
      if (digit != std::string::npos) t.insert(digit, std::to_string(pick(10)) + "000000");
      return t;
    }
  }
}

}  // namespace

TEST_CASE("Mutated scenarios and random overrides through check end with exit 0 or 2, never a crash") {
  std::vector<std::string> corpus{kTiny};
  for (const auto& entry : std::filesystem::directory_iterator("scenarios"))
    if (entry.path().extension() == ".yaml") corpus.push_back(read_text(entry.path()));
  REQUIRE(corpus.size() > 10);
  std::mt19937_64 rng(20261201);
  TempPath file("fuzz.yaml");
  int valid = 0, refused = 0;
  constexpr int kCases = 1500;  // bounded: a few seconds in Release
  for (int i = 0; i < kCases; ++i) {
    std::string text = corpus[rng() % corpus.size()];
    const int rounds = 1 + static_cast<int>(rng() % 3);
    for (int r = 0; r < rounds; ++r) text = mutate(text, rng);
    std::ofstream(file.str(), std::ios::binary) << text;
    std::vector<std::string> args{"check", file.str()};
    if (rng() % 3 == 0)
      args.insert(args.end(), {"--set", kKeys[rng() % kKeys.size()] + "=" +
                                            kValues[rng() % kValues.size()]});
    const CliResult r = cli(args);
    if (r.code != 0 && r.code != 2) {
      CAPTURE(i);
      CAPTURE(text);
      CAPTURE(args.size() > 2 ? args[3] : std::string());
      CAPTURE(r.err);
      FAIL("exit code " << r.code);
    }
    (r.code == 0 ? valid : refused) += 1;
    if (r.code == 2) CHECK(r.err.rfind("error: ", 0) == 0);
  }
  MESSAGE(valid << " mutated scenarios valid, " << refused << " refused with a message");
  CHECK(valid > 0);    // the mutations are not all fatal...
  CHECK(refused > 0);  // ...nor all harmless
}

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scenarios/cli_helpers.hpp"
#include "scenarios/runner/hdf5_file.hpp"
#include "scenarios/temp_path.hpp"

using namespace tonnsim::runner;

namespace {

const std::string kHeader =
    "pde:\n"
    "  kind: expression\n"
    "  space_dim: 2\n"
    "  expression:\n"
    "    domain: {x: [0, 1], t: [0, 1]}\n";

// The first ```yaml block after `heading` in a Markdown file.
std::string yaml_block_after(const std::string& file, const std::string& heading) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const auto h = s.find(heading);
  REQUIRE(h != std::string::npos);
  const auto open = s.find("```yaml\n", h);
  REQUIRE(open != std::string::npos);
  const auto start = open + 8;
  return s.substr(start, s.find("```", start) - start);
}

}  // namespace

TEST_CASE("An expression error points at file, line and column of the symbol, with did-you-mean") {
  ScenarioFile f(kHeader + "    residual: u_t - lapu + u\n", "expr.yaml");
  const CliResult r = cli({"check", f.path.str()});
  CHECK(r.code == 2);
  // "    residual: " is 14 characters: the value starts at column 15, 'lapu' at 21.
  CHECK(r.err == "error: " + f.path.str() +
                     ":6:21: pde.expression.residual = \"u_t - lapu + u\": unknown symbol "
                     "'lapu'; did you mean 'lap_u'?\n");
  ScenarioFile quoted(kHeader + "    exact: \"sin(x1) + sum_z\"\n    residual: u_t\n", "expr.yaml");
  const CliResult q = cli({"check", quoted.path.str()});
  CHECK(q.code == 2);
  CHECK(q.err.find(":6:23: pde.expression.exact") != std::string::npos);  // after the quote
  CHECK(q.err.find("did you mean 'sum_x'?") != std::string::npos);
  ScenarioFile mixed(kHeader + "    residual: u_t - u_x1x2\n", "expr.yaml");
  CHECK(cli({"check", mixed.path.str()}).err.find("mixed second derivatives are not available") !=
        std::string::npos);
  ScenarioFile pin(kHeader + "    residual: u_t\n    conditions:\n      - {pin: {y: 0}, value: '0'}\n",
                   "expr.yaml");
  CHECK(cli({"check", pin.path.str()}).err.find("must name one variable") != std::string::npos);
}

TEST_CASE("check verifies a given exact solution against the residual and warns when it fails") {
  const std::string heat = kHeader +
                           "    residual: u_t - lap_u\n"
                           "    conditions: [{pin: {t: 0}, value: sin(x1)*sin(x2)}]\n";
  ScenarioFile good(heat + "    exact: exp(-2*t)*sin(x1)*sin(x2)\n", "exact.yaml");
  const CliResult g = cli({"check", good.path.str()});
  CHECK(g.code == 0);
  CHECK(g.out.find("exact solution: max |residual|") != std::string::npos);
  CHECK(g.err.empty());
  ScenarioFile bad(heat + "    exact: exp(-t)*sin(x1)*sin(x2)\n", "exact.yaml");
  const CliResult b = cli({"check", bad.path.str()});
  CHECK(b.code == 0);  // a warning: the scenario itself is well formed
  CHECK(b.err.find("warning: " + bad.path.str() +
                   ": the exact solution does not satisfy the residual") != std::string::npos);
  ScenarioFile wrong_g(kHeader +
                           "    residual: u_t - lap_u\n"
                           "    exact: exp(-2*t)*sin(x1)*sin(x2)\n"
                           "    ansatz: {g: sin(x1)*sin(x2), h: t, g_xi: cos(xi), g_xixi: '0',\n"
                           "             g_t: '0', g_tt: '0', h_xi: '0', h_xixi: '0', h_t: '1', h_tt: '0'}\n",
                       "ansatz.yaml");
  CHECK(cli({"check", wrong_g.path.str()}).err.find("the ansatz derivatives") != std::string::npos);
}

// docs/user-guide.md, "Define your own PDE": the worked example checks, its exact solution
// satisfies its residual, and it runs.
TEST_CASE("The user guide's worked PDE example checks and runs") {
  const std::string example = yaml_block_after("docs/user-guide.md", "## Define your own PDE");
  std::ifstream shipped("scenarios/reaction-diffusion-10.yaml");
  std::stringstream text;
  text << shipped.rdbuf();
  CHECK(example == text.str());  // the guide shows the shipped scenario, verbatim
  ScenarioFile f(example, "guide.yaml");
  const CliResult c = cli({"check", f.path.str()});
  INFO(c.err);
  CHECK(c.code == 0);
  CHECK(c.err.empty());
  TempPath out("guide.h5");
  const CliResult r = cli({"run", f.path.str(), "--out", out.str(), "--progress", "off",
                           "--max-iterations", "1", "--set", "pde.n_test=16"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(Hdf5File::open(out.str()).shape("/trace/loss") == std::vector<std::int64_t>{1});
}

TEST_CASE("Per-variable sampling binds from YAML and a bad law is reported at its key") {
  const std::string text = kHeader +
                           "    residual: u_t - lap_u\n"
                           "    sampling:\n"
                           "      t: {distribution: beta, alpha: 0.5}\n"
                           "      x2: {distribution: normal, mean: 0.5, std: 0.1}\n";
  const Scenario s = bind_text(text);
  const auto& sampling = s.problem.pde.expression.sampling;
  REQUIRE(sampling.size() == 2);
  CHECK(sampling[0].first == "t");
  CHECK(sampling[0].second.distribution == tonnsim::pinn::SamplingDistribution::kBeta);
  CHECK(sampling[0].second.alpha == 0.5);
  CHECK(sampling[0].second.beta == 1.0);
  CHECK(sampling[1].second.std == 0.1);
  // A normal 60 std away from x2's range [0, 1] has no mass there: the error names the
  // key's line (8) and the rule.
  ScenarioFile far(kHeader + "    residual: u_t - lap_u\n    sampling:\n      x2: {distribution: normal, mean: 7, std: 0.1}\n",
                   "sampling.yaml");
  const CliResult r = cli({"check", far.path.str()});
  CHECK(r.code == 2);
  CHECK(r.err.find(far.path.str() + ":8:") != std::string::npos);
  CHECK(r.err.find("pde.expression.sampling.x2.mean = 7: puts") != std::string::npos);
  ScenarioFile typo(kHeader + "    residual: u_t - lap_u\n    sampling:\n      t: {distribution: gamma}\n",
                    "sampling.yaml");
  CHECK(cli({"check", typo.path.str()}).err.find("uniform, normal, beta") != std::string::npos);
}

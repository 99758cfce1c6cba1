#include "scenarios/runner/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <ostream>

#include "core/error.hpp"
#include "scenarios/runner/command_line_overrides.hpp"
#include "scenarios/runner/commands.hpp"
#include "scenarios/runner/config_node.hpp"
#include "scenarios/runner/did_you_mean.hpp"
#include "scenarios/runner/output_error.hpp"
#include "scenarios/runner/version.hpp"

namespace tonnsim::runner {

namespace {

void print_error(std::ostream& err, const std::string& message) {
  std::size_t start = 0;
  while (start <= message.size()) {
    const auto nl = message.find('\n', start);
    err << "error: " << message.substr(start, nl == std::string::npos ? nl : nl - start) << '\n';
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

// Every --set takes exactly one key.path=value, so a positional argument after it is
// not swallowed.
void add_set_option(CLI::App* app, std::vector<std::string>& sets) {
  app->add_option("--set", sets, "override a scenario value: key.path=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;  // --help comes from the parser's own option list
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

bool looks_like_number(const std::string& a) {
  return a.size() > 1 && a[0] == '-' && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.');
}

// The one-line message of a command-line error: a misspelt subcommand or option is named
// with the closest known spelling; otherwise the parser's own message, on one line, with
// where to find the usage.
std::string parse_error_text(const CLI::App& app, const CLI::ParseError& e, int argc,
                             const char* const* argv) {
  const CLI::App* command = nullptr;
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    commands.push_back(sub->get_name());
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") break;
    if (!command) {
      if (!a.empty() && a[0] == '-') continue;  // --help, --version
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == a) command = sub;
      if (!command)
        return "unknown command '" + a + "'" + suggestion_text(a, commands, "commands");
      continue;
    }
    if (a.size() < 2 || a[0] != '-' || looks_like_number(a)) continue;
    const std::string name = a.substr(0, a.find('='));
    const auto known = option_names(*command);
    if (std::find(known.begin(), known.end(), name) == known.end())
      return "unknown option '" + name + "' for `tonnsim " + command->get_name() + "`" +
             suggestion_text(name, known, "options");
  }
  std::string what = e.what();
  std::replace(what.begin(), what.end(), '\n', ' ');
  while (!what.empty() && what.back() == ' ') what.pop_back();
  const std::string usage = command ? "tonnsim " + command->get_name() + " --help" : "tonnsim --help";
  if (!command && argc <= 1) return "a command is required: " + [&] {
    std::string list;
    for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
    return list;
  }() + " (see `tonnsim --help`)";
  return what + " (see `" + usage + "`)";
}

/// --seed, --threads, --max-iterations, --progress and --log-every of `run` and `sweep`:
/// taken as text and parsed strictly (parse_integer_option) when the command runs.
struct SharedRunArguments {
  std::string seed, threads, max_iterations, progress = "auto";
  CLI::Option* seed_option = nullptr;
  CLI::Option* threads_option = nullptr;
  CLI::Option* max_iterations_option = nullptr;

  void add(CLI::App* command, ProgressOptions& progress_options,
           const std::string& max_iterations_help) {
    seed_option = command->add_option("--seed", seed, "master random seed, 0 .. 2^64 - 1")
                      ->type_name("SEED");
    threads_option = command->add_option("--threads", threads, "OpenMP threads")->type_name("N");
    max_iterations_option =
        command->add_option("--max-iterations", max_iterations, max_iterations_help)
            ->type_name("N");
    command->add_option("--progress", progress, "auto, bar, lines or off")->type_name("MODE");
    command->add_option("--log-every", progress_options.line_every,
                        "plain progress line every K iterations (when not a terminal)")
        ->type_name("K");
  }
  void parse(std::optional<std::uint64_t>& seed_out, std::optional<int>& threads_out,
             long& max_iterations_out, ProgressOptions& progress_out) const {
    if (seed_option->count()) seed_out = parse_integer_option<std::uint64_t>("--seed", seed);
    if (threads_option->count()) threads_out = parse_integer_option<int>("--threads", threads);
    if (max_iterations_option->count())
      max_iterations_out = parse_integer_option<long>("--max-iterations", max_iterations);
    progress_out.mode = parse_enum_option<ProgressMode>("--progress", progress);
  }
};

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"tonnsim: photonic tensorized neural networks trained in situ without "
               "back-propagation"};
  app.set_version_flag("--version", code_version());
  app.require_subcommand(1);
  std::function<int()> action;

  CheckOptions check;
  std::vector<std::string> check_args;
  auto* check_cmd = app.add_subcommand(
      "check", "validate a scenario, or every point of a sweep file, without running it");
  check_cmd->add_option("scenario", check_args, "SCENARIO.yaml or SWEEP.yaml, then key=value overrides")
      ->required();
  add_set_option(check_cmd, check.sets);
  check_cmd->add_flag("--print-expanded", check.print_expanded,
                      "print the scenario with every default and preset resolved (YAML)");
  check_cmd->callback([&] {
    action = [&] {
      const auto args = split_positional_arguments(check_args, "check");
      require(!args.file.empty(), "check", "(no file)", "needs SCENARIO.yaml or SWEEP.yaml");
      check.scenario = args.file;
      check.overrides = args.overrides;
      return command_check(check, out, err);
    };
  });

  RunOptions run;
  std::vector<std::string> run_args;
  SharedRunArguments run_shared;
  auto* run_cmd = app.add_subcommand("run", "train one scenario end to end (or a multirun sweep)");
  run_cmd->add_option("scenario", run_args,
                      "SCENARIO.yaml (optional with --resume), then key=value overrides; "
                      "key=a,b,... sweeps the values (a multirun)");
  run_cmd->add_option("--out", run.out, "HDF5 output file (default: results/<scenario>.h5)")
      ->type_name("FILE.h5");
  add_set_option(run_cmd, run.sets);
  run_cmd->add_flag("--force", run.force,
                    "replace an existing --out (it stays intact until the new file is valid)");
  run_cmd->add_flag("-m,--multirun", run.multirun,
                    "write a sweep file (as `tonnsim sweep`) even when no key=a,b lists values");
  run_cmd->add_option("--resume", run.resume, "continue an interrupted run from its checkpoint")
      ->type_name("FILE.h5");
  run_cmd->add_flag("--profile", run.profile, "print per-phase timings at the end");
  run_shared.add(run_cmd, run.progress,
                 "stop after this many iterations with a checkpoint (e.g. to fit a batch "
                 "queue's time limit); continue with --resume");
  run_cmd->callback([&] {
    action = [&] {
      const auto args = split_positional_arguments(run_args, "run");
      run.scenario = args.file;
      run.overrides = args.overrides;
      run_shared.parse(run.seed, run.threads, run.max_iterations, run.progress);
      return command_run(run, out, err);
    };
  });

  SweepOptions sweep;
  std::vector<std::string> sweep_args;
  SharedRunArguments sweep_shared;
  auto* sweep_cmd = app.add_subcommand("sweep", "run a grid of scenario variants into one table");
  sweep_cmd->add_option("sweep", sweep_args, "SWEEP.yaml, then key=value overrides of the base")
      ->required();
  sweep_cmd->add_option("--out", sweep.out, "HDF5 output file")->type_name("FILE.h5");
  add_set_option(sweep_cmd, sweep.sets);
  sweep_cmd->add_flag("--force", sweep.force, "replace an existing --out");
  sweep_cmd->add_flag("--resume", sweep.resume,
                      "continue the sweep in --out: finished points are kept as they are, the "
                      "others run (a point stopped part-way from its checkpoint)");
  sweep_shared.add(sweep_cmd, sweep.progress,
                   "training iterations this invocation may run over all points (e.g. to fit a "
                   "batch queue's time limit); continue with --resume");
  sweep_cmd->callback([&] {
    action = [&] {
      const auto args = split_positional_arguments(sweep_args, "sweep");
      require(!args.file.empty(), "sweep", "(no file)", "needs SWEEP.yaml");
      sweep.sweep = args.file;
      sweep.overrides = args.overrides;
      sweep_shared.parse(sweep.seed, sweep.threads, sweep.max_iterations, sweep.progress);
      return command_sweep(sweep, out, err);
    };
  });

  MeshOptions mesh;
  auto* mesh_cmd = app.add_subcommand("mesh", "device-level study of one MZI mesh");
  mesh_cmd->add_option("--topology", mesh.topology, "clements or reck")->type_name("NAME");
  mesh_cmd->add_option("--n", mesh.n, "modes (N x N mesh)")->required();
  mesh_cmd->add_option("--out", mesh.out, "HDF5 report")->type_name("FILE.h5");
  mesh_cmd->add_flag("--force", mesh.force, "replace an existing --out");
  mesh_cmd->callback([&] { action = [&] { return command_mesh(mesh, out, err); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0 in CLI11.
    if (e.get_exit_code() == 0) {
      app.exit(e, out, err);
      return exit_code::kOk;
    }
    print_error(err, parse_error_text(app, e, argc, argv));
    return exit_code::kBadInput;
  }
  try {
    return action ? action() : exit_code::kBadInput;
  } catch (const InputError& e) {
    print_error(err, e.what());
    return exit_code::kBadInput;
  } catch (const OutputError& e) {
    print_error(err, e.what());
    return exit_code::kOutputFailure;
  } catch (const RunError& e) {
    print_error(err, e.what());
    return exit_code::kRunFailure;
  } catch (const std::exception& e) {
    print_error(err, std::string("internal: ") + e.what());
    return exit_code::kRunFailure;
  }
}

}  // namespace tonnsim::runner

// Networks, the PINN loss and the ledger from Python, through the experiment a scenario
// describes (scenarios/runner/experiment.hpp): the network the optimiser trains (phases on
// the chip, or digital weights), its loss at any parameters, and the ledger of a solve.
#include <chrono>
#include <ctime>

#include "core/rng.hpp"
#include "pinn/pde_library.hpp"
#include "python/src/bindings.hpp"
#include "scenarios/runner/experiment.hpp"
#include "solvers/solve_counts.hpp"
#include "solvers/trainer.hpp"
#include "tonn/photonic_network.hpp"

namespace tonnsim::python {

namespace {

/// A scenario's experiment, plus the loss step it stands at (PinnLoss::begin_step).
class PyExperiment {
 public:
  explicit PyExperiment(const runner::Scenario& s) : scenario_(s), e_(runner::build_experiment(s)) {}
  PyExperiment(const PyExperiment&) = delete;
  PyExperiment& operator=(const PyExperiment&) = delete;

  const runner::Scenario& scenario() const { return scenario_; }
  runner::Experiment& experiment() { return e_; }
  tonn::Network& model() { return e_.model(); }
  bool photonic() const { return e_.photonic.has_value(); }

  /// Sets the parameters (size-checked), redraws the dynamic phase noise of state
  /// `noise_state` when given (the state index a run measures them as; set_parameters
  /// marks every layer for realisation, as in solvers::NetworkObjective), and moves
  /// the loss to `step` (its collocation points) when it is not there already.
  void prepare(const Vec& theta, std::optional<std::uint64_t> step,
               std::optional<std::uint64_t> noise_state) {
    require(theta.size() == model().num_parameters(), "parameters", theta.size(),
            "must have " + std::to_string(model().num_parameters()) + " entries (num_parameters)");
    if (step && *step != step_) {
      e_.loss->begin_step(*step);
      step_ = *step;
    }
    model().set_parameters(theta);
    if (noise_state) redraw_noise(*noise_state);
  }
  /// The chip realises its phases again with the dynamic noise of programmed state `state`
  /// (a no-op on a digital network, which has no noise).
  void redraw_noise(std::uint64_t state) {
    if (tonn::reseed_phase_noise(model(), state) > 0) model().realize();
  }
  double loss(const Vec& theta, std::optional<std::uint64_t> step,
              std::optional<std::uint64_t> noise_state) {
    prepare(theta, step, noise_state);
    return e_.loss->loss(model());
  }
  const solvers::ChipModel& chip() {
    require(photonic(), "chip.model", std::string("digital"),
            "has no chip to charge; the ledger needs chip.model = photonic");
    if (!chip_) chip_ = runner::experiment_chip_model(scenario_, e_);
    return *chip_;
  }

 private:
  runner::Scenario scenario_;
  runner::Experiment e_;
  std::uint64_t step_ = 0;  // PinnLoss's constructor begins step 0
  std::optional<solvers::ChipModel> chip_;
};

py::array_t<double> as_numpy(const Vec& v) { return py::array_t<double>(v.size(), v.data()); }

/// Points as rows (B x D), as numpy users hold them.
py::array_t<double> rows_of(const Mat& columns) {
  py::array_t<double> out({columns.cols(), columns.rows()});
  Eigen::Map<Mat>(out.mutable_data(), columns.rows(), columns.cols()) = columns;
  return out;
}

py::dict metrics(const pinn::TestMetrics& m) {
  py::dict d;
  d["rel_l2"] = m.rel_l2;
  d["rel_l2_learned"] = m.rel_l2_learned;
  d["max_abs_error"] = m.max_abs_error;
  return d;
}

struct PyPde {
  std::shared_ptr<pinn::Pde> pde;
};

}  // namespace

void bind_networks(py::module_& m) {
  py::class_<PyExperiment>(m, "Experiment", R"(What a scenario builds, without running it:
the network the optimiser trains (phases of the chip for chip.model = photonic, weights for
digital), the PINN loss of its PDE and estimator, the hardware report and the ledger.
The loss at given parameters is the training objective, so an external optimiser can be
compared with ours on the same footing.)")
      .def(py::init([](const ScenarioSource& s) {
             py::gil_scoped_release release;
             return std::make_unique<PyExperiment>(s.bound);
           }),
           py::arg("scenario"))
      .def_property_readonly("model", [](PyExperiment& x) {
        return to_string(x.scenario().chip.model);
      })
      .def_property_readonly("input_dim", [](PyExperiment& x) { return x.model().input_dim(); })
      .def_property_readonly("num_parameters",
                             [](PyExperiment& x) { return x.model().num_parameters(); })
      .def_property_readonly(
          "parameter_groups",
          [](PyExperiment& x) {
            py::list groups;
            for (const auto& g : x.model().parameter_groups())
              groups.append(py::make_tuple(g.name, g.offset, g.size));
            return groups;
          },
          "(name, offset, size) of every parameter group, in storage order")
      .def_property(
          "parameters", [](PyExperiment& x) { return as_numpy(x.model().parameters()); },
          [](PyExperiment& x, const Vec& theta) { x.prepare(theta, std::nullopt, std::nullopt); },
          "the trained network's parameters: phases in rad (photonic) or weights (digital)")
      .def_property_readonly(
          "digital_parameters",
          [](PyExperiment& x) { return as_numpy(x.experiment().digital.parameters()); },
          "the digital network's weights at initialisation (what the chip was programmed from)")
      .def(
          "evaluate",
          [](PyExperiment& x, const RowBatch& points, std::optional<Vec> theta,
             std::optional<std::uint64_t> noise_state) {
            const auto cols = batch_columns(points, x.model().input_dim(), "points");
            Vec y(cols.cols());
            {
              py::gil_scoped_release release;
              if (theta) x.prepare(*theta, std::nullopt, noise_state);
              else if (noise_state) x.redraw_noise(*noise_state);
              x.model().evaluate(cols, y);
            }
            return as_numpy(y);
          },
          py::arg("points"), py::arg("parameters") = py::none(), py::arg("noise_state") = py::none(),
          "Network outputs for points (B x input_dim), at the given parameters if any")
      .def(
          "loss",
          [](PyExperiment& x, const Vec& theta, std::uint64_t step,
             std::optional<std::uint64_t> noise_state) {
            py::gil_scoped_release release;
            return x.loss(theta, step, noise_state);
          },
          py::arg("parameters"), py::arg("step") = 0, py::arg("noise_state") = 0,
          "The PINN loss at the parameters on step `step`'s collocation points; on a chip the "
          "dynamic phase noise of programmed state `noise_state` (None: keep the last draw)")
      .def(
          "test_metrics",
          [](PyExperiment& x, const Vec& theta, std::optional<std::uint64_t> noise_state) {
            pinn::TestMetrics t;
            {
              py::gil_scoped_release release;
              x.prepare(theta, std::nullopt, noise_state);
              t = x.experiment().loss->test_metrics(x.model());
            }
            return metrics(t);
          },
          py::arg("parameters"), py::arg("noise_state") = solvers::test_noise_state(-1),
          "rel L2 of u and of the learned part, and max abs error, on the test set")
      .def(
          "estimate",
          [](PyExperiment& x, const RowBatch& points, std::optional<Vec> theta,
             std::optional<std::uint64_t> noise_state) {
            const auto cols = batch_columns(points, x.model().input_dim(), "points");
            pinn::Jet jet;
            {
              py::gil_scoped_release release;
              if (theta) x.prepare(*theta, std::nullopt, noise_state);
              else if (noise_state) x.redraw_noise(*noise_state);
              x.experiment().loss->estimator().estimate(x.model(), cols, jet);
            }
            py::dict d;
            d["value"] = as_numpy(jet.value);
            d["grad"] = rows_of(jet.grad);
            d["hess_diag"] = rows_of(jet.hess_diag);
            return d;
          },
          py::arg("points"), py::arg("parameters") = py::none(), py::arg("noise_state") = py::none(),
          "The scenario's derivative estimator on the network at points (B x D): value (B), "
          "grad and hess_diag (B x D) of the (smoothed) network, from forward evaluations only "
          "(exact jets for estimator.kind = exact)")
      .def_property_readonly("estimator_kind",
                             [](PyExperiment& x) { return to_string(x.scenario().estimator.kind); })
      .def_property_readonly("evaluations_per_point", [](PyExperiment& x) {
        return static_cast<long>(x.experiment().loss->estimator().evaluations_per_point());
      })
      .def_property_readonly("collocation_points",
                             [](PyExperiment& x) { return rows_of(x.experiment().loss->points()); },
                             "this step's collocation (and condition) points, one per row")
      .def_property_readonly("test_points",
                             [](PyExperiment& x) { return rows_of(x.experiment().loss->test_points()); })
      .def_property_readonly("evaluations_per_loss", [](PyExperiment& x) {
        return static_cast<long>(x.experiment().loss->evaluations_per_loss());
      })
      .def_property_readonly("gradient_evaluations_per_loss", [](PyExperiment& x) {
        return static_cast<long>(x.experiment().loss->gradient_evaluations_per_loss());
      })
      .def_property_readonly("hardware",
                             [](PyExperiment& x) { return hardware_dict(x.experiment().hardware); })
      .def(
          "ledger",
          [](PyExperiment& x, long iterations, long programmed_states, long forward_evals,
             long phase_retunes, double phase_step_rad, long wrap_states,
             std::optional<double> static_power_w) {
            const auto counts = solvers::counts_from_record(iterations, programmed_states,
                                                            forward_evals, phase_retunes,
                                                            phase_step_rad, wrap_states, static_power_w);
            return ledger_dict(solvers::account_solve(counts, x.chip(), x.scenario().chip.ledger));
          },
          py::arg("iterations"), py::arg("programmed_states"), py::arg("forward_evals"),
          py::arg("phase_retunes"), py::arg("phase_step_rad") = 0.025, py::arg("wrap_states") = 0,
          py::arg("static_power_w") = py::none(),
          "The energy/latency ledger of a solve with these counts on this chip "
          "(solvers/energy_ledger.hpp; the counts of a run's trace row fit)")
      .def(
          "planned_ledger",
          [](PyExperiment& x) -> py::object {
            const auto plan = runner::planned_run(x.scenario(), x.experiment());
            if (!plan) return py::none();
            const auto& chip = x.chip();
            return ledger_dict(solvers::account_solve(solvers::planned_counts(chip, *plan), chip,
                                                      x.scenario().chip.ledger));
          },
          "The ledger of the scenario's whole ZO run planned from first principles (None for "
          "a digital model or a non-random-direction optimiser)");

  py::class_<PyPde>(m, "Pde", "A PDE of the library (pinn/pde_library.hpp), from `pde:` keys")
      .def(py::init([](const py::dict& options) {
             py::dict sections;
             sections["pde"] = options;
             return PyPde{pinn::make_pde(scenario_from_sections(sections, "<pde options>").problem.pde)};
           }),
           py::arg("options"))
      .def_property_readonly("name", [](const PyPde& p) { return p.pde->name(); })
      .def_property_readonly("input_dim", [](const PyPde& p) { return p.pde->input_dim(); })
      .def(
          "exact",
          [](const PyPde& p, const RowBatch& points) {
            const auto cols = batch_columns(points, p.pde->input_dim(), "points");
            Vec u(cols.cols());
            p.pde->exact(cols, u);
            return as_numpy(u);
          },
          py::arg("points"), "The exact (or reference) solution at points (B x input_dim)")
      .def(
          "sample_collocation",
          [](const PyPde& p, long n, std::uint64_t seed) {
            Rng rng = make_rng(seed, Stream::kSampling);
            return rows_of(p.pde->sample_collocation(rng, n));
          },
          py::arg("n"), py::arg("seed") = 0, "n interior points, one per row");

  m.def(
      "_time_loss_in_cpp",
      [](PyExperiment& x, const Vec& theta, int repeats) {
        // The benchmark's C++ side: the same calls as Experiment.loss, looped in C++.
        double sink = 0.0, wall_s = 0.0, cpu_s = 0.0;
        {
          py::gil_scoped_release release;
          const auto t0 = std::chrono::steady_clock::now();
          const std::clock_t c0 = std::clock();  // process CPU time, as time.process_time()
          for (int r = 0; r < repeats; ++r) sink += x.loss(theta, 0, 0);
          cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
          wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        return py::make_tuple(wall_s / repeats, cpu_s / repeats, sink / repeats);
      },
      py::arg("experiment"), py::arg("parameters"), py::arg("repeats"),
      "(wall s, process CPU s) per Experiment.loss call looped in C++, and the mean loss "
      "(bench/python_loss_bench.py)");
}

}  // namespace tonnsim::python

// Device level from Python: meshes (Clements, Reck), decomposition, U Sigma V^H blocks,
// tensor-core arrays, their realisation on a chip with non-idealities, power and area, and
// the thermal response of a heater row (photonics/).
#include "core/enum_names.hpp"
#include "core/rng.hpp"
#include "photonics/chip_instance.hpp"
#include "photonics/decomposition.hpp"
#include "photonics/heater_power.hpp"
#include "photonics/mesh.hpp"
#include "photonics/power_area.hpp"
#include "photonics/svd_block.hpp"
#include "photonics/tensor_core.hpp"
#include "photonics/thermal_dynamics.hpp"
#include "python/src/bindings.hpp"

namespace tonnsim::python {

namespace {

using photonics::Topology;

Topology topology_named(const std::string& name) {
  return runner::parse_enum_option<Topology>("topology", name);
}

/// Device constants and non-idealities bound by the scenario's `device:` and
/// `chip.non_idealities` binders (defaults and checks of a scenario file).
struct ChipSetting {
  photonics::DeviceParameters device;
  photonics::NonIdealityOptions non_idealities;
};
ChipSetting chip_setting(const py::object& non_idealities, const py::object& device,
                         const py::object& calibration) {
  py::dict chip, sections;
  if (py::isinstance<py::str>(non_idealities)) {
    py::dict preset;
    preset["preset"] = non_idealities;
    chip["non_idealities"] = preset;
  } else if (!non_idealities.is_none()) {
    chip["non_idealities"] = non_idealities;
  }
  if (!calibration.is_none()) chip["calibration"] = calibration;
  sections["chip"] = chip;
  if (!device.is_none()) sections["device"] = device;
  const runner::Scenario s = scenario_from_sections(sections, "<chip options>");
  return {s.device, s.chip.photonic.non_idealities};
}

photonics::DeviceParameters device_from(const py::object& device) {
  py::dict sections;
  if (!device.is_none()) sections["device"] = device;
  return scenario_from_sections(sections, "<device options>").device;
}

// static_power_w: the ideal chip's drive for the block's phases (block_heater_power_w, the
// one heater-power formula: Sigma attenuators at 2 psi).
py::dict report_dict(const photonics::HardwareCounts& counts, double static_power_w,
                     const photonics::DeviceParameters& device) {
  const auto r = photonics::hardware_report(counts, static_power_w, device);
  py::dict d;
  d["mzis"] = counts.mzis;
  d["phase_shifters"] = counts.phase_shifters;
  d["tensor_cores"] = counts.tensor_cores;
  d["attenuators"] = counts.attenuators;
  d["area_um2"] = r.area_um2;
  d["area_mm2"] = r.area_mm2;
  d["static_power_w"] = r.static_power_w;
  return d;
}

photonics::HardwareCounts block_counts(const photonics::SvdBlock& b) {
  photonics::HardwareCounts c;
  c.mzis = b.mzi_count();
  c.attenuators = b.structure().channels();
  c.phase_shifters = b.num_phases();
  c.tensor_cores = 1;
  return c;
}

photonics::HardwareCounts array_counts(const photonics::TensorCoreArray& a) {
  photonics::HardwareCounts c;
  c.mzis = a.grid().num_mzis();
  c.attenuators = static_cast<long>(a.num_cores()) * a.grid().core_size;
  c.phase_shifters = a.num_phases();
  c.tensor_cores = a.num_cores();
  return c;
}

/// Phases of a heater row after a step of its drive from the settled program `from` to
/// the program `to`, at each of `times_s` (ascending): rows = times, columns = heaters.
Mat step_response(const photonics::HeaterRow& row, const Vec& from, const Vec& to,
                  const Vec& times_s, photonics::CrosstalkCompensation crosstalk) {
  Vec temperature = row.steady_temperature_k(row.drive_power_w(from, crosstalk));
  const Vec power = row.drive_power_w(to, crosstalk);
  Mat phases(times_s.size(), row.size());
  double t = 0.0;
  for (Eigen::Index i = 0; i < times_s.size(); ++i) {
    if (times_s(i) < t) throw InputError("times_s must be ascending and >= 0");
    temperature = row.integrate_adaptive(temperature, power, t, times_s(i));
    t = times_s(i);
    phases.row(i) = row.phase_rad(temperature).transpose();
  }
  return phases;
}

}  // namespace

void bind_photonics(py::module_& m) {
  m.def(
      "haar_random_unitary",
      [](int n, std::uint64_t seed) {
        Rng rng = make_rng(seed, Stream::kOther);
        return photonics::haar_random_unitary(n, rng);
      },
      py::arg("n"), py::arg("seed") = 1, "A Haar-random n x n unitary (Mezzadri 2007)");
  m.def("unitarity_deviation", &photonics::unitarity_deviation, py::arg("u"),
        "||U^H U - I||_F");

  py::class_<photonics::Mesh>(m, "Mesh", "An N x N MZI mesh (Clements or Reck), phases in rad")
      .def(py::init([](const std::string& topology, int n) {
             return photonics::Mesh(topology_named(topology), n);
           }),
           py::arg("topology") = "clements", py::arg("n") = 8)
      .def_property_readonly("topology",
                             [](const photonics::Mesh& x) { return to_string(x.layout().topology()); })
      .def_property_readonly("modes", &photonics::Mesh::modes)
      .def_property_readonly("num_mzis", &photonics::Mesh::num_mzis)
      .def_property_readonly("num_columns",
                             [](const photonics::Mesh& x) { return x.layout().num_columns(); })
      .def_property(
          "theta", [](const photonics::Mesh& x) { return x.theta(); },
          [](photonics::Mesh& x, const Vec& v) {
            require(v.size() == x.num_mzis(), "theta", v.size(), "must have one entry per MZI");
            x.theta() = v;
          },
          "internal MZI phases, one per MZI in layout order (rad)")
      .def_property(
          "phi", [](const photonics::Mesh& x) { return x.phi(); },
          [](photonics::Mesh& x, const Vec& v) {
            require(v.size() == x.num_mzis(), "phi", v.size(), "must have one entry per MZI");
            x.phi() = v;
          },
          "external MZI phases (rad)")
      .def_property(
          "screen", [](const photonics::Mesh& x) { return x.screen(); },
          [](photonics::Mesh& x, const Vec& v) {
            require(v.size() == x.modes(), "screen", v.size(), "must have one entry per mode");
            x.screen() = v;
          },
          "output phase screen, one per mode (rad)")
      .def("set_uniform_loss_db", &photonics::Mesh::set_uniform_loss_db, py::arg("loss_db"))
      .def("matrix", &photonics::Mesh::matrix, "the N x N complex transfer matrix");
  m.def(
      "decompose",
      [](const CMat& u, const std::string& topology, double tol) {
        py::gil_scoped_release release;
        return photonics::decompose_unitary(u, topology_named(topology), tol);
      },
      py::arg("u"), py::arg("topology") = "clements",
      py::arg("unitarity_tol") = photonics::kUnitarityTolerance,
      "A mesh programmed to the unitary u (Clements 2016 / Reck 1994)");

  py::class_<photonics::SvdBlock>(m, "SvdBlock", "W = U Sigma V^H on two meshes and K attenuators")
      .def_static(
          "from_matrix",
          [](const py::array& w, const std::string& topology, double s_max) {
            if (py::isinstance<py::array_t<double>>(w) || !(w.dtype().kind() == 'c'))
              return photonics::SvdBlock::from_real_matrix(w.cast<Mat>(), topology_named(topology), s_max);
            return photonics::SvdBlock::from_matrix(w.cast<CMat>(), topology_named(topology), s_max);
          },
          py::arg("w"), py::arg("topology") = "clements", py::arg("s_max") = 0.0,
          "Programs W (real: real SVD, orthogonal meshes; complex: unitary meshes)")
      .def_property_readonly("rows", &photonics::SvdBlock::rows)
      .def_property_readonly("cols", &photonics::SvdBlock::cols)
      .def_property_readonly("mzi_count", py::overload_cast<>(&photonics::SvdBlock::mzi_count, py::const_))
      .def_property_readonly("num_phases", &photonics::SvdBlock::num_phases)
      .def_property_readonly("s_max", &photonics::SvdBlock::s_max)
      .def_property("phases", &photonics::SvdBlock::phases, &photonics::SvdBlock::set_phases,
                    "flat phase vector [U theta|U phi|U screen|Sigma|V^H theta|V^H phi|V^H screen]")
      .def("matrix", &photonics::SvdBlock::matrix, "U Sigma V^H (complex)")
      .def("real_matrix", &photonics::SvdBlock::real_matrix, "Re(U Sigma V^H)")
      .def(
          "report",
          [](const photonics::SvdBlock& b, const py::object& device) {
            const auto d = device_from(device);
            return report_dict(block_counts(b),
                               photonics::block_heater_power_w(b.structure(), b.phases(),
                                                               d.phase_shifter),
                               d);
          },
          py::arg("device") = py::none(), "MZIs, heaters, area and static heater power")
      .def(
          "realize",
          [](const photonics::SvdBlock& b, const py::object& non_idealities, const py::object& device,
             const py::object& calibration, std::uint64_t seed, std::uint64_t noise_seed) {
            const ChipSetting c = chip_setting(non_idealities, device, calibration);
            const photonics::ChipInstance chip(b.structure(), c.non_idealities, c.device, seed);
            photonics::ChipWorkspace ws;
            Rng noise = make_rng(noise_seed, Stream::kPhaseNoise);
            CMat out;
            chip.effective_matrix(b.phases(), b.s_max(), noise, ws, out);
            return out;
          },
          py::arg("non_idealities") = "published", py::arg("device") = py::none(),
          py::arg("calibration") = py::none(), py::arg("seed") = 1, py::arg("noise_seed") = 1,
          "The complex matrix a chip instance realises for these phases. non_idealities: "
          "'ideal', 'published' or a dict of chip.non_idealities keys; device: device keys");

  py::class_<photonics::TensorCoreArray>(m, "TensorCoreArray",
                                         "An R x C real matrix tiled onto k x k tensor cores")
      .def_static(
          "from_real_matrix",
          [](const Mat& w, int core_size, const std::string& topology) {
            return photonics::TensorCoreArray::from_real_matrix(w, core_size, topology_named(topology));
          },
          py::arg("w"), py::arg("core_size") = photonics::kDefaultCoreSize,
          py::arg("topology") = "clements")
      .def_property_readonly("num_cores", &photonics::TensorCoreArray::num_cores)
      .def_property_readonly("num_phases", &photonics::TensorCoreArray::num_phases)
      .def_property_readonly("core_size",
                             [](const photonics::TensorCoreArray& a) { return a.grid().core_size; })
      .def_property("phases", &photonics::TensorCoreArray::phases,
                    &photonics::TensorCoreArray::set_phases, "all cores' phases, core after core")
      .def("core", py::overload_cast<int>(&photonics::TensorCoreArray::core, py::const_),
           py::arg("index"), py::return_value_policy::copy)
      .def("real_matrix", &photonics::TensorCoreArray::real_matrix)
      .def(
          "report",
          [](const photonics::TensorCoreArray& a, const py::object& device) {
            const auto d = device_from(device);
            double power_w = 0.0;
            for (int t = 0; t < a.num_cores(); ++t)
              power_w += photonics::block_heater_power_w(a.core(t).structure(), a.core(t).phases(),
                                                         d.phase_shifter);
            return report_dict(array_counts(a), power_w, d);
          },
          py::arg("device") = py::none())
      .def(
          "realize",
          [](const photonics::TensorCoreArray& a, const py::object& non_idealities,
             const py::object& device, const py::object& calibration, std::uint64_t seed,
             std::uint64_t noise_seed) {
            const ChipSetting c = chip_setting(non_idealities, device, calibration);
            const photonics::ArrayChip chip(a, c.non_idealities, c.device, seed);
            Rng noise = make_rng(noise_seed, Stream::kPhaseNoise);
            return chip.effective_real_matrix(a, noise);
          },
          py::arg("non_idealities") = "published", py::arg("device") = py::none(),
          py::arg("calibration") = py::none(), py::arg("seed") = 1, py::arg("noise_seed") = 1,
          "The R x C real matrix the chip realises (each core its own fabrication draws)");

  py::class_<photonics::HeaterRow>(m, "HeaterRow",
                                   "A row of thermally coupled heaters (photonics/thermal_dynamics.hpp)")
      .def(py::init([](int heaters, const py::object& device) {
             return photonics::HeaterRow(
                 heaters, photonics::ThermalParams::from_device(device_from(device).phase_shifter));
           }),
           py::arg("heaters"), py::arg("device") = py::none())
      .def_property_readonly("size", &photonics::HeaterRow::size)
      .def_property_readonly("tau_s", [](const photonics::HeaterRow& r) { return r.params().tau_s; })
      .def_property_readonly("crosstalk_factor",
                             [](const photonics::HeaterRow& r) { return r.params().crosstalk_factor; })
      .def_property_readonly("settle_tolerance_rad",
                             [](const photonics::HeaterRow& r) { return r.params().settle_tolerance_rad; })
      .def(
          "drive_power_w",
          [](const photonics::HeaterRow& r, const Vec& phases, const std::string& crosstalk) {
            return r.drive_power_w(
                phases, runner::parse_enum_option<photonics::CrosstalkCompensation>("crosstalk", crosstalk));
          },
          py::arg("phases_rad"), py::arg("crosstalk") = "compensate")
      .def(
          "step_response",
          [](const photonics::HeaterRow& r, const Vec& from, const Vec& to, const Vec& times_s,
             const std::string& crosstalk) {
            const auto c = runner::parse_enum_option<photonics::CrosstalkCompensation>("crosstalk", crosstalk);
            py::gil_scoped_release release;
            return step_response(r, from, to, times_s, c);
          },
          py::arg("from_rad"), py::arg("to_rad"), py::arg("times_s"),
          py::arg("crosstalk") = "compensate",
          "Phases (times x heaters) after the drive steps from the settled program from_rad "
          "to that of to_rad at t = 0 (adaptive Dormand-Prince integration)")
      .def(
          "retune",
          [](const photonics::HeaterRow& r, const Vec& from, const Vec& to, const std::string& drive,
             double overdrive_gain, const std::string& crosstalk) {
            photonics::RetuneOptions o;
            o.drive = runner::parse_enum_option<photonics::DriveShape>("drive", drive);
            o.overdrive_gain = overdrive_gain;
            o.crosstalk = runner::parse_enum_option<photonics::CrosstalkCompensation>("crosstalk", crosstalk);
            photonics::RetuneResult res;
            {
              py::gil_scoped_release release;
              res = r.retune(from, to, o);
            }
            py::dict d;
            d["settle_time_s"] = res.settle_time_s;
            d["energy_j"] = res.energy_j;
            d["excess_energy_j"] = res.excess_energy_j;
            d["final_phases_rad"] = res.final_phases_rad;
            d["target_phases_rad"] = res.target_phases_rad;
            d["final_power_w"] = res.final_power_w;
            d["max_static_error_rad"] = res.max_static_error_rad;
            return d;
          },
          py::arg("from_rad"), py::arg("to_rad"), py::arg("drive") = "step",
          py::arg("overdrive_gain") = 2.0, py::arg("crosstalk") = "compensate",
          "Settle time and energy of a retune (the ledger's thermal model)");
  m.def("step_settle_time_s", &photonics::step_settle_time_s, py::arg("tau_s"), py::arg("dphi_rad"),
        py::arg("tolerance_rad"), "tau ln(|dphi| / tol): settle time of a first-order step");
}

}  // namespace tonnsim::python

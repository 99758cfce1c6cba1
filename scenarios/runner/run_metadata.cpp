#include "scenarios/runner/run_metadata.hpp"

namespace tonnsim::runner {

namespace {
// --set assignments and choice values can hold any character but a newline, which a
// YAML scalar given on a command line cannot contain either.
std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::size_t start = 0;;) {
    const auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? nl : nl - start));
    if (nl == std::string::npos) return out;
    start = nl + 1;
  }
}
}  // namespace

void write_run_metadata(Hdf5File& file, const RunMetadata& meta) {
  file.create_group("/scenario");
  file.set_attribute("/scenario", "file", meta.scenario_file);
  file.set_attribute("/scenario", "text", meta.scenario_text);
  file.set_attribute("/scenario", "effective", meta.effective_scenario);
  file.set_attribute("/scenario", "overrides", join_lines(meta.overrides));
  file.set_attribute("/scenario", "expanded", meta.expanded_scenario);
  if (!meta.reference.path.empty()) {
    file.set_attribute("/scenario", "reference_file", meta.reference.path);
    file.set_attribute("/scenario", "reference_bytes", meta.reference.bytes);
    file.set_attribute("/scenario", "reference_fnv1a64", meta.reference.fnv1a64);
  }
  file.create_group("/meta/choices");
  file.set_attribute("/meta", "code_version", meta.code_version);
  file.set_attribute("/meta", "seed", meta.seed);
  file.set_attribute("/meta", "threads", static_cast<std::int64_t>(meta.threads));
  for (const auto& [key, value] : meta.choices) file.set_attribute("/meta/choices", key, value);
}

RunMetadata read_run_metadata(const Hdf5File& file) {
  RunMetadata meta;
  meta.scenario_file = file.string_attribute("/scenario", "file");
  meta.scenario_text = file.string_attribute("/scenario", "text");
  meta.effective_scenario = file.string_attribute("/scenario", "effective");
  meta.overrides = split_lines(file.string_attribute("/scenario", "overrides"));
  if (file.has_attribute("/scenario", "expanded"))  // absent in files of older versions
    meta.expanded_scenario = file.string_attribute("/scenario", "expanded");
  if (file.has_attribute("/scenario", "reference_file")) {
    meta.reference.path = file.string_attribute("/scenario", "reference_file");
    meta.reference.bytes = file.uint_attribute("/scenario", "reference_bytes");
    meta.reference.fnv1a64 = file.uint_attribute("/scenario", "reference_fnv1a64");
  }
  meta.code_version = file.string_attribute("/meta", "code_version");
  meta.seed = file.uint_attribute("/meta", "seed");
  meta.threads = static_cast<int>(file.int_attribute("/meta", "threads"));
  for (const auto& key : file.attribute_names("/meta/choices"))
    meta.choices.emplace_back(key, file.string_attribute("/meta/choices", key));
  return meta;
}

}  // namespace tonnsim::runner

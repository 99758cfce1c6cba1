#include "scenarios/runner/config_document.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tonnsim::runner {

namespace {

std::string mark_text(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

bool is_index(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

ConfigDocument::ConfigDocument(std::string text, const std::string& name)
    : text_(std::move(text)), source_(std::make_shared<ConfigSource>()) {
  source_->file = name;
  try {
    tree_ = YAML::Load(text_);
  } catch (const YAML::ParserException& e) {
    throw InputError(mark_text(name, e.mark) + ": YAML syntax error: " + e.msg);
  }
  if (!tree_.IsDefined() || tree_.IsNull()) tree_ = YAML::Node(YAML::NodeType::Map);
  if (!tree_.IsMap())
    throw InputError(mark_text(name, tree_.Mark()) +
                     ": the top level must be a map of sections (device:, pde:, ...)");
}

ConfigDocument ConfigDocument::from_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path + ": is a directory; expected a scenario file (SCENARIO.yaml)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return ConfigDocument(text.str(), path);
}

ConfigDocument ConfigDocument::from_string(const std::string& text, const std::string& name) {
  return ConfigDocument(text, name);
}

void ConfigDocument::set(const std::string& assignment, const std::string& origin) {
  const auto bad = [&](const std::string& why) {
    return InputError(source_->file + " (from " + origin + " " + assignment + "): " + why);
  };
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) throw bad("expected key.path=value");
  const std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);

  std::vector<std::string> components;
  for (std::size_t start = 0;;) {
    const auto dot = path.find('.', start);
    components.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const auto& c : components)
    if (c.empty()) throw bad("'" + path + "' has an empty key; expected key.path=value");

  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw bad(path + " = " + text + ": not a valid YAML value: " + e.msg);
  }
  if (!value.IsDefined() || value.IsNull()) throw bad(path + " needs a value after '='");

  ConfigSource::Override record{assignment, path, {}, origin};
  // yaml-cpp Nodes are handles: `cursor` always refers into tree_, and assigning through
  // operator[] edits the tree in place.
  YAML::Node cursor = tree_;
  std::string walked;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const std::string& key = components[i];
    const bool last = i + 1 == components.size();
    // List elements are named "layers[0]", as binders name them in messages.
    const std::string here = cursor.IsSequence() ? walked + "[" + key + "]"
                             : walked.empty()    ? key
                                                 : walked + "." + key;
    if (cursor.IsSequence()) {
      // Compared as text first: an index of any length is answered, never overflows.
      const bool in_list = is_index(key) && key.size() <= 9 && std::stoul(key) < cursor.size();
      if (!in_list)
        throw bad("'" + walked + "' is a list of " + std::to_string(cursor.size()) +
                  " items; '" + key + "' is not an index into it");
      const std::size_t index = std::stoul(key);
      if (last) {
        cursor[index] = value;
      } else {
        YAML::Node next = cursor[index];
        cursor.reset(next);
      }
    } else {
      // The root is a map and every missing step below is created as one, so anything
      // else here is a scalar the user wrote.
      if (!cursor.IsMap())
        throw bad("'" + walked + "' is a single value, not a map; cannot set '" + path + "'");
      if (last) {
        cursor[key] = value;
      } else {
        if (!cursor[key].IsDefined() || cursor[key].IsNull()) {
          cursor[key] = YAML::Node(YAML::NodeType::Map);
          record.created_maps.push_back(here);
        }
        YAML::Node next = cursor[key];
        cursor.reset(next);
      }
    }
    walked = here;
  }
  record.path = walked;
  source_->overrides.push_back(std::move(record));
}

void ConfigDocument::set_all(const std::vector<std::string>& assignments,
                             const std::string& origin) {
  for (const auto& a : assignments) set(a, origin);
}

ConfigNode ConfigDocument::root() const {
  return ConfigNode(source_, tree_, "", YAML::Mark::null_mark());
}

std::string ConfigDocument::effective_text() const {
  YAML::Emitter out;
  out << tree_;
  return out.c_str();
}

}  // namespace tonnsim::runner

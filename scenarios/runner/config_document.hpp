#pragma once
// A scenario document: the YAML file as read, plus the `--set key.path=value` overrides
// applied to its tree before any binder sees it, so overridden values are checked by the
// same binders and an error names the override that caused it.
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "scenarios/runner/config_node.hpp"

namespace tonnsim::runner {

class ConfigDocument {
 public:
  /// Reads and parses a YAML file. Throws InputError "FILE: cannot read: REASON" or
  /// "FILE:L:C: YAML syntax error: WHAT".
  static ConfigDocument from_file(const std::string& path);
  /// Parses YAML text; `name` stands in for the file name in messages.
  static ConfigDocument from_string(const std::string& text, const std::string& name = "<string>");

  /// Applies one override "a.b.c=value": the value is parsed as YAML (a number, a word,
  /// [1, 2], {k: v}); missing intermediate maps are created; a numeric component indexes
  /// a list ("layers.0.rank=3"). Whether the key is known is decided by the binders, which
  /// then report "FILE (from --set a.b.c=value): a.b.c: unknown key; did you mean ...".
  /// Throws InputError for a malformed assignment or a path through a scalar.
  /// `origin` names how the override was given in messages ("--set", "override" for a
  /// positional key=value, "sweep point 3").
  void set(const std::string& assignment, const std::string& origin = "--set");
  void set_all(const std::vector<std::string>& assignments, const std::string& origin = "--set");

  /// The root map for binding. A fresh bookkeeping state per call.
  ConfigNode root() const;

  const std::string& file() const { return source_->file; }
  /// The document text exactly as read (recorded in output files).
  const std::string& text() const { return text_; }
  /// The tree after overrides, as YAML (recorded next to the text).
  std::string effective_text() const;

 private:
  ConfigDocument(std::string text, const std::string& name);
  std::string text_;
  YAML::Node tree_;
  std::shared_ptr<ConfigSource> source_;
};

}  // namespace tonnsim::runner

#include "scenarios/runner/command_line_overrides.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace tonnsim::runner {

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

bool is_override_argument(const std::string& argument) {
  const auto eq = argument.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  const std::string key = argument.substr(0, eq);
  if (key.front() == '.' || key.back() == '.') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

PositionalArguments split_positional_arguments(const std::vector<std::string>& arguments,
                                               const std::string& command) {
  PositionalArguments out;
  for (const auto& a : arguments) {
    if (is_override_argument(a)) {
      out.overrides.push_back(a);
    } else if (out.file.empty()) {
      out.file = a;
    } else {
      throw InputError("`tonnsim " + command + "` takes one file; '" + out.file + "' and '" + a +
                       "' are both files (an override reads key.path=value)");
    }
  }
  return out;
}

std::vector<std::string> split_sweep_values(const std::string& value) {
  std::vector<std::string> pieces;
  int depth = 0;
  char quote = 0;
  std::string current;
  for (const char c : value) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '{' || c == '(') {
      ++depth;
    } else if ((c == ']' || c == '}' || c == ')') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      pieces.push_back(trimmed(current));
      current.clear();
      continue;
    }
    current += c;
  }
  pieces.push_back(trimmed(current));
  return pieces;
}

MultirunOverrides split_multirun(const std::vector<std::string>& overrides) {
  MultirunOverrides out;
  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    const std::string key = o.substr(0, eq);
    const auto values = split_sweep_values(o.substr(eq + 1));
    if (values.size() == 1) {
      out.plain.push_back(o);
      continue;
    }
    for (const auto& v : values)
      if (v.empty())
        throw InputError("override " + o + ": an empty value in the list of sweep values " +
                         "(values are separated by commas outside [...], {...} and quotes)");
    for (const auto& axis : out.axes)
      if (axis.first == key)
        throw InputError("override " + o + ": " + key + " is already swept by an earlier override");
    out.axes.emplace_back(key, values);
  }
  return out;
}

}  // namespace tonnsim::runner

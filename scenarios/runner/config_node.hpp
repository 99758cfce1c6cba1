#pragma once
// Binding a YAML scenario onto plain option structs, in the style of Ceres' option
// checking: a binder asks for each field by name,
//
//   void bind(ConfigNode node, PhaseShifterParams& p) {
//     node.get("p_pi_w", p.p_pi_w);                       // typed, keeps the default if absent
//     node.get_in_range("crosstalk_factor", p.crosstalk_factor, 0.0, 1.0);
//     node.finish();                                      // any key not asked for is an error
//     node.validate([&] { p.validate(); });               // struct rules, located in the file
//   }
//
// and every bad input becomes an InputError that tells the user exactly where and what:
//   "hjb.yaml:7:13: device.phase_shifter.p_pi_w = abc: must be a number"
//   "hjb.yaml:9:5: device.phase_shifter.p_pi_mw: unknown key; did you mean 'p_pi_w'?"
//   "hjb.yaml (from --set device.adc.bits=0): device.adc.bits = 0: must be in [1, 32]"
// Lines and columns are 1-based. Convention: YAML keys are the C++ field names, so that a
// struct's validate() message ("adc.bits = 0: ...") can be mapped back onto the file.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace tonnsim::runner {

/// Where the values of one document came from: the file and the --set overrides applied
/// on top of it, so an error in an overridden value blames the override, not the file.
struct ConfigSource {
  struct Override {
    std::string assignment;                 // "device.adc.bits=0", as typed
    std::string path;                       // "device.adc.bits"
    std::vector<std::string> created_maps;  // intermediate maps the override had to create
    // How it was given, for messages: "--set", "override" (a positional key=value) or
    // "sweep point N"; a message reads "FILE (from ORIGIN ASSIGNMENT)".
    std::string origin = "--set";
    std::string label() const { return origin + " " + assignment; }
  };
  std::string file;
  std::vector<Override> overrides;
  /// The override that wrote `path` (or a map containing it, or created it), if any.
  const Override* override_for(const std::string& path) const;
  /// The last override that wrote somewhere strictly inside `path` (a rule checked on a
  /// whole map, e.g. network, can fail because of it), if any.
  const Override* override_within(const std::string& path) const;
};

/// A check on a bound value with the text shown when it fails ("must be > 0 W").
template <class T>
struct Rule {
  std::function<bool(const T&)> ok;  // empty: no check
  std::string text;
};

namespace detail {
std::string number_text(double v);  // shortest faithful text: 0.1, 1e-06, 32
inline std::string with_unit(const std::string& s, const std::string& unit) {
  return unit.empty() ? s : s + " " + unit;
}
}  // namespace detail

template <class T>
Rule<T> positive(const std::string& unit = "") {
  return {[](const T& v) { return v > T(0); }, detail::with_unit("must be > 0", unit)};
}
template <class T>
Rule<T> non_negative(const std::string& unit = "") {
  return {[](const T& v) { return v >= T(0); }, detail::with_unit("must be >= 0", unit)};
}
template <class T>
Rule<T> at_least(T lo, const std::string& unit = "") {
  return {[lo](const T& v) { return v >= lo; },
          detail::with_unit("must be >= " + detail::number_text(lo), unit)};
}
/// Closed interval [lo, hi].
template <class T>
Rule<T> in_range(T lo, T hi, const std::string& unit = "") {
  return {[lo, hi](const T& v) { return v >= lo && v <= hi; },
          detail::with_unit("must be in [" + detail::number_text(lo) + ", " +
                                detail::number_text(hi) + "]",
                            unit)};
}
/// Half-open interval [lo, hi).
template <class T>
Rule<T> in_half_open_range(T lo, T hi, const std::string& unit = "") {
  return {[lo, hi](const T& v) { return v >= lo && v < hi; },
          detail::with_unit("must be in [" + detail::number_text(lo) + ", " +
                                detail::number_text(hi) + ")",
                            unit)};
}
/// Open interval (lo, hi).
template <class T>
Rule<T> in_open_range(T lo, T hi, const std::string& unit = "") {
  return {[lo, hi](const T& v) { return v > lo && v < hi; },
          detail::with_unit("must be in (" + detail::number_text(lo) + ", " +
                                detail::number_text(hi) + ")",
                            unit)};
}

namespace detail {
// The scalar type a Rule applies to: vectors and optionals are checked element-wise.
template <class T>
struct element {
  using type = T;
};
template <class T>
struct element<std::vector<T>> {
  using type = typename element<T>::type;
};
template <class T>
struct element<std::optional<T>> {
  using type = typename element<T>::type;
};
template <class T>
using element_t = typename element<T>::type;

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T, class = void>
struct has_enum_names : std::false_type {};
template <class T>
struct has_enum_names<T, std::void_t<decltype(EnumNames<T>::names)>> : std::true_type {};

// Scalar parsers: return "" on success, else the rule the text broke ("must be a number").
std::string parse_scalar(const std::string& text, double& out);
std::string parse_scalar(const std::string& text, float& out);
std::string parse_scalar(const std::string& text, bool& out);
std::string parse_scalar(const std::string& text, std::string& out);
std::string parse_scalar(const std::string& text, int& out);
std::string parse_scalar(const std::string& text, long& out);
std::string parse_scalar(const std::string& text, long long& out);
std::string parse_scalar(const std::string& text, unsigned& out);
std::string parse_scalar(const std::string& text, unsigned long& out);
std::string parse_scalar(const std::string& text, unsigned long long& out);
std::string enum_error(const std::string& type, const std::string& text,
                       const std::vector<std::string>& allowed);

/// A bound value as YAML for the expanded scenario (numbers in their shortest faithful
/// text, enums by name); an unset optional gives an undefined node (omitted).
template <class T>
YAML::Node to_yaml(const T& v) {
  if constexpr (is_vector<T>::value) {
    YAML::Node n(YAML::NodeType::Sequence);
    for (const auto& e : v) n.push_back(to_yaml(e));
    return n;
  } else if constexpr (is_optional<T>::value) {
    return v ? to_yaml(*v) : YAML::Node(YAML::NodeType::Undefined);
  } else if constexpr (std::is_enum_v<T>) {
    return YAML::Node(std::string(to_string(v)));
  } else if constexpr (std::is_same_v<T, bool>) {
    return YAML::Node(std::string(v ? "true" : "false"));
  } else if constexpr (std::is_floating_point_v<T>) {
    return YAML::Node(number_text(static_cast<double>(v)));
  } else {
    return YAML::Node(v);
  }
}

template <class E>
std::string parse_enum(const std::string& text, E& out) {
  std::vector<std::string> allowed;
  for (const auto& [value, name] : EnumNames<E>::names) {
    if (text == name) {
      out = value;
      return "";
    }
    allowed.emplace_back(name);
  }
  return enum_error(EnumNames<E>::type, text, allowed);
}
}  // namespace detail

/// Parses an enum spelling given outside a file, such as a command-line option; throws
/// InputError "OPTION = TEXT: unknown TYPE; allowed: a, b; did you mean 'a'?".
template <class E>
E parse_enum_option(const std::string& option, const std::string& text) {
  E value{};
  const std::string broken = detail::parse_enum(text, value);
  if (!broken.empty()) throw InputError(option + " = " + text + ": " + broken);
  return value;
}

/// Parses an integer given outside a file, such as a command-line option, strictly (no
/// sign wrap-around, no trailing text, range of I checked); throws InputError
/// "OPTION = TEXT: must be an integer in [MIN, MAX]".
template <class I>
I parse_integer_option(const std::string& option, const std::string& text) {
  I value{};
  const std::string broken = detail::parse_scalar(text, value);
  if (!broken.empty()) throw InputError(option + " = " + text + ": " + broken);
  return value;
}

/// One map of a scenario (the root or a section such as `device.phase_shifter`). Copies
/// share their bookkeeping, so a binder may take a ConfigNode by value.
class ConfigNode {
 public:
  ConfigNode(std::shared_ptr<const ConfigSource> source, YAML::Node map, std::string path,
             YAML::Mark key_mark);

  /// Dotted key path of this map from the document root ("" for the root).
  const std::string& path() const;
  const std::string& file() const { return source_->file; }
  /// The full dotted path of `key` in this map.
  std::string path_of(const std::string& key) const;
  bool has(const std::string& key) const;
  /// Keys as written, in document order.
  std::vector<std::string> keys() const;

  /// Reads `key` into `field` if present (absent: the default stays) and marks it known.
  /// Supported: double, float, bool, std::string, integers, enums with EnumNames,
  /// std::vector and std::optional of those. Returns whether the key was present.
  template <class T>
  bool get(const std::string& key, T& field) {
    return get(key, field, Rule<detail::element_t<T>>{});
  }
  /// As get(), and the value (each element for a vector) must satisfy `rule`.
  template <class T, class E>
  bool get(const std::string& key, T& field, const Rule<E>& rule);

  template <class T>
  bool get_positive(const std::string& key, T& field, const std::string& unit = "") {
    return get(key, field, positive<detail::element_t<T>>(unit));
  }
  template <class T>
  bool get_non_negative(const std::string& key, T& field, const std::string& unit = "") {
    return get(key, field, non_negative<detail::element_t<T>>(unit));
  }
  template <class T, class B>
  bool get_in_range(const std::string& key, T& field, B lo, B hi, const std::string& unit = "") {
    using E = detail::element_t<T>;
    return get(key, field, in_range<E>(static_cast<E>(lo), static_cast<E>(hi), unit));
  }
  /// A custom rule: `node.get_if("n", n, [](int v) { return v % 2 == 0; }, "must be even")`.
  template <class T, class F>
  bool get_if(const std::string& key, T& field, F ok, const std::string& rule_text) {
    using E = detail::element_t<T>;
    return get(key, field, Rule<E>{std::function<bool(const E&)>(std::move(ok)), rule_text});
  }

  /// The sub-map under `key`, marked known; a missing or empty (null) key gives an empty
  /// map so every field keeps its default. A value that is not a map is an error.
  ConfigNode child(const std::string& key);
  /// The maps of a list under `key` (e.g. `layers: [{type: tt, rank: 2}, {type: dense}]`),
  /// each named "key[i]" in messages and checked by finish(); empty when absent. A value
  /// that is not a list of maps is an error.
  std::vector<ConfigNode> child_list(const std::string& key);
  /// Marks `key` known without reading it (a section that is bound elsewhere or later).
  void skip(const std::string& key);

  /// Throws one InputError listing every key in this map and in the children made from
  /// it that no binder asked for, each with its location and a "did you mean" hint, and
  /// every duplicated key. Idempotent.
  void finish();

  /// Runs `check` (typically `opts.validate()`) and rethrows its InputError with the
  /// location of the offending key: a message "adc.bits = 0: rule" from a struct bound
  /// at this node becomes "FILE:L:C: device.adc.bits = 0: rule".
  template <class F>
  void validate(F&& check) const {
    try {
      check();
    } catch (const InputError& e) {
      rethrow_located(e);
    }
  }

  /// Throws InputError "LOCATION: path.key = VALUE: rule" for a cross-field rule that a
  /// binder checks itself; `key` must be present.
  [[noreturn]] void fail(const std::string& key, const std::string& rule) const;
  /// "FILE:L:C" of `key` (or of this map when `key` is absent), or "FILE (from --set ...)".
  std::string location(const std::string& key = "") const;

  const YAML::Node& yaml() const;

  /// The expanded tree under this node: every key a binder read (get(), child(),
  /// child_list()), in asking order, with the value it bound, whether written, set by
  /// --set, taken from a preset or left at its default. Unset optional keys are omitted.
  YAML::Node expanded() const;
  /// Leaves `key` out of expanded(): a key that applies only in another mode (a network
  /// reference's tt_rank when layers are listed) or that a later rule derives.
  void omit_from_expanded(const std::string& key);

 private:
  void record_bound(const std::string& key, YAML::Node value);
  struct State;
  YAML::Node lookup(const std::string& key);  // marks known; undefined node when absent
  [[noreturn]] void fail_at(const std::string& path, const YAML::Node& value,
                            const std::string& rule) const;
  [[noreturn]] void fail_at_key(const std::string& key, const std::string& rule) const;
  std::string location_of(const std::string& path, const YAML::Mark& mark) const;
  [[noreturn]] void rethrow_located(const InputError& e) const;
  struct BoundField {
    std::string path;      // full dotted path
    YAML::Node value;      // undefined when the default is in use
    std::string location;  // of the value, or of the map that would hold it
  };
  /// Keys asked for under this node (itself and its children) whose path ends with `field`.
  void collect_fields(const std::string& field, std::vector<BoundField>& out) const;
  void collect_unknown(std::vector<std::string>& errors);

  template <class T, class E>
  void decode(const std::string& path, const YAML::Node& value, T& out, const Rule<E>& rule);

  std::shared_ptr<const ConfigSource> source_;
  std::shared_ptr<State> state_;
};

template <class T, class E>
bool ConfigNode::get(const std::string& key, T& field, const Rule<E>& rule) {
  static_assert(std::is_same_v<E, detail::element_t<T>>,
                "a Rule applies to the field's scalar (element) type");
  const YAML::Node value = lookup(key);
  if (!value) {
    record_bound(key, detail::to_yaml(field));
    return false;
  }
  if (value.IsNull()) fail_at_key(key, "needs a value");  // `key:` with nothing after it
  T parsed = field;
  decode(path_of(key), value, parsed, rule);
  field = std::move(parsed);
  record_bound(key, detail::to_yaml(field));
  return true;
}

template <class T, class E>
void ConfigNode::decode(const std::string& path, const YAML::Node& value, T& out,
                        const Rule<E>& rule) {
  if constexpr (detail::is_vector<T>::value) {
    if (!value.IsSequence()) fail_at(path, value, "must be a list [a, b, ...]");
    T parsed(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
      decode(path + "[" + std::to_string(i) + "]", value[i], parsed[i], rule);
    out = std::move(parsed);
  } else if constexpr (detail::is_optional<T>::value) {
    typename T::value_type parsed{};
    decode(path, value, parsed, rule);
    out = std::move(parsed);
  } else {
    if (!value.IsScalar()) {
      if constexpr (std::is_enum_v<T>)
        fail_at(path, value, "must be one of: " + allowed_values<T>());
      else
        fail_at(path, value, value.IsNull() ? "needs a value" : "must be a single value");
    }
    std::string broken;
    if constexpr (std::is_enum_v<T>) {
      static_assert(detail::has_enum_names<T>::value, "specialise EnumNames<E> for this enum");
      broken = detail::parse_enum(value.Scalar(), out);
    } else {
      broken = detail::parse_scalar(value.Scalar(), out);
    }
    if (!broken.empty()) fail_at(path, value, broken);
    if (rule.ok && !rule.ok(out)) fail_at(path, value, rule.text);
  }
}

}  // namespace tonnsim::runner

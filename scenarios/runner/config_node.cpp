#include "scenarios/runner/config_node.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>
#include <string_view>

#include "scenarios/runner/did_you_mean.hpp"

namespace tonnsim::runner {

struct ConfigNode::State {
  YAML::Node node;        // the map; Undefined for a missing or empty section
  std::string path;       // dotted path from the root
  YAML::Mark key_mark;    // where the key naming this map is written
  std::vector<std::string> known;  // keys a binder asked for, in asking order
  std::vector<std::pair<std::string, std::shared_ptr<State>>> children;
  std::vector<std::pair<std::string, YAML::Node>> bound;  // key -> value as bound
};

namespace {

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

bool starts_with_path(const std::string& path, const std::string& prefix) {
  // "a.b.c" and "a.b[2]" lie under "a.b".
  return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
         (path[prefix.size()] == '.' || path[prefix.size()] == '[');
}

YAML::Mark mark_of(const YAML::Node& n) {
  return n.IsDefined() ? n.Mark() : YAML::Mark::null_mark();
}

std::string location_in(const ConfigSource& source, const std::string& path,
                        const YAML::Mark& mark) {
  if (const auto* o = source.override_for(path)) return source.file + " (from " + o->label() + ")";
  // A rule on a whole map written in the file that an override inside it broke: both.
  const std::string after =
      source.override_within(path) ? " (after " + source.override_within(path)->label() + ")" : "";
  if (mark.is_null()) return source.file + after;
  return source.file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
         after;
}

std::string value_text(const YAML::Node& n) {
  if (!n.IsDefined()) return "(missing)";
  if (n.IsNull()) return "(empty)";
  if (n.IsScalar()) return n.Scalar().empty() ? "''" : n.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << n;
  std::string text = out.c_str();
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) text = text.substr(0, kMax - 3) + "...";
  return text;
}

/// The key node and value of the first occurrence of `key` in a map.
std::pair<YAML::Node, YAML::Node> find_key(const YAML::Node& map, const std::string& key) {
  if (map.IsDefined() && map.IsMap())
    for (const auto& kv : map)
      if (kv.first.IsScalar() && kv.first.Scalar() == key) return {kv.first, kv.second};
  return {YAML::Node(YAML::NodeType::Undefined), YAML::Node(YAML::NodeType::Undefined)};
}

/// The first identifier in `component` ("length_um*width_um" has two) that is a key of
/// `map`, or "".
std::string first_written_name(const YAML::Node& map, const std::string& component) {
  std::size_t i = 0;
  while (i < component.size()) {
    const auto is_name = [&](std::size_t k) {
      return std::isalnum(static_cast<unsigned char>(component[k])) || component[k] == '_';
    };
    while (i < component.size() && !is_name(i)) ++i;
    std::size_t end = i;
    while (end < component.size() && is_name(end)) ++end;
    const std::string name = component.substr(i, end - i);
    if (!name.empty() && find_key(map, name).first.IsDefined()) return name;
    i = end;
  }
  return "";
}

std::string key_text(const YAML::Node& key) {
  return key.IsScalar() ? key.Scalar() : value_text(key);
}

template <class I>
std::string parse_integer(const std::string& text, I& out) {
  using Wide = std::conditional_t<std::is_signed_v<I>, long long, unsigned long long>;
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  Wide v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const std::string range = "must be an integer in [" +
                            std::to_string(std::numeric_limits<I>::min()) + ", " +
                            std::to_string(std::numeric_limits<I>::max()) + "]";
  if (ec == std::errc::result_out_of_range) return range;
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    if (std::is_unsigned_v<I> && !s.empty() && s.front() == '-')
      return "must be a non-negative integer";
    return "must be an integer";
  }
  if (v < static_cast<Wide>(std::numeric_limits<I>::min()) ||
      v > static_cast<Wide>(std::numeric_limits<I>::max()))
    return range;
  out = static_cast<I>(v);
  return "";
}

}  // namespace

const ConfigSource::Override* ConfigSource::override_for(const std::string& path) const {
  // Later overrides win, as they do when applied.
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    if (path == it->path || starts_with_path(path, it->path)) return &*it;
    for (const auto& created : it->created_maps)
      if (path == created) return &*it;
  }
  return nullptr;
}

const ConfigSource::Override* ConfigSource::override_within(const std::string& path) const {
  if (path.empty()) return nullptr;  // the root: every override is inside it
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it)
    if (starts_with_path(it->path, path)) return &*it;
  return nullptr;
}

namespace detail {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string parse_scalar(const std::string& text, double& out) {
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return "must be a number";
  if (!std::isfinite(v)) return "must be a finite number";
  out = v;
  return "";
}
std::string parse_scalar(const std::string& text, float& out) {
  double v = 0;
  std::string broken = parse_scalar(text, v);
  if (broken.empty()) out = static_cast<float>(v);
  return broken;
}
std::string parse_scalar(const std::string& text, bool& out) {
  // The YAML 1.1 spellings yaml-cpp itself accepts.
  static const std::pair<const char*, bool> spellings[] = {
      {"true", true}, {"yes", true}, {"on", true}, {"false", false}, {"no", false}, {"off", false}};
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [word, value] : spellings)
    if (lower == word) {
      out = value;
      return "";
    }
  return "must be true or false";
}
std::string parse_scalar(const std::string& text, std::string& out) {
  out = text;
  return "";
}
std::string parse_scalar(const std::string& t, int& out) { return parse_integer(t, out); }
std::string parse_scalar(const std::string& t, long& out) { return parse_integer(t, out); }
std::string parse_scalar(const std::string& t, long long& out) { return parse_integer(t, out); }
std::string parse_scalar(const std::string& t, unsigned& out) { return parse_integer(t, out); }
std::string parse_scalar(const std::string& t, unsigned long& out) { return parse_integer(t, out); }
std::string parse_scalar(const std::string& t, unsigned long long& out) {
  return parse_integer(t, out);
}

std::string enum_error(const std::string& type, const std::string& text,
                       const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::string out = "unknown " + type + "; allowed: " + list;
  const std::string best = closest_match(text, allowed);
  if (!best.empty()) out += "; did you mean '" + best + "'?";
  return out;
}

}  // namespace detail

ConfigNode::ConfigNode(std::shared_ptr<const ConfigSource> source, YAML::Node map,
                       std::string path, YAML::Mark key_mark)
    : source_(std::move(source)), state_(std::make_shared<State>()) {
  state_->node = (map.IsDefined() && map.IsMap()) ? map : YAML::Node(YAML::NodeType::Undefined);
  state_->path = std::move(path);
  state_->key_mark = key_mark;
}

const std::string& ConfigNode::path() const { return state_->path; }
const YAML::Node& ConfigNode::yaml() const { return state_->node; }

std::string ConfigNode::path_of(const std::string& key) const {
  return join_path(state_->path, key);
}

bool ConfigNode::has(const std::string& key) const {
  return find_key(state_->node, key).first.IsDefined();
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (state_->node.IsDefined())
    for (const auto& kv : state_->node) out.push_back(key_text(kv.first));
  return out;
}

YAML::Node ConfigNode::lookup(const std::string& key) {
  auto& known = state_->known;
  if (std::find(known.begin(), known.end(), key) == known.end()) known.push_back(key);
  return find_key(state_->node, key).second;
}

void ConfigNode::skip(const std::string& key) { lookup(key); }

void ConfigNode::record_bound(const std::string& key, YAML::Node value) {
  auto& bound = state_->bound;
  const auto it = std::find_if(bound.begin(), bound.end(),
                               [&](const auto& b) { return b.first == key; });
  if (it != bound.end())
    it->second = value;
  else
    bound.emplace_back(key, value);
}

void ConfigNode::omit_from_expanded(const std::string& key) {
  record_bound(key, YAML::Node(YAML::NodeType::Undefined));
}

YAML::Node ConfigNode::expanded() const {
  YAML::Node out(YAML::NodeType::Map);
  const auto child_state = [&](const std::string& name) -> std::shared_ptr<State> {
    for (const auto& [n, st] : state_->children)
      if (n == name) return st;
    return nullptr;
  };
  const auto expand = [&](const std::shared_ptr<State>& st) {
    ConfigNode c(*this);
    c.state_ = st;
    return c.expanded();
  };
  for (const auto& key : state_->known) {
    const auto value = std::find_if(state_->bound.begin(), state_->bound.end(),
                                    [&](const auto& b) { return b.first == key; });
    if (value != state_->bound.end()) {
      if (value->second.IsDefined()) out[key] = value->second;
    } else if (const auto st = child_state(key)) {
      const YAML::Node map = expand(st);
      if (map.size() > 0) out[key] = map;
    } else if (const auto first = child_state(key + "[0]")) {
      YAML::Node list(YAML::NodeType::Sequence);
      for (std::size_t i = 0;; ++i) {
        const auto item = child_state(key + "[" + std::to_string(i) + "]");
        if (!item) break;
        list.push_back(expand(item));
      }
      out[key] = list;
    }
  }
  return out;
}

ConfigNode ConfigNode::child(const std::string& key) {
  const auto [key_node, value] = find_key(state_->node, key);
  lookup(key);
  if (value.IsDefined() && !value.IsNull() && !value.IsMap())
    fail_at(path_of(key), value, "must be a map of keys (name: value)");
  for (const auto& [name, st] : state_->children)
    if (name == key) {
      ConfigNode again(*this);
      again.state_ = st;
      return again;
    }
  ConfigNode c(source_, value, path_of(key),
               key_node.IsDefined() ? key_node.Mark() : state_->key_mark);
  state_->children.emplace_back(key, c.state_);
  return c;
}

std::vector<ConfigNode> ConfigNode::child_list(const std::string& key) {
  const YAML::Node value = lookup(key);
  std::vector<ConfigNode> items;
  if (!value.IsDefined() || value.IsNull()) return items;
  if (!value.IsSequence()) fail_at(path_of(key), value, "must be a list of maps (- name: value)");
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string name = key + "[" + std::to_string(i) + "]";
    const YAML::Node item = value[i];
    if (!item.IsMap()) fail_at(path_of(name), item, "must be a map of keys (name: value)");
    const auto existing = std::find_if(state_->children.begin(), state_->children.end(),
                                       [&](const auto& c) { return c.first == name; });
    if (existing != state_->children.end()) {
      ConfigNode again(*this);
      again.state_ = existing->second;
      items.push_back(again);
      continue;
    }
    ConfigNode c(source_, item, path_of(name), item.Mark());
    state_->children.emplace_back(name, c.state_);
    items.push_back(c);
  }
  return items;
}

void ConfigNode::collect_unknown(std::vector<std::string>& errors) {
  const State& st = *state_;
  if (st.node.IsDefined()) {
    std::vector<std::pair<std::string, YAML::Mark>> seen;
    for (const auto& kv : st.node) {
      const std::string key = key_text(kv.first);
      const std::string path = path_of(key);
      const std::string where = location_in(*source_, path, kv.first.Mark());
      auto first = std::find_if(seen.begin(), seen.end(),
                                [&](const auto& s) { return s.first == key; });
      if (first != seen.end()) {
        errors.push_back(where + ": " + path + ": duplicate key (first written at line " +
                         std::to_string(first->second.line + 1) + ")");
        continue;
      }
      seen.emplace_back(key, kv.first.Mark());
      if (std::find(st.known.begin(), st.known.end(), key) == st.known.end())
        errors.push_back(where + ": " + path + ": unknown key" +
                         suggestion_text(key, st.known, "known keys here"));
    }
  }
  for (const auto& [name, child_state] : st.children) {
    (void)name;
    ConfigNode c(*this);
    c.state_ = child_state;
    c.collect_unknown(errors);
  }
}

void ConfigNode::finish() {
  std::vector<std::string> errors;
  collect_unknown(errors);
  if (errors.empty()) return;
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
  throw InputError(message);
}

std::string ConfigNode::location_of(const std::string& path, const YAML::Mark& mark) const {
  return location_in(*source_, path, mark);
}

std::string ConfigNode::location(const std::string& key) const {
  if (!key.empty()) {
    // A value is located where it is written; a map or list at the key that names it.
    const auto [key_node, value] = find_key(state_->node, key);
    if (value.IsDefined() && value.IsScalar()) return location_of(path_of(key), value.Mark());
    if (key_node.IsDefined()) return location_of(path_of(key), key_node.Mark());
  }
  return location_of(state_->path, state_->key_mark);
}

void ConfigNode::fail_at(const std::string& path, const YAML::Node& value,
                         const std::string& rule) const {
  throw InputError(location_of(path, mark_of(value)) + ": " + path + " = " + value_text(value) +
                   ": " + rule);
}

void ConfigNode::fail_at_key(const std::string& key, const std::string& rule) const {
  const auto [key_node, value] = find_key(state_->node, key);
  throw InputError(location_of(path_of(key), mark_of(key_node)) + ": " + path_of(key) + " = " +
                   value_text(value) + ": " + rule);
}

void ConfigNode::fail(const std::string& key, const std::string& rule) const {
  fail_at(path_of(key), find_key(state_->node, key).second, rule);
}

void ConfigNode::collect_fields(const std::string& field, std::vector<BoundField>& out) const {
  // An element of a list field ("in_modes[2]") is found through the list's key.
  const auto bracket = field.find('[', field.find_last_of('.') == std::string::npos
                                           ? 0
                                           : field.find_last_of('.'));
  if (bracket != std::string::npos && field.back() == ']') {
    const std::string list = field.substr(0, bracket);
    std::size_t index = 0;
    if (detail::parse_scalar(field.substr(bracket + 1, field.size() - bracket - 2), index).empty()) {
      const auto first = out.size();
      collect_fields(list, out);
      for (auto f = out.begin() + static_cast<std::ptrdiff_t>(first); f != out.end(); ++f) {
        f->path += field.substr(bracket);
        if (f->value.IsDefined() && f->value.IsSequence() && index < f->value.size()) {
          f->value = f->value[index];
          f->location = location_of(f->path, mark_of(f->value));
        }
      }
      return;
    }
  }
  // `field` as a struct's validate() names it: relative to the struct ("max_price",
  // "adc.bits"), so a key a binder asked for matches when its full path ends with it at a
  // component boundary ("pde.black_scholes.max_price", "network.layers[1].omega0").
  for (const auto& key : state_->known) {
    const std::string path = path_of(key);
    const bool match = path == field || (path.size() > field.size() &&
                                         path.compare(path.size() - field.size(), field.size(),
                                                      field) == 0 &&
                                         path[path.size() - field.size() - 1] == '.');
    if (!match) continue;
    const YAML::Node value = find_key(state_->node, key).second;
    // Not written: the default broke a rule; located at the map that would hold it.
    out.push_back({path, value,
                   value.IsDefined() ? location_of(path, mark_of(value)) : location()});
  }
  for (const auto& child : state_->children) {
    ConfigNode c(*this);
    c.state_ = child.second;
    c.collect_fields(field, out);
  }
}

void ConfigNode::rethrow_located(const InputError& e) const {
  const std::string message = e.what();
  const auto eq = message.find(" = ");
  const std::string field = eq == std::string::npos ? "" : message.substr(0, eq);
  if (field.empty() || field.find(' ') != std::string::npos) {
    const std::string prefix = state_->path.empty() ? "" : state_->path + ": ";
    throw InputError(location() + ": " + prefix + message);
  }
  // 1. The keys bound under this node whose path ends with the field: a struct nested in
  // another (pde.black_scholes inside PdeOptions) or in a list (network.layers[i]) names
  // its field without the path to it. Of several candidates (omega0 of two layers) the
  // first by: written with the value in the message, written, then the field at this
  // node itself rather than in a child, then binding order.
  // A field whose leading components name no key (the layers a reference network builds
  // from network.omega0: "layers[2].omega0") is matched by its trailing ones.
  std::vector<BoundField> fields;
  for (std::size_t from = 0; fields.empty() && from != std::string::npos;
       from = field.find('.', from) == std::string::npos ? std::string::npos
                                                          : field.find('.', from) + 1)
    collect_fields(field.substr(from), fields);
  if (!fields.empty()) {
    const auto end = message.find(": ", eq + 3);
    const std::string value = message.substr(eq + 3, end == std::string::npos ? end : end - eq - 3);
    const std::string here = join_path(state_->path, field);
    const auto rank = [&](const BoundField& f) {
      return 4 * (f.value.IsDefined() && f.value.IsScalar() && f.value.Scalar() == value) +
             2 * f.value.IsDefined() + (f.path == here);
    };
    const auto best = std::max_element(  // the first of the highest rank
        fields.begin(), fields.end(),
        [&](const BoundField& x, const BoundField& y) { return rank(x) < rank(y); });
    throw InputError(best->location + ": " + best->path + message.substr(eq));
  }
  // 2. A rule over several fields ("length_um*width_um"), or a field left at its default:
  // walk the dotted field down the YAML tree as far as it is written; a component of
  // several names is matched by its first written name.
  YAML::Node map = state_->node;
  std::string walked = state_->path;
  YAML::Mark mark = state_->key_mark;
  std::size_t start = 0;
  while (start <= field.size()) {
    const auto dot = field.find('.', start);
    const std::string component =
        field.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const std::string name = first_written_name(map, component);
    if (name.empty()) break;
    const YAML::Node value = find_key(map, name).second;
    walked = join_path(walked, name);
    mark = mark_of(value);
    if (name != component || dot == std::string::npos || !value.IsMap()) break;
    map = value;
    start = dot + 1;
  }
  throw InputError(location_of(walked, mark) + ": " + join_path(state_->path, field) +
                   message.substr(eq));
}

}  // namespace tonnsim::runner

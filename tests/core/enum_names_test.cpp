#include <doctest/doctest.h>

#include "core/enum_names.hpp"

namespace {
enum class Fruit { kApple, kPear };
}
namespace tonnsim {
template <>
struct EnumNames<Fruit> {
  static constexpr const char* type = "fruit";
  static constexpr std::array<std::pair<Fruit, const char*>, 2> names{
      {{Fruit::kApple, "apple"}, {Fruit::kPear, "pear"}}};
};
}  // namespace tonnsim

TEST_CASE("An enum round-trips through its spelling") {
  using namespace tonnsim;
  CHECK(to_string(Fruit::kPear) == "pear");
  CHECK(from_string<Fruit>("apple") == Fruit::kApple);
  CHECK(allowed_values<Fruit>() == "apple, pear");
}

TEST_CASE("An unknown spelling names the bad value and the allowed ones") {
  using namespace tonnsim;
  try {
    from_string<Fruit>("plum");
    FAIL("no exception");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "unknown fruit 'plum'; allowed: apple, pear");
  }
}

TEST_CASE("require names field, value and rule") {
  using namespace tonnsim;
  CHECK_NOTHROW(require(true, "bits", 8, "must be >= 1"));
  try {
    require(false, "bits", 0, "must be >= 1");
    FAIL("no exception");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "bits = 0: must be >= 1");
  }
}

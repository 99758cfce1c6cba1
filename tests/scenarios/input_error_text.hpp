#pragma once
// The message of the InputError that `action` must throw (the test fails otherwise), so
// tests can compare whole messages: the exact wording is the user interface here.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"

template <class F>
std::string input_error_text(F&& action) {
  try {
    action();
  } catch (const tonnsim::InputError& e) {
    return e.what();
  }
  FAIL("expected an InputError");
  return "";
}

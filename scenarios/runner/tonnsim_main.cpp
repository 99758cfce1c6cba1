// The `tonnsim` program; everything it does lives in tonnsim::runner (cli.hpp).
#include <iostream>

#include "scenarios/runner/cli.hpp"

int main(int argc, char** argv) {
  return tonnsim::runner::run_cli(argc, argv, std::cout, std::cerr);
}

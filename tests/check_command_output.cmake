# ctest driver for a test that checks what a command prints: PASS_REGULAR_EXPRESSION alone
# ignores the exit code, so a command that prints the expected text and then crashes
# would pass. This script runs the command, and fails unless
#   - its exit status is EXIT_CODE (default 0; a crash is reported as a text, never equal),
#   - its output (stdout and stderr together) matches PASS_REGEX (if given),
#   - and does not match FAIL_REGEX (if given; e.g. a message printed twice).
# Usage (tonnsim_add_output_test in tests/CMakeLists.txt writes it):
#   cmake -DEXIT_CODE=N -DPASS_REGEX=RE -DFAIL_REGEX=RE -P check_command_output.cmake -- COMMAND ARGS...
# The command's words come after `--`, one argument each, so they may hold any character.
if(NOT DEFINED EXIT_CODE)
  set(EXIT_CODE 0)
endif()
set(command "")
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 0 ${last})
  if(after_separator)
    string(REPLACE ";" "\\;" word "${CMAKE_ARGV${i}}")  # one word, even with a ';' in it
    list(APPEND command "${word}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "check_command_output.cmake: no command after --")
endif()
execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE output
                ERROR_VARIABLE output)
message("${output}")
set(failures "")
if(NOT status STREQUAL "${EXIT_CODE}")
  string(APPEND failures "\n  exit status ${status}, expected ${EXIT_CODE}")
endif()
if(DEFINED PASS_REGEX AND NOT output MATCHES "${PASS_REGEX}")
  string(APPEND failures "\n  the output does not match: ${PASS_REGEX}")
endif()
if(DEFINED FAIL_REGEX AND output MATCHES "${FAIL_REGEX}")
  string(APPEND failures "\n  the output matches what it must not: ${FAIL_REGEX}")
endif()
if(failures)
  string(REPLACE ";" " " shown "${command}")
  message(FATAL_ERROR "${shown}:${failures}")
endif()

# Builds TARGET in BUILD_DIR and succeeds only if the build FAILS with output matching EXPECT,
# and, if EXPECT_COUNT is given, with at most that many lines containing "error:" (so that
# follow-on errors cannot bury the intended one).
# Used by the compile_fail tests: a program that compiles, or fails for another reason, fails.
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET} --config ${CONFIG}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${TARGET} failed to compile, but its diagnostic does not match '${EXPECT}':\n${out}")
endif()
if(DEFINED EXPECT_COUNT AND NOT EXPECT_COUNT STREQUAL "")
  # Semicolons and brackets in the messages would upset list(LENGTH).
  string(REGEX REPLACE "[][;]" "_" flat "${out}")
  string(REGEX MATCHALL "[^\n]*error:[^\n]*" error_lines "${flat}")
  list(LENGTH error_lines error_count)
  if(error_count GREATER EXPECT_COUNT)
    list(JOIN error_lines "\n" error_lines)
    message(FATAL_ERROR "${TARGET} failed to compile with ${error_count} errors, but at most "
                        "${EXPECT_COUNT} may be reported:\n${error_lines}\n\nThe whole output:\n${out}")
  endif()
  message(STATUS "${TARGET} failed to compile as expected, matching '${EXPECT}', with "
                 "${error_count} error(s) (at most ${EXPECT_COUNT})")
else()
  message(STATUS "${TARGET} failed to compile as expected, matching '${EXPECT}'")
endif()

# Builds TARGET in BUILD_DIR and succeeds only if the build FAILS with output matching EXPECT.
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
message(STATUS "${TARGET} failed to compile as expected, matching '${EXPECT}'")

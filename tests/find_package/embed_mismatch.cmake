# ctnn_embed_weights with a file that does not fit the net: the build must fail with a message
# that names the tensor and both shapes; a NAME that is no identifier must fail at configure
# time, saying so.
#   cmake -D SOURCE_DIR=<ctnn> -D WORK_DIR=<scratch> -D CXX=<compiler> [-D GENERATOR=<gen>] -P embed_mismatch.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(generator_args)
if(GENERATOR)
  set(generator_args -G ${GENERATOR})
endif()

# Configures (and with BUILD, builds) a project that embeds the AND unit's file as `name` in a
# net of `inputs` inputs; puts the exit status and all output into result and output.
function(try_embedding dir name inputs)
  file(WRITE ${WORK_DIR}/${dir}/src/CMakeLists.txt "
cmake_minimum_required(VERSION 3.21)
project(ctnn_embed_mismatch LANGUAGES CXX)
add_subdirectory(\"${SOURCE_DIR}\" ctnn)
file(WRITE \${CMAKE_CURRENT_BINARY_DIR}/main.cpp \"#include <${name}.hpp>\\nint main() { return 0; }\\n\")
add_executable(program \${CMAKE_CURRENT_BINARY_DIR}/main.cpp)
ctnn_embed_weights(TARGET program FILE \"${SOURCE_DIR}/tests/find_package/consumer/and_unit.safetensors\"
                   NAME ${name} NET \"ctnn::Net<ctnn::Dense<${inputs}, 1, ctnn::Sigmoid>, ctnn::BCE>\")
")
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/${dir}/src -B ${WORK_DIR}/${dir}/build
                    ${generator_args} -DCMAKE_CXX_COMPILER=${CXX}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/${dir}/build
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  endif()
  set(result ${rc} PARENT_SCOPE)
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

# Expects the last try to have failed with `expected` in its output.
function(expect_failure what expected)
  string(REPLACE "\n" " " flat "${output}")
  string(REGEX REPLACE " +" " " flat "${flat}")
  string(FIND "${flat}" "${expected}" at)
  if(result EQUAL 0 OR at EQUAL -1)
    message(FATAL_ERROR "${what}: expected a failure saying\n  ${expected}\ngot status ${result}:\n${output}")
  endif()
  message(STATUS "${what}: failed as expected")
endfunction()

try_embedding(wrong_shape and_unit 3)
expect_failure("a file of another shape"
  "ctnn_embed_weights: ctnn::io::load_safetensors: ${SOURCE_DIR}/tests/find_package/consumer/and_unit.safetensors: the file does not fit the net: tensor \"0.weight\" (layer 0, Dense<3, 1, Sigmoid>) has shape [1, 2] in the file, the net's is [1, 3]")

try_embedding(bad_name 2and 2)
expect_failure("a name that is no identifier" "ctnn_embed_weights: NAME 2and is not a C++ identifier")

# Configures, builds and runs a consumer project that takes ctnn in with
# add_subdirectory(<ctnn source tree>), as a project vendoring ctnn would, using the same main.cpp
# as the find_package consumer, with its weights embedded by ctnn_embed_weights. Also checks that ctnn, as a subproject, builds none of its own
# tests, benchmarks or examples.
#   cmake -D SOURCE_DIR=<ctnn> -D WORK_DIR=<scratch> -D CXX=<compiler> [-D GENERATOR=<gen>] -P subdirectory.cmake
file(REMOVE_RECURSE ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/run_or_fail.cmake)

file(WRITE ${WORK_DIR}/src/CMakeLists.txt "
cmake_minimum_required(VERSION 3.21)
project(ctnn_subdirectory_consumer LANGUAGES CXX)
add_subdirectory(\"${SOURCE_DIR}\" ctnn)
foreach(target ctnn_tests ctnn_bench)
  if(TARGET \${target})
    message(FATAL_ERROR \"ctnn as a subproject must not define \${target}\")
  endif()
endforeach()
add_executable(consumer \"${SOURCE_DIR}/tests/find_package/consumer/main.cpp\")
target_link_libraries(consumer PRIVATE ctnn::ctnn)
ctnn_embed_weights(TARGET consumer FILE \"${SOURCE_DIR}/tests/find_package/consumer/and_unit.safetensors\"
                   NAME and_unit NET \"ctnn::Net<ctnn::Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>\")
")

set(generator_args)
if(GENERATOR)
  set(generator_args -G ${GENERATOR})
endif()
run(${CMAKE_COMMAND} -S ${WORK_DIR}/src -B ${WORK_DIR}/build ${generator_args}
    -DCMAKE_CXX_COMPILER=${CXX})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
message(STATUS "add_subdirectory(ctnn) consumer built and ran")

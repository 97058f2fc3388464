# Installs ctnn from SOURCE_DIR into a prefix below WORK_DIR, then configures, builds and runs
# a consumer project that finds it with find_package(ctnn CONFIG).
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
include(${CMAKE_CURRENT_LIST_DIR}/run_or_fail.cmake)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/ctnn -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_INSTALL_PREFIX=${prefix}
    -DCTNN_BUILD_TESTS=OFF -DCTNN_BUILD_BENCHMARKS=OFF -DCTNN_BUILD_EXAMPLES=OFF)
run(${CMAKE_COMMAND} --install ${WORK_DIR}/ctnn)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/find_package/consumer -B ${WORK_DIR}/consumer
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer)
message(STATUS "find_package(ctnn CONFIG) consumer built and ran")

# cmake -D PYTHON=... -D SCRIPT=reference.py -D COMMITTED=reference.inc -D OUTPUT=<new file>
#       -P check_reference.cmake
# Runs reference.py with PYTHON into OUTPUT and fails, showing the differences, unless OUTPUT is
# identical to COMMITTED. Prints "SKIPPED: ..." (the test's skip pattern) and stops when PYTHON
# cannot import torch.

execute_process(COMMAND "${PYTHON}" -c "import torch"
  RESULT_VARIABLE torch_found OUTPUT_QUIET ERROR_VARIABLE torch_error)
if(NOT torch_found EQUAL 0)
  string(STRIP "${torch_error}" torch_error)
  if(torch_error MATCHES "([^\n]+)$")  # the exception, not the traceback
    set(torch_found "${CMAKE_MATCH_1}")
  endif()
  message("SKIPPED: ${PYTHON} cannot import torch (${torch_found}), so the PyTorch "
          "reference cannot be regenerated. On Debian: apt install python3-torch, or configure "
          "with -D CTNN_TORCH_PYTHON=<a python that has torch>.")
  return()
endif()

get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${output_dir}")
execute_process(COMMAND "${PYTHON}" "${SCRIPT}"
  OUTPUT_FILE "${OUTPUT}" RESULT_VARIABLE generated ERROR_VARIABLE generate_error)
if(NOT generated EQUAL 0)
  message(FATAL_ERROR "${PYTHON} ${SCRIPT} failed (${generated}):\n${generate_error}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${COMMITTED}" "${OUTPUT}"
  RESULT_VARIABLE different)
if(NOT different EQUAL 0)
  find_program(DIFF_PROGRAM diff)
  if(DIFF_PROGRAM)
    execute_process(COMMAND "${DIFF_PROGRAM}" -u "${COMMITTED}" "${OUTPUT}")
  endif()
  message(FATAL_ERROR "${COMMITTED} is not what ${SCRIPT} prints now (see ${OUTPUT}). If the "
          "change is intended, regenerate it:\n  ${PYTHON} ${SCRIPT} > ${COMMITTED}")
endif()
message(STATUS "${COMMITTED} is up to date")

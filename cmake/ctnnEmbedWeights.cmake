# ctnn_embed_weights(TARGET <target> FILE <model.safetensors> NAME <identifier> NET <C++ type>)
#
# Compiles a safetensors file's weights into <target>. At build time a small program built for
# NET loads FILE with ctnn::io::load_safetensors (every check it makes) and writes <NAME>.hpp,
# which <target>'s sources include to get
#   inline constexpr <NET> <NAME>{...};
# a net whose parameters are constants in the binary: no file I/O and no parsing at start-up.
# A FILE that does not fit NET fails the build with load_safetensors' message, which names the
# tensor and both shapes. The header is written again when FILE or NET changes. NET is spelled
# with ctnn's elements (the header includes <ctnn/core.hpp> and <ctnn/expr.hpp>). The program
# runs on the build machine, so cross builds cannot use this function.

function(ctnn_embed_weights)
  set(usage "ctnn_embed_weights(TARGET <target> FILE <model.safetensors> NAME <identifier> NET <C++ type>)")
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "TARGET;FILE;NAME;NET" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ctnn_embed_weights: unexpected arguments ${arg_UNPARSED_ARGUMENTS}; ${usage}")
  endif()
  foreach(required TARGET FILE NAME NET)
    if(NOT arg_${required})
      message(FATAL_ERROR "ctnn_embed_weights: ${required} is missing; ${usage}")
    endif()
  endforeach()
  if(NOT TARGET ${arg_TARGET})
    message(FATAL_ERROR "ctnn_embed_weights: TARGET ${arg_TARGET} is no target (define it first)")
  endif()
  if(NOT arg_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "ctnn_embed_weights: NAME ${arg_NAME} is not a C++ identifier")
  endif()
  if(TARGET ctnn_embed_${arg_NAME})
    message(FATAL_ERROR "ctnn_embed_weights: NAME ${arg_NAME} is already embedded; each needs its own")
  endif()
  if(CMAKE_CROSSCOMPILING)
    message(FATAL_ERROR "ctnn_embed_weights: the header is written by a program run at build "
                        "time, which a cross build cannot run; write it in a native build")
  endif()
  get_filename_component(file "${arg_FILE}" ABSOLUTE)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "ctnn_embed_weights: FILE ${file} does not exist")
  endif()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/ctnn_embedded/${arg_NAME})
  set(CTNN_EMBED_NET "${arg_NET}")
  configure_file(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/ctnnEmbedWriter.cpp.in ${dir}/writer.cpp @ONLY)
  set(writer ctnn_embed_writer_${arg_NAME})
  add_executable(${writer} ${dir}/writer.cpp)
  target_link_libraries(${writer} PRIVATE ctnn::ctnn)
  set(header ${dir}/include/${arg_NAME}.hpp)
  add_custom_command(OUTPUT ${header}
    COMMAND ${writer} ${file} ${header} ${arg_NAME}
    DEPENDS ${writer} ${file}
    COMMENT "ctnn_embed_weights: ${arg_NAME}.hpp from ${file}"
    VERBATIM)
  add_custom_target(ctnn_embed_${arg_NAME} DEPENDS ${header})
  add_dependencies(${arg_TARGET} ctnn_embed_${arg_NAME})
  target_include_directories(${arg_TARGET} PRIVATE ${dir}/include)
  target_link_libraries(${arg_TARGET} PRIVATE ctnn::ctnn)
endfunction()

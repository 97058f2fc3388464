# The x86-64 levels that tests/CMakeLists.txt builds the SIMD tests for.

# For a -march level: the xsimd architecture its widest registers get (xsimd::default_arch), and
# the processor features (as GCC's and clang's __builtin_cpu_supports name them) that code built
# for it may use.
function(ctnn_level_registers level registers_var features_var)
  set(v2 "sse4.2;popcnt;ssse3")
  set(v3 "${v2};avx;avx2;fma;bmi;bmi2")
  set(v4 "${v3};avx512f;avx512bw;avx512cd;avx512dq;avx512vl")
  if(level STREQUAL "x86-64")
    set(registers "xsimd::sse2")
    set(features "sse2")
  elseif(level STREQUAL "x86-64-v2")
    set(registers "xsimd::sse4_2")
    set(features "${v2}")
  elseif(level STREQUAL "x86-64-v3")
    set(registers "xsimd::fma3<xsimd::avx2>")
    set(features "${v3}")
  elseif(level STREQUAL "x86-64-v4")
    set(registers "xsimd::avx512bw")
    set(features "${v4}")
  elseif(level STREQUAL "sapphirerapids")
    # AVX-512 with VNNI, BF16 and FP16: a target g++ 12.2 knows (znver4 came with GCC 12.3).
    set(registers "xsimd::avx512bw")
    set(features "${v4};avx512vnni;avx512bf16;avx512ifma;avx512vbmi;avx512fp16")
  else()
    message(FATAL_ERROR "CTNN_TEST_LEVELS: unknown level '${level}'; ctnn knows x86-64, "
                        "x86-64-v2, x86-64-v3, x86-64-v4 and sapphirerapids")
  endif()
  set(${registers_var} "${registers}" PARENT_SCOPE)
  set(${features_var} "${features}" PARENT_SCOPE)
endfunction()

# Whether this machine's processor has every feature of the list: a probe program, built
# without -march flags, asks it with __builtin_cpu_supports. Not cached: a build tree may be
# configured again on another machine.
function(ctnn_machine_runs features result_var)
  string(MAKE_C_IDENTIFIER "${features}" id)
  set(checks "")
  foreach(feature IN LISTS features)
    string(APPEND checks " && __builtin_cpu_supports(\"${feature}\")")
  endforeach()
  set(source ${CMAKE_CURRENT_BINARY_DIR}/level_probes/${id}.cpp)
  file(WRITE ${source} "int main() {\n  __builtin_cpu_init();\n  return (1${checks}) ? 0 : 1;\n}\n")
  try_run(run_result compile_result ${CMAKE_CURRENT_BINARY_DIR}/level_probes ${source})
  if(compile_result AND run_result EQUAL 0)
    set(runs ON)
  else()
    set(runs OFF)
  endif()
  set(${result_var} ${runs} PARENT_SCOPE)
endfunction()

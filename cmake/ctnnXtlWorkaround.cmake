# Debian 12's xsimd 8.1 export links a target `xtl` that it never looks for, which ends as a
# `-lxtl` link error. xsimd needs nothing from xtl, so an empty stand-in is enough.
if(NOT TARGET xtl)
  find_package(xtl QUIET)
  if(NOT TARGET xtl)
    add_library(xtl INTERFACE IMPORTED)
  endif()
endif()

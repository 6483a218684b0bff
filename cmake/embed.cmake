# civicpost_embed(TARGET NAME BASE_DIR FILES...)
#
# Compiles files into the binary as a resource bundle: the generated library
# TARGET exposes `civicpost::resources::NAME()` (see src/core/resources.hpp),
# a list of {path relative to BASE_DIR, bytes}. Templates, stylesheets, SQL
# migrations and the demo authority travel inside the executable this way, so
# an installed civicpost needs no files beside it.
function(civicpost_embed target name base_dir)
  set(files ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  set(inputs "")
  foreach(f IN LISTS files)
    list(APPEND inputs "${base_dir}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${name} -DBASE=${base_dir}
            "-DFILES=${files}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake"
    DEPENDS ${inputs} "${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake"
    COMMENT "Embedding ${name} resources"
    VERBATIM)
  add_library(${target} STATIC "${out}")
  target_link_libraries(${target} PUBLIC civicpost_core)
endfunction()

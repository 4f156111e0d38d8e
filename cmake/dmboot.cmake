# Build rules shared by every dmboot target.

# dmboot_warnings carries the warning set of STYLE.md to every target that links it.
add_library(dmboot_warnings INTERFACE)
target_compile_options(dmboot_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror=switch)
if(DMBOOT_WERROR)
  target_compile_options(dmboot_warnings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # g++ 12 at -O2/-O3 reports false -Wrestrict and -Wstringop-overread inside std::string's
  # operator+ and std::equal (GCC PR105329, PR106199); they broke the release build of the tests.
  target_compile_options(dmboot_warnings INTERFACE -Wno-restrict -Wno-stringop-overread)
endif()
if(DMBOOT_FUZZ)
  # Coverage instrumentation for the library code too, not only the target file (libFuzzer needs
  # it to see past the first branch); -fsanitize=fuzzer itself is linked into the targets only.
  target_compile_options(dmboot_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(DMBOOT_SANITIZE)
  string(REPLACE ";" "," _dmboot_san "${DMBOOT_SANITIZE}")
  target_compile_options(dmboot_warnings INTERFACE -fsanitize=${_dmboot_san} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(dmboot_warnings INTERFACE -fsanitize=${_dmboot_san})
endif()

# dmboot_module(NAME <m> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
#
# Builds the static library dmboot_<m> (alias dmboot::<m>) from dmboot/<m>/. Its include root is a
# per-module staging folder that exposes only dmboot/<m>/, so a module sees another module's
# headers only through a target link: an include that is not in the DAG fails to compile.
function(dmboot_module)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(stage "${PROJECT_BINARY_DIR}/module_include/${ARG_NAME}")
  file(MAKE_DIRECTORY "${stage}/dmboot")
  file(CREATE_LINK "${PROJECT_SOURCE_DIR}/dmboot/${ARG_NAME}" "${stage}/dmboot/${ARG_NAME}" SYMBOLIC)
  add_library(dmboot_${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(dmboot::${ARG_NAME} ALIAS dmboot_${ARG_NAME})
  target_include_directories(dmboot_${ARG_NAME} PUBLIC "${stage}")
  target_link_libraries(dmboot_${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE dmboot_warnings ${ARG_PRIVATE_DEPS})
endfunction()

# dmboot_test(NAME <bin> SOURCES ... DEPS ...)
#
# A GoogleTest binary registered case by case with ctest.
function(dmboot_test)
  if(NOT DMBOOT_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} dmboot::testing GTest::gtest GTest::gmock
    GTest::gtest_main dmboot_warnings)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "DMBOOT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# dmboot_attack_test(NAME <bin> SOURCES ... DEPS ...)
#
# A dmboot_test whose cases play an attacker against real processes or listeners on 127.0.0.1
# (issue #13): labelled `attack`, so `ctest --preset dev -L attack` runs the attack suite alone.
function(dmboot_attack_test)
  if(NOT DMBOOT_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} dmboot::testing GTest::gtest GTest::gmock
    GTest::gtest_main dmboot_warnings)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "DMBOOT_SOURCE_DIR=${PROJECT_SOURCE_DIR}" LABELS attack)
endfunction()

# dmboot_fuzz_target(NAME <t> SOURCE <file> DEPS ...)
#
# With DMBOOT_FUZZ (clang): a libFuzzer binary fuzz_<t>. Otherwise: fuzz_replay_<t>, the same
# target linked with fuzz/replay_main.cc, and a ctest that feeds it every file of
# fuzz/corpus/<t>/, so the corpus guards against regressions on every build.
function(dmboot_fuzz_target)
  cmake_parse_arguments(ARG "" "NAME;SOURCE" "DEPS" ${ARGN})
  if(DMBOOT_FUZZ)
    add_executable(fuzz_${ARG_NAME} ${ARG_SOURCE})
    target_link_libraries(fuzz_${ARG_NAME} PRIVATE ${ARG_DEPS} dmboot_warnings)
    target_compile_options(fuzz_${ARG_NAME} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${ARG_NAME} PRIVATE -fsanitize=fuzzer)
  elseif(DMBOOT_BUILD_TESTS)
    add_executable(fuzz_replay_${ARG_NAME} ${ARG_SOURCE} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
    target_link_libraries(fuzz_replay_${ARG_NAME} PRIVATE ${ARG_DEPS} dmboot_warnings)
    add_test(NAME fuzz_replay.${ARG_NAME}
      COMMAND fuzz_replay_${ARG_NAME} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${ARG_NAME})
  endif()
endfunction()

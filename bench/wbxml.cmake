# dmboot/wbxml benchmark (issue #3): our decoder/encoder beside libwbxml 0.11.8's C API
# (libwbxml2-dev, pkg-config libwbxml2) in the same binary and run.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBWBXML2 REQUIRED IMPORTED_TARGET libwbxml2)
add_executable(dmboot_bench_wbxml wbxml_bench.cc)
target_link_libraries(dmboot_bench_wbxml PRIVATE dmboot::wbxml PkgConfig::LIBWBXML2
  benchmark::benchmark benchmark::benchmark_main)
target_compile_definitions(dmboot_bench_wbxml PRIVATE
  DMBOOT_WBXML_TESTDATA="${PROJECT_SOURCE_DIR}/dmboot/wbxml/testdata")

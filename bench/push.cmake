# dmboot/push benchmark (issue #5). No peer decodes WSP pushes in-process here (Kannel's gwlib is
# not packaged as a library; Wireshark's dissectors need libwireshark), so this binary measures
# dmboot alone; bench/README.md says so.
add_executable(dmboot_bench_push push_bench.cc)
target_link_libraries(dmboot_bench_push PRIVATE dmboot::push benchmark::benchmark
  benchmark::benchmark_main)
target_compile_definitions(dmboot_bench_push PRIVATE
  DMBOOT_PUSH_TESTDATA="${PROJECT_SOURCE_DIR}/dmboot/push/testdata")

add_executable(dmboot_bench_bootstrap bootstrap_bench.cc)
target_compile_definitions(dmboot_bench_bootstrap PRIVATE DMBOOT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(dmboot_bench_bootstrap PRIVATE dmboot::bootstrap dmboot::wbxml OpenSSL::Crypto
  benchmark::benchmark benchmark::benchmark_main)

add_executable(dmboot_bench_crypto hmac_bench.cc)
target_link_libraries(dmboot_bench_crypto PRIVATE dmboot::crypto OpenSSL::Crypto
  benchmark::benchmark benchmark::benchmark_main)

# dmboot_bench_gba: authentication vectors per second, dmboot vs libosmogsm's osmo_auth_gen_vec.
# Only libosmogsm's link flags are used (its cflags add -I/usr/include, which breaks libstdc++).
find_package(PkgConfig REQUIRED)
pkg_check_modules(GBA_BENCH_OSMOGSM REQUIRED libosmogsm)
add_executable(dmboot_bench_gba gba_bench.cc)
target_link_libraries(dmboot_bench_gba PRIVATE dmboot::gba ${GBA_BENCH_OSMOGSM_LINK_LIBRARIES}
  benchmark::benchmark benchmark::benchmark_main)

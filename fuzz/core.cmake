dmboot_fuzz_target(NAME uintvar SOURCE uintvar.cc DEPS dmboot::core)
dmboot_fuzz_target(NAME hex SOURCE hex.cc DEPS dmboot::core)

dmboot_fuzz_target(NAME device_receive SOURCE device_receive.cc DEPS dmboot::device)

dmboot_fuzz_target(NAME gba_push_info_decode SOURCE gba_push_info_decode.cc DEPS dmboot::gba)

dmboot_fuzz_target(NAME bootstrap_parse SOURCE bootstrap_parse.cc
  DEPS dmboot::bootstrap dmboot::wbxml)

# WAP Push (issue #5): the WSP push decoder and SMS reassembly.
dmboot_fuzz_target(NAME wsp_push_decode SOURCE wsp_push_decode.cc DEPS dmboot::push)
dmboot_fuzz_target(NAME sms_reassembly SOURCE sms_reassembly.cc DEPS dmboot::push)

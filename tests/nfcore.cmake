# HSS + BSF as real processes (issue #7): provisioning over HTTP, push-info-retrieval for an
# authorized and an unauthorized NAF, kill -9 of the HSS and restart, SQNs never repeat.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME nfcore.hss_bsf_processes
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/hss_bsf_test.sh $<TARGET_FILE:dmboot> ${Python3_EXECUTABLE})
set_tests_properties(nfcore.hss_bsf_processes PROPERTIES TIMEOUT 180)

# The whole system with real processes (issue #7): `dmboot demo` on 30 devices plus store checks.
add_test(NAME e2e.campaign COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e_test.sh $<TARGET_FILE:dmboot>
  ${CMAKE_BINARY_DIR}/e2e-campaign)
set_tests_properties(e2e.campaign PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)

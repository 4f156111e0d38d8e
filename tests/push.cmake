# WAP Push (issue #5): the CLI contract and tshark, an independent WSP/WBXML/SMS decoder, on the
# pcaps dmboot writes.
add_test(NAME push.cli
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/push_cli_test.sh $<TARGET_FILE:dmboot> ${PROJECT_SOURCE_DIR})
add_test(NAME push.tshark
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/push_tshark_test.sh $<TARGET_FILE:dmboot> ${PROJECT_SOURCE_DIR})

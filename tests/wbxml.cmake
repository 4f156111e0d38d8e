# dmboot/wbxml cross-checks (issue #3): libwbxml's wbxml2xml as the oracle, and the CLI contract.
# Both tools are installed by scripts/install-deps.sh; a missing one fails the configure, never
# skips the test.
find_program(DMBOOT_PYTHON3 python3 REQUIRED)
find_program(DMBOOT_WBXML2XML wbxml2xml REQUIRED)
add_test(NAME wbxml.oracle
  COMMAND ${DMBOOT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/wbxml_oracle_test.py $<TARGET_FILE:dmboot>
          ${DMBOOT_WBXML2XML} ${PROJECT_SOURCE_DIR}/dmboot/wbxml/testdata)
add_test(NAME wbxml.cli
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/wbxml_cli_test.sh $<TARGET_FILE:dmboot>
          ${PROJECT_SOURCE_DIR}/dmboot/wbxml/testdata)

# DMS (`dmboot dms`): the server run as a process, checked from Python (independent HMAC-SHA1).
add_test(NAME dms.cli COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/dms_cli_test.py $<TARGET_FILE:dmboot>)
set_tests_properties(dms.cli PROPERTIES TIMEOUT 60)

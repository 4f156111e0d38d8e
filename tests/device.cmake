# Device fleet (`dmboot device serve`): 1000 devices as one process, driven from Python over UDP
# and HTTP (tests/device_fleet_cli_test.py).
add_test(NAME device.fleet_cli
  COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/device_fleet_cli_test.py $<TARGET_FILE:dmboot>)
set_tests_properties(device.fleet_cli PROPERTIES TIMEOUT 120)

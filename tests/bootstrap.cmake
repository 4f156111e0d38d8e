# The committed MAC vectors are re-derived by Python hmac/hashlib on every test run.
add_test(NAME bootstrap.python_vectors
  COMMAND sh -c "python3 '${PROJECT_SOURCE_DIR}/dmboot/bootstrap/testdata/make_mac_vectors.py' | diff -u '${PROJECT_SOURCE_DIR}/dmboot/bootstrap/testdata/bootstrap_mac_computed.txt' -")
# CLI end to end, with wbxml2xml and Python as oracles.
add_test(NAME bootstrap.cli COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/bootstrap_cli_test.sh $<TARGET_FILE:dmboot> ${PROJECT_SOURCE_DIR})

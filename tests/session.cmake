add_test(NAME session.python_vectors
  COMMAND sh -c "python3 '${PROJECT_SOURCE_DIR}/dmboot/session/testdata/make_auth_vectors.py' | diff -u '${PROJECT_SOURCE_DIR}/dmboot/session/testdata/dm_auth_computed.txt' -")

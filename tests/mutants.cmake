# Each mutant of testing/mutants/catalogue.toml still finds its target exactly once, so a refactor
# that moves a security-critical point fails here and the mutant is re-targeted, not lost
# (docs/mutants.md). The mutation run itself is `make mutants`: too slow for the suite.
add_test(NAME mutants.catalogue COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/mutants.py --check)

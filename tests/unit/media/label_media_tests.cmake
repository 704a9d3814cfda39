# Read by CTest after media_pipeline_test's discovered tests: labels each of them
# "unit" and "media", so `ctest -L media` runs the slow media tests alone.
foreach(test IN LISTS media_pipeline_test_TESTS)
  set_tests_properties("${test}" PROPERTIES LABELS "unit;media")
endforeach()

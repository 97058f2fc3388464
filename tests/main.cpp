// The one main() of ctnn_tests; every other file under tests/ holds test cases only.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

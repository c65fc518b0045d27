// Catch2 v2 (Debian 12 ships v2): the one translation unit that provides main().
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

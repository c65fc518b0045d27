# Asks the installed pixelprepConfigVersion.cmake whether it accepts a requested version, as
# find_package(pixelprep REQUEST) does, without configuring a project:
#   cmake -DVERSION_FILE=.../pixelprepConfigVersion.cmake -DREQUEST=0.2 -P check_version.cmake
# prints "REQUEST compatible" or "REQUEST incompatible".
string(REPLACE "." ";" _parts "${REQUEST}")
list(LENGTH _parts PACKAGE_FIND_VERSION_COUNT)
list(APPEND _parts 0 0 0)
list(GET _parts 0 PACKAGE_FIND_VERSION_MAJOR)
list(GET _parts 1 PACKAGE_FIND_VERSION_MINOR)
list(GET _parts 2 PACKAGE_FIND_VERSION_PATCH)
set(PACKAGE_FIND_NAME pixelprep)
set(PACKAGE_FIND_VERSION "${REQUEST}")
include("${VERSION_FILE}")
if(PACKAGE_VERSION_COMPATIBLE AND NOT PACKAGE_VERSION_UNSUITABLE)
  message("${REQUEST} compatible")
else()
  message("${REQUEST} incompatible")
endif()

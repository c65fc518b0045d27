// Where the `pixelprep` command finds its bundled example models and images.
#pragma once

#include <string>

namespace pixelprep::cli {

// In order: the PIXELPREP_EXAMPLES environment variable; the source tree's examples/ when
// the command runs from its build folder; otherwise the installed copy, found from the
// executable's own location (<bindir>/../share/pixelprep/examples for the usual layout), so
// that an install tree that was staged (meson install --destdir) or moved still finds it.
std::string examples_dir();

}  // namespace pixelprep::cli

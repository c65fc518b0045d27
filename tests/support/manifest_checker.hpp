// The skeleton shared by the checkers that the Python differential tests drive: read a
// manifest (one case per line), run a check per line, print "MISMATCH <text>" for every case
// that differs and "CHECKED <n>" at the end, so that a checker that dies half way cannot pass
// as "no mismatch". Exit 0: all equal; 1: some mismatch; 2: cannot run (usage, unreadable
// manifest, malformed line).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

namespace pixelprep_test {

// Thrown by a line check when the line itself cannot be parsed.
struct BadManifestLine : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ByteDifference {
    std::size_t differing = 0;
    int max_abs = 0;
    std::string describe(std::size_t total) const {
        return std::to_string(differing) + " of " + std::to_string(total) + " values differ, max " + std::to_string(max_abs);
    }
};

inline ByteDifference byte_difference(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
    ByteDifference d;
    for (std::size_t i = 0; i < n; ++i) {
        const int diff = std::abs(int(a[i]) - int(b[i]));
        d.differing += diff != 0;
        d.max_abs = std::max(d.max_abs, diff);
    }
    return d;
}

// `check(line)` returns "" when the case matches, else the text printed after "MISMATCH ".
template <class CheckLine> int run_manifest_checker(int argc, char** argv, const char* program, CheckLine&& check) {
    if (argc != 2) {
        std::cerr << "usage: " << program << " MANIFEST\n";
        return 2;
    }
    std::ifstream manifest(argv[1]);
    if (!manifest) {
        std::cerr << "cannot open manifest " << argv[1] << "\n";
        return 2;
    }
    long checked = 0, failures = 0;
    std::string line;
    try {
        while (std::getline(manifest, line)) {
            const std::string problem = check(line);
            ++checked;
            if (!problem.empty()) {
                std::cout << "MISMATCH " << problem << "\n";
                ++failures;
            }
        }
    } catch (const BadManifestLine& e) {
        std::cerr << "bad manifest line (" << e.what() << "): " << line << "\n";
        return 2;
    }
    std::cout << "CHECKED " << checked << "\n";
    return failures == 0 ? 0 : 1;
}

}  // namespace pixelprep_test

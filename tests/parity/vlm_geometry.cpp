// Geometry parity: pixelprep's pure size/grid functions against transformers' own functions
// on the (h, w) pairs recorded in tests/golden_vlm/geometry.json. Prints one line per helper.
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "pixelprep/geometry/anyres.hpp"
#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/gemma3.hpp"
#include "pixelprep/geometry/smart_resize.hpp"
#include "pixelprep/options/value_codec.hpp"

using namespace pixelprep;

namespace {

Resolutions pinpoints(const JsonValue& v) {
    Resolutions r;
    for (const auto& e : v.as_array()) r.push_back({int(e.as_array()[0].as_int()), int(e.as_array()[1].as_int())});
    return r;
}

JsonValue pair(int a, int b) { return JsonValue(JsonValue::Array{JsonValue(a), JsonValue(b)}); }

struct Tally {
    int cases = 0, mismatches = 0;
    void check(bool ok, const std::string& what) {
        ++cases;
        if (!ok && ++mismatches <= 10) std::cout << "MISMATCH " << what << "\n";
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: vlm_geometry geometry.json\n";
        return 2;
    }
    const JsonValue g = read_json_file(argv[1]);
    const JsonValue& helpers = *g.find("helpers");
    int total_mismatches = 0;

    auto params_of = [](const JsonValue& helper) {
        std::map<std::string, JsonValue> out;
        for (const auto& p : helper.find("parameter_sets")->as_array()) out[p.find("id")->as_string()] = *p.find("params");
        return out;
    };

    {  // select_best_resolution
        const JsonValue& h = *helpers.find("select_best_resolution");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const auto best = geometry::select_best_resolution(hh, ww, pinpoints(*params.at(c.find("p")->as_string()).find("possible_resolutions")));
            t.check(pair(best.height, best.width) == *c.find("out"),
                    "select_best_resolution " + std::to_string(hh) + "x" + std::to_string(ww));
        }
        std::cout << "geometry select_best_resolution: " << t.cases << " cases, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // smart_resize, grid and token count
        const JsonValue& h = *helpers.find("qwen2_vl_smart_resize");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int factor = int(p.find("factor")->as_int());
            const std::string what = "smart_resize " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            try {
                const auto s = geometry::smart_resize(hh, ww, factor, p.find("min_pixels")->as_int(), p.find("max_pixels")->as_int());
                const JsonValue* out = c.find("out");
                const int patch = factor / 2, merge = 2;
                const long long gh = s.height / patch, gw = s.width / patch;
                t.check(out && *out->find("size") == pair(s.height, s.width) &&
                            *out->find("grid") == pair(int(gh), int(gw)) && out->find("num_patches")->as_int() == gh * gw &&
                            out->find("num_image_tokens")->as_int() == gh * gw / (merge * merge),
                        what);
            } catch (const InvalidArgument& e) {
                const JsonValue* err = c.find("error");
                t.check(err && err->find("message")->as_string() == e.what(), what + ": " + e.what());
            }
        }
        std::cout << "geometry qwen2_vl_smart_resize: " << t.cases << " cases, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // LLaVA-NeXT anyres: best pinpoint, fitted size, padding, tile grid
        const JsonValue& h = *helpers.find("llava_next_anyres_patches");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int tile = int(p.find("patch_size")->as_int());
            const auto best = geometry::select_best_resolution(hh, ww, pinpoints(*p.find("grid_pinpoints")));
            const auto fit = geometry::patch_output_size(hh, ww, best);
            const int top = (best.height - fit.height) / 2, left = (best.width - fit.width) / 2;
            const int gh = (best.height + tile - 1) / tile, gw = (best.width + tile - 1) / tile;
            const JsonValue& out = *c.find("out");
            const JsonValue pad(JsonValue::Array{JsonValue(top), JsonValue(best.height - fit.height - top), JsonValue(left),
                                                 JsonValue(best.width - fit.width - left)});
            t.check(*out.find("best") == pair(best.height, best.width) && *out.find("resized") == pair(fit.height, fit.width) &&
                        *out.find("pad") == pad && *out.find("grid") == pair(gh, gw) &&
                        out.find("num_patches")->as_int() == gh * gw,
                    "anyres " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry llava_next_anyres_patches: " << t.cases << " cases, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // Pixtral: patch-multiple size, rows/cols and rows * (cols + 1) image tokens
        const JsonValue& h = *helpers.find("pixtral_resize");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int le = int(p.find("longest_edge")->as_int()), ps = int(p.find("patch_size")->as_int());
            const auto s = geometry::pixtral_output_size(hh, ww, le, le, ps, ps);
            const JsonValue& out = *c.find("out");
            const long long rows = s.height / ps, cols = s.width / ps;
            t.check(*out.find("size") == pair(s.height, s.width) && out.find("rows")->as_int() == rows &&
                        out.find("cols")->as_int() == cols && out.find("num_image_tokens")->as_int() == rows * (cols + 1),
                    "pixtral " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry pixtral_resize: " << t.cases << " cases, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // SigLIP2: binary-searched size, grid and valid patches
        const JsonValue& h = *helpers.find("siglip2_size_for_max_num_patches");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int ps = int(p.find("patch_size")->as_int());
            const auto s = geometry::siglip2_size_for_max_num_patches(hh, ww, ps, p.find("max_num_patches")->as_int());
            const JsonValue& out = *c.find("out");
            t.check(*out.find("size") == pair(s.height, s.width) && *out.find("spatial_shape") == pair(s.height / ps, s.width / ps) &&
                        out.find("valid_patches")->as_int() == (long long)(s.height / ps) * (s.width / ps),
                    "siglip2 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry siglip2_size_for_max_num_patches: " << t.cases << " cases, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // Gemma3 pan-and-scan: crop count, boxes [y0, y1, x0, x1], 256 * (1 + crops) tokens
        const JsonValue& h = *helpers.find("gemma3_pan_and_scan");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const auto boxes = geometry::pan_and_scan(hh, ww, int(p.find("pan_and_scan_min_crop_size")->as_int()),
                                                      int(p.find("pan_and_scan_max_num_crops")->as_int()),
                                                      p.find("pan_and_scan_min_ratio_to_activate")->as_number());
            JsonValue::Array got;
            for (const auto& b : boxes)
                got.emplace_back(JsonValue::Array{JsonValue(b.top), JsonValue(b.top + b.height), JsonValue(b.left),
                                                  JsonValue(b.left + b.width)});
            const JsonValue& out = *c.find("out");
            t.check(out.find("num_crops")->as_int() == (long long)boxes.size() && *out.find("crop_boxes") == JsonValue(got) &&
                        out.find("num_image_tokens")->as_int() == 256 * (1 + (long long)boxes.size()),
                    "gemma3 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry gemma3_pan_and_scan: " << t.cases << " cases, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    const std::set<std::string> done{"gemma3_pan_and_scan", "select_best_resolution", "qwen2_vl_smart_resize", "llava_next_anyres_patches",
                                      "pixtral_resize", "siglip2_size_for_max_num_patches"};
    for (const auto& [name, helper] : helpers.as_object())
        if (!done.count(name))
            std::cout << "geometry " << name << ": not implemented in pixelprep yet ("
                      << helper.find("cases")->as_array().size() << " golden cases not run)\n";
    return total_mismatches == 0 ? 0 : 1;
}

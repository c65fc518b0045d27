// Geometry parity: pixelprep's pure size/grid functions against transformers' own functions
// on the (h, w) pairs recorded in tests/golden_vlm/geometry.json. Prints one line per helper.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "pixelprep/geometry/anyres.hpp"
#include "pixelprep/geometry/llava_next_tokens.hpp"
#include "pixelprep/geometry/longest_edge_split.hpp"
#include "pixelprep/geometry/tiled_canvas.hpp"
#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/ernie4_5_vl.hpp"
#include "pixelprep/models/gemma3.hpp"
#include "pixelprep/models/glm4v.hpp"
#include "pixelprep/models/aria.hpp"
#include "pixelprep/models/cosmos3_edge.hpp"
#include "pixelprep/models/granite_docling.hpp"
#include "pixelprep/models/deepseek_ocr2.hpp"
#include "pixelprep/models/minicpmv4_6.hpp"
#include "pixelprep/models/video_llama_3.hpp"
#include "pixelprep/models/got_ocr2.hpp"
#include "pixelprep/models/idefics3.hpp"
#include "pixelprep/models/glm_image.hpp"
#include "pixelprep/models/glm5_next.hpp"
#include "pixelprep/models/emu3.hpp"
#include "pixelprep/models/fuyu.hpp"
#include "pixelprep/models/kosmos2_5.hpp"
#include "pixelprep/models/tvp.hpp"
#include "pixelprep/models/pix2struct.hpp"
#include "pixelprep/models/idefics2.hpp"
#include "pixelprep/models/paddleocr_vl.hpp"
#include "pixelprep/models/janus.hpp"
#include "pixelprep/models/ovis2.hpp"
#include "pixelprep/models/llava_next.hpp"
#include "pixelprep/models/llava_onevision.hpp"
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
// A recorded PilBackend.resize call: [from_h, from_w, to_h, to_w].
JsonValue resize_record(geometry::HeightWidth from, geometry::HeightWidth to) {
    return JsonValue(JsonValue::Array{JsonValue(from.height), JsonValue(from.width), JsonValue(to.height), JsonValue(to.width)});
}

struct Tally {
    int cases = 0, mismatches = 0;
    void check(bool ok, const std::string& what) {
        ++cases;
        if (!ok && ++mismatches <= 10) std::cout << "MISMATCH " << what << "\n";
    }
};

std::map<std::string, JsonValue> params_of(const JsonValue& helper) {
    std::map<std::string, JsonValue> out;
    for (const auto& p : helper.find("parameter_sets")->as_array()) out[p.find("id")->as_string()] = *p.find("params");
    return out;
}

// Every case of one helper, where the goldens have it: `agrees(params, h, w, out)` says whether
// pixelprep's result equals the recorded output `out` (null where transformers raised); a
// pixelprep Error agrees only with a recorded error. Prints the helper's line and returns its
// mismatches.
template <class Agrees> int compare_cases(const JsonValue& helpers, const std::string& name, Agrees agrees) {
    if (!helpers.find(name)) return 0;
    const JsonValue& h = *helpers.find(name);
    const auto params = params_of(h);
    Tally t;
    for (const auto& c : h.find("cases")->as_array()) {
        const JsonValue& p = params.at(c.find("p")->as_string());
        const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
        const std::string what = name + " " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
        try {
            t.check(agrees(p, hh, ww, c.find("out")), what);
        } catch (const Error& e) {
            t.check(c.find("error") != nullptr, what + ": " + e.what());
        }
    }
    std::cout << "geometry " << name << ": " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
    return t.mismatches;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: vlm_geometry geometry.json\n";
        return 2;
    }
    const JsonValue g = read_json_file(argv[1]);
    const JsonValue& helpers = *g.find("helpers");
    int total_mismatches = 0;

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
        std::cout << "geometry select_best_resolution: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
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
        std::cout << "geometry qwen2_vl_smart_resize: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
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
        std::cout << "geometry llava_next_anyres_patches: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
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
        std::cout << "geometry pixtral_resize: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
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
        std::cout << "geometry siglip2_size_for_max_num_patches: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
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
        std::cout << "geometry gemma3_pan_and_scan: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // Idefics3 / SmolVLM: longest-edge resize, encoder size, split grid, processor count, tokens
        const JsonValue& h = *helpers.find("idefics3_smolvlm_split");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int le = int(p.find("longest_edge")->as_int()), m = int(p.find("max_image_size")->as_int());
            const auto first = geometry::rescale_to_max_len(hh, ww, le);
            const auto resized = geometry::idefics3_resize_output_size(hh, ww, le);
            const auto enc = geometry::resize_for_vision_encoder(resized.height, resized.width, m);
            const auto grid = geometry::split_grid(enc.height, enc.width, m);
            const auto count = geometry::idefics3_number_of_image_patches(hh, ww, le, m, true);
            // The token-count hook, through the model's options (size, max_image_size, image_seq_len).
            Idefics3Options o = Idefics3Model::defaults();
            o.size = SizeSpec::longest(le);
            o.max_image_size = SizeSpec::longest(m);
            o.image_seq_len = int(p.find("image_seq_len")->as_int());
            const JsonValue& out = *c.find("out");
            const JsonValue* rmax = out.find("rescale_to_max_len");
            const bool frames_ok = out.find("num_frames")->as_int() == (grid.height ? grid.height * grid.width + 1 : 1);
            t.check(*out.find("resized") == pair(resized.height, resized.width) &&
                        (rmax ? *rmax == pair(first.height, first.width) : first == resized) &&
                        *out.find("vision_encoder_size") == pair(enc.height, enc.width) &&
                        out.find("rows")->as_int() == grid.height && out.find("cols")->as_int() == grid.width && frames_ok &&
                        *out.find("get_number_of_image_patches") ==
                            JsonValue(JsonValue::Array{JsonValue(count.num_patches), JsonValue(count.rows), JsonValue(count.cols)}) &&
                        out.find("num_image_tokens")->as_int() == Idefics3Model::image_token_count(hh, ww, o),
                    "idefics3 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry idefics3_smolvlm_split: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // Mllama: canvas, tiles, fitted size, padding, aspect-ratio id and mask
        const JsonValue& h = *helpers.find("mllama_tiling");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int n = int(p.find("max_image_tiles")->as_int()), tile = int(p.find("tile_size")->as_int());
            const auto canvas = geometry::optimal_tiled_canvas(hh, ww, n, tile);
            const int rows = canvas.height / tile, cols = canvas.width / tile;
            const auto fit = geometry::image_size_fit_to_canvas(hh, ww, canvas.height, canvas.width, tile);
            JsonValue::Array mask;
            for (int k = 0; k < n; ++k) mask.emplace_back(k == 0 || k < rows * cols ? 1 : 0);
            const JsonValue& out = *c.find("out");
            t.check(*out.find("canvas") == pair(canvas.height, canvas.width) && *out.find("tiles") == pair(rows, cols) &&
                        *out.find("resized") == pair(fit.height, fit.width) &&
                        *out.find("pad_bottom_right") == pair(canvas.height - fit.height, canvas.width - fit.width) &&
                        out.find("aspect_ratio_id")->as_int() == geometry::aspect_ratio_id(rows, cols, n) &&
                        *out.find("aspect_ratio_mask") == JsonValue(mask) && out.find("num_tiles")->as_int() == rows * cols,
                    "mllama " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry mllama_tiling: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // LLaVA-NeXT token count: the geometry function and the model hook (processor-level options)
        const JsonValue& h = *helpers.find("llava_next_num_image_tokens");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int processed = int(p.find("processed")->as_int());
            const auto pins = pinpoints(*p.find("grid_pinpoints"));
            LlavaNextOptions o = LlavaNextModel::defaults();
            o.size = SizeSpec::shortest(processed);
            o.crop_size = SizeSpec::exact(processed, processed);
            o.image_grid_pinpoints = pins;
            o.patch_size = int(p.find("patch_size")->as_int());
            o.num_additional_image_tokens = int(p.find("num_additional_image_tokens")->as_int());
            o.vision_feature_select_strategy = p.find("vision_feature_select_strategy")->as_string();
            const JsonValue& out = *c.find("out");
            const JsonValue& args = *out.find("unpadded_args");
            const auto& a = args.as_array();
            const auto f = geometry::llava_next_unpadded_features(int(a[0].as_int()), int(a[1].as_int()), a[2].as_int(),
                                                                  a[3].as_int(), a[4].as_int(), a[5].as_int());
            const long long features = geometry::llava_next_number_of_features(hh, ww, processed, processed, pins, *o.patch_size,
                                                                                *o.num_additional_image_tokens);
            t.check(*out.find("unpadded_and_newline") == JsonValue(JsonValue::Array{JsonValue(f.unpadded), JsonValue(f.newline)}) &&
                        out.find("num_features")->as_int() == features &&
                        out.find("num_image_tokens")->as_int() == LlavaNextModel::image_token_count(hh, ww, o),
                    "llava_next tokens " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry llava_next_num_image_tokens: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // GOT-OCR2 / InternVL: the tile grid and get_number_of_image_patches
        const JsonValue& h = *helpers.find("got_ocr2_tiles");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int tile = int(p.find("tile")->as_int());
            GotOcr2Options o = GotOcr2Model::defaults();
            o.crop_to_patches = true;
            o.min_patches = int(p.find("min_patches")->as_int());
            o.max_patches = int(p.find("max_patches")->as_int());
            o.size = SizeSpec::exact(tile, tile);
            const geometry::TileGrid g = GotOcr2Model::grid(hh, ww, o);
            const JsonValue& out = *c.find("out");
            t.check(*out.find("grid") == pair(g.columns, g.rows) &&
                        out.find("num_patches")->as_int() == GotOcr2Model::number_of_patches(hh, ww, o),
                    "got_ocr2 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string());
        }
        std::cout << "geometry got_ocr2_tiles: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // GLM-4V family, Cosmos3-Edge, Ernie-4.5-VL, VideoLLaMA3: the model's own target_size and token count
        const JsonValue& h = *helpers.find("qwen_family_smart_resize");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const std::string model = p.find("model")->as_string();
            const std::string what = model + " " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            // Each class's defaults, then the set's values, then (size, tokens) by its own functions.
            const auto evaluate = [&](auto model_tag) {
                using M = decltype(model_tag);
                typename M::options_type o = M::defaults();
                if (const JsonValue* se = p.find("shortest_edge"))
                    o.size = SizeSpec::shortest_longest(int(se->as_int()), int(p.find("longest_edge")->as_int()));
                if (const JsonValue* m = p.find("merge_size")) o.merge_size = int(m->as_int());
                if (const JsonValue* v = p.find("patch_size")) o.patch_size = int(v->as_int());
                if (const JsonValue* v = p.find("temporal_patch_size")) o.temporal_patch_size = int(v->as_int());
                const auto s = M::target_size(hh, ww, o);
                return std::tuple{s, M::image_token_count(hh, ww, o), (long long)(s.height / *o.patch_size) * (s.width / *o.patch_size)};
            };
            try {
                const auto [s, tokens, patches] =
                    model == "glm4v"             ? evaluate(Glm4vModel{})
                    : model == "glm46v"          ? evaluate(Glm46VModel{})
                    : model == "glmga"           ? evaluate(GlmgaModel{})
                    : model == "cosmos3_edge"    ? evaluate(Cosmos3EdgeModel{})
                    : model == "ernie4_5_vl_moe" ? evaluate(Ernie4_5_VLMoeModel{})
                                                 : evaluate(VideoLlama3Model{});
                const JsonValue* out = c.find("out");
                t.check(out && *out->find("size") == pair(s.height, s.width) && out->find("num_patches")->as_int() == patches &&
                            out->find("num_image_tokens")->as_int() == tokens,
                        what);
            } catch (const InvalidArgument& e) {
                const JsonValue* err = c.find("error");
                t.check(err && err->find("message")->as_string() == e.what(), what + ": " + e.what());
            }
        }
        std::cout << "geometry qwen_family_smart_resize: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // Gemma4: the budgeted size and the soft token count
        const JsonValue& h = *helpers.find("gemma4_aspect_ratio_preserving_size");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int patch = int(p.find("patch_size")->as_int()), k = int(p.find("pooling_kernel_size")->as_int());
            const long long budget = p.find("max_soft_tokens")->as_int() * k * k;
            const std::string what = "gemma4 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            try {
                const auto s = geometry::gemma4_size_for_max_patches(hh, ww, patch, budget, k);
                const long long soft = (long long)(s.height / patch) * (s.width / patch) / (k * k);
                const JsonValue* out = c.find("out");
                t.check(out && *out->find("size") == pair(s.height, s.width) && out->find("num_soft_tokens")->as_int() == soft,
                        what);
            } catch (const Error& e) {
                t.check(c.find("error") != nullptr, what + ": " + e.what());  // transformers raised there too
            }
        }
        std::cout << "geometry gemma4_aspect_ratio_preserving_size: " << t.cases << " cases compared, " << t.mismatches
                  << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // LLaVA-OneVision: the image tokens of a single-image sample, by the model's own count
        const JsonValue& h = *helpers.find("llava_onevision_num_image_tokens");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int view = int(p.find("view")->as_int());
            LlavaOnevisionOptions o = LlavaOnevisionModel::defaults();
            o.size = SizeSpec::exact(view, view);
            o.image_grid_pinpoints = pinpoints(*p.find("grid_pinpoints"));
            o.num_image_tokens = p.find("num_image_tokens")->as_int();
            o.vision_aspect_ratio = p.find("vision_aspect_ratio")->as_string();
            const std::string what = "onevision " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            try {
                const JsonValue* out = c.find("out");
                t.check(out && out->find("num_features")->as_int() == LlavaOnevisionModel::image_token_count(hh, ww, o), what);
            } catch (const Error& e) {
                t.check(c.find("error") != nullptr, what + ": " + e.what());
            }
        }
        std::cout << "geometry llava_onevision_num_image_tokens: " << t.cases << " cases compared, " << t.mismatches
                  << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    {  // Janus / DeepSeek-VL: the model's own resize size
        const JsonValue& h = *helpers.find("janus_resize");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const int side = int(p.find("size")->as_int());
            const std::string what = "janus " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            const auto evaluate = [&](auto model_tag) {
                using M = decltype(model_tag);
                typename M::options_type o = M::defaults();
                o.size = SizeSpec::exact(side, side);
                o.min_size = int(p.find("min_size")->as_int());
                return M::resize_size(hh, ww, o);
            };
            try {
                const auto s = p.find("model")->as_string() == "janus" ? evaluate(JanusModel{}) : evaluate(DeepseekVLModel{});
                const JsonValue* out = c.find("out");
                t.check(out && *out->find("size") == pair(s.height, s.width), what);
            } catch (const Error& e) {
                t.check(c.find("error") != nullptr, what + ": " + e.what());
            }
        }
        std::cout << "geometry janus_resize: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    if (helpers.find("idefics2_resize")) {
        const JsonValue& h = *helpers.find("idefics2_resize");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const std::string what = "idefics2 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            Idefics2Options o = Idefics2Model::defaults();
            o.size = SizeSpec::shortest_longest(int(p.find("shortest_edge")->as_int()), int(p.find("longest_edge")->as_int()));
            o.do_image_splitting = true;
            const JsonValue* out = c.find("out");
            if (!out) {
                t.check(false, what + ": transformers raised");
                continue;
            }
            const auto frames = Idefics2Model::frames(hh, ww, o);
            const auto whole = Idefics2Model::resized_size(hh, ww, o);
            bool ok = frames.size() == 5 && *out->find("size") == pair(whole.height, whole.width);
            const auto& expected = out->find("split_sizes")->as_array();
            for (std::size_t i = 0; ok && i < frames.size(); ++i) {
                try {
                    const auto s = Idefics2Model::resized_size(frames[i].height, frames[i].width, o);
                    ok = expected[i] == pair(s.height, s.width);
                } catch (const InvalidArgument&) {
                    ok = expected[i].is_null();
                }
            }
            t.check(ok, what);
        }
        std::cout << "geometry idefics2_resize: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    if (helpers.find("ovis2_covering_grid")) {
        const JsonValue& h = *helpers.find("ovis2_covering_grid");
        const auto params = params_of(h);
        Tally t;
        for (const auto& c : h.find("cases")->as_array()) {
            const JsonValue& p = params.at(c.find("p")->as_string());
            const int hh = int(c.find("h")->as_int()), ww = int(c.find("w")->as_int());
            const std::string what = "ovis2 " + std::to_string(hh) + "x" + std::to_string(ww) + " " + c.find("p")->as_string();
            Ovis2Options o = Ovis2Model::defaults();
            const int side = int(p.find("side")->as_int());
            o.size = SizeSpec::exact(side, side);
            o.crop_to_patches = true;
            o.max_patches = int(p.find("max_tiles")->as_int());
            try {
                const auto g = Ovis2Model::grid(hh, ww, o);
                const JsonValue* out = c.find("out");
                t.check(out && *out->find("grid") == pair(g.columns, g.rows), what);
            } catch (const Error& e) {
                t.check(c.find("error") != nullptr, what + ": " + e.what());
            }
        }
        std::cout << "geometry ovis2_covering_grid: " << t.cases << " cases compared, " << t.mismatches << " mismatches\n";
        total_mismatches += t.mismatches;
    }
    // PaddleOCR-VL's and GLM-Image's smart_resize through their models' target_size (Paddle's
    // patch count too), with the parameter set's factor as patch * merge.
    for (const char* name : {"paddleocr_vl_smart_resize", "glm_image_smart_resize"}) {
        const bool paddle = std::string(name) == "paddleocr_vl_smart_resize";
        total_mismatches += compare_cases(helpers, name, [&](const JsonValue& p, int hh, int ww, const JsonValue* out) {
            Qwen2VLOptions o = paddle ? PaddleOCRVLModel::defaults() : GlmImageModel::defaults();
            const int factor = int(p.find("factor")->as_int());
            o.patch_size = factor / 2;
            o.merge_size = 2;
            o.size = SizeSpec::shortest_longest(int(p.find("min_pixels")->as_int()), int(p.find("max_pixels")->as_int()));
            const geometry::HeightWidth s =
                paddle ? PaddleOCRVLModel::target_size(hh, ww, o) : GlmImageModel::target_size(hh, ww, o);
            bool same = out && *out->find("size") == pair(s.height, s.width);
            if (same && paddle)
                same = out->find("patches")->as_int() == std::int64_t(s.height / (factor / 2)) * (s.width / (factor / 2));
            return same;
        });
    }
    // GLM-5-Next: the canvas (smart_resize), the content size resize() picks inside it, and the
    // patch count, through the model's own functions.
    total_mismatches += compare_cases(helpers, "glm5_next_sizes", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        Glm5NextOptions o = Glm5NextModel::defaults();
        o.patch_size = int(p.find("patch")->as_int());
        o.merge_size = int(p.find("merge")->as_int());
        o.temporal_patch_size = int(p.find("temporal")->as_int());
        o.min_image_tokens = p.find("min_tokens")->as_int();
        o.max_image_tokens = p.find("max_tokens")->as_int();
        const geometry::HeightWidth canvas = Glm5NextModel::canvas_size(hh, ww, o);
        const geometry::HeightWidth content = geometry::glm5_next_content(hh, ww, canvas, Glm5NextModel::budget(o));
        const std::int64_t m = *o.merge_size;
        return out && *out->find("size") == pair(canvas.height, canvas.width) &&
               *out->find("content") == pair(content.height, content.width) &&
               *out->find("padded") == pair(canvas.height, canvas.width) &&
               out->find("patches")->as_int() == Glm5NextModel::image_token_count(hh, ww, o) * m * m;
    });
    // Pix2Struct's and Kosmos-2.5's patch grids (and Kosmos-2.5's returned sizes).
    for (const char* name : {"pix2struct_patch_grid", "kosmos2_5_patch_grid"}) {
        const bool kosmos = std::string(name) == "kosmos2_5_patch_grid";
        total_mismatches += compare_cases(helpers, name, [&](const JsonValue& p, int hh, int ww, const JsonValue* out) {
            const int max_patches = int(p.find("max_patches")->as_int()), ph = int(p.find("ph")->as_int()),
                      pw = int(p.find("pw")->as_int());
            const auto [rows, cols] = kosmos ? Kosmos2_5Model::grid(hh, ww, max_patches, ph, pw)
                                             : Pix2StructModel::grid(hh, ww, max_patches, ph, pw);
            bool same = out && *out->find("grid") == pair(rows, cols) &&
                        *out->find("shape") == pair(max_patches, 2 + ph * pw);
            if (same && kosmos)
                same = *out->find("returned") == JsonValue(JsonValue::Array{JsonValue(cols * pw), JsonValue(rows * ph),
                                                                            JsonValue(rows), JsonValue(cols)});
            return same;
        });
    }
    // Emu3's smart_resize, Fuyu's resize (and the scale factor it reports) and TVP's
    // longest-edge rule, through the models' own target_size.
    total_mismatches += compare_cases(helpers, "emu3_smart_resize", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        Emu3Options o = Emu3Model::defaults();
        o.spatial_factor = int(p.find("factor")->as_int());
        o.min_pixels = p.find("min_pixels")->as_int();
        o.max_pixels = p.find("max_pixels")->as_int();
        const geometry::HeightWidth s = Emu3Model::target_size(hh, ww, o);
        return out && *out->find("size") == pair(s.height, s.width);
    });
    total_mismatches += compare_cases(helpers, "fuyu_resize", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        const geometry::HeightWidth s =
            FuyuModel::target_size(hh, ww, {int(p.find("height")->as_int()), int(p.find("width")->as_int())});
        return out && *out->find("size") == pair(s.height, s.width) &&
               out->find("scale_factor")->as_number() == double(s.height) / hh;
    });
    total_mismatches += compare_cases(helpers, "tvp_longest_edge_size", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        const geometry::HeightWidth s = TvpModel::target_size(hh, ww, SizeSpec::longest(int(p.find("longest_edge")->as_int())));
        return out && *out->find("size") == pair(s.height, s.width);
    });
    // DeepSeek-OCR-2: the tile grid, the global view's resize and square, the token count.
    total_mismatches += compare_cases(helpers, "deepseek_ocr2_views", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        DeepseekOcr2Options o = DeepseekOcr2Model::defaults();
        const int side = int(p.find("size")->as_int());
        o.size = SizeSpec::exact(side, side);
        o.tile_size = int(p.find("tile_size")->as_int());
        o.min_patches = int(p.find("min_patches")->as_int());
        o.max_patches = int(p.find("max_patches")->as_int());
        o.crop_to_patches = p.find("crop_to_patches")->as_bool();
        const geometry::HeightWidth s = DeepseekOcr2Model::global_size(hh, ww, o);  // may refuse, as transformers
        if (!out) return false;
        bool same = true;
        if (DeepseekOcr2Model::has_tiles(hh, ww, o)) {
            const geometry::TileGrid g = DeepseekOcr2Model::grid(hh, ww, o);
            same = *out->find("grid") == pair(g.columns, g.rows);
        } else {
            same = out->find("grid")->is_null();
        }
        return same && out->find("num_local_patches")->as_int() == DeepseekOcr2Model::local_patches(hh, ww, o) &&
               *out->find("global_resize") == pair(s.height, s.width) &&
               out->find("global_side")->as_int() == std::max(s.height, s.width) &&
               out->find("num_image_tokens")->as_int() == DeepseekOcr2Model::image_token_count(hh, ww, o);
    });
    // MiniCPM-V 4.6: the slice grid, the resizes (whole image, then the refine image), every
    // view's target size and the image's token count.
    total_mismatches += compare_cases(helpers, "minicpmv4_6_views", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        MiniCPMV4_6Options o = MiniCPMV4_6Model::defaults();
        o.scale_resolution = int(p.find("scale_resolution")->as_int());
        o.patch_size = int(p.find("patch_size")->as_int());
        o.max_slice_nums = int(p.find("max_slice_nums")->as_int());
        o.downsample_mode = p.find("downsample_mode")->as_string();
        o.slice_mode = p.find("slice_mode")->as_bool();
        const MiniCPMV4_6Model::Layout l = MiniCPMV4_6Model::layout(hh, ww, o);  // may refuse, as transformers
        if (!out) return false;
        const int patch = *o.patch_size;
        JsonValue::Array resizes{resize_record({hh, ww}, l.source)};
        JsonValue::Array targets{pair(l.source.height / patch, l.source.width / patch)};
        if (l.grid) resizes.push_back(resize_record({hh, ww}, l.refine));
        for (const geometry::CropWindow& w : l.slices) targets.push_back(pair(w.height / patch, w.width / patch));
        return *out->find("grid") == (l.grid ? pair(l.grid->rows, l.grid->columns) : pair(0, 0)) &&
               *out->find("resizes") == JsonValue(std::move(resizes)) && *out->find("target_sizes") == JsonValue(std::move(targets)) &&
               out->find("num_image_tokens")->as_int() == MiniCPMV4_6Model::image_token_count(hh, ww, o);
    });
    // Aria: the crops, the fit into the split resolution and each crop's resize, the masks'
    // areas, the token count.
    total_mismatches += compare_cases(helpers, "aria_crops", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        AriaOptions o = AriaModel::defaults();
        o.max_image_size = int(p.find("max_image_size")->as_int());
        o.min_image_size = int(p.find("min_image_size")->as_int());
        o.split_image = p.find("split_image")->as_bool();
        const AriaModel::Crops c = AriaModel::crops(hh, ww, o);  // may refuse, as transformers
        JsonValue::Array resizes, areas;
        if (*o.split_image) resizes.push_back(resize_record({hh, ww}, c.fit));
        for (const geometry::CropWindow& w : c.windows) {
            const geometry::HeightWidth r = AriaModel::crop_resize({w.height, w.width}, o);
            resizes.push_back(resize_record({w.height, w.width}, r));
            areas.emplace_back(static_cast<long long>(r.height) * r.width);
        }
        const auto n = static_cast<long long>(c.windows.size());
        return out && out->find("num_crops")->as_int() == n && out->find("number_of_patches")->as_int() == n &&
               *out->find("resizes") == JsonValue(std::move(resizes)) && *out->find("mask_areas") == JsonValue(std::move(areas)) &&
               out->find("num_image_tokens")->as_int() == AriaModel::image_token_count(hh, ww, o);
    });
    // Granite-Docling: the tile budget, the prompt's grid and the tiles cut, the patch and token
    // counts.
    total_mismatches += compare_cases(helpers, "granite_docling_tiles", [](const JsonValue& p, int hh, int ww, const JsonValue* out) {
        GraniteDoclingOptions o = GraniteDoclingModel::defaults();
        const JsonValue::Array& size = p.find("size")->as_array();
        o.size = SizeSpec::exact(int(size[0].as_int()), int(size[1].as_int()));
        if (const JsonValue* v = p.find("crop_to_patches")) o.crop_to_patches = v->as_bool();
        if (const JsonValue* v = p.find("min_patches")) o.min_patches = int(v->as_int());
        if (const JsonValue* v = p.find("max_patches")) o.max_patches = int(v->as_int());
        if (const JsonValue* v = p.find("dense_max_patches")) o.dense_max_patches = int(v->as_int());
        if (const JsonValue* v = p.find("dense_max_scale")) o.dense_max_scale = v->as_number();
        if (const JsonValue* v = p.find("dense_min_aspect")) o.dense_min_aspect = v->as_number();
        if (const JsonValue* v = p.find("dense_max_aspect")) o.dense_max_aspect = v->as_number();
        if (const JsonValue* v = p.find("fine_route")) o.fine_route = v->as_bool();
        const geometry::TileGrid g = GraniteDoclingModel::tile_grid(hh, ww, o), c = GraniteDoclingModel::crop_grid(hh, ww, o);
        return out && out->find("budget")->as_int() == GraniteDoclingModel::page_max_patches(hh, ww, o) &&
               *out->find("grid") == pair(g.rows, g.columns) && *out->find("crop_grid") == pair(c.rows, c.columns) &&
               out->find("num_patches")->as_int() == GraniteDoclingModel::number_of_patches(hh, ww, o) &&
               out->find("num_image_tokens")->as_int() == GraniteDoclingModel::image_token_count(hh, ww, o);
    });
    const std::set<std::string> done{"idefics2_resize", "ovis2_covering_grid", "idefics3_smolvlm_split", "mllama_tiling", "llava_next_num_image_tokens", "gemma3_pan_and_scan", "select_best_resolution", "qwen2_vl_smart_resize", "llava_next_anyres_patches",
                                      "pixtral_resize", "siglip2_size_for_max_num_patches", "got_ocr2_tiles",
                                      "qwen_family_smart_resize", "gemma4_aspect_ratio_preserving_size",
                                      "llava_onevision_num_image_tokens", "janus_resize", "paddleocr_vl_smart_resize",
                                      "glm_image_smart_resize", "glm5_next_sizes", "pix2struct_patch_grid",
                                      "kosmos2_5_patch_grid", "emu3_smart_resize", "fuyu_resize",
                                      "tvp_longest_edge_size", "deepseek_ocr2_views", "minicpmv4_6_views", "aria_crops", "granite_docling_tiles"};
    for (const auto& [name, helper] : helpers.as_object())
        if (!done.count(name))
            std::cout << "geometry " << name << ": not implemented in pixelprep yet ("
                      << helper.find("cases")->as_array().size() << " golden cases not run)\n";
    return total_mismatches == 0 ? 0 : 1;
}

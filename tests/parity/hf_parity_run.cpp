// Runs pixelprep on the cases hf_parity.py prepares, one JSON job per line:
//   {"id": ..., "model_dir": ..., "kind": "path" | "pil" | "array", "file": ..., "npy": ...,
//    "mode": "L" | "RGBA" | ..., "call_kwargs": {...}, "backend": "cpu", "out": PREFIX}
// and prints one line per job: "OK id key...", "LOAD_ERROR id message" or "CALL_ERROR id message".
// A job of kind "tokens" prints "TOKENS id n..." (image_token_count for each of "sizes").
// A job of kind "save" loads model_dir and saves it into the folder "out" ("SAVED id file").
// Outputs are written as PREFIX.<key>.npy (stacked, as return_tensors="np").
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/io/decode.hpp"
#include "pixelprep/io/npy_write.hpp"
#include "pixelprep/pixelprep.hpp"

using namespace pixelprep;

namespace {

std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

PilMode parse_mode(const std::string& m) {
    if (m == "L") return PilMode::L;
    if (m == "LA") return PilMode::LA;
    if (m == "RGB") return PilMode::RGB;
    if (m == "RGBA") return PilMode::RGBA;
    throw InvalidArgument("unsupported PIL mode " + m);
}

// Holds array storage alive while the InputImage points at it.
struct LoadedInput {
    xt::xarray<std::uint8_t> u8;
    xt::xarray<float> f32;
    std::optional<InputImage> image;
};

// np.repeat(np.repeat(a, k, axis=0), k, axis=1): an exact nearest-neighbour integer upscale.
ImageU8 repeat_upscale(const ImageU8& a, int k) {
    ImageU8 out(a.height() * k, a.width() * k, a.channels());
    for (int y = 0; y < out.height(); ++y)
        for (int x = 0; x < out.width(); ++x)
            for (int c = 0; c < a.channels(); ++c) out.at(y, x, c) = a.at(y / k, x / k, c);
    return out;
}

// A batch of decoded files: "single", "flat_list", or "nested" (per-sample index lists).
ImageBatch load_files(const JsonValue& job) {
    std::vector<InputImage> images;
    const int k = job.find("upscale") ? int(job.find("upscale")->as_int()) : 1;
    for (const auto& f : job.find("files")->as_array()) {
        ImageU8 img = io::decode_image_file(f.as_string());
        images.push_back(InputImage::decoded(k > 1 ? repeat_upscale(img, k) : std::move(img)));
    }
    const std::string structure = job.find("structure")->as_string();
    if (structure == "nested") {
        std::vector<std::vector<InputImage>> samples;
        for (const auto& sample : job.find("nested")->as_array()) {
            samples.emplace_back();
            for (const auto& idx : sample.as_array()) samples.back().push_back(images[std::size_t(idx.as_int())]);
        }
        return ImageBatch::nested(std::move(samples));
    }
    return ImageBatch(std::move(images));
}

void load_input(const JsonValue& job, LoadedInput& in) {
    const std::string kind = job.find("kind")->as_string();
    if (kind == "path") {
        in.image = InputImage::decoded(io::decode_image_file(job.find("file")->as_string()));
        return;
    }
    const std::string npy = job.find("npy")->as_string();
    const std::string dtype = job.find("dtype")->as_string();
    if (kind == "pil") {
        in.u8 = xt::load_npy<std::uint8_t>(npy);
        const int h = int(in.u8.shape()[0]), w = int(in.u8.shape()[1]);
        const int c = in.u8.dimension() == 3 ? int(in.u8.shape()[2]) : 1;
        ImageU8 img(h, w, c);
        std::copy(in.u8.begin(), in.u8.end(), img.data());
        in.image = InputImage::pil(std::move(img), parse_mode(job.find("mode")->as_string()));
        return;
    }
    std::vector<long long> shape;
    if (dtype == "uint8") {
        in.u8 = xt::load_npy<std::uint8_t>(npy);
        for (auto d : in.u8.shape()) shape.push_back((long long)d);
        in.image = InputImage::array(in.u8.data(), shape);
    } else {
        in.f32 = xt::load_npy<float>(npy);
        for (auto d : in.f32.shape()) shape.push_back((long long)d);
        in.image = InputImage::array(in.f32.data(), shape);
    }
}

// What transformers keeps as a Python list of int lists (BatchFeature::set_int_lists: Mllama
// num_tiles, Idefics3 rows/cols): written as JSON, ragged or not.
bool write_int_lists(const BatchFeature& out, const std::string& key, const std::string& path) {
    if (!out.holds_int_lists(key)) return false;
    const auto& items = out.list(key);
    std::ofstream f(path);
    f << "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& a = std::get<pixelprep::Array<std::int64_t>>(items[i]);
        f << (i ? ", [" : "[");
        for (std::size_t j = 0; j < a.size(); ++j) f << (j ? ", " : "") << a(j);
        f << "]";
    }
    f << "]\n";
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: hf_parity_run JOBS.jsonl\n";
        return 2;
    }
    set_logger([](LogLevel, std::string_view) {});  // expected warnings (unknown keys, ambiguity) stay quiet
    std::ifstream jobs(argv[1]);
    std::string line;
    while (std::getline(jobs, line)) {
        if (line.empty()) continue;
        const JsonValue job = parse_json(line, "job");
        const std::string id = job.find("id")->as_string();
        if (job.find("kind")->as_string() == "save") {  // save_pretrained, for byte comparison
            try {
                const AnyProcessor p = AutoImageProcessor::from_pretrained(job.find("model_dir")->as_string());
                std::cout << "SAVED " << id << " " << p.save_pretrained(job.find("out")->as_string()) << "\n";
            } catch (const std::exception& e) {
                std::cout << "LOAD_ERROR " << id << " " << one_line(e.what()) << "\n";
            }
            continue;
        }
        std::optional<AnyProcessor> processor;
        try {
            LoadOptions lo;
            lo.backend = job.find("backend")->as_string();
            lo.allow_fallback = false;
            processor = AutoImageProcessor::from_pretrained(job.find("model_dir")->as_string(), lo);
        } catch (const std::exception& e) {
            std::cout << "LOAD_ERROR " << id << " " << one_line(e.what()) << "\n";
            continue;
        }
        if (job.find("kind")->as_string() == "tokens") {  // image_token_count per (h, w)
            try {
                std::string counts;
                for (const auto& hw : job.find("sizes")->as_array()) {
                    const auto n = processor->image_token_count(int(hw.as_array()[0].as_int()), int(hw.as_array()[1].as_int()),
                                                                job.find("call_kwargs")->as_object());
                    counts += " " + (n ? std::to_string(*n) : std::string("none"));
                }
                std::cout << "TOKENS " << id << counts << "\n";
            } catch (const std::exception& e) {
                std::cout << "CALL_ERROR " << id << " " << one_line(e.what()) << "\n";
            }
            continue;
        }
        try {
            LoadedInput in;
            ImageBatch batch;
            if (job.find("kind")->as_string() == "files") {
                batch = load_files(job);
            } else {
                load_input(job, in);
                batch = ImageBatch(*in.image);
            }
            const BatchFeature out = (*processor)(batch, job.find("call_kwargs")->as_object());
            std::string keys;
            for (const auto& key : out.keys()) {
                const std::string prefix = job.find("out")->as_string() + "." + key;
                if (write_int_lists(out, key, prefix + ".json")) {  // Python lists (rows, cols, num_tiles)
                    keys += " " + key;
                    // numpy's view of the same list, as make_goldens records it: an empty list
                    // is float64 (0,) (EoMT's patch_offsets), equal-length rows stack.
                    if (out.list(key).empty())
                        io::write_empty_list_npy(prefix + ".npy");
                    else
                        try {
                            io::write_npy(prefix + ".npy", out.stacked(key));
                        } catch (const pixelprep::InvalidArgument&) {  // ragged: only the JSON
                        }
                    continue;
                }
                io::write_npy(prefix + ".npy", out.stacked(key));
                keys += " " + key;
            }
            for (const auto& key : out.text_keys()) {  // lists of strings, as np.asarray gives them
                io::write_str_list_npy(job.find("out")->as_string() + "." + key + ".npy", out.text_list(key));
                keys += " " + key;
            }
            std::cout << "OK " << id << keys << "\n";
        } catch (const std::exception& e) {
            std::cout << "CALL_ERROR " << id << " " << one_line(e.what()) << "\n";
        }
    }
    return 0;
}

// The `pixelprep` command: preprocess images for a model folder exactly as transformers'
// PIL backend does, describe a model folder, or resize one image Pillow-exactly.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "examples_dir.hpp"
#include "input_files.hpp"
#include "npy_summary.hpp"
#include "pixelprep/cpu/resize_gray16.hpp"
#include "pixelprep/io/decode.hpp"
#include "pixelprep/io/decode_keep_mode.hpp"
#include "pixelprep/io/npy_write.hpp"
#include "pixelprep/pixelprep.hpp"
#include "png_write.hpp"

namespace fs = std::filesystem;
using namespace pixelprep;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Exit codes: 0 all good, 1 an input or config error, 2 bad usage, 3 --keep-going skipped some inputs.
constexpr int exit_error = 1, exit_usage = 2, exit_partial = 3;

using cli::examples_dir;  // src/cli/examples_dir.hpp: env, build tree or installed copy

// MODEL is a folder, a config file, or the name of a bundled example model.
std::string resolve_model_path(const std::string& model) {
    if (fs::exists(model)) return model;
    const fs::path bundled = fs::path(examples_dir()) / "models" / model;
    if (fs::exists(bundled)) return bundled.string();
    throw ConfigError(model + ": no such model folder or config file (nor a bundled example in " +
                      (fs::path(examples_dir()) / "models").string() + ")");
}

std::vector<std::string> bundled_images() {
    const fs::path dir = fs::path(examples_dir()) / "images";
    if (!fs::is_directory(dir)) throw Error("no IMAGE given and no bundled example images in " + dir.string());
    return cli::folder_images(dir.string(), false);
}

JsonValue::Object parse_sets(const std::vector<std::string>& sets) {
    JsonValue::Object named;
    for (const auto& s : sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InvalidArgument("--set " + s + ": expected KEY=VALUE (e.g. --set size='{\"shortest_edge\": 256}')");
        named[s.substr(0, eq)] = parse_option_text(s.substr(eq + 1));
    }
    return named;
}

// A one-line progress bar on stderr, only on a terminal and only once work has taken 2 s.
class Progress {
public:
    Progress(std::string label, std::size_t total)
        : label_(std::move(label)), total_(total), start_(Clock::now()), tty_(isatty(STDERR_FILENO) != 0) {}
    void update(std::size_t done) {
        if (!tty_ || ms_since(start_) < 2000) return;
        shown_ = true;
        const int width = 30;
        const int filled = total_ ? int(width * done / total_) : width;
        std::fprintf(stderr, "\r%s [%s%s] %zu/%zu", label_.c_str(), std::string(std::size_t(filled), '#').c_str(),
                     std::string(std::size_t(width - filled), '.').c_str(), done, total_);
        std::fflush(stderr);
    }
    ~Progress() {
        if (shown_) std::fprintf(stderr, "\n");
    }

private:
    std::string label_;
    std::size_t total_;
    Clock::time_point start_;
    bool tty_;
    bool shown_ = false;
};

struct DecodeResult {
    std::optional<ImageU8> image;
    std::string error;
};

// Decodes every file, `threads` at a time; failures are collected, not thrown.
std::vector<DecodeResult> decode_all(const std::vector<std::string>& files, const io::DecodeOptions& opts, int threads) {
    std::vector<DecodeResult> results(files.size());
    std::atomic<std::size_t> next{0}, done{0};
    Progress progress("decoding", files.size());
    auto worker = [&] {
        for (std::size_t i; (i = next++) < files.size();) {
            try {
                results[i].image = io::decode_image_file(files[i], opts);
            } catch (const std::exception& e) {
                results[i].error = e.what();
            }
            ++done;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    progress.update(done);
    return results;
}

// One input's failure as the command reports it: "PATH: REASON" (the path stands in for the
// library's "input N: ").
std::string input_failure(const std::string& path, const std::exception& e) {
    const auto* error = dynamic_cast<const Error*>(&e);
    return path + ": " + (error ? error->reason() : e.what());
}

// A failed batch of `files`: the input the error names (Error::input_index), or the batch
// when it names none (every input fails the same way, or only the batch fails).
std::string batch_failure(const std::exception& e, const std::vector<std::string>& files) {
    const auto* error = dynamic_cast<const Error*>(&e);
    if (error && error->input_index() && *error->input_index() < files.size())
        return input_failure(files[*error->input_index()], e);
    if (files.size() == 1) return input_failure(files.front(), e);
    return "the batch of " + std::to_string(files.size()) + " inputs (" + files.front() + " ... " + files.back() +
           ") fails: " + e.what();
}

struct PreprocessArgs {
    std::string model;
    std::vector<std::string> images;
    std::string backend = "auto";
    std::string out;
    std::vector<std::string> sets;
    int threads = 0;
    bool keep_going = false;
    bool recursive = false;
    bool no_fallback = false;
    bool no_exif = false;
    std::uint64_t max_pixels = 2ull * 89478485ull;
};

int run_preprocess(const PreprocessArgs& a) {
    const auto t0 = Clock::now();
    const int threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    LoadOptions lo;
    lo.backend = a.backend;
    lo.allow_fallback = !a.no_fallback;
    const std::string model_path = resolve_model_path(a.model);
    const AnyProcessor processor = AutoImageProcessor::from_pretrained(model_path, lo);
    const JsonValue::Object named = parse_sets(a.sets);
    (void)processor.effective_options(named);  // rejects unknown or mistyped --set keys before any work

    const std::vector<std::string> files = a.images.empty() ? bundled_images() : cli::expand_inputs(a.images, a.recursive);
    io::DecodeOptions dopts;
    dopts.apply_exif_orientation = !a.no_exif;
    dopts.max_pixels = a.max_pixels;
    // --max-pixels above the process-wide image limit raises it too (decoded images and
    // everything made from them are held to that limit).
    if (a.max_pixels > max_image_pixels()) set_max_image_pixels(a.max_pixels);
    const auto t_decode = Clock::now();
    std::vector<DecodeResult> decoded = decode_all(files, dopts, threads);
    const double decode_ms = ms_since(t_decode);

    std::vector<std::string> used_files, failures;
    std::vector<InputImage> inputs;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (decoded[i].image) {
            used_files.push_back(files[i]);
            inputs.push_back(InputImage::decoded(std::move(*decoded[i].image)));
        } else {
            failures.push_back(decoded[i].error);
        }
    }
    if (!failures.empty() && !a.keep_going) {
        for (const auto& f : failures) std::cerr << "pixelprep: error: " << f << "\n";
        return exit_error;
    }

    const auto t_pre = Clock::now();
    std::optional<BatchFeature> features;
    while (!inputs.empty()) {
        try {
            features = processor(ImageBatch(inputs), named);
            break;
        } catch (const std::exception& batch_error) {
            if (!a.keep_going) {
                std::cerr << "pixelprep: error: " << batch_failure(batch_error, used_files) << "\n";
                return exit_error;
            }
            if (inputs.size() == 1) {
                failures.push_back(input_failure(used_files[0], batch_error));
                inputs.clear();
                used_files.clear();
                break;
            }
            // Find the inputs that fail on their own, drop them, and run the batch again.
            std::vector<InputImage> keep;
            std::vector<std::string> keep_files;
            for (std::size_t i = 0; i < inputs.size(); ++i) {
                try {
                    (void)processor(ImageBatch(inputs[i]), named);
                    keep.push_back(inputs[i]);
                    keep_files.push_back(used_files[i]);
                } catch (const std::exception& e) {
                    failures.push_back(input_failure(used_files[i], e));
                }
            }
            if (keep.size() == inputs.size()) {  // the batch fails as a whole: not one input's fault
                std::cerr << "pixelprep: error: " << batch_failure(batch_error, used_files) << "\n";
                return exit_error;
            }
            inputs = std::move(keep);
            used_files = std::move(keep_files);
        }
    }
    const double pre_ms = ms_since(t_pre);
    for (const auto& f : failures) std::cerr << "pixelprep: skipped " << f << "\n";
    if (!features) {
        std::cerr << "pixelprep: error: no input could be processed\n";
        return exit_error;
    }

    // Stack everything first: a ragged output fails before any file is written.
    std::vector<std::pair<std::string, Tensor>> outputs;
    std::vector<std::string> empty_lists;  // keys that are an empty Python list in transformers
    try {
        for (const auto& key : features->keys()) {
            if (features->is_list(key) && features->list(key).empty())
                empty_lists.push_back(key);
            else
                outputs.emplace_back(key, features->stacked(key));
        }
    } catch (const Error& e) {
        std::cerr << "pixelprep: error: " << batch_failure(e, used_files) << "\n";
        return exit_error;
    }

    std::cout << "model:    " << model_path << "\n";
    std::cout << "class:    " << processor.class_name() << "\n";
    std::cout << "backend:  " << processor.backend_name() << " (requested " << processor.requested_backend() << ")";
    if (!processor.fallback_reason().empty()) std::cout << " after fallback: " << processor.fallback_reason();
    std::cout << "\n";
    std::cout << "images:   " << used_files.size() << (a.images.empty() ? " (bundled examples)" : "") << "\n";
    for (const auto& [key, t] : outputs) {
        const auto s = cli::describe(t);
        std::cout << std::left << std::setw(22) << key << std::right << " " << std::setw(7) << s.dtype << " "
                  << std::setw(20) << s.shape << "  min " << std::setw(10) << s.min << "  max " << std::setw(10) << s.max
                  << "  mean " << s.mean << "\n";
    }
    for (const auto& key : empty_lists) std::cout << std::left << std::setw(22) << key << std::right << " empty list\n";
    const std::vector<std::string> text_keys = features->text_keys();
    for (const auto& key : text_keys) {
        std::cout << std::left << std::setw(22) << key << std::right << " list of " << features->text_list(key).size()
                  << " str:";
        for (const auto& s : features->text_list(key)) std::cout << " \"" << s << "\"";
        std::cout << "\n";
    }
    if (!a.out.empty()) {
        fs::create_directories(a.out);
        const auto file = [&](const std::string& key) { return (fs::path(a.out) / (key + ".npy")).string(); };
        for (const auto& [key, t] : outputs) io::write_npy(file(key), t);
        for (const auto& key : empty_lists) io::write_empty_list_npy(file(key));
        for (const auto& key : text_keys) io::write_str_list_npy(file(key), features->text_list(key));
        std::ofstream list(fs::path(a.out) / "inputs.txt");
        for (const auto& f : used_files) list << f << "\n";
        std::cout << "wrote:    " << outputs.size() + empty_lists.size() + text_keys.size()
                  << " .npy file(s) and inputs.txt to " << a.out << "\n";
    }
    std::cout << std::fixed << std::setprecision(1) << "time:     " << ms_since(t0) << " ms (decode " << decode_ms
              << " ms with " << threads << " thread(s), preprocess " << pre_ms << " ms)\n";
    return failures.empty() ? 0 : exit_partial;
}

int run_info(const std::string& model, const std::string& backend, const std::vector<std::string>& sets) {
    const std::string path = resolve_model_path(model);
    const ResolvedConfig r = AutoImageProcessor::resolve(path);
    LoadOptions lo;
    lo.backend = backend;
    const AnyProcessor p = AutoImageProcessor::from_pretrained(path, lo);
    std::cout << "model:    " << path << "\n";
    std::cout << "config:   " << r.source << "\n";
    std::cout << "class:    " << p.class_name() << "\n";
    std::cout << "backend:  " << p.backend_name() << " (requested " << p.requested_backend() << ")";
    if (!p.fallback_reason().empty()) std::cout << " after fallback: " << p.fallback_reason();
    std::cout << "\nbackends: ";
    for (const auto& b : Registry::global().backend_names()) {
        const auto why = Registry::global().unavailable_reason(std::string(p.class_name()), b);
        std::cout << b << (why ? " (unavailable: " + *why + ")" : " (available)") << "; ";
    }
    std::cout << "\noptions:  " << p.effective_options(parse_sets(sets)).dump_python(2) << "\n";
    return 0;
}

// `info --list`: every supported class, the model_types that resolve to it, the backends
// that implement it, and the outputs its class defaults give for one 96x128 RGB image
// (computed here by the CPU backend, not written down).
int run_list() {
    const Registry& r = Registry::global();
    std::vector<std::uint8_t> grey(std::size_t(96) * 128 * 3);
    for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = std::uint8_t((i * 37) % 251);
    const ImageBatch one(InputImage::array(grey.data(), {96, 128, 3}));
    const auto classes = r.class_names();
    for (const auto& cls : classes) {
        std::cout << cls << "\n  model types: ";
        const auto types = r.model_types_of(cls);
        for (std::size_t i = 0; i < types.size(); ++i) std::cout << (i ? ", " : "") << types[i];
        std::cout << "\n  backends:    ";
        const auto backends = r.backends_of(cls);
        for (std::size_t i = 0; i < backends.size(); ++i) std::cout << (i ? ", " : "") << backends[i];
        std::cout << "\n  outputs (class defaults, one 96x128 RGB image):";
        try {
            JsonValue::Object config;
            config["image_processor_type"] = JsonValue(cls);
            const AnyProcessor p = r.factory(cls, "cpu")(JsonValue(config), cls + " defaults");
            // The image-pair classes (SuperGlue and its copies) refuse one image: they get the
            // image twice, as one pair, and say so; any other refusal is reported as it is.
            std::optional<BatchFeature> computed;
            std::exception_ptr single_refused;
            try {
                computed = p(one);
            } catch (const Error&) {
                single_refused = std::current_exception();
            }
            if (single_refused) {
                const ImageBatch pair(std::vector<InputImage>{one.flat()[0], one.flat()[0]});
                try {
                    computed = p(pair);
                } catch (const Error&) {
                    std::rethrow_exception(single_refused);  // not a pair class: its own refusal
                }
                std::cout << " (one image is refused; given as a pair of it)";
            }
            const BatchFeature& out = *computed;
            for (const auto& key : out.keys()) {
                std::cout << "\n    " << key << ": ";
                if (out.is_list(key)) {
                    const auto& items = out.list(key);
                    std::cout << "list of " << items.size();
                    if (!items.empty()) std::cout << " " << tensor_dtype(items[0]) << " " << shape_string(tensor_shape(items[0]));
                } else {
                    const Tensor t = out.stacked(key);
                    std::cout << tensor_dtype(t) << " " << shape_string(tensor_shape(t));
                }
            }
            for (const auto& key : out.text_keys())
                std::cout << "\n    " << key << ": list of " << out.text_list(key).size() << " str";
        } catch (const std::exception& e) {
            std::cout << " (not computed: " << e.what() << ")";
        }
        std::cout << "\n";
    }
    std::cout << classes.size() << " classes\n";
    return 0;
}

// The modes Pillow both resizes and saves as PNG.
bool png_writable_mode(const std::string& mode) {
    for (const char* m : {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"})
        if (mode == m) return true;
    return false;
}

// PIL.Image.resize with the default box and no reducing_gap, keeping the mode: "1" and "P"
// always NEAREST; LA and RGBA premultiplied around any other filter (cpu::resize does that);
// I;16 with Pillow's 16-bit passes; the same size is a plain copy.
io::ModeImage resize_keeping_mode(io::ModeImage img, int h, int w, Resample filter) {
    io::ModeImage out;
    out.mode = img.mode;
    out.height = h;
    out.width = w;
    out.palette = std::move(img.palette);
    out.transparency = std::move(img.transparency);  // Image._new copies info
    if (img.mode == "I;16") {
        const cpu::Gray16Image gray{img.height, img.width, std::move(img.gray16)};
        out.gray16 = cpu::resize_gray16(gray, h, w, filter).samples;
    } else {
        out.pixels = cpu::resize(img.pixels, h, w, filter);
    }
    return out;
}

int run_resize(const std::string& in, const std::string& out, const std::string& size, const std::string& resample) {
    int h = 0, w = 0;
    char x = 0;
    std::istringstream ss(size);
    if (!(ss >> h >> x >> w) || (x != 'x' && x != 'X') || !ss.eof())
        throw InvalidArgument("--size " + size + ": expected HEIGHTxWIDTH, e.g. 224x224");
    const auto filter = resample_from_name(resample);
    if (!filter)
        throw InvalidArgument("--resample " + resample +
                              ": expected one of NEAREST, BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS");
    // Image.open(IN): the file's own mode, no EXIF orientation.
    io::ModeImage img = io::decode_image_file_keep_mode(in);
    if (!png_writable_mode(img.mode))
        throw ImageError(in + ": mode " + img.mode + " cannot be resized to a PNG: Pillow resizes it but cannot write mode " +
                         img.mode + " as PNG");
    const int in_h = img.height, in_w = img.width;
    const std::string mode = img.mode;
    const bool forced_nearest = (mode == "1" || mode == "P") && *filter != Resample::nearest;
    const Resample used = forced_nearest ? Resample::nearest : *filter;
    cli::write_png(out, resize_keeping_mode(std::move(img), h, w, used));
    std::cout << in << " (" << in_h << "x" << in_w << " " << mode << ") -> " << out << " (" << h << "x" << w << " "
              << mode << ", " << resample_name(used) << (forced_nearest ? ", as Pillow always does for mode " + mode : "")
              << ")\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"pixelprep: the exact model inputs transformers' image processors produce (PIL backend, bit for bit)"};
    app.require_subcommand(1);

    PreprocessArgs pre;
    auto* p = app.add_subcommand("preprocess", "Preprocess images for a model; write one .npy per output key");
    p->add_option("MODEL", pre.model, "Model folder, preprocessor_config.json, or a bundled example model name")->required();
    p->add_option("IMAGE", pre.images,
                  "Image files (JPEG, PNG, WebP, GIF, BMP, TIFF, AVIF), folders (their images, sorted by name) "
                  "or quoted glob patterns; default: the bundled example images");
    p->add_option("--backend", pre.backend, "auto, cpu, cuda or a registered backend (legacy: pil, torchvision)");
    p->add_option("--out", pre.out, "Folder for the .npy outputs (and inputs.txt); nothing is written without it");
    p->add_option("--set", pre.sets, "Override an option: KEY=VALUE (VALUE is JSON or a bare word), repeatable");
    p->add_option("--threads", pre.threads, "Decoding threads (default: all cores)")->check(CLI::Range(1, 1024));
    p->add_flag("--recursive", pre.recursive, "Also read the images in the subfolders of a folder IMAGE");
    p->add_flag("--keep-going", pre.keep_going, "Skip inputs that fail, report them, and exit 3");
    p->add_flag("--no-fallback", pre.no_fallback, "Fail if the requested backend cannot run here");
    p->add_flag("--no-exif", pre.no_exif, "Do not apply the EXIF orientation");
    p->add_option("--max-pixels", pre.max_pixels, "Refuse images with more pixels (default: Pillow's bomb limit)");

    std::string info_model, info_backend = "auto";
    std::vector<std::string> info_sets;
    auto* i = app.add_subcommand("info", "Show the resolved class, backend and effective options of a model");
    bool info_list = false;
    i->add_option("MODEL", info_model, "Model folder, preprocessor_config.json, or a bundled example model name");
    i->add_flag("--list", info_list, "List every supported class: its model types, backends and outputs");
    i->add_option("--backend", info_backend, "Backend to resolve");
    i->add_option("--set", info_sets, "Override an option: KEY=VALUE");

    std::string rin, rout, rsize, rresample = "bicubic";
    bool rno_exif = false;
    auto* r = app.add_subcommand(
        "resize", "Resize one image file exactly as Pillow's Image.open(IN).resize(...).save(OUT) (PNG out, same mode)");
    r->add_option("IN", rin, "Input image")->required();
    r->add_option("OUT", rout, "Output PNG")->required();
    r->add_option("--size", rsize, "HEIGHTxWIDTH")->required();
    r->add_option("--resample", rresample, "NEAREST, BOX, BILINEAR, HAMMING, BICUBIC or LANCZOS (default BICUBIC)");
    // Accepted so that older scripts keep working: like Image.open(...).resize, the command
    // never applies the EXIF orientation.
    r->add_flag("--no-exif", rno_exif, "No effect: the EXIF orientation is never applied (Image.open does not)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : exit_usage;
    }
    try {
        if (*p) return run_preprocess(pre);
        if (*i) {
            if (info_list) return run_list();
            if (info_model.empty()) {
                std::cerr << "pixelprep: error: info needs a MODEL (or --list)\n";
                return exit_usage;
            }
            return run_info(info_model, info_backend, info_sets);
        }
        if (*r) return run_resize(rin, rout, rsize, rresample);
    } catch (const InvalidArgument& e) {
        std::cerr << "pixelprep: error: " << e.what() << "\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "pixelprep: error: " << e.what() << "\n";
        return exit_error;
    }
    return exit_usage;
}

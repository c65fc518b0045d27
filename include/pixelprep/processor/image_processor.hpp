// ImageProcessor<Model, Backend>: one template for every (model, backend) pair.
//
// Options are the model's typed struct. Class defaults are overlaid by the config file,
// then by per-call options; the merged options are validated as transformers validates
// them; every input goes through Backend::process_image; then the model's recipe runs
// with the backend's operations.
#pragma once

#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/options/option_set.hpp"
#include "pixelprep/options/validate.hpp"
#include "pixelprep/options/value_checks.hpp"
#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/processor/concepts.hpp"
#include "pixelprep/core/input.hpp"
#include "pixelprep/core/logger.hpp"
#include "pixelprep/core/output_storage.hpp"

namespace pixelprep {

template <class Model, class Backend> class ImageProcessor {
    static_assert(ModelSpec<Model>,
                  "pixelprep: the Model type must declare `using options_type = ...` (deriving from CommonOptions, "
                  "with a static fields()), `static constexpr std::string_view class_name`, `static options_type "
                  "defaults()` and a recipe `template <class Backend> static BatchFeature run(std::vector<WorkingImage>, "
                  "const options_type&)` (or `run_nested`, taking one vector of images per sample). See docs/extending.md.");
    static_assert(BackendPolicy<Backend>,
                  "pixelprep: the Backend type must be an empty, regular policy type with `static constexpr "
                  "std::string_view name`, `static WorkingImage process_image(const InputImage&, const "
                  "ProcessImageOptions&)` and `static BatchFeature preprocess(std::vector<WorkingImage>, const "
                  "CommonOptions&)`. See docs/extending.md.");

public:
    using model_type = Model;
    using backend_type = Backend;
    using options_type = typename Model::options_type;

    // The class defaults, as `XImageProcessor()` in transformers.
    ImageProcessor() : options_(Model::defaults()) {}

    // Class defaults overlaid by `config` (only its set fields count).
    explicit ImageProcessor(const options_type& config) : options_(Model::defaults()) {
        overlay(options_, config);
        check_option_values(options_, "ImageProcessor options");
    }

    // Loads a preprocessor_config.json-shaped object. Known keys are typed and checked;
    // routing keys (image_processor_type, processor_class, ...) are skipped; other keys get
    // one warning that lists them and are kept, so that save_pretrained writes them back
    // as transformers does.
    static ImageProcessor from_config(const JsonValue& config, const std::string& source);

    static ImageProcessor from_pretrained(const std::string& path);

    const options_type& options() const noexcept { return options_; }
    static constexpr std::string_view class_name() noexcept { return Model::class_name; }
    static constexpr std::string_view backend_name() noexcept { return Backend::name; }

    // The options a call would run with: defaults <- config <- `call`.
    options_type effective_options(const options_type& call = {}) const {
        options_type merged = options_;
        overlay(merged, call);
        standardize(merged);
        check_option_values(merged, "per-call options");
        return merged;
    }

    BatchFeature operator()(const ImageBatch& images, const options_type& call = {}) const {
        return run(images, effective_options(call));
    }


    // Per-call options by name (the dynamic route: AnyProcessor, --set). Unknown names are
    // errors; a null sets the option to None for this call.
    BatchFeature operator()(const ImageBatch& images, const JsonValue::Object& named,
                            const std::string& source = "per-call options") const {
        return run(images, effective_options(named, source));
    }

    options_type effective_options(const JsonValue::Object& named, const std::string& source = "per-call options") const;

    // The same calls, into a caller-owned result: the arrays `out` holds (from an earlier
    // call) are reused for outputs of the same dtype and element count, then `out` holds the
    // new result. A server that calls repeatedly stops paying page faults on fresh output
    // memory (core/output_storage.hpp). On an error `out` is left empty.
    void process_into(const ImageBatch& images, BatchFeature& out, const options_type& call = {}) const {
        RecycledOutputs recycled;
        recycled.give(std::move(out));
        out = run(images, effective_options(call));
    }
    void process_into(const ImageBatch& images, BatchFeature& out, const JsonValue::Object& named,
                      const std::string& source = "per-call options") const {
        RecycledOutputs recycled;
        recycled.give(std::move(out));
        out = run(images, effective_options(named, source));
    }

    // transformers' to_dict(): every option that is set, unknown config keys, and the
    // class name without a backend suffix.
    JsonValue to_dict() const;

    // json.dumps(to_dict(), indent=2, sort_keys=True) + "\n".
    std::string to_json_string() const { return to_dict().dump_python(2) + "\n"; }

    // Writes DIR/preprocessor_config.json and returns its path.
    std::string save_pretrained(const std::string& dir) const;

    // How many image tokens the model's processor will insert for one image of this size,
    // computed from geometry alone (no pixels). Only for models that define it. A member
    // template (M is Model), so that the explicit instantiations of the built-in processors
    // (builtin_processors.hpp) never instantiate it for a model without token counts: clang 14
    // instantiates a constrained non-template member there even when its constraint fails.
    template <class M = Model>
    std::int64_t image_token_count(int height, int width, const options_type& call = {}) const
        requires requires(const options_type& o) { M::image_token_count(height, width, o); }
    {
        return M::image_token_count(height, width, effective_options(call));
    }

private:
    // A model's _standardize_kwargs (e.g. Qwen2-VL folds min_pixels/max_pixels into size).
    static void standardize(options_type& o) {
        if constexpr (requires { Model::standardize(o); }) Model::standardize(o);
    }

    BatchFeature run(const ImageBatch& images, const options_type& merged) const;
    void name_failing_input(const std::vector<InputImage>& flat, const options_type& merged,
                            const ProcessImageOptions& po) const;
    BatchFeature run_images(const ImageBatch& images, const options_type& merged, const ProcessImageOptions& po) const;

    options_type options_;
    JsonValue::Object extras_;
    bool saves_default_to_square_ = false;
};

// The members below are defined outside the class so that they are not implicitly inline:
// where `extern template class ImageProcessor<M, B>;` is visible (the built-in models,
// processor/builtin_processors.hpp), a translation unit calls the copy compiled once in
// pixelprep_lib instead of compiling its own (an extern template still compiles inline
// members wherever they are used, so that they can be inlined).

template <class Model, class Backend>
ImageProcessor<Model, Backend> ImageProcessor<Model, Backend>::from_config(const JsonValue& config,
                                                                            const std::string& source) {
    if (!config.is_object()) throw ConfigError(source + ": the config must be a JSON object, got " + config.type_name());
    // Keys a class's __init__ renames before anything reads them (OWL-ViT's "rescale").
    JsonValue::Object renamed;
    bool rewritten = false;  // `renamed` is the config to read
    if constexpr (requires(JsonValue::Object& o) { Model::fold_legacy_keys(o); }) {
        renamed = config.as_object();
        rewritten = true;
        Model::fold_legacy_keys(renamed);
    }
    // Options a class's preprocess() takes only as call arguments (Video-LLaVA's
    // return_legacy_image_output): a config's value becomes an attribute that is saved
    // again but never read, so it is kept aside rather than decoded.
    JsonValue::Object call_only;
    if constexpr (requires { Model::call_only_options; }) {
        if (!rewritten) renamed = config.as_object();
        rewritten = true;
        for (std::string_view name : Model::call_only_options)
            if (const auto it = renamed.find(std::string(name)); it != renamed.end()) {
                call_only.insert(*it);
                renamed.erase(it);
            }
    }
    const JsonValue::Object& obj = rewritten ? renamed : config.as_object();
    ImageProcessor p;
    for (const auto& [k, v] : call_only) p.extras_[k] = v;
    DecodeContext ctx{source, p.options_.default_to_square.value_or(true)};
    std::vector<std::string> nulls;
    overlay(p.options_, decode_options<options_type>(obj, ctx, &nulls));
    clear_fields(p.options_, nulls);  // an explicit null is None, as transformers keeps it
    standardize(p.options_);
    check_option_values(p.options_, source);
    const auto unknown = unknown_keys<options_type>(obj);
    if (!unknown.empty()) {
        std::string list;
        for (const auto& k : unknown) list += (list.empty() ? "" : ", ") + k;
        log_warning(source + ": " + std::string(Model::class_name) + " ignores unknown config keys: " + list);
    }
    for (const auto& [k, v] : obj) {
        if (k == "image_processor_type" || k == "feature_extractor_type" || k == "processor_class" ||
            k == "_processor_class" || is_option_name<options_type>(k))
            continue;
        p.extras_[k] = v;  // transformers sets these as attributes and saves them again
    }
    if (obj.count("default_to_square")) p.saves_default_to_square_ = true;
    return p;
}

template <class Model, class Backend>
ImageProcessor<Model, Backend> ImageProcessor<Model, Backend>::from_pretrained(const std::string& path) {
    const std::filesystem::path p(path);
    std::error_code ec;  // an unexaminable path is read as a file: read_json_file reports it
    const std::string file = std::filesystem::is_directory(p, ec) ? (p / "preprocessor_config.json").string() : path;
    return from_config(read_json_file(file), file);
}

template <class Model, class Backend>
typename Model::options_type ImageProcessor<Model, Backend>::effective_options(const JsonValue::Object& named,
                                                                             const std::string& source) const {
    std::vector<std::string> nulls;
    options_type merged = options_;
    // Call-time keys a class's preprocess rewrites first (Donut's list size is width, height).
    if constexpr (requires(JsonValue::Object& o) { Model::fold_call_keys(o); }) {
        JsonValue::Object folded = named;
        Model::fold_call_keys(folded);
        overlay(merged, decode_call_options<options_type>(folded, options_, source, &nulls));
    } else {
        overlay(merged, decode_call_options<options_type>(named, options_, source, &nulls));
    }
    clear_fields(merged, nulls);
    standardize(merged);
    check_option_values(merged, source);
    return merged;
}

template <class Model, class Backend>
JsonValue ImageProcessor<Model, Backend>::to_dict() const {
    JsonValue::Object d = encode_options(options_);
    // None is written only where the class default is not None (an explicit user None).
    const options_type defaults = Model::defaults();
    for_each_field<options_type>([&](const auto& field) {
        if (!(options_.*field.member) && (defaults.*field.member)) d[std::string(field.name)] = JsonValue(nullptr);
    });
    if (!saves_default_to_square_) d.erase("default_to_square");  // consumed by size handling, never an attribute
    // An unknown key's None is dropped as well: transformers keeps a None only where the
    // class has a non-None default, and pixelprep models every such attribute as an option.
    for (const auto& [k, v] : extras_)
        if (!v.is_null()) d[k] = v;
    // Attributes a class's __init__ computes from its options (Janus's background_color).
    if constexpr (requires { Model::saved_attributes(options_); })
        for (auto& [k, v] : Model::saved_attributes(options_)) d[k] = std::move(v);
    d["image_processor_type"] = JsonValue(std::string(Model::class_name));
    return JsonValue(std::move(d));
}

template <class Model, class Backend>
std::string ImageProcessor<Model, Backend>::save_pretrained(const std::string& dir) const {
    const std::filesystem::path d(dir);
    std::error_code ec;  // filesystem failures are reported as pixelprep errors
    if (std::filesystem::exists(d, ec) && !std::filesystem::is_directory(d, ec))
        throw InvalidArgument("save_pretrained: " + dir + " should be a directory, not a file");
    std::filesystem::create_directories(d, ec);
    if (ec) throw Error("save_pretrained: cannot create " + dir + ": " + ec.message());
    const std::filesystem::path file = d / "preprocessor_config.json";
    std::ofstream out(file, std::ios::binary);
    out << to_json_string();
    if (!out) throw Error("save_pretrained: cannot write " + file.string());
    return file.string();
}

template <class Model, class Backend>
BatchFeature ImageProcessor<Model, Backend>::run(const ImageBatch& images, const options_type& merged) const {
    if constexpr (requires { Model::validate(merged); }) Model::validate(merged);  // a model's own _validate
    else validate_preprocess_arguments(merged);
    ProcessImageOptions po;
    po.do_convert_rgb = truthy(merged.do_convert_rgb);
    // Classes still on the legacy BaseImageProcessor read their inputs its way (process_image.hpp).
    if constexpr (requires { Model::legacy_inputs; }) po.legacy = Model::legacy_inputs;
    if (merged.input_data_format)
        po.input_data_format = *merged.input_data_format == "channels_last" ? Layout::hwc : Layout::chw;
    const std::vector<InputImage> flat = images.flat();
    if (flat.empty())
        throw InvalidArgument("Could not make a flat list of images from an empty input; give at least one image");
    try {
        return run_images(images, merged, po);
    } catch (const BackendUnavailable&) {
        throw;  // the machine's fault (a CUDA failure), not an input's
    } catch (const Error&) {
        name_failing_input(flat, merged, po);
        throw;  // no single input is at fault: the batch fails as a whole
    }
}

// The per-image boundary, for a batch that failed. Recipes process a batch in one pass,
// so the input at fault is found after the fact: the inputs run again one at a time, and
// the first that fails alone is named (Error::input_index) and its error thrown, unless
// every input fails alone the same way (an option no input can satisfy, or a batch of
// one: no input is singled out). Returns when no input is at fault. Only a failing batch
// pays this, at most one more pass over it.
template <class Model, class Backend>
void ImageProcessor<Model, Backend>::name_failing_input(const std::vector<InputImage>& flat,
                                                        const options_type& merged,
                                                        const ProcessImageOptions& po) const {
    if (flat.size() < 2) return;
    std::exception_ptr first;  // the first input that fails alone
    std::string first_message;
    std::size_t first_index = 0;
    bool singled_out = false;  // another input passes, or fails another way
    for (std::size_t i = 0; i < flat.size() && !singled_out; ++i) {
        try {
            (void)run_images(ImageBatch(flat[i]), merged, po);
            singled_out = bool(first);
        } catch (const BackendUnavailable&) {
            return;  // the machine fails now (CUDA): the batch's own error stands
        } catch (Error& alone) {
            if (!first) {
                first = std::current_exception();
                first_message = alone.what();
                first_index = i;
                singled_out = i > 0;
            } else {
                singled_out = first_message != alone.what();
            }
        } catch (...) {
            return;  // not a pixelprep error (out of memory): the batch's own error stands
        }
    }
    if (!singled_out) return;
    try {
        std::rethrow_exception(first);
    } catch (Error& e) {
        e.set_input_index(first_index);
        throw;
    }
}

template <class Model, class Backend>
BatchFeature ImageProcessor<Model, Backend>::run_images(const ImageBatch& images, const options_type& merged,
                                                       const ProcessImageOptions& po) const {
    // Models that keep transformers' nested structure (make_nested_list_of_images: a flat
    // list is one sample) get the images per sample.
    if constexpr (requires(std::vector<std::vector<WorkingImage>> s) { Model::template run_nested<Backend>(std::move(s), merged); }) {
        // A model whose preprocess reads a flat list as one sample per image (LLaVA-OneVision)
        // says so; the others read it as one sample (make_nested_list_of_images).
        constexpr bool one_per_image = requires { Model::flat_list_is_one_image_per_sample; };
        std::vector<std::vector<WorkingImage>> samples;
        for (const auto& sample : images.samples()) {
            if (one_per_image && !images.is_nested()) {
                for (const auto& in : sample) {
                    samples.emplace_back();
                    samples.back().push_back(Backend::process_image(in, po));
                }
                continue;
            }
            samples.emplace_back();
            for (const auto& in : sample) samples.back().push_back(Backend::process_image(in, po));
        }
        return Model::template run_nested<Backend>(std::move(samples), merged);
    } else {
        std::vector<WorkingImage> working;
        working.reserve(images.size());
        for (const auto& sample : images.samples())
            for (const auto& in : sample) working.push_back(Backend::process_image(in, po));
        return Model::template run<Backend>(std::move(working), merged);
    }
}

}  // namespace pixelprep

// AnyProcessor: a type-erased ImageProcessor<Model, Backend> chosen at run time.
//
// A value type: copies share one immutable processor, so const calls are thread-safe.
// It remembers which backend was asked for and which one actually runs (and why they
// differ, after a fallback).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/options/option_set.hpp"
#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/input.hpp"
#include "pixelprep/core/output_storage.hpp"

namespace pixelprep {

class AnyProcessor {
public:
    // The erased interface; one implementation per ImageProcessor type (see Holder).
    struct Interface {
        virtual ~Interface() = default;
        virtual BatchFeature process(const ImageBatch& images, const JsonValue::Object& named) const = 0;
        virtual std::string_view class_name() const = 0;
        virtual std::string_view backend_name() const = 0;
        virtual JsonValue to_dict() const = 0;
        virtual std::string save_pretrained(const std::string& dir) const = 0;
        virtual std::vector<std::string> option_names() const = 0;
        virtual JsonValue effective_options(const JsonValue::Object& named) const = 0;
        virtual std::optional<std::int64_t> image_token_count(int height, int width,
                                                              const JsonValue::Object& named) const = 0;
    };

    template <class Processor> explicit AnyProcessor(Processor processor)
        : impl_(std::make_shared<const Holder<Processor>>(std::move(processor))) {}

    // The backend that runs every call of this processor.
    std::string_view backend_name() const { return impl_->backend_name(); }
    std::string_view class_name() const { return impl_->class_name(); }
    // What the caller asked for ("auto", "cuda", ...) and, after a fallback, why it differs.
    const std::string& requested_backend() const noexcept { return requested_; }
    const std::string& fallback_reason() const noexcept { return fallback_reason_; }

    BatchFeature operator()(const ImageBatch& images, const JsonValue::Object& named = {}) const {
        return impl_->process(images, named);
    }
    // Into a caller-owned result whose arrays are reused (ImageProcessor::process_into).
    void process_into(const ImageBatch& images, BatchFeature& out, const JsonValue::Object& named = {}) const {
        RecycledOutputs recycled;
        recycled.give(std::move(out));
        out = impl_->process(images, named);
    }
    JsonValue to_dict() const { return impl_->to_dict(); }
    std::string to_json_string() const { return impl_->to_dict().dump_python(2) + "\n"; }
    std::string save_pretrained(const std::string& dir) const { return impl_->save_pretrained(dir); }
    std::vector<std::string> option_names() const { return impl_->option_names(); }
    // Every option as the next call would use it (defaults <- config <- `named`).
    JsonValue effective_options(const JsonValue::Object& named = {}) const { return impl_->effective_options(named); }

    // How many image tokens the model's processor inserts for one height x width image,
    // from geometry alone (no pixels), for servers that allocate before decoding.
    // std::nullopt for models without a count. Values that belong to the model's Processor
    // (LLaVA-NeXT patch_size, Pixtral spatial_merge_size, Idefics3 image_seq_len, ...) are
    // options of the same name, from the config or `named`; a missing required one throws.
    std::optional<std::int64_t> image_token_count(int height, int width, const JsonValue::Object& named = {}) const {
        return impl_->image_token_count(height, width, named);
    }

    AnyProcessor with_backend_report(std::string requested, std::string fallback_reason) const {
        AnyProcessor copy = *this;
        copy.requested_ = std::move(requested);
        copy.fallback_reason_ = std::move(fallback_reason);
        return copy;
    }

private:
    template <class Processor> struct Holder final : Interface {
        Processor p;
        explicit Holder(Processor proc) : p(std::move(proc)) {}
        BatchFeature process(const ImageBatch& images, const JsonValue::Object& named) const override {
            return p(images, named);
        }
        std::string_view class_name() const override { return Processor::class_name(); }
        std::string_view backend_name() const override { return Processor::backend_name(); }
        JsonValue to_dict() const override { return p.to_dict(); }
        std::string save_pretrained(const std::string& dir) const override { return p.save_pretrained(dir); }
        std::vector<std::string> option_names() const override {
            return pixelprep::option_names<typename Processor::options_type>();
        }
        JsonValue effective_options(const JsonValue::Object& named) const override {
            return JsonValue(encode_options(p.effective_options(named)));
        }
        std::optional<std::int64_t> image_token_count(int height, int width,
                                                      const JsonValue::Object& named) const override {
            using M = typename Processor::model_type;
            if constexpr (requires(const typename Processor::options_type& o) { M::image_token_count(height, width, o); })
                return M::image_token_count(height, width, p.effective_options(named));
            else
                return std::nullopt;
        }
    };

    std::shared_ptr<const Interface> impl_;
    std::string requested_;
    std::string fallback_reason_;
};

}  // namespace pixelprep

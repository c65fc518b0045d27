#include "inputs.hpp"

#include <cstdint>
#include <span>
#include <utility>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/io/decode.hpp"

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

namespace nb = nanobind;

namespace pixelprep::python {

namespace {

PilMode parse_mode(const std::string& mode, std::size_t index) {
    if (mode == "L") return PilMode::L;
    if (mode == "LA") return PilMode::LA;
    if (mode == "RGB") return PilMode::RGB;
    if (mode == "RGBA") return PilMode::RGBA;
    throw InvalidArgument("input " + std::to_string(index) + ": PIL mode '" + mode +
                          "' is not one pixelprep reads (L, LA, RGB, RGBA); convert the image first");
}

std::string dtype_name(const nb::dlpack::dtype& d) {
    const char* kind = d.code == uint8_t(nb::dlpack::dtype_code::Int)     ? "int"
                       : d.code == uint8_t(nb::dlpack::dtype_code::UInt)  ? "uint"
                       : d.code == uint8_t(nb::dlpack::dtype_code::Float) ? "float"
                       : d.code == uint8_t(nb::dlpack::dtype_code::Bool)  ? "bool"
                                                                          : "other";
    return std::string(kind) + std::to_string(int(d.bits));
}

}  // namespace

CollectedInputs CollectedInputs::collect(nb::list items, nb::object samples) {
    CollectedInputs out;
    out.items_.reserve(items.size());
    std::size_t index = 0;
    for (nb::handle h : items) {
        const nb::tuple t = nb::cast<nb::tuple>(h);
        const std::string kind = nb::cast<std::string>(t[0]);
        Item item;
        if (kind == "array" || kind == "pil") {
            item.kind = kind == "array" ? Kind::array : Kind::pil;
            item.pixels = nb::cast<decltype(item.pixels)>(t[1]);
            const auto dt = item.pixels.dtype();
            const bool is_u8 = dt == nb::dtype<std::uint8_t>(), is_f32 = dt == nb::dtype<float>();
            if (!is_u8 && !(is_f32 && item.kind == Kind::array))
                throw ImageError("input " + std::to_string(index) + ": dtype " + dtype_name(dt) +
                                 " is not supported (give uint8, or float32 values)");
            if (item.kind == Kind::pil) item.mode = parse_mode(nb::cast<std::string>(t[2]), index);
        } else if (kind == "path") {
            item.kind = Kind::path;
            item.text = nb::cast<std::string>(t[1]);
        } else if (kind == "bytes") {
            item.kind = Kind::bytes;
            item.encoded = nb::cast<nb::bytes>(t[1]);
            item.text = nb::cast<std::string>(t[2]);
        } else {
            throw InvalidArgument("input " + std::to_string(index) + ": unknown item kind '" + kind + "'");
        }
        out.items_.push_back(std::move(item));
        ++index;
    }
    if (!samples.is_none()) out.samples_ = nb::cast<std::vector<std::size_t>>(samples);
    return out;
}

InputImage CollectedInputs::to_input(const Item& item, std::size_t index) const {
    try {
        switch (item.kind) {
            case Kind::path: return InputImage::decoded(io::decode_image_file(item.text));
            case Kind::bytes: {
                const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(item.encoded.c_str()),
                                                          item.encoded.size());
                return InputImage::decoded(io::decode_image_bytes(bytes, item.text));
            }
            case Kind::pil: {
                const std::size_t nd = item.pixels.ndim();
                if (nd != 2 && nd != 3)
                    throw ImageError("a PIL image's pixels must have 2 or 3 axes, got " + std::to_string(nd));
                const int h = int(item.pixels.shape(0)), w = int(item.pixels.shape(1));
                const int c = nd == 3 ? int(item.pixels.shape(2)) : 1;
                ImageU8 img(h, w, c);
                const auto* src = static_cast<const std::uint8_t*>(item.pixels.data());
                std::copy(src, src + img.size(), img.data());
                return InputImage::pil(std::move(img), item.mode);
            }
            case Kind::array: {
                std::vector<long long> shape;
                for (std::size_t i = 0; i < item.pixels.ndim(); ++i) shape.push_back((long long)item.pixels.shape(i));
                if (item.pixels.dtype() == nb::dtype<float>())
                    return InputImage::array(static_cast<const float*>(item.pixels.data()), std::move(shape));
                return InputImage::array(static_cast<const std::uint8_t*>(item.pixels.data()), std::move(shape));
            }
        }
    } catch (Error& e) {
        // Decoding errors already start with the file name; every error gets the index too.
        if (!e.input_index()) e.set_input_index(index);
        throw;
    }
    throw InvalidArgument("input " + std::to_string(index) + ": unknown item");
}

ImageBatch CollectedInputs::batch() const {
    std::vector<InputImage> images;
    images.reserve(items_.size());
    for (std::size_t i = 0; i < items_.size(); ++i) images.push_back(to_input(items_[i], i));
    if (!samples_) return ImageBatch(std::move(images));
    std::vector<std::vector<InputImage>> nested;
    std::size_t next = 0;
    for (std::size_t count : *samples_) {
        if (count > images.size() - next)
            throw InvalidArgument("nested batch: the sample sizes add up to more than the " +
                                  std::to_string(images.size()) + " images given");
        nested.emplace_back(std::make_move_iterator(images.begin() + std::ptrdiff_t(next)),
                            std::make_move_iterator(images.begin() + std::ptrdiff_t(next + count)));
        next += count;
    }
    if (next != images.size())
        throw InvalidArgument("nested batch: the sample sizes add up to " + std::to_string(next) + ", not the " +
                              std::to_string(images.size()) + " images given");
    return ImageBatch::nested(std::move(nested));
}

}  // namespace pixelprep::python

// BatchFeature: transformers' output map, key -> values, with xtensor arrays of
// transformers' dtypes. A key holds either a per-image list (what transformers returns
// without return_tensors) or one batched array; stacked() gives return_tensors="np".
// Besides the arrays, a key may hold a list of strings (OneFormer's task_inputs), which
// transformers keeps as a Python list under every return_tensors: text_keys() and
// text_list(), apart from keys(), so that code that reads arrays never meets one.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xstrides.hpp>
#include <xtensor/xview.hpp>

#include "pixelprep/core/array.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/working_image.hpp"

namespace pixelprep {

// float64 is for values transformers computes as Python floats (Fuyu's image_scale_factors),
// bool for numpy's boolean masks (Aria's pixel_mask).
using Tensor = std::variant<Array<float>, Array<std::int64_t>, Array<std::uint8_t>, Array<std::int32_t>, Array<double>,
                            Array<bool>>;

inline const char* tensor_dtype(const Tensor& t) {
    switch (t.index()) {
        case 0: return "float32";
        case 1: return "int64";
        case 2: return "uint8";
        case 3: return "int32";
        case 4: return "float64";
        default: return "bool";
    }
}
inline std::vector<std::size_t> tensor_shape(const Tensor& t) {
    return std::visit([](const auto& a) { return std::vector<std::size_t>(a.shape().begin(), a.shape().end()); }, t);
}
inline std::string shape_string(const std::vector<std::size_t>& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

// A channels-first working image as a C x H x W array of its own dtype.
inline Tensor to_tensor(const WorkingImage& img) {
    return std::visit(
        [](const auto& im) -> Tensor {
            using T = typename std::decay_t<decltype(im)>::value_type;
            std::vector<std::size_t> shape{std::size_t(im.channels()), std::size_t(im.height()), std::size_t(im.width())};
            Array<T> a = Array<T>::from_shape(shape);
            if (im.layout() == Layout::chw) {  // one copy, straight into the array
                std::copy(im.data(), im.data() + im.size(), a.data());
            } else {
                const std::size_t plane = std::size_t(im.height()) * std::size_t(im.width());
                const std::size_t C = std::size_t(im.channels());
                for (std::size_t c = 0; c < C; ++c)
                    for (std::size_t i = 0; i < plane; ++i) a.data()[c * plane + i] = im.data()[i * C + c];
            }
            return a;
        },
        img);
}

// The same, taking the image: a channels-first image that owns its pixels hands its buffer
// to the array (no copy of the output; Array and Image share the buffer type).
inline Tensor to_tensor(WorkingImage&& img) {
    return std::visit(
        [&](auto& im) -> Tensor {
            using T = typename std::decay_t<decltype(im)>::value_type;
            if (im.layout() != Layout::chw || im.is_borrowed()) return to_tensor(std::as_const(img));
            using Out = Array<T>;
            typename Out::inner_shape_type shape{std::size_t(im.channels()), std::size_t(im.height()),
                                                   std::size_t(im.width())};
            typename Out::inner_strides_type strides(3);
            xt::compute_strides(shape, xt::layout_type::row_major, strides);
            return Out(std::move(im).release(), std::move(shape), std::move(strides));
        },
        img);
}

class BatchFeature {
public:
    using Value = std::variant<std::vector<Tensor>, Tensor>;

    void set_list(const std::string& key, std::vector<Tensor> items) { set(key, std::move(items)); }
    void set_tensor(const std::string& key, Tensor t) { set(key, std::move(t)); }
    void set(const std::string& key, Value v) {
        data_[key] = std::move(v);
        int_lists_.erase(key);
        flat_int_lists_.erase(key);
    }
    // A per-image list of 1-D int64 arrays that transformers keeps as Python lists of ints under
    // every return_tensors (Mllama's num_tiles, Idefics3's rows/cols, EoMT's patch_offsets):
    // never stacked by the bindings. Other per-image int64 arrays (ImageGPT's input_ids) stack.
    void set_int_lists(const std::string& key, std::vector<Tensor> items) {
        set(key, std::move(items));
        int_lists_.insert(key);
    }
    bool holds_int_lists(const std::string& key) const { return int_lists_.count(key) != 0; }
    // A flat list of ints that transformers keeps as a Python list under every return_tensors
    // (skip_tensor_conversion: MiniCPM-V's num_patches_per_image): a 1-D int64 array here, which
    // the bindings hand over as a list (numpy's np.asarray of it is the same array).
    void set_int_list(const std::string& key, Array<std::int64_t> values) {
        set(key, Tensor(std::move(values)));
        flat_int_lists_.insert(key);
    }
    bool holds_int_list(const std::string& key) const { return flat_int_lists_.count(key) != 0; }
    void set_text_list(const std::string& key, std::vector<std::string> items) { texts_[key] = std::move(items); }

    std::vector<std::string> keys() const {
        std::vector<std::string> k;
        for (const auto& [name, v] : data_) k.push_back(name);
        return k;
    }
    bool contains(const std::string& key) const { return data_.count(key) != 0; }

    // The keys that hold a list of strings, and such a list.
    std::vector<std::string> text_keys() const {
        std::vector<std::string> k;
        for (const auto& [name, v] : texts_) k.push_back(name);
        return k;
    }
    const std::vector<std::string>& text_list(const std::string& key) const {
        auto it = texts_.find(key);
        if (it == texts_.end()) throw InvalidArgument("BatchFeature: no list of strings under '" + key + "'");
        return it->second;
    }

    // Every array, list items included, handed over; the BatchFeature is left empty (how a
    // caller gives its outputs back for reuse: core/output_storage.hpp).
    std::vector<Tensor> release_arrays() && {
        std::vector<Tensor> all;
        for (auto& [name, v] : data_) {
            if (auto* items = std::get_if<std::vector<Tensor>>(&v))
                for (auto& t : *items) all.push_back(std::move(t));
            else
                all.push_back(std::move(std::get<Tensor>(v)));
        }
        data_.clear();
        return all;
    }
    // Removes a key and hands its value over, arrays and all (a binding that gives the arrays
    // to another owner without a copy).
    Value take(const std::string& key) {
        auto it = data_.find(key);
        if (it == data_.end()) throw InvalidArgument("BatchFeature: no key '" + key + "'");
        Value v = std::move(it->second);
        data_.erase(it);
        int_lists_.erase(key);
        flat_int_lists_.erase(key);
        return v;
    }
    bool is_list(const std::string& key) const { return std::holds_alternative<std::vector<Tensor>>(at(key)); }

    // Per-image values (transformers without return_tensors).
    const std::vector<Tensor>& list(const std::string& key) const {
        const Value& v = at(key);
        if (!std::holds_alternative<std::vector<Tensor>>(v))
            throw InvalidArgument("BatchFeature: '" + key + "' is one batched array, not a per-image list; use stacked()");
        return std::get<std::vector<Tensor>>(v);
    }

    // The batched array (return_tensors="np"): a per-image list is stacked along a new
    // first axis, which needs equal shapes and dtypes, as numpy does.
    Tensor stacked(const std::string& key) const {
        const Value& v = at(key);
        if (std::holds_alternative<Tensor>(v)) return std::get<Tensor>(v);
        const auto& items = std::get<std::vector<Tensor>>(v);
        if (items.empty()) throw InvalidArgument("BatchFeature: '" + key + "' is an empty list; nothing to stack");
        const auto shape0 = tensor_shape(items[0]);
        for (const auto& t : items)
            if (t.index() != items[0].index() || tensor_shape(t) != shape0)
                throw InvalidArgument("BatchFeature: cannot stack '" + key + "': items have shapes " +
                                      shape_string(shape0) + " and " + shape_string(tensor_shape(t)) +
                                      " (pad them, or use list())");
        return std::visit(
            [&](const auto& first) -> Tensor {
                using A = std::decay_t<decltype(first)>;
                std::vector<std::size_t> shape{items.size()};
                shape.insert(shape.end(), shape0.begin(), shape0.end());
                A out(shape);
                std::size_t per = first.size(), offset = 0;
                for (const auto& t : items) {
                    const auto& a = std::get<A>(t);
                    std::copy(a.begin(), a.end(), out.data() + offset);
                    offset += per;
                }
                return out;
            },
            items[0]);
    }

    // The one array of a key that holds a single array, without a copy (stacked() copies a
    // list into a new array, and returns an array by value).
    const Tensor& tensor(const std::string& key) const {
        const Value& v = at(key);
        if (!std::holds_alternative<Tensor>(v))
            throw InvalidArgument("BatchFeature: '" + key + "' is a per-image list, not one array; use list()");
        return std::get<Tensor>(v);
    }

    template <class T> Array<T> stacked_as(const std::string& key) const {
        Tensor t = stacked(key);
        if (!std::holds_alternative<Array<T>>(t))
            throw InvalidArgument("BatchFeature: '" + key + "' has dtype " + tensor_dtype(t));
        return std::get<Array<T>>(std::move(t));
    }

private:
    std::map<std::string, Value> data_;
    std::map<std::string, std::vector<std::string>> texts_;
    std::set<std::string> int_lists_;
    std::set<std::string> flat_int_lists_;

    const Value& at(const std::string& key) const {
        auto it = data_.find(key);
        if (it == data_.end()) throw InvalidArgument("BatchFeature: no key '" + key + "'");
        return it->second;
    }
};

}  // namespace pixelprep

#include "outputs.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nanobind/ndarray.h>

namespace nb = nanobind;

namespace pixelprep::python {

namespace {

// One image's array as a batch of one: the same buffer with a leading axis of 1.
Tensor as_batch_of_one(Tensor&& t) {
    return std::visit(
        [](auto& a) -> Tensor {
            std::vector<std::size_t> shape{1};
            shape.insert(shape.end(), a.shape().begin(), a.shape().end());
            a.reshape(shape);
            return std::move(a);
        },
        t);
}

// The array moves to the heap; the capsule deletes it when numpy releases the last view.
template <class T> nb::object owning_numpy(Array<T>&& a) {
    auto owned = std::make_unique<Array<T>>(std::move(a));
    std::vector<std::size_t> shape(owned->shape().begin(), owned->shape().end());
    T* data = owned->data();
    nb::capsule owner(owned.get(), [](void* p) noexcept { delete static_cast<Array<T>*>(p); });
    owned.release();
    return nb::cast(nb::ndarray<nb::numpy, T>(data, shape.size(), shape.data(), owner));
}

nb::object to_numpy(Tensor&& t) {
    return std::visit([](auto& a) { return owning_numpy(std::move(a)); }, t);
}

nb::list int_lists(const std::vector<Tensor>& items) {
    nb::list out;
    for (const auto& t : items) {
        nb::list row;
        for (std::int64_t v : std::get<Array<std::int64_t>>(t)) row.append(v);
        out.append(row);
    }
    return out;
}

}  // namespace

PreparedOutputs prepare_outputs(BatchFeature&& feature, bool stack) {
    PreparedOutputs out;
    out.stack = stack;
    for (const auto& key : feature.keys()) {
        if (feature.holds_int_list(key)) {  // a Python list of ints under every return_tensors
            out.feature.set_int_list(key, std::get<Array<std::int64_t>>(std::get<Tensor>(feature.take(key))));
            continue;
        }
        if (!stack || !feature.is_list(key) || feature.holds_int_lists(key)) {
            out.feature.set(key, feature.take(key));
            continue;
        }
        if (feature.list(key).size() == 1) {  // no copy: the one array gains a leading axis
            auto items = std::get<std::vector<Tensor>>(feature.take(key));
            out.feature.set_tensor(key, as_batch_of_one(std::move(items[0])));
            continue;
        }
        out.feature.set_tensor(key, feature.stacked(key));  // the one copy return_tensors needs
    }
    for (const auto& key : feature.text_keys()) out.feature.set_text_list(key, feature.text_list(key));
    return out;
}

nb::dict to_python(PreparedOutputs&& outputs) {
    nb::dict d;
    BatchFeature& f = outputs.feature;
    for (const auto& key : f.keys()) {
        const bool flat_int_list = f.holds_int_list(key);
        BatchFeature::Value v = f.take(key);
        if (flat_int_list) {
            nb::list list;
            for (std::int64_t x : std::get<Array<std::int64_t>>(std::get<Tensor>(v))) list.append(x);
            d[key.c_str()] = list;
            continue;
        }
        if (auto* t = std::get_if<Tensor>(&v)) {
            d[key.c_str()] = to_numpy(std::move(*t));
            continue;
        }
        auto& items = std::get<std::vector<Tensor>>(v);
        if (outputs.stack) {  // only int lists are still lists after prepare_outputs
            d[key.c_str()] = int_lists(items);
            continue;
        }
        nb::list list;
        for (auto& t : items) list.append(to_numpy(std::move(t)));
        d[key.c_str()] = list;
    }
    for (const auto& key : f.text_keys()) {  // a Python list of str under every return_tensors
        nb::list list;
        for (const std::string& s : f.text_list(key)) list.append(nb::str(s.c_str(), s.size()));
        d[key.c_str()] = list;
    }
    return d;
}

}  // namespace pixelprep::python

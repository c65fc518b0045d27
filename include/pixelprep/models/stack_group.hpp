// One output array for a group of images that transformers keeps together: a video's frames
// (VideoMAE) or an image pair (SuperGlue). Each member is C x H x W of one dtype; the group
// becomes N x C x H x W, as np.array of the nested list gives it.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/errors.hpp"

namespace pixelprep {

// `member` and `group` name the parts in the error: ("frame", "video"), ("image", "pair").
inline Tensor stack_group(const std::vector<Tensor>& members, std::string_view class_name, std::string_view member,
                          std::string_view group) {
    const std::vector<std::size_t> first = tensor_shape(members.front());
    for (std::size_t i = 1; i < members.size(); ++i)
        if (tensor_shape(members[i]) != first)
            throw InvalidArgument(std::string(class_name) + ": " + std::string(member) + " " + std::to_string(i) +
                                  " of the " + std::string(group) + " is " + shape_string(tensor_shape(members[i])) +
                                  " after preprocessing and " + std::string(member) + " 0 is " + shape_string(first) +
                                  "; a " + std::string(group) + "'s " + std::string(member) +
                                  "s must end at one size to stack");
    return std::visit(
        [&](const auto& a0) -> Tensor {
            using A = std::decay_t<decltype(a0)>;
            std::vector<std::size_t> shape{members.size()};
            shape.insert(shape.end(), first.begin(), first.end());
            A stacked = A::from_shape(shape);
            for (std::size_t i = 0; i < members.size(); ++i) {
                const A& one = std::get<A>(members[i]);
                std::copy(one.data(), one.data() + one.size(), stacked.data() + i * one.size());
            }
            return stacked;
        },
        members.front());
}

}  // namespace pixelprep

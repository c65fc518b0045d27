// The list of an option struct's fields (OptionField descriptors of different value types)
// that its static fields() returns and for_each_field walks.
//
// Why not std::tuple: the registry translation unit builds every built-in model's list (16
// common fields plus the model's own) and walks it in a dozen places per model. libstdc++'s
// tuple checks each constructor's constraints over all elements (std::__and_, recursive
// _Tuple_impl), and tuple_cat and apply add their own layers: in clang's -ftime-trace of that
// translation unit, std::__and_, _Tuple_impl, apply and tuple_cat were the largest template
// instantiation entries. This list is a flat aggregate, one base per field, and the walk is one
// fold expression.
#pragma once

#include <cstddef>
#include <utility>

namespace pixelprep {

template <std::size_t I, class Field> struct FieldSlot {
    Field field;
};

template <class Indices, class... Fields> struct FieldListStorage;
template <std::size_t... I, class... Fields>
struct FieldListStorage<std::index_sequence<I...>, Fields...> : FieldSlot<I, Fields>... {
    // Calls f(field) for each field, in declaration order.
    template <class F> constexpr void for_each(F&& f) const {
        (f(static_cast<const FieldSlot<I, Fields>&>(*this).field), ...);
    }
};

template <class... Fields> struct FieldList : FieldListStorage<std::index_sequence_for<Fields...>, Fields...> {};

// Field I of a list (the slot's type is deduced from the list's unique FieldSlot<I, ...> base).
template <std::size_t I, class Field> constexpr const Field& field_at(const FieldSlot<I, Field>& slot) {
    return slot.field;
}

namespace detail {
template <class... Fields, std::size_t... I>
constexpr FieldList<Fields...> make_field_list(std::index_sequence<I...>, const Fields&... fields) {
    return FieldList<Fields...>{{FieldSlot<I, Fields>{fields}...}};
}
template <class... A, class... B, std::size_t... IA, std::size_t... IB>
constexpr FieldList<A..., B...> concat_field_lists(const FieldList<A...>& a, const FieldList<B...>& b,
                                                   std::index_sequence<IA...>, std::index_sequence<IB...>) {
    return make_field_list(std::index_sequence_for<A..., B...>{}, field_at<IA>(a)..., field_at<IB>(b)...);
}
}  // namespace detail

template <class... Fields> constexpr FieldList<Fields...> make_fields(const Fields&... fields) {
    return detail::make_field_list(std::index_sequence_for<Fields...>{}, fields...);
}

// a's fields, then b's: a model's list extends the common (or a base model's) list.
template <class... A, class... B>
constexpr FieldList<A..., B...> concat_fields(const FieldList<A...>& a, const FieldList<B...>& b) {
    return detail::concat_field_lists(a, b, std::index_sequence_for<A...>{}, std::index_sequence_for<B...>{});
}

}  // namespace pixelprep

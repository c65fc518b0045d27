#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <pixelprep/pixelprep.hpp>

#include "test_support.hpp"

using namespace pixelprep;
using namespace pixelprep_test;
namespace fs = std::filesystem;

using Clip = ImageProcessor<ClipModel, CpuPolicy>;

namespace {

bool same(const Tensor& a, const Tensor& b) { return a == b; }

}  // namespace

TEST_CASE("defaults are the transformers class attributes", "[processor]") {
    ImageProcessor<ClipModel, CpuPolicy> clip;
    CHECK(clip.options().size == SizeSpec::shortest(224));
    CHECK(clip.options().resample == Resample::bicubic);
    CHECK(clip.options().rescale_factor == 1.0 / 255.0);
    ImageProcessor<ConvNextModel, CpuPolicy> convnext;
    CHECK(convnext.options().crop_pct == 224.0 / 256.0);
    CHECK_FALSE(ImageProcessor<VitModel, CpuPolicy>().options().do_convert_rgb.has_value());
}

TEST_CASE("defaults <- config <- per-call options", "[processor]") {
    JsonValue cfg = parse_json(R"({"size": 256, "crop_size": 240, "do_center_crop": true})", "cfg.json");
    auto p = ImageProcessor<ClipModel, CpuPolicy>::from_config(cfg, "cfg.json");
    // CLIP has default_to_square = false: an int size means shortest_edge; crop_size is always square
    CHECK(p.options().size == SizeSpec::shortest(256));
    CHECK(p.options().crop_size == SizeSpec::exact(240, 240));
    PlainOptions call;
    call.crop_size = SizeSpec::exact(100, 120);
    const auto eff = p.effective_options(call);
    CHECK(eff.crop_size == SizeSpec::exact(100, 120));
    CHECK(eff.size == SizeSpec::shortest(256));

    const auto pixels = random_pixels(300 * 200 * 3, 1);
    const auto out = p(InputImage::array(pixels.data(), {300, 200, 3}), call);
    CHECK(tensor_shape(out.list("pixel_values")[0]) == std::vector<std::size_t>{3, 100, 120});
}

namespace {
// A model's own fields, once as a FieldList (what the built-in models return) and once as the
// std::tuple that docs/extending.md showed before FieldList: both must read the same keys.
struct ListedOptions : CommonOptions {
    std::optional<int> border;
    std::optional<std::string> label;
    static constexpr auto fields() {
        return concat_fields(common_fields<ListedOptions>(),
                             make_fields(OptionField<ListedOptions, int>{"border", &ListedOptions::border},
                                         OptionField<ListedOptions, std::string>{"label", &ListedOptions::label}));
    }
};
struct TupleOptions : CommonOptions {
    std::optional<int> border;
    std::optional<std::string> label;
    // Two of the common fields only: a user's list need not hold them all.
    static auto fields() {
        return std::make_tuple(OptionField<TupleOptions, bool>{"do_resize", &TupleOptions::do_resize},
                               OptionField<TupleOptions, SizeSpec>{"size", &TupleOptions::size},
                               OptionField<TupleOptions, int>{"border", &TupleOptions::border},
                               OptionField<TupleOptions, std::string>{"label", &TupleOptions::label});
    }
};
}  // namespace

TEST_CASE("option fields: a FieldList in declaration order, and a user's std::tuple read alike", "[processor][config]") {
    const std::vector<std::string> listed = option_names<ListedOptions>();
    REQUIRE(listed.size() == 18);
    CHECK(listed.front() == "do_convert_rgb");
    CHECK(listed[2] == "size");
    CHECK(listed[16] == "border");
    CHECK(listed[17] == "label");
    CHECK(option_names<TupleOptions>() == std::vector<std::string>{"do_resize", "size", "border", "label"});
    CHECK(is_option_name<TupleOptions>("label"));
    CHECK_FALSE(is_option_name<TupleOptions>("labels"));

    const JsonValue config = parse_json(R"({"do_resize": true, "size": {"height": 8, "width": 6}, "border": 3,
                                          "label": "x", "unknown": 1})",
                                        "test.json");
    const ListedOptions a = decode_options<ListedOptions>(config.as_object(), DecodeContext{"test.json"});
    const TupleOptions b = decode_options<TupleOptions>(config.as_object(), DecodeContext{"test.json"});
    CHECK(a.do_resize == true);
    CHECK(b.do_resize == true);
    CHECK(a.size == b.size);
    CHECK(a.size == SizeSpec::exact(8, 6));
    CHECK(a.border == 3);
    CHECK(b.border == 3);
    CHECK(a.label == std::optional<std::string>("x"));
    CHECK(b.label == a.label);
    CHECK(unknown_keys<ListedOptions>(config.as_object()) == std::vector<std::string>{"unknown"});
    CHECK(unknown_keys<TupleOptions>(config.as_object()) == std::vector<std::string>{"unknown"});
}

TEST_CASE("per-call options by name: unknown names are errors, known ones are typed", "[processor][errors]") {
    ImageProcessor<ClipModel, CpuPolicy> p;
    const auto pixels = random_pixels(50 * 60 * 3, 2);
    const ImageBatch batch(InputImage::array(pixels.data(), {50, 60, 3}));
    const JsonValue::Object typo{{"resampel", JsonValue(2)}};
    CHECK_THROWS_WITH(p(batch, typo), Catch::Contains("unknown option 'resampel'") && Catch::Contains("resample"));
    const JsonValue::Object wrong_type{{"do_resize", JsonValue("yes")}};
    CHECK_THROWS_WITH(p(batch, wrong_type), Catch::Contains("key 'do_resize': expected bool"));
    const JsonValue::Object bad_filter{{"resample", JsonValue(9)}};
    CHECK_THROWS_WITH(p(batch, bad_filter), Catch::Contains("key 'resample'"));
    const JsonValue::Object last{{"data_format", JsonValue("channels_last")}};
    CHECK_THROWS_WITH(p(batch, last), Catch::Contains("channels_first"));
    const auto a = p(batch, JsonValue::Object{{"resample", JsonValue("bilinear")}});
    PlainOptions typed;
    typed.resample = Resample::bilinear;
    CHECK(same(a.stacked("pixel_values"), p(batch, typed).stacked("pixel_values")));
    CHECK_FALSE(same(a.stacked("pixel_values"), p(batch).stacked("pixel_values")));
}

namespace {
// A model with no size default, to reach transformers' semantic validation.
struct BareModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "BareImageProcessor";
    static options_type defaults() { return base_defaults<options_type>(); }
};
}  // namespace

TEST_CASE("semantic validation raises transformers' errors", "[processor][errors]") {
    ImageProcessor<BareModel, CpuPolicy> p;
    const auto pixels = random_pixels(8 * 8 * 3, 3);
    const ImageBatch batch(InputImage::array(pixels.data(), {8, 8, 3}));
    PlainOptions o;
    o.do_resize = true;
    CHECK_THROWS_WITH(p(batch, o), "`size` and `resample` must be specified if `do_resize` is `True`.");
    o = {};
    o.do_normalize = true;
    CHECK_THROWS_WITH(p(batch, o), Catch::Contains("`image_mean` and `image_std` must both be specified"));
    o = {};
    o.do_center_crop = true;
    CHECK_THROWS_WITH(p(batch, o), Catch::Contains("`crop_size` must be specified"));
    // nothing enabled: uint8 passes through unchanged, as in transformers
    const auto out = p(batch);
    CHECK(std::string(tensor_dtype(out.list("pixel_values")[0])) == "uint8");
}

TEST_CASE("config errors name the file, the key, the expected type and the value", "[config][errors]") {
    CHECK_THROWS_WITH(Clip::from_config(parse_json(R"({"size": "big"})", "x.json"), "x.json"),
                      Catch::Contains("x.json: key 'size': expected a size") && Catch::Contains("\"big\""));
    CHECK_THROWS_WITH(
        Clip::from_config(parse_json(R"({"size": {"height": 3}})", "x.json"), "x.json"),
        Catch::Contains("size must have one of the following set of keys"));
    CHECK_THROWS_WITH(
        Clip::from_config(parse_json(R"({"image_mean": []})", "x.json"), "x.json"),
        Catch::Contains("key 'image_mean'"));
    CHECK_THROWS_WITH(
        Clip::from_config(parse_json(R"({"size": {"shortest_edge": -4}})", "x.json"), "x.json"),
        Catch::Contains("size.shortest_edge"));
    CHECK_THROWS_WITH(parse_json("{\"size\": ", "broken.json"), Catch::Contains("broken.json: malformed JSON"));
    CHECK_THROWS_WITH(
        Clip::from_config(parse_json(R"({"rescale_factor": 1e999})", "x.json"), "x.json"),
        Catch::Contains("malformed JSON") || Catch::Contains("finite"));
}

TEST_CASE("unknown config keys give one warning that lists them, and are saved back", "[config]") {
    CapturedLog log;
    auto p = ImageProcessor<ClipModel, CpuPolicy>::from_config(
        parse_json(R"({"image_seq_length": 576, "foo": 1, "bar": [1, 2], "processor_class": "CLIPProcessor",
                      "image_processor_type": "CLIPImageProcessor"})",
                   "c.json"),
        "c.json");
    REQUIRE(log.lines.size() == 1);
    CHECK(log.contains("unknown config keys: bar, foo"));
    const std::string saved = p.to_json_string();
    CHECK(saved.find("\"foo\": 1") != std::string::npos);
    CHECK(saved.find("processor_class") == std::string::npos);
    CHECK(saved.find("\"image_seq_length\": 576") != std::string::npos);
}

TEST_CASE("save_pretrained writes transformers' format and loads back to equal options", "[config]") {
    ModelDir dir;
    auto p = ImageProcessor<ConvNextModel, CpuPolicy>::from_config(
        parse_json(R"({"crop_pct": 0.9, "size": {"shortest_edge": 224}, "resample": 2, "image_mean": 0.5})", "c.json"),
        "c.json");
    const std::string file = p.save_pretrained(dir.path.string());
    auto q = ImageProcessor<ConvNextModel, CpuPolicy>::from_pretrained(dir.path.string());
    CHECK(q.options() == p.options());
    CHECK(q.to_json_string() == p.to_json_string());
    const std::string text = p.to_json_string();
    CHECK(text.find("\"image_processor_type\": \"ConvNextImageProcessor\"") != std::string::npos);
    CHECK(text.find("\"image_mean\": 0.5,") != std::string::npos);  // a scalar stays a scalar
    CHECK(text.find("\"resample\": 2") != std::string::npos);
    CHECK(text.find("default_to_square") == std::string::npos);
    CHECK(text.back() == '\n');
    CHECK_THROWS_AS(p.save_pretrained(file), InvalidArgument);  // a file, not a folder
}

TEST_CASE("python_float_repr matches Python's repr", "[config]") {
    CHECK(python_float_repr(1.0 / 255.0) == "0.00392156862745098");
    CHECK(python_float_repr(0.48145466) == "0.48145466");
    CHECK(python_float_repr(1.0) == "1.0");
    CHECK(python_float_repr(0.0001) == "0.0001");
    CHECK(python_float_repr(0.00001) == "1e-05");
    CHECK(python_float_repr(1e16) == "1e+16");
    CHECK(python_float_repr(123456789012345.0) == "123456789012345.0");
    CHECK(python_float_repr(-2.5) == "-2.5");
    CHECK(python_float_repr(224.0 / 256.0) == "0.875");
}

TEST_CASE("channel order: inferred as transformers does, or given explicitly", "[input]") {
    ImageProcessor<VitModel, CpuPolicy> vit;
    const auto hwc = random_pixels(20 * 30 * 3, 4);
    std::vector<std::uint8_t> chw(hwc.size());
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 30; ++x)
            for (int c = 0; c < 3; ++c) chw[std::size_t((c * 20 + y) * 30 + x)] = hwc[std::size_t((y * 30 + x) * 3 + c)];
    const auto a = vit(InputImage::array(hwc.data(), {20, 30, 3})).stacked("pixel_values");
    const auto b = vit(InputImage::array(chw.data(), {3, 20, 30})).stacked("pixel_values");
    const auto c = vit(InputImage::view(ImageView::hwc(hwc.data(), 20, 30, 3))).stacked("pixel_values");
    CHECK(same(a, b));
    CHECK(same(a, c));

    CapturedLog log;  // (3, 5, 4): both axes could be channels; the first wins with a warning
    const auto amb = random_pixels(3 * 5 * 4, 5);
    const auto r = vit(InputImage::array(amb.data(), {3, 5, 4}));
    CHECK(log.contains("ambiguous"));
    CHECK(tensor_shape(r.list("pixel_values")[0]) == std::vector<std::size_t>{3, 224, 224});

    const auto bad = random_pixels(5 * 6 * 7, 6);
    CHECK_THROWS_WITH(vit(InputImage::array(bad.data(), {5, 6, 7})), Catch::Contains("Unable to infer channel dimension"));
    CHECK_THROWS_WITH(vit(ImageBatch{}), Catch::Contains("empty input"));
}

TEST_CASE("gray and RGBA arrays with do_convert_rgb follow transformers' convert_to_rgb", "[input]") {
    ImageProcessor<ClipModel, CpuPolicy> clip;  // do_convert_rgb = true
    const auto gray = random_pixels(40 * 30, 7);
    CHECK_THROWS_WITH(clip(InputImage::array(gray.data(), {40, 30})), Catch::Contains("Could not make a flat list of images"));
    const auto g3 = clip(InputImage::array(gray.data(), {40, 30, 1})).stacked_as<float>("pixel_values");
    CHECK(g3.shape()[1] == 3);
    // gray repeated: the three channels differ only by the per-channel normalisation
    PlainOptions no_norm;
    no_norm.do_normalize = false;
    const auto g = clip(InputImage::array(gray.data(), {40, 30, 1}), no_norm).stacked_as<float>("pixel_values");
    CHECK(g(0, 0, 5, 5) == g(0, 2, 5, 5));

    std::vector<std::uint8_t> rgba(2 * 2 * 4, 0);  // fully transparent black becomes white
    const auto out = ImageProcessor<ClipModel, CpuPolicy>()(InputImage::array(rgba.data(), {2, 2, 4}), no_norm);
    PlainOptions o2 = no_norm;
    o2.do_rescale = false;
    const auto raw = ImageProcessor<ClipModel, CpuPolicy>()(InputImage::array(rgba.data(), {2, 2, 4}), o2).stacked_as<std::uint8_t>("pixel_values");
    CHECK(raw(0, 0, 0, 0) == 255);
    CHECK(raw(0, 2, 223, 223) == 255);
    (void)out;
}

TEST_CASE("batches: lists, 4-D stacks and nested samples flatten like make_flat_list_of_images", "[input]") {
    ImageProcessor<SiglipModel, CpuPolicy> p;
    const auto stack = random_pixels(3 * 16 * 16 * 3, 8);
    const auto from4d = p(InputImage::array(stack.data(), {3, 16, 16, 3}));
    CHECK(from4d.list("pixel_values").size() == 3);
    CHECK(tensor_shape(from4d.stacked("pixel_values")) == std::vector<std::size_t>{3, 3, 224, 224});
    const auto one = p(InputImage::array(stack.data() + 16 * 16 * 3, {16, 16, 3}));
    CHECK(same(one.list("pixel_values")[0], from4d.list("pixel_values")[1]));
    auto nested = ImageBatch::nested({{InputImage::array(stack.data(), {16, 16, 3})},
                                      {InputImage::array(stack.data(), {16, 16, 3}), InputImage::array(stack.data(), {16, 16, 3})}});
    CHECK(p(nested).list("pixel_values").size() == 3);
}

TEST_CASE("ragged outputs stack only after padding", "[output]") {
    ImageProcessor<ClipModel, CpuPolicy> p;
    PlainOptions o;
    o.do_center_crop = false;
    const auto a = random_pixels(100 * 200 * 3, 9), b = random_pixels(200 * 100 * 3, 10);
    const ImageBatch batch(std::vector<InputImage>{InputImage::array(a.data(), {100, 200, 3}),
                                                   InputImage::array(b.data(), {200, 100, 3})});
    const auto out = p(batch, o);
    CHECK(tensor_shape(out.list("pixel_values")[0]) == std::vector<std::size_t>{3, 224, 448});
    CHECK_THROWS_WITH(out.stacked("pixel_values"), Catch::Contains("cannot stack"));
    o.do_pad = true;
    const auto padded = p(batch, o);
    CHECK(tensor_shape(padded.stacked("pixel_values")) == std::vector<std::size_t>{2, 3, 448, 448});
}

TEST_CASE("LLaVA pads to a square with int(mean * 255) before resizing", "[models]") {
    ImageProcessor<LlavaModel, CpuPolicy> llava;
    PlainOptions o;
    o.do_pad = true;
    o.do_resize = false;
    o.do_center_crop = false;
    o.do_rescale = false;
    o.do_normalize = false;
    std::vector<std::uint8_t> img(2 * 6 * 3, 7);
    const auto out = llava(InputImage::array(img.data(), {2, 6, 3}), o).stacked_as<std::uint8_t>("pixel_values");
    REQUIRE(out.shape()[2] == 6);
    CHECK(out(0, 0, 0, 0) == 122);  // int(0.48145466 * 255)
    CHECK(out(0, 1, 0, 0) == 116);
    CHECK(out(0, 2, 0, 0) == 104);
    CHECK(out(0, 0, 2, 0) == 7);  // start = (6 - 2) // 2 = 2
    CHECK(out(0, 0, 3, 5) == 7);
    CHECK(out(0, 0, 4, 0) == 122);
}

TEST_CASE("ConvNext below 384 resizes to shortest_edge / crop_pct and crops", "[models]") {
    auto p = ImageProcessor<ConvNextModel, CpuPolicy>::from_config(parse_json(R"({"size": {"shortest_edge": 224}})", "c"), "c");
    const auto px = random_pixels(300 * 400 * 3, 11);
    const auto out = p(InputImage::array(px.data(), {300, 400, 3}));
    CHECK(tensor_shape(out.list("pixel_values")[0]) == std::vector<std::size_t>{3, 224, 224});
    // the same as resizing to int(224 / 0.875) = 256 on the short side and center-cropping
    WorkingImage w = CpuPolicy::process_image(InputImage::array(px.data(), {300, 400, 3}), {});
    w = CpuPolicy::resize(w, {256, 341}, Resample::bicubic);
    w = CpuPolicy::center_crop(w, 224, 224);
    w = CpuPolicy::rescale(w, 1.0 / 255.0);
    const std::vector<double> half{0.5, 0.5, 0.5};
    w = CpuPolicy::normalize(w, half, half);
    CHECK(same(to_tensor(w), out.list("pixel_values")[0]));
    const JsonValue::Object square{{"size", parse_json(R"({"height": 2, "width": 2})", "s")}};
    const InputImage input = InputImage::array(px.data(), {300, 400, 3});
    CHECK_THROWS_WITH(p(input, square), Catch::Contains("must contain 'shortest_edge'"));
}

TEST_CASE("BatchFeature::take hands a key's arrays over without a copy; set puts a value back", "[processor]") {
    BatchFeature out;
    Array<float> a = Array<float>::from_shape({2, 3});
    a(1, 2) = 7.0f;
    const float* data = a.data();
    out.set_tensor("pixel_values", std::move(a));
    BatchFeature::Value taken = out.take("pixel_values");
    CHECK_FALSE(out.contains("pixel_values"));
    auto& tensor = std::get<Tensor>(taken);
    CHECK(std::get<Array<float>>(tensor).data() == data);  // the same buffer: moved, not copied
    CHECK_THROWS_WITH(out.take("pixel_values"), Catch::Contains("no key 'pixel_values'"));
    out.set("pixel_values", std::move(taken));
    REQUIRE(out.contains("pixel_values"));
    CHECK(std::get<Array<float>>(out.tensor("pixel_values"))(1, 2) == 7.0f);
}

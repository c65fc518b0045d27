#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/corpus/<target>/.

    .venv/bin/python fuzz/make_corpus.py              # all targets; needs Pillow (the test venv has it)
    python3 fuzz/make_corpus.py fuzz_config           # the named targets only (no Pillow needed)

fuzz_decode:    one flags byte (see fuzz_decode.cpp) + a small image file: the images of
                tests/data/images shrunk to at most 24 pixels a side in their own format and
                mode (EXIF kept), and tiny handcrafted JPEG/PNG/WebP variants (modes, bit
                depths, interlacing, progressive, CMYK, EXIF/XMP orientation, text chunks,
                animation, truncation), and GIF, BMP (raw and RLE), TIFF (LZW, Deflate,
                JPEG, PackBits, Group 4, CMYK, 16-bit, orientation, multipage) and AVIF seeds.
fuzz_config:    the bundled example configs, the golden test configs, valid JSON with
                absurd values (sizes 0, negative, 1e12, empty or 1000-element mean/std,
                unknown resample codes, contradictory keys, wrong types, remote code), and
                small-CLASS: every class with the small sizes fuzz_processor builds it with
                (read from small_configs() in fuzz/fuzz_processor.cpp), which run the whole
                recipe within fuzz_config's 64 x 64 pixel limit.
fuzz_processor: FuzzedDataProvider inputs (random bytes, deterministic).

Seeds are deterministic; re-running rewrites the same files. Inputs that reproduced bugs
fixed since are named regression-* (see tests/unit/test_fuzz_regressions.cpp).
"""
import io
import json
import os
import random
import struct
import sys
import zlib
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- fuzz_decode
def bmp_rle8():
    """An 8x4 RLE8 BMP: encoded runs, an absolute run, end of line, end of bitmap."""
    palette = b"".join(bytes([i * 30, 255 - i * 30, i * 7, 0]) for i in range(8))
    rows = b"".join(bytes([3, y, 0, 3, 1, 2, 3, 0, 2, 7, 0, 0]) for y in range(4)) + b"\0\1"
    header = struct.pack("<IiiHHIIiiII", 40, 8, 4, 1, 8, 1, len(rows), 0, 0, 8, 0)
    offset = 14 + 40 + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset) + header + palette + rows


FLAGS_ORIENT = 0x01 | (3 << 1)        # orientation on, max_pixels 2^22
FLAGS_NO_ORIENT_CMP = (3 << 1) | 0x08  # orientation off, compare with on
FLAGS_SMALL_LIMIT = 0x01               # orientation on, max_pixels 2^12


def gradient(mode, w, h):
    from PIL import Image
    img = Image.new("RGB", (w, h))
    img.putdata([((x * 37 + y * 11) % 256, (x * 5 + y * 53) % 256, (x * y * 3) % 256) for y in range(h) for x in range(w)])
    if mode == "RGBA":
        img = img.convert("RGBA")
        img.putalpha(Image.linear_gradient("L").resize((w, h)))
    elif mode != "RGB":
        img = img.convert(mode)
    return img


def save(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def exif_orientation(value):
    from PIL import Image
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def raw_png(w, h, depth, color_type, rows, interlace=0, extra=b""):
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra +
            png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))


def decode_seeds():
    from PIL import Image, PngImagePlugin
    out = {}
    src = os.path.join(ROOT, "tests", "data", "images")
    for name in sorted(os.listdir(src)):
        if not name.lower().endswith((".png", ".jpg", ".jpeg", ".webp")):
            continue
        with Image.open(os.path.join(src, name)) as im:
            fmt = im.format
            exif = im.info.get("exif")
            small = im.copy()
            small.thumbnail((24, 24))
            kw = {"exif": exif} if exif else {}
            if fmt == "JPEG":
                kw["quality"] = 80
            out["data-" + name] = save(small, fmt, **kw)

    g = lambda m, w=9, h=7: gradient(m, w, h)
    # JPEG: gray, RGB 4:2:0 / 4:4:4, progressive, CMYK, EXIF and XMP orientations, restart markers.
    out["jpeg-gray.jpg"] = save(g("L"), "JPEG")
    out["jpeg-rgb-420.jpg"] = save(g("RGB", 17, 11), "JPEG", subsampling=2)
    out["jpeg-rgb-444.jpg"] = save(g("RGB"), "JPEG", subsampling=0)
    out["jpeg-progressive.jpg"] = save(g("RGB", 16, 16), "JPEG", progressive=True)
    out["jpeg-cmyk.jpg"] = save(g("CMYK"), "JPEG")
    for v in (3, 6, 8):
        out["jpeg-exif%d.jpg" % v] = save(g("RGB", 5, 3), "JPEG", exif=exif_orientation(v))
    xmp = b'<x:xmpmeta><rdf:Description tiff:Orientation="6"/></x:xmpmeta>'
    out["jpeg-xmp6.jpg"] = save(g("RGB", 5, 3), "JPEG", xmp=xmp)
    out["jpeg-restart.jpg"] = save(g("RGB", 32, 16), "JPEG", restart_marker_blocks=1)
    out["jpeg-truncated.jpg"] = save(g("RGB", 16, 16), "JPEG")[:-40]
    # PNG: every colour type and depth that matters, tRNS, interlacing, metadata chunks.
    out["png-1bit.png"] = save(g("1"), "PNG")
    out["png-L.png"] = save(g("L"), "PNG")
    out["png-I16.png"] = save(g("L").convert("I;16"), "PNG")
    out["png-P.png"] = save(g("RGB").quantize(7), "PNG", transparency=2)
    out["png-LA.png"] = save(g("LA"), "PNG")
    out["png-RGBA.png"] = save(g("RGBA"), "PNG")
    out["png-exif6.png"] = save(g("RGB", 5, 3), "PNG", exif=exif_orientation(6))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", '<x tiff:Orientation="8"/>', zip=True)
    info.add_text("Raw profile type exif", "\nexif\n      18\n" + exif_orientation(3)[:9].hex(), zip=True)
    out["png-text.png"] = save(g("RGB", 5, 3), "PNG", pnginfo=info)
    rows16 = b"".join(b"\x00" + bytes((x * 7 + y) % 256 for x in range(3 * 2 * 4)) for y in range(3))
    out["png-rgb16.png"] = raw_png(4, 3, 16, 2, rows16)
    rows2 = b"".join(b"\x00" + bytes([0b00011011, 0b11100100]) for _ in range(5))
    out["png-gray2.png"] = raw_png(8, 5, 2, 0, rows2)
    # Adam7: 8x8 RGB, rows of every pass, filter byte 0.
    passes = [(1, 1), (1, 1), (2, 1), (2, 2), (4, 2), (4, 4), (8, 4)]
    adam = b"".join(b"".join(b"\x00" + bytes(range(3 * pw)) for _ in range(ph)) for pw, ph in passes)
    out["png-adam7.png"] = raw_png(8, 8, 8, 2, adam, interlace=1)
    out["png-truncated.png"] = save(g("RGB", 16, 16), "PNG")[:-20]
    # WebP: lossless, lossy, alpha, EXIF, animated.
    out["webp-lossless.webp"] = save(g("RGB"), "WEBP", lossless=True)
    out["webp-lossy.webp"] = save(g("RGB", 16, 12), "WEBP", quality=50)
    out["webp-alpha.webp"] = save(g("RGBA"), "WEBP", lossless=True)
    out["webp-exif6.webp"] = save(g("RGB", 5, 3), "WEBP", lossless=True, exif=exif_orientation(6))
    frames = [g("RGB", 6, 6), g("RGB", 6, 6).transpose(Image.Transpose.ROTATE_90)]
    out["webp-animated.webp"] = save(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    # GIF, BMP, TIFF, AVIF: the variants the decoders tell apart.
    out["gif-P.gif"] = save(g("P"), "GIF")
    out["gif-L-transparency.gif"] = save(g("L"), "GIF", transparency=3)
    gif_frames = [g("RGB", 6, 6), g("RGB", 6, 6).transpose(Image.Transpose.ROTATE_90)]
    out["gif-animated.gif"] = save(gif_frames[0], "GIF", save_all=True, append_images=gif_frames[1:])
    out["bmp-24.bmp"] = save(g("RGB", 5, 3), "BMP")
    out["bmp-32.bmp"] = save(g("RGBA", 5, 3), "BMP")
    out["bmp-P.bmp"] = save(g("RGB").quantize(7), "BMP")
    out["bmp-1.bmp"] = save(g("1"), "BMP")
    out["bmp-rle8.bmp"] = bmp_rle8()
    out["tiff-lzw.tif"] = save(g("RGB", 6, 5), "TIFF", compression="tiff_lzw")
    out["tiff-deflate-L.tif"] = save(g("L"), "TIFF", compression="tiff_deflate")
    out["tiff-jpeg.tif"] = save(g("RGB", 16, 8), "TIFF", compression="jpeg")
    out["tiff-cmyk.tif"] = save(g("CMYK", 4, 3), "TIFF")
    out["tiff-I16.tif"] = save(g("L").convert("I;16"), "TIFF", compression="packbits")
    out["tiff-1-group4.tif"] = save(g("1"), "TIFF", compression="group4")
    out["tiff-exif6.tif"] = save(g("RGB", 5, 3), "TIFF", tiffinfo={274: 6})
    out["tiff-multipage.tif"] = save(g("RGB", 4, 4), "TIFF", save_all=True, append_images=[g("L", 3, 3)])
    out["avif-rgb.avif"] = save(g("RGB", 8, 6), "AVIF", quality=50)
    out["avif-alpha.avif"] = save(g("RGBA", 8, 6), "AVIF", quality=50)
    out["avif-exif6.avif"] = save(g("RGB", 5, 3), "AVIF", quality=50, exif=exif_orientation(6))
    # Not images: empty, text, other formats.
    out["other-text.txt"] = b"not an image\n"

    for name, data in out.items():
        flags = FLAGS_ORIENT
        if "exif" in name or "xmp" in name or "text" in name:
            write("fuzz_decode", name + ".noorient", bytes([FLAGS_NO_ORIENT_CMP]) + data)
        write("fuzz_decode", name, bytes([flags]) + data)
    write("fuzz_decode", "limit-small.jpg", bytes([FLAGS_SMALL_LIMIT]) + out["jpeg-rgb-420.jpg"])
    # A PNG header declaring 100000 x 100000 (ImageTooLarge before any allocation).
    big = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    write("fuzz_decode", "png-huge-header.png",
          bytes([FLAGS_ORIENT]) + b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", big) + png_chunk(b"IEND", b""))


# ---------------------------------------------------------------- fuzz_config
def config_seeds():
    def add(name, obj):
        text = obj if isinstance(obj, str) else json.dumps(obj, indent=1)
        write("fuzz_config", name + ".json", text.encode())

    for model in sorted(os.listdir(os.path.join(ROOT, "examples", "models"))):
        d = os.path.join(ROOT, "examples", "models", model)
        for f in ("preprocessor_config.json", "config.json"):
            p = os.path.join(d, f)
            if os.path.isfile(p):
                with open(p, "rb") as fh:
                    write("fuzz_config", "example-%s-%s" % (model, f), fh.read())
    for sub in ("golden", "golden_vlm"):
        d = os.path.join(ROOT, "tests", sub, "configs")
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            with open(os.path.join(d, f)) as fh:
                cfg = json.load(fh)
            cfg = {k: v for k, v in cfg.items() if not k.startswith("_")}
            add("golden-" + os.path.splitext(f)[0], cfg)

    clip = "CLIPImageProcessor"
    absurd = {
        "size-zero": {"image_processor_type": clip, "size": 0, "crop_size": 0},
        "size-zero-dict": {"image_processor_type": "ViTImageProcessor", "size": {"height": 0, "width": 0}},
        "size-negative": {"image_processor_type": clip, "size": -224},
        "size-negative-dict": {"image_processor_type": "ViTImageProcessor", "size": {"height": -1, "width": 5}},
        "size-1e12": {"image_processor_type": clip, "size": 1000000000000},
        "size-1e12-float": {"image_processor_type": clip, "size": 1e12},
        "size-max-side": {"image_processor_type": "ViTImageProcessor", "size": {"height": 16777216, "width": 16777216}},
        "size-huge-shortest": {"image_processor_type": clip, "size": {"shortest_edge": 16777216}, "do_center_crop": False},
        "size-longest-zero": {"image_processor_type": clip, "size": {"shortest_edge": 224, "longest_edge": 0}},
        "size-float-list": {"image_processor_type": clip, "size": [224.5, 224]},
        "size-three-list": {"image_processor_type": clip, "size": [1, 2, 3]},
        "size-unknown-key": {"image_processor_type": clip, "size": {"depth": 3}},
        "size-contradictory": {"image_processor_type": clip, "size": {"height": 224, "width": 224, "shortest_edge": 100}},
        "crop-larger": {"image_processor_type": clip, "size": 8, "crop_size": {"height": 4000, "width": 3}},
        "mean-empty": {"image_processor_type": clip, "image_mean": [], "image_std": []},
        "mean-1000": {"image_processor_type": clip, "image_mean": [0.5] * 1000, "image_std": [0.5] * 1000},
        "mean-two": {"image_processor_type": clip, "image_mean": [0.5, 0.5], "image_std": [0.1, 0.1]},
        "mean-scalar": {"image_processor_type": clip, "image_mean": 0.5, "image_std": 0.25},
        "mean-strings": {"image_processor_type": clip, "image_mean": ["a", "b", "c"]},
        "std-zero": {"image_processor_type": clip, "image_std": [0, 0, 0]},
        "mean-huge": {"image_processor_type": "LlavaImageProcessor", "do_pad": True, "image_mean": [1e300, -1e300, 1e30]},
        "resample-unknown": {"image_processor_type": clip, "resample": 7},
        "resample-negative": {"image_processor_type": clip, "resample": -1},
        "resample-name": {"image_processor_type": clip, "resample": "antialias"},
        "resample-bogus": {"image_processor_type": clip, "resample": "sharpest"},
        "resample-float": {"image_processor_type": clip, "resample": 3.0},
        "rescale-huge": {"image_processor_type": clip, "rescale_factor": 1e308},
        "rescale-negative": {"image_processor_type": clip, "rescale_factor": -1},
        "contradictory-flags": {"image_processor_type": clip, "do_resize": True, "size": None, "do_normalize": True,
                                "image_mean": None},
        "contradictory-types": {"image_processor_type": clip, "feature_extractor_type": "ViTFeatureExtractor",
                                "auto_map": {"AutoImageProcessor": "remote.OtherProcessor"}},
        "remote-code": {"auto_map": {"AutoImageProcessor": ["model.FancyImageProcessor", None]}},
        "type-wrong": {"image_processor_type": 5},
        "type-unknown": {"image_processor_type": "SuperImageProcessorFast"},
        "bools-as-ints": {"image_processor_type": clip, "do_resize": 1, "do_normalize": "yes"},
        "default-to-square-null": {"image_processor_type": clip, "default_to_square": None, "size": 5},
        "input-format-bogus": {"image_processor_type": clip, "input_data_format": "channels_middle"},
        "convnext-crop-pct-zero": {"image_processor_type": "ConvNextImageProcessor", "crop_pct": 0, "size": {"shortest_edge": 200}},
        "convnext-crop-pct-tiny": {"image_processor_type": "ConvNextImageProcessor", "crop_pct": 1e-300, "size": {"shortest_edge": 200}},
        "convnext-crop-pct-negative": {"image_processor_type": "ConvNextImageProcessor", "crop_pct": -0.5, "size": {"shortest_edge": 200}},
        "llava-next-pinpoints-huge": {"image_processor_type": "LlavaNextImageProcessor", "image_grid_pinpoints": [[16777216, 16777216]]},
        "llava-next-tile-one": {"image_processor_type": "LlavaNextImageProcessor", "crop_size": {"height": 1, "width": 1},
                                "image_grid_pinpoints": [[2048, 2048]]},
        "llava-next-pinpoints-zero": {"image_processor_type": "LlavaNextImageProcessor", "image_grid_pinpoints": [[0, 5]]},
        "qwen-pixels-negative": {"image_processor_type": "Qwen2VLImageProcessor", "min_pixels": -5, "max_pixels": -10},
        "qwen-pixels-huge": {"image_processor_type": "Qwen2VLImageProcessor", "min_pixels": 1000000000000, "max_pixels": 1000000000000},
        "qwen-patch-overflow": {"image_processor_type": "Qwen2VLImageProcessor", "patch_size": 1073741824, "merge_size": 4},
        "qwen-temporal-huge": {"image_processor_type": "Qwen2VLImageProcessor", "temporal_patch_size": 2147483647,
                               "patch_size": 1, "merge_size": 1, "do_resize": False},
        "qwen-patch-zero": {"image_processor_type": "Qwen2VLImageProcessor", "patch_size": 0},
        "siglip2-max-patches": {"image_processor_type": "Siglip2ImageProcessor", "max_num_patches": 16777216},
        "gemma3-crops": {"image_processor_type": "Gemma3ImageProcessor", "do_pan_and_scan": True,
                         "pan_and_scan_min_crop_size": 1, "pan_and_scan_max_num_crops": 100000000,
                         "pan_and_scan_min_ratio_to_activate": 0.0},
        "pad-size-huge": {"image_processor_type": clip, "do_pad": True, "pad_size": {"height": 16777216, "width": 16777216}},
        "nested-deep": "[" * 100 + "]" * 100,
        "int-too-large": '{"image_processor_type": "CLIPImageProcessor", "size": 18446744073709551615}',
        "duplicate-keys": '{"image_processor_type": "CLIPImageProcessor", "size": 5, "size": {"height": 2, "width": 3}}',
        "not-object": "[1, 2, 3]",
        "nested-image-processor": {"image_processor": {"image_processor_type": clip, "size": 3}},
        "unicode-keys": {"image_processor_type": clip, "\u00e9\u4e2d\U0001f600": "\ud7ff", "size": 10},
    }
    # These crashed (UBSan), ran out of memory or timed out before the fixes.
    regressions = {"mean-huge", "qwen-pixels-negative", "qwen-pixels-huge", "qwen-patch-overflow",
                   "qwen-temporal-huge", "llava-next-tile-one"}
    for name, obj in absurd.items():
        add(("regression-" if name in regressions else "absurd-") + name, obj)

    # One table for both targets: fuzz_processor.cpp's small_configs().
    with open(os.path.join(ROOT, "fuzz", "fuzz_processor.cpp")) as fh:
        source = fh.read()
    table = source[source.index("small_configs() {"):source.index("return configs;")]
    entries = re.findall(r'\{"(\w+)", R"\((.*?)\)"\}', table, re.S)
    if not entries:
        sys.exit("make_corpus.py: no small_configs() entries found in fuzz/fuzz_processor.cpp")
    for cls, text in entries:
        add("small-" + cls, dict({"image_processor_type": cls}, **json.loads(text)))


# ---------------------------------------------------------------- fuzz_processor
def processor_seeds():
    rng = random.Random(1234)
    for i in range(40):
        n = rng.choice([8, 16, 32, 64, 128, 256])
        write("fuzz_processor", "random-%02d" % i, bytes(rng.randrange(256) for _ in range(n)))


def main():
    writers = {"fuzz_decode": decode_seeds, "fuzz_config": config_seeds, "fuzz_processor": processor_seeds}
    targets = sys.argv[1:] or list(writers)
    for t in targets:
        if t not in writers:
            sys.exit("make_corpus.py: unknown target %r (%s)" % (t, ", ".join(writers)))
        writers[t]()
    for t in targets:
        d = os.path.join(CORPUS, t)
        files = os.listdir(d)
        print("%s: %d files, %d bytes" % (t, len(files), sum(os.path.getsize(os.path.join(d, f)) for f in files)))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""decode-parity: pixelprep::io against transformers' load_image, byte for byte.

load_image(path) is Image.open(path), ImageOps.exif_transpose(...), .convert("RGB"). This
script makes test files into a temporary directory (with Pillow where Pillow can write the
variant, by hand where it cannot: 2/4/16-bit PNGs, interlacing, odd chunks, crafted EXIF,
GIF blocks, BMP headers and RLE, TIFF layouts), records what Pillow returns for each (an
.npy, or ERROR when Pillow raises), and asks the C++ checker to reproduce every result.
Files whose decode Pillow rejects must be rejected too. Every file is checked with the
orientation applied; the orientation cases (JPEG, PNG, WebP, TIFF, AVIF) also without it
(against Image.open(path).convert("RGB")). Every format must match byte for byte except
AVIF, held to AVIF_MAX_ABS_DIFF (see there). Prints, per format: cases, how many Pillow
refuses, and max|d| over the decoded ones.

Needs pillow==13.0.0 and numpy (tools/setup_python_env.sh). Last line of output:
    decode parity: N files, M mismatches
"""
import argparse
import collections
import glob
import io
import os
import struct
import subprocess
import sys
import tempfile
import zlib

try:
    import numpy as np
    import PIL
    from PIL import Image, ImageOps, features
except ImportError as exc:  # pragma: no cover - reported as a skip by meson (exit 77)
    print(f"SKIP: decode-parity needs numpy and pillow==13.0.0 ({exc}); run tools/setup_python_env.sh")
    sys.exit(77)

PINNED_PILLOW = "13.0.0"
# AVIF is the one format compared within a bound: Pillow's wheel decodes it with its bundled
# libavif 1.x + dav1d, pixelprep with the system's libavif (Debian 12: 0.11.1); the AV1
# decoders agree, but libavif's YUV -> RGB conversion rounds differently across versions and
# builds (libyuv or built-in paths), so exactness is not guaranteed. The bound is the largest
# difference measured over every AVIF case below: 0 with Debian 12's libavif 0.11.1 + dav1d
# 1.0.0 against Pillow 13.0.0's libavif 1.4.2 + dav1d 1.5.3. Raise it (and docs/formats.md)
# if another build measures more; see docs/formats.md.
AVIF_MAX_ABS_DIFF = 0
AVIF_WHY = "the measured bound; libavif builds may round YUV->RGB differently"
RNG = np.random.default_rng(20261129)


# ---------------------------------------------------------------------------------------
# pixel content

def photo(h, w, c):
    """Smooth gradients plus noise and a few hard edges: exercises IDCT, upsampling, filters."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    chans = []
    for k in range(c):
        base = (xx * (k + 1) * 97 / max(w, 1) + yy * (3 - k % 3) * 61 / max(h, 1)) % 256
        chans.append(base)
    a = np.stack(chans, axis=-1) + RNG.normal(0, 18, (h, w, c))
    a[h // 3: h // 2, w // 4: w // 2] = 255 - a[h // 3: h // 2, w // 4: w // 2]
    return np.clip(a, 0, 255).astype(np.uint8)


def pil(h, w, mode):
    if mode == "1":
        return Image.fromarray(photo(h, w, 1)[..., 0] > 127)
    if mode in ("L", "P"):
        im = Image.fromarray(photo(h, w, 1)[..., 0], "L")
        return im if mode == "L" else Image.fromarray(photo(h, w, 3), "RGB").quantize(200)
    if mode == "I;16":
        # Half the values stay below 300, around the 255 clamp of I;16 -> RGB.
        big = RNG.integers(0, 65536, (h, w))
        return Image.fromarray(np.where(RNG.random((h, w)) < 0.5, big % 300, big).astype(np.uint16))
    c = {"LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 4}[mode]
    a = photo(h, w, c)
    if mode == "LA":
        return Image.merge("LA", [Image.fromarray(a[..., 0], "L"), Image.fromarray(a[..., 1], "L")])
    return Image.fromarray(a, mode)


def save(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------
# hand-made PNGs (modes and layouts Pillow does not write)

def chunk(cid, data, crc=None):
    if crc is None:
        crc = zlib.crc32(cid + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + cid + data + struct.pack(">I", crc)


def pack_row(samples, depth):
    """samples: 1-D array of ints for one row (all channels interleaved)."""
    if depth == 16:
        return samples.astype(">u2").tobytes()
    if depth == 8:
        return samples.astype(np.uint8).tobytes()
    per = 8 // depth
    out = bytearray((len(samples) + per - 1) // per)
    for i, v in enumerate(samples):
        out[i // per] |= int(v) << (8 - depth * (i % per + 1))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(ftype, row, prev, bpp):
    out = bytearray([ftype])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev is not None else 0
        c = prev[i - bpp] if prev is not None and i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out.append((x - pred) & 0xFF)
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_image_data(samples, depth, channels, interlace):
    """samples: HxWxC uint array. Rows filtered with all five filter types in turn."""
    bpp = max(1, depth * channels // 8)
    passes = [samples[y0::dy, x0::dx] for (x0, y0, dx, dy) in ADAM7] if interlace else [samples]
    raw = bytearray()
    for sub in passes:
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = None
        for y in range(sub.shape[0]):
            row = pack_row(sub[y].reshape(-1), depth)
            raw += filter_row(y % 5, row, prev, bpp)
            prev = row
    return bytes(raw)


def png_bytes(samples, depth, ctype, palette=None, trns=None, interlace=False, pre=(), post=(),
              iend=True, idat_parts=1, idat_crc_ok=True):
    h, w, channels = samples.shape
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, int(interlace)))
    if palette is not None:
        out += chunk(b"PLTE", bytes(palette))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    out += b"".join(pre)
    z = zlib.compress(png_image_data(samples, depth, channels, interlace), 9)
    step = -(-len(z) // idat_parts)
    for i in range(0, len(z), step):
        out += chunk(b"IDAT", z[i:i + step], None if idat_crc_ok else 0xDEADBEEF)
    out += b"".join(post)
    if iend:
        out += chunk(b"IEND", b"")
    return out


def png_samples(h, w, channels, depth):
    return RNG.integers(0, 1 << depth, (h, w, channels)).astype(np.uint32)


# ---------------------------------------------------------------------------------------
# EXIF / XMP blobs

def exif_orientation(value):
    ex = Image.Exif()
    ex[0x0112] = value
    return ex.tobytes()  # starts with "Exif\0\0"


def tiff(entries, bo="<", magic=None, ifd_offset=8, data=b"", count=None):
    """A TIFF block: header, then IFD0 at ifd_offset with raw entries (tag, type, count, field4)."""
    magic = magic if magic is not None else (b"II\x2a\x00" if bo == "<" else b"MM\x00\x2a")
    head = magic + struct.pack(bo + "I", ifd_offset)
    if ifd_offset <= 64:  # a larger offset is a deliberately bad pointer: the IFD stays at 8
        head += b"\0" * max(0, ifd_offset - len(head))
    n = len(entries) if count is None else count
    ifd = struct.pack(bo + "H", n)
    for tag, typ, cnt, field in entries:
        ifd += struct.pack(bo + "HHI", tag, typ, cnt) + field
    return head + ifd + struct.pack(bo + "I", 0) + data


def short(v, bo="<"):
    """A SHORT value in a 4-byte entry field (left-justified, as TIFF stores it)."""
    return struct.pack(bo + "HH", v, 0)


def u32(v, bo="<"):
    return struct.pack(bo + "I", v)


def xmp_packet(body):
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" ' + body + '</rdf:Description></rdf:RDF>'
            '</x:xmpmeta><?xpacket end="w"?>').encode()


def jpeg_with_segments(jpeg, segments):
    """Inserts raw (marker, payload) segments right after SOI."""
    out = jpeg[:2]
    for marker, payload in segments:
        out += struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload
    return out + jpeg[2:]


def strip_jfif(jpeg):
    assert jpeg[2:4] == b"\xff\xe0"
    n = struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:2] + jpeg[4 + n:]


def raw_profile(exif_bytes):
    hexed = exif_bytes.hex()
    lines = "\n".join(hexed[i:i + 72] for i in range(0, len(hexed), 72))
    return f"\nexif\n{len(exif_bytes):8d}\n{lines}\n".encode()


# ---------------------------------------------------------------------------------------
# the cases

def jpeg_cases(add):
    for (w, h) in [(37, 23), (64, 48), (17, 90), (1, 1), (8, 8), (15, 16), (250, 3)]:
        for sub in (0, 1, 2):
            add(f"jpeg_{w}x{h}_s{sub}", save(pil(h, w, "RGB"), "JPEG", quality=90, subsampling=sub))
            add(f"jpeg_{w}x{h}_s{sub}_prog", save(pil(h, w, "RGB"), "JPEG", quality=75, subsampling=sub,
                                                  progressive=True))
        add(f"jpeg_{w}x{h}_gray", save(pil(h, w, "L"), "JPEG", quality=85))
        add(f"jpeg_{w}x{h}_cmyk", save(pil(h, w, "CMYK"), "JPEG", quality=90))
    # Photo-sized images: full-width SIMD paths, many MCU rows.
    for sub in (0, 1, 2):
        add(f"jpeg_large_s{sub}", save(pil(480, 640, "RGB"), "JPEG", quality=85, subsampling=sub))
        add(f"jpeg_large_s{sub}_prog", save(pil(481, 643, "RGB"), "JPEG", quality=85, subsampling=sub,
                                            progressive=True))
    frames = [pil(30, 41, "RGB"), pil(30, 41, "RGB")]
    add("jpeg_mpo", save(frames[0], "MPO", save_all=True, append_images=frames[1:]))
    add("jpeg_mpo_exif_orientation_6", save(frames[0], "MPO", save_all=True, append_images=frames[1:],
                                            exif=exif_orientation(6)))
    add("jpeg_q100_optimized", save(pil(40, 50, "RGB"), "JPEG", quality=100, optimize=True))
    add("jpeg_q5", save(pil(40, 50, "RGB"), "JPEG", quality=5))
    add("jpeg_restart_rows", save(pil(40, 50, "RGB"), "JPEG", restart_marker_rows=1))
    add("jpeg_gray_progressive", save(pil(33, 47, "L"), "JPEG", progressive=True))
    add("jpeg_cmyk_progressive", save(pil(33, 47, "CMYK"), "JPEG", progressive=True))
    add("jpeg_from_1bit", save(pil(20, 21, "1").convert("L"), "JPEG"))
    # corrupt or truncated
    good = save(pil(64, 80, "RGB"), "JPEG", quality=90)
    prog = save(pil(64, 80, "RGB"), "JPEG", quality=90, progressive=True)
    add("jpeg_truncated_half", good[:len(good) // 2])
    add("jpeg_truncated_header", good[:100])
    add("jpeg_progressive_truncated", prog[:len(prog) * 2 // 3])
    add("jpeg_no_eoi", good[:-2])
    add("jpeg_progressive_no_eoi", prog[:-2])
    add("jpeg_junk_after_eoi", good + b"trailing junk")
    corrupt = bytearray(good)
    for i in range(len(good) // 2, len(good) // 2 + 40):
        corrupt[i] = (corrupt[i] * 7 + 3) & 0xFF
    add("jpeg_corrupt_entropy", bytes(corrupt))
    add("jpeg_soi_only", b"\xff\xd8\xff")
    add("jpeg_bad_marker", b"\xff\xd8\xff\x01\x00\x10" + good[2:])


def exif_jpeg_cases(add, add_both):
    base = pil(23, 37, "RGB")  # non-square, so every orientation is visible
    for o in range(1, 9):
        add_both(f"jpeg_exif_orientation_{o}", save(base, "JPEG", exif=exif_orientation(o)))
        add_both(f"jpeg_exif_orientation_{o}_gray", save(base.convert("L"), "JPEG", exif=exif_orientation(o)))
    add_both("jpeg_exif_orientation_6_prog", save(base, "JPEG", exif=exif_orientation(6), progressive=True))
    add_both("jpeg_exif_orientation_8_cmyk", save(base.convert("CMYK"), "JPEG", exif=exif_orientation(8)))
    add_both("jpeg_exif_orientation_9", save(base, "JPEG", exif=exif_orientation(9)))
    add_both("jpeg_exif_orientation_0", save(base, "JPEG", exif=exif_orientation(0)))

    plain = save(base, "JPEG", quality=92)                    # JFIF without a DPI
    dpi = save(base, "JPEG", quality=92, dpi=(300, 300))      # JFIF with a DPI
    nojfif = strip_jfif(plain)

    def app1(blob):
        return (0xE1, b"Exif\0\0" + blob)

    blobs = {
        "be_short": tiff([(0x112, 3, 1, short(6, ">"))], bo=">"),
        "long": tiff([(0x112, 4, 1, u32(5))]),
        "byte": tiff([(0x112, 1, 1, b"\x06\0\0\0")]),
        "ascii": tiff([(0x112, 2, 2, b"6\0\0\0")]),
        "undefined": tiff([(0x112, 7, 1, b"\x06\0\0\0")]),
        "sshort": tiff([(0x112, 8, 1, short(7))]),
        "sbyte": tiff([(0x112, 6, 1, b"\x03\0\0\0")]),
        "rational_12_2": tiff([(0x112, 5, 1, u32(26))], data=struct.pack("<II", 12, 2)),
        "rational_13_2": tiff([(0x112, 5, 1, u32(26))], data=struct.pack("<II", 13, 2)),
        "rational_6_0": tiff([(0x112, 5, 1, u32(26))], data=struct.pack("<II", 6, 0)),
        "srational_neg": tiff([(0x112, 10, 1, u32(26))], data=struct.pack("<ii", -16, -2)),
        "float_6": tiff([(0x112, 11, 1, struct.pack("<f", 6.0))]),
        "float_6_5": tiff([(0x112, 11, 1, struct.pack("<f", 6.5))]),
        "double_3": tiff([(0x112, 12, 1, u32(26))], data=struct.pack("<d", 3.0)),
        "ifd_type": tiff([(0x112, 13, 1, u32(8))]),
        "long8": tiff([(0x112, 16, 1, u32(26))], data=struct.pack("<Q", 2)),
        "unknown_type": tiff([(0x112, 14, 1, u32(6))]),
        "count2_inline": tiff([(0x112, 3, 2, struct.pack("<HH", 3, 6))]),
        "count3_offset": tiff([(0x112, 3, 3, u32(26))], data=struct.pack("<HHH", 8, 1, 1)),
        "count0": tiff([(0x112, 3, 0, short(6))]),
        "duplicate": tiff([(0x112, 3, 1, short(3)), (0x112, 3, 1, short(6))]),
        "duplicate_after_count0": tiff([(0x112, 3, 0, short(3)), (0x112, 3, 1, short(6))]),
        "duplicate_after_unknown_type": tiff([(0x112, 15, 1, short(3)), (0x112, 3, 1, short(6))]),
        "ifd_out_of_range": tiff([(0x112, 3, 1, short(6))], ifd_offset=5000),
        "ifd_huge_offset": tiff([(0x112, 3, 1, short(6))], ifd_offset=0xFFFFFFF0),
        "ifd_truncated_count": tiff([(0x112, 3, 1, short(6))])[:9],
        "ifd_count_too_big": tiff([(0x112, 3, 1, short(6))], count=60),
        "entry_before_bad_offset": tiff([(0x10F, 2, 40, u32(4000)), (0x112, 3, 1, short(6))]),
        "entry_before_huge_count": tiff([(0x10F, 2, 0xFFFFFFF0, u32(20)), (0x112, 3, 1, short(6))]),
        "orientation_bad_offset": tiff([(0x112, 3, 3, u32(0xFFFFFF00))]),
        "orientation_after_ok_offset": tiff([(0x10F, 2, 6, u32(38)), (0x112, 3, 1, short(8))], data=b"Canon\0"),
        "mm_2a_00": tiff([(0x112, 3, 1, short(6, ">"))], bo=">", magic=b"MM\x2a\x00"),
        "ii_00_2a": tiff([(0x112, 3, 1, short(6))], magic=b"II\x00\x2a"),
        "mm_00_2b": tiff([(0x112, 3, 1, short(6, ">"))], bo=">", magic=b"MM\x00\x2b"),
    }
    for name, blob in blobs.items():
        add_both(f"jpeg_exif_{name}", jpeg_with_segments(plain, [app1(blob)]))
    good6 = exif_orientation(6)[6:]
    bad_headers = {"garbage": b"XX\x2a\x00\x08\0\0\0\0\0", "short": b"II\x2a\x00\x08\0", "bigtiff": b"II\x2b\x00\x08\0\0\0\0\0"}
    for name, blob in bad_headers.items():
        add_both(f"jpeg_badexif_{name}_nodpi", jpeg_with_segments(plain, [app1(blob)]))
        add_both(f"jpeg_badexif_{name}_dpi", jpeg_with_segments(dpi, [app1(blob)]))
        add_both(f"jpeg_badexif_{name}_nojfif_xmp", jpeg_with_segments(
            nojfif, [app1(blob), (0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp_packet('tiff:Orientation="6">'))]))
    add_both("jpeg_exif_empty_segment", jpeg_with_segments(plain, [(0xE1, b"Exif\0\0")]))
    add_both("jpeg_exif_double_prefix", jpeg_with_segments(plain, [(0xE1, b"Exif\0\0Exif\0\0" + good6)]))
    add_both("jpeg_exif_split_segments", jpeg_with_segments(plain, [app1(good6[:10]), app1(good6[10:])]))
    add_both("jpeg_exif_two_segments_first_wins", jpeg_with_segments(plain, [app1(good6), app1(exif_orientation(3)[6:])]))
    add_both("jpeg_exif_with_dpi", jpeg_with_segments(dpi, [app1(good6)]))
    xmp_hdr = b"http://ns.adobe.com/xap/1.0/\0"
    for name, body in {"attr6": 'tiff:Orientation="6">', "elem8": '><tiff:Orientation>8</tiff:Orientation>',
                       "attr9": 'tiff:Orientation="9">', "attr_spaced": 'tiff:Orientation = "6">',
                       "second_match": 'tiff:OrientationX="3" tiff:Orientation="5">'}.items():
        add_both(f"jpeg_xmp_{name}", jpeg_with_segments(plain, [(0xE1, xmp_hdr + xmp_packet(body))]))
    add_both("jpeg_xmp_pillow_saved", save(base, "JPEG", xmp=xmp_packet('tiff:Orientation="7">')))
    add_both("jpeg_xmp_and_exif_without_orientation", jpeg_with_segments(plain, [
        app1(tiff([(0x10F, 2, 4, b"abc\0")])), (0xE1, xmp_hdr + xmp_packet('tiff:Orientation="6">'))]))
    add_both("jpeg_xmp_and_exif_orientation_1", jpeg_with_segments(plain, [
        app1(exif_orientation(1)[6:]), (0xE1, xmp_hdr + xmp_packet('tiff:Orientation="6">'))]))
    add_both("jpeg_xmp_and_exif_byte_orientation", jpeg_with_segments(plain, [
        app1(blobs["byte"]), (0xE1, xmp_hdr + xmp_packet('tiff:Orientation="6">'))]))
    add_both("jpeg_xmp_last_segment_wins", jpeg_with_segments(plain, [
        (0xE1, xmp_hdr + xmp_packet('tiff:Orientation="6">')), (0xE1, xmp_hdr + xmp_packet('tiff:Orientation="2">'))]))
    add("jpeg_jfif_truncated", jpeg_with_segments(nojfif, [(0xE0, b"JFIF\0")]))
    add("jpeg_adobe_truncated", jpeg_with_segments(plain, [(0xEE, b"Adobe")]))


def png_cases(add, add_both):
    for mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        for (w, h) in [(37, 23), (1, 1), (64, 9)]:
            add(f"png_pillow_{mode.replace(';', '')}_{w}x{h}", save(pil(h, w, mode), "PNG"))
    for bits in (1, 2, 4):
        im = pil(20, 30, "RGB").quantize(1 << bits)
        add(f"png_pillow_P_bits{bits}", save(im, "PNG", bits=bits))
    im = pil(20, 30, "P")
    add("png_pillow_P_transparency_index", save(im, "PNG", transparency=5))
    add("png_pillow_P_transparency_table", save(im, "PNG", transparency=bytes(range(0, 250, 3))))
    add("png_pillow_L_transparency", save(pil(20, 30, "L"), "PNG", transparency=7))
    add("png_pillow_RGB_transparency", save(pil(20, 30, "RGB"), "PNG", transparency=(1, 2, 3)))
    add("png_large_rgba", save(pil(400, 500, "RGBA"), "PNG"))
    add("png_large_adam7_rgb16", png_bytes(png_samples(97, 131, 3, 16), 16, 2, interlace=True))
    add("png_pillow_optimized", save(pil(40, 30, "RGB"), "PNG", optimize=True))

    # Hand-made: every color type and bit depth, filtered with all five filters, plain and Adam7.
    layouts = {0: (1, (1, 2, 4, 8, 16)), 2: (3, (8, 16)), 3: (1, (1, 2, 4, 8)), 4: (2, (8, 16)), 6: (4, (8, 16))}
    for ctype, (channels, depths) in layouts.items():
        for depth in depths:
            for interlace in (False, True):
                for (w, h) in [(13, 11), (1, 1), (3, 17), (33, 2)]:
                    samples = png_samples(h, w, channels, depth)
                    palette = trns = None
                    if ctype == 3:
                        palette = RNG.integers(0, 256, 3 * (1 << depth)).astype(np.uint8)
                        trns = bytes(RNG.integers(0, 256, 1 << depth).astype(np.uint8))
                    elif ctype == 0:
                        trns = struct.pack(">H", int(samples[0, 0, 0]))
                    name = f"png_t{ctype}_d{depth}_{'adam7' if interlace else 'plain'}_{w}x{h}"
                    add(name, png_bytes(samples, depth, ctype, palette, trns, interlace))
    # Palette shorter than the indices used: missing entries are black.
    add("png_palette_short", png_bytes(png_samples(9, 12, 1, 4), 4, 3, palette=[10, 20, 30, 200, 100, 50]))
    add("png_palette_8bit_short", png_bytes(png_samples(9, 12, 1, 8), 8, 3, palette=list(range(60))))
    samples = png_samples(30, 40, 3, 8)
    add("png_idat_split", png_bytes(samples, 8, 2, idat_parts=7))
    add("png_idat_bad_crc", png_bytes(samples, 8, 2, idat_crc_ok=False))
    add("png_no_iend", png_bytes(samples, 8, 2, iend=False))
    add("png_unknown_chunks", png_bytes(samples, 8, 2, pre=[chunk(b"prVt", b"hello")], post=[chunk(b"zzZz", b"x" * 10)]))
    add("png_text_chunks", png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"Comment\0hi"),
                                                         chunk(b"zTXt", b"Title\0\0" + zlib.compress(b"t")),
                                                         chunk(b"iTXt", b"Author\0\0\0en\0\0me")]))
    add("png_bad_crc_ancillary_before_idat", png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"a\0b", 1)]))
    add("png_bad_crc_after_idat", png_bytes(samples, 8, 2, post=[chunk(b"tEXt", b"a\0b", 1)]))
    add("png_ztxt_bad_method", png_bytes(samples, 8, 2, pre=[chunk(b"zTXt", b"k\0\x01xyz")]))
    add("png_ztxt_bad_stream", png_bytes(samples, 8, 2, pre=[chunk(b"zTXt", b"k\0\0not zlib")]))
    add("png_ztxt_too_large", png_bytes(samples, 8, 2, pre=[chunk(b"zTXt", b"k\0\0" + zlib.compress(b"\0" * (1 << 20 | 5)))]))
    add("png_ztxt_exactly_1mib", png_bytes(samples, 8, 2, pre=[chunk(b"zTXt", b"k\0\0" + zlib.compress(b"\0" * (1 << 20)))]))
    add("png_iccp_bad_method", png_bytes(samples, 8, 2, pre=[chunk(b"iCCP", b"icc\0\x05xyz")]))
    add("png_short_gama", png_bytes(samples, 8, 2, pre=[chunk(b"gAMA", b"\0\0")]))
    add("png_short_phys_after_idat", png_bytes(samples, 8, 2, post=[chunk(b"pHYs", b"\0")]))
    full = png_bytes(samples, 8, 2, post=[chunk(b"tEXt", b"Comment\0" + b"x" * 50)])
    add("png_truncated_in_trailer_chunk", full[:-30])
    add("png_truncated_in_idat", full[:len(full) // 2])
    add("png_truncated_header", full[:20])
    add("png_signature_only", full[:8])
    add("png_bad_crc_ihdr", full[:29] + b"\0\0\0\0" + full[33:])
    add("png_zero_width", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 0, 5, 8, 2, 0, 0, 0)) + full[33:])
    add("png_bad_depth", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 3, 2, 0, 0, 0)) + full[33:])
    frames = [pil(20, 30, "RGB"), pil(20, 30, "RGB")]
    add("png_apng", save(frames[0], "PNG", save_all=True, append_images=frames[1:]))


def exif_png_cases(add, add_both):
    base = pil(23, 37, "RGB")
    samples = np.asarray(base).astype(np.uint32)
    for o in range(1, 9):
        add_both(f"png_exif_orientation_{o}", save(base, "PNG", exif=exif_orientation(o)))
    add_both("png_exif_orientation_6_palette", save(base.quantize(64), "PNG", exif=exif_orientation(6)))
    add_both("png_exif_orientation_8_gray16", save(pil(23, 37, "I;16"), "PNG", exif=exif_orientation(8)))
    ex6 = exif_orientation(6)
    add_both("png_exif_after_idat", png_bytes(samples, 8, 2, post=[chunk(b"eXIf", ex6[6:])]))
    add_both("png_exif_with_prefix_in_chunk", png_bytes(samples, 8, 2, pre=[chunk(b"eXIf", ex6)]))
    add_both("png_exif_last_chunk_wins", png_bytes(samples, 8, 2, pre=[chunk(b"eXIf", ex6[6:])],
                                                   post=[chunk(b"eXIf", exif_orientation(3)[6:])]))
    add_both("png_exif_bad_header", png_bytes(samples, 8, 2, pre=[chunk(b"eXIf", b"XX*\0\x08\0\0\0")]))
    add_both("png_exif_out_of_range_ifd", png_bytes(samples, 8, 2, pre=[chunk(b"eXIf", tiff([(0x112, 3, 1, short(6))], ifd_offset=900))]))
    add_both("png_text_exif_bytes", png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"exif\0" + ex6)]))
    add_both("png_ztxt_exif_is_str", png_bytes(samples, 8, 2, pre=[chunk(b"zTXt", b"exif\0\0" + zlib.compress(ex6))]))
    profile = raw_profile(ex6)
    add_both("png_raw_profile_text", png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"Raw profile type exif\0" + profile)]))
    add_both("png_raw_profile_ztxt", png_bytes(samples, 8, 2, pre=[chunk(b"zTXt", b"Raw profile type exif\0\0" + zlib.compress(profile))]))
    add_both("png_raw_profile_itxt", png_bytes(samples, 8, 2, post=[chunk(b"iTXt", b"Raw profile type exif\0\0\0\0\0" + profile)]))
    add_both("png_raw_profile_bad_hex", png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"Raw profile type exif\0\nexif\n 4\n4d4z\n")]))
    add_both("png_raw_profile_few_lines", png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"Raw profile type exif\0\nexif\n")]))
    add_both("png_raw_profile_ignored_with_exif", png_bytes(samples, 8, 2, pre=[
        chunk(b"eXIf", exif_orientation(2)[6:]), chunk(b"tEXt", b"Raw profile type exif\0" + profile)]))
    for name, c in {
        "itxt": chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp_packet('tiff:Orientation="8">')),
        "itxt_zip": chunk(b"iTXt", b"XML:com.adobe.xmp\0\1\0\0\0" + zlib.compress(xmp_packet('tiff:Orientation="5">'))),
        "itxt_bad_utf8": chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0\xff" + xmp_packet('tiff:Orientation="4">')),
        "text": chunk(b"tEXt", b"XML:com.adobe.xmp\0" + xmp_packet('<tiff:Orientation>3</tiff:Orientation>')),
        "ztxt": chunk(b"zTXt", b"XML:com.adobe.xmp\0\0" + zlib.compress(xmp_packet('tiff:Orientation="7">'))),
    }.items():
        add_both(f"png_xmp_{name}", png_bytes(samples, 8, 2, pre=[c]))
    add_both("png_xmp_pillow_saved", save(base, "PNG", xmp=xmp_packet('tiff:Orientation="6">')))


def webp_cases(add, add_both):
    for (w, h) in [(37, 23), (64, 48), (1, 1), (17, 90)]:
        add(f"webp_lossy_{w}x{h}", save(pil(h, w, "RGB"), "WEBP", quality=80))
        add(f"webp_lossy_alpha_{w}x{h}", save(pil(h, w, "RGBA"), "WEBP", quality=70))
        add(f"webp_lossless_{w}x{h}", save(pil(h, w, "RGB"), "WEBP", lossless=True))
        add(f"webp_lossless_alpha_{w}x{h}", save(pil(h, w, "RGBA"), "WEBP", lossless=True))
    add("webp_large_lossy", save(pil(480, 640, "RGB"), "WEBP", quality=75))
    add("webp_large_lossy_alpha", save(pil(481, 643, "RGBA"), "WEBP", quality=75))
    add("webp_large_lossless", save(pil(300, 400, "RGBA"), "WEBP", lossless=True))
    add("webp_lossy_q100_m6", save(pil(50, 40, "RGB"), "WEBP", quality=100, method=6))
    add("webp_lossy_alpha_q10", save(pil(50, 40, "RGBA"), "WEBP", quality=10, alpha_quality=10))
    frames = [pil(30, 40, "RGBA"), pil(30, 40, "RGBA")]
    add("webp_animated", save(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100))
    base = pil(23, 37, "RGB")
    for o in (3, 6, 8):
        add_both(f"webp_exif_orientation_{o}", save(base, "WEBP", exif=exif_orientation(o)))
    add_both("webp_exif_no_prefix", save(base, "WEBP", exif=exif_orientation(5)[6:]))
    add_both("webp_xmp_orientation", save(base, "WEBP", xmp=xmp_packet('tiff:Orientation="6">')))
    good = save(pil(40, 50, "RGB"), "WEBP", quality=80)
    add("webp_truncated", good[:len(good) // 2])
    add("webp_header_only", good[:30])


def truncation_cases(add):
    """Small files cut at every byte: Pillow decides where a cut is fatal (a PNG may lose its
    IEND or even its last Adler-32 bytes, a baseline JPEG may not lose its EOI); the decoder
    must agree at every cut."""
    samples = png_samples(12, 16, 3, 8)
    sources = {
        "jpeg_cut_baseline": save(pil(24, 32, "RGB"), "JPEG", quality=80, exif=exif_orientation(6)),
        "jpeg_cut_progressive": save(pil(24, 32, "RGB"), "JPEG", quality=80, progressive=True),
        "jpeg_cut_gray": save(pil(24, 32, "L"), "JPEG", quality=80),
        "png_cut_trailer": png_bytes(samples, 8, 2, pre=[chunk(b"tEXt", b"Comment\0" + b"x" * 20)],
                                     post=[chunk(b"eXIf", exif_orientation(8)[6:]), chunk(b"tEXt", b"a\0b")],
                                     idat_parts=3),
        "png_cut_adam7": png_bytes(png_samples(20, 25, 1, 4), 4, 0, interlace=True),
        "webp_cut_lossy": save(pil(24, 32, "RGB"), "WEBP", quality=80, exif=exif_orientation(3)),
        "webp_cut_lossless": save(pil(24, 32, "RGBA"), "WEBP", lossless=True),
    }
    for name, data in sources.items():
        for c in range(1, len(data)):
            add(f"{name}_{c}", data[:c])


def misc_cases(add):
    add("empty", b"")
    add("text_file", b"hello, this is not an image\n")
    add("random_bytes", bytes(RNG.integers(0, 256, 4096).astype(np.uint8)))


# ---------------------------------------------------------------------------------------
# GIF, BMP, TIFF, AVIF

def lzw_gif(indices, min_code):
    """GIF LZW data for a flat list of indices: literal codes only, a clear code before the
    table fills (valid LZW that any decoder must read; Pillow's own writer covers real runs)."""
    clear, eoi = 1 << min_code, (1 << min_code) + 1
    size, next_code = min_code + 1, eoi + 1
    codes = [(clear, size)]
    for i, v in enumerate(indices):
        codes.append((int(v), size))
        if i > 0 or len(codes) > 2:
            next_code += 1
        if next_code >= (1 << size) and size < 12:
            size += 1
        if next_code >= 4000:
            codes.append((clear, size))
            size, next_code = min_code + 1, eoi + 1
    codes.append((eoi, size))
    acc = n = 0
    out = bytearray()
    for c, s in codes:
        acc |= c << n
        n += s
        while n >= 8:
            out.append(acc & 255)
            acc >>= 8
            n -= 8
    if n:
        out.append(acc & 255)
    return bytes(out)


def sub_blocks(data, size=255):
    return b"".join(bytes([len(data[i:i + size])]) + data[i:i + size] for i in range(0, len(data), size)) + b"\0"


def gif_bytes(screen, frame, indices, global_palette=None, local_palette=None, transparency=None, interlace=False,
              min_code=None, before_image=b"", trailer=b";"):
    """A GIF89a file with one image. screen=(w, h); frame=(x, y, w, h); palettes: flat RGB lists
    of 2**k entries; indices: the frame's indices in stored order (rows interlaced if asked)."""
    def table_flags(pal):
        return (len(pal) // 3).bit_length() - 2
    flags = 0x80 | table_flags(global_palette) if global_palette else 0
    out = b"GIF89a" + struct.pack("<HHBBB", *screen, flags, 0, 0) + (bytes(global_palette) if global_palette else b"")
    out += before_image
    if transparency is not None:
        out += b"!\xf9\x04\x01\x00\x00" + bytes([transparency]) + b"\0"
    lflags = (0x80 | table_flags(local_palette) if local_palette else 0) | (0x40 if interlace else 0)
    out += b"," + struct.pack("<HHHHB", *frame, lflags) + (bytes(local_palette) if local_palette else b"")
    min_code = min_code or max(2, int(max(indices, default=0)).bit_length())
    return out + bytes([min_code]) + sub_blocks(lzw_gif(indices, min_code)) + trailer


def interlaced_order(rows):
    return [r for start, step in ((0, 8), (4, 8), (2, 4), (1, 2)) for r in rows[start::step]]


def gif_cases(add):
    for (w, h) in [(37, 23), (1, 1), (64, 9), (300, 200)]:
        add(f"gif_pillow_P_{w}x{h}", save(pil(h, w, "P"), "GIF"))
        add(f"gif_pillow_L_{w}x{h}", save(pil(h, w, "L"), "GIF"))
        add(f"gif_pillow_RGB_{w}x{h}", save(pil(h, w, "RGB"), "GIF", interlace=False))
    add("gif_pillow_1", save(pil(20, 30, "1"), "GIF"))
    add("gif_pillow_few_colors", save(pil(20, 30, "RGB").quantize(5), "GIF", optimize=True))
    add("gif_pillow_transparency", save(pil(20, 30, "P"), "GIF", transparency=3))
    frames = [pil(30, 40, "RGB"), pil(30, 40, "RGB"), pil(30, 40, "RGB")]
    add("gif_pillow_animated", save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0))
    add("gif_pillow_animated_rgba", save(pil(30, 40, "RGBA"), "GIF", save_all=True,
                                         append_images=[pil(30, 40, "RGBA")], disposal=2))

    pal4 = [10, 20, 30, 200, 100, 50, 0, 255, 0, 1, 2, 3]
    gray_ramp = [v for i in range(8) for v in (i, i, i)]
    rows = [RNG.integers(0, 4, 13) for _ in range(11)]
    flat = np.concatenate(rows)
    for t in (None, 0, 2):
        add(f"gif_offset_frame_t{t}", gif_bytes((20, 15), (3, 2, 13, 11), flat, pal4, transparency=t))
    add("gif_frame_outside_screen", gif_bytes((10, 8), (4, 3, 13, 11), flat, pal4, transparency=1))
    add("gif_zero_screen", gif_bytes((0, 0), (0, 0, 13, 11), flat, pal4))
    add("gif_local_palette", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4, local_palette=[9, 8, 7] * 4))
    add("gif_local_gray_ramp_over_global", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4, local_palette=gray_ramp[:12]))
    add("gif_global_gray_ramp", gif_bytes((13, 11), (0, 0, 13, 11), flat, gray_ramp[:12]))
    add("gif_no_palette", gif_bytes((13, 11), (0, 0, 13, 11), flat * 60))
    idx8 = RNG.integers(0, 8, 13 * 11)
    add("gif_indices_past_palette", gif_bytes((13, 11), (0, 0, 13, 11), idx8, pal4[:6], min_code=3))
    add("gif_interlaced", gif_bytes((13, 11), (0, 0, 13, 11), np.concatenate(interlaced_order(rows)), pal4,
                                    interlace=True))
    big_rows = [RNG.integers(0, 256, 70) for _ in range(90)]
    pal256 = list(RNG.integers(0, 256, 768))
    add("gif_big_table_resets", gif_bytes((70, 90), (0, 0, 70, 90), np.concatenate(big_rows), pal256, min_code=8))
    add("gif_interlaced_big", gif_bytes((70, 90), (0, 0, 70, 90), np.concatenate(interlaced_order(big_rows)), pal256,
                                        interlace=True, min_code=8))
    comment = b"!\xfe" + sub_blocks(b"a comment " * 40) + b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    add("gif_extensions", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4, before_image=comment))
    add("gif_stray_bytes", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4, before_image=b"\0\0xyz"))
    add("gif_netscape_without_sub_block", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4,
                                                    before_image=b"!\xff\x0bNETSCAPE2.0\x00"))
    add("gif_no_trailer", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4, trailer=b""))
    add("gif_short_gce", gif_bytes((13, 11), (0, 0, 13, 11), flat, pal4, before_image=b"!\xf9\x02\x01\x00\x00"))
    add("gif_empty_frame", gif_bytes((13, 11), (0, 0, 0, 11), [], pal4))
    add("gif_no_image", b"GIF89a" + struct.pack("<HHBBB", 4, 4, 0x81, 0, 0) + bytes(pal4) + b";")
    add("gif_early_end_of_information", gif_bytes((13, 11), (0, 0, 13, 11), flat[:100], pal4))
    add("gif_too_many_pixels", gif_bytes((4, 2), (0, 0, 4, 2), list(flat[:30]), pal4))


def bmp_bytes(w, h, bits, rows, palette=None, colors=0, compression=0, top_down=False, header=40, masks=None,
              offset=None, pal_entry=4, data_size=None):
    """A BMP file. rows: the stored rows (bytes, already padded), in file order."""
    pal = b""
    if palette is not None:
        pal = b"".join(bytes([b, g, r] + [0] * (pal_entry - 3)) for (r, g, b) in palette)
    data = b"".join(rows)
    if header == 12:
        hdr = struct.pack("<IHHHH", 12, w, h, 1, bits)
    else:
        hdr = struct.pack("<IiiHHIIiiII", header, w, -h if top_down else h, 1, bits, compression,
                          len(data) if data_size is None else data_size, 2835, 2835, colors, 0)
        extra = b""
        if masks is not None and header >= 52:
            extra = struct.pack("<" + "I" * len(masks), *masks)
        hdr += (extra + b"\0" * header)[:header - 40]
    mask_bytes = struct.pack("<III", *masks[:3]) if masks is not None and header == 40 else b""
    pixel_offset = 14 + len(hdr) + len(mask_bytes) + len(pal) if offset is None else offset
    return b"BM" + struct.pack("<IHHI", pixel_offset + len(data), 0, 0, pixel_offset) + hdr + mask_bytes + pal + data


def bmp_rows(samples, bits):
    """samples: HxW (indices) or HxWxC bytes in stored order per pixel; rows bottom-up padded."""
    h = samples.shape[0]
    w = samples.shape[1]
    stride = ((w * bits + 31) >> 3) & ~3
    out = []
    for y in range(h):
        if bits >= 8:
            row = samples[y].astype(np.uint8).tobytes() if bits != 16 else samples[y].astype("<u2").tobytes()
        else:
            row = pack_row(samples[y], bits)
        out.append(row + b"\0" * (stride - len(row)))
    return out


def rle8(rows_of_indices):
    """Simple RLE8: encoded runs for repeats, absolute runs otherwise, EOL per row, EOB."""
    out = bytearray()
    for row in rows_of_indices:
        i = 0
        row = [int(v) for v in row]
        while i < len(row):
            j = i
            while j < len(row) and j - i < 255 and row[j] == row[i]:
                j += 1
            if j - i >= 3 or len(row) - i < 3:
                out += bytes([j - i, row[i]])
                i = j
                continue
            k = i
            while k < len(row) and k - i < 255 and not (k + 2 < len(row) and row[k] == row[k + 1] == row[k + 2]):
                k += 1
            n = k - i
            if n < 3:
                out += bytes([n, row[i]]) if n == 1 else bytes([1, row[i], 1, row[i + 1]])
            else:
                out += bytes([0, n]) + bytes(row[i:k]) + (b"\0" if n % 2 else b"")
            i = k
        out += b"\0\0"
    return bytes(out + b"\0\1")


def bmp_cases(add):
    for mode in ("1", "L", "P", "RGB", "RGBA"):
        for (w, h) in [(37, 23), (1, 1), (64, 9), (5, 3)]:
            add(f"bmp_pillow_{mode}_{w}x{h}", save(pil(h, w, mode), "BMP"))
    add("bmp_pillow_P_few_colors", save(pil(20, 30, "RGB").quantize(7), "BMP"))
    add("bmp_large_rgb", save(pil(300, 401, "RGB"), "BMP"))

    for w in (1, 2, 3, 4, 5):
        px = RNG.integers(0, 256, (4, w, 3))
        add(f"bmp_24_w{w}", bmp_bytes(w, 4, 24, bmp_rows(px, 24)))
        add(f"bmp_24_w{w}_top_down", bmp_bytes(w, 4, 24, bmp_rows(px, 24), top_down=True))
    px4 = RNG.integers(0, 256, (5, 7, 4))
    add("bmp_32_rgb", bmp_bytes(7, 5, 32, bmp_rows(px4, 32)))
    masks32 = {"BGRX": (0xFF0000, 0xFF00, 0xFF, 0), "XBGR": (0xFF000000, 0xFF0000, 0xFF00, 0),
               "BGXR": (0xFF000000, 0xFF00, 0xFF, 0), "ABGR": (0xFF000000, 0xFF0000, 0xFF00, 0xFF),
               "RGBA": (0xFF, 0xFF00, 0xFF0000, 0xFF000000), "BGRA": (0xFF0000, 0xFF00, 0xFF, 0xFF000000),
               "BGAR": (0xFF000000, 0xFF00, 0xFF, 0xFF0000), "zero": (0, 0, 0, 0)}
    for name, m in masks32.items():
        add(f"bmp_32_bitfields_{name}", bmp_bytes(7, 5, 32, bmp_rows(px4, 32), compression=3, header=56, masks=m))
    add("bmp_32_bitfields_header40", bmp_bytes(7, 5, 32, bmp_rows(px4, 32), compression=3, header=40,
                                               masks=(0xFF0000, 0xFF00, 0xFF)))
    add("bmp_32_bitfields_unsupported", bmp_bytes(7, 5, 32, bmp_rows(px4, 32), compression=3, header=56,
                                                  masks=(0xFF00, 0xFF0000, 0xFF, 0)))
    px16 = RNG.integers(0, 65536, (5, 7))
    add("bmp_16_555", bmp_bytes(7, 5, 16, bmp_rows(px16, 16)))
    add("bmp_16_bitfields_565", bmp_bytes(7, 5, 16, bmp_rows(px16, 16), compression=3, header=40,
                                          masks=(0xF800, 0x7E0, 0x1F)))
    add("bmp_16_bitfields_555", bmp_bytes(7, 5, 16, bmp_rows(px16, 16), compression=3, header=52,
                                          masks=(0x7C00, 0x3E0, 0x1F)))
    add("bmp_24_bitfields", bmp_bytes(7, 5, 24, bmp_rows(px4[..., :3], 24), compression=3, header=52,
                                      masks=(0xFF0000, 0xFF00, 0xFF)))
    palette = [tuple(int(v) for v in RNG.integers(0, 256, 3)) for _ in range(256)]
    for bits in (1, 4, 8):
        idx = RNG.integers(0, 1 << bits, (6, 11))
        add(f"bmp_{bits}bit_palette", bmp_bytes(11, 6, bits, bmp_rows(idx, bits), palette[:1 << bits]))
        add(f"bmp_{bits}bit_palette_top_down", bmp_bytes(11, 6, bits, bmp_rows(idx, bits), palette[:1 << bits],
                                                         top_down=True))
        add(f"bmp_{bits}bit_os2", bmp_bytes(11, 6, bits, bmp_rows(idx, bits), palette[:1 << bits], header=12,
                                            pal_entry=3))
    idx = RNG.integers(0, 256, (6, 11))
    add("bmp_8bit_short_palette", bmp_bytes(11, 6, 8, bmp_rows(idx, 8), palette[:20], colors=20))
    add("bmp_8bit_offset_fixup", bmp_bytes(11, 6, 8, bmp_rows(idx, 8), palette, offset=14 + 40))
    add("bmp_8bit_offset_zero", bmp_bytes(11, 6, 8, bmp_rows(idx, 8), palette, offset=0))
    add("bmp_8bit_gray_ramp", bmp_bytes(11, 6, 8, bmp_rows(idx, 8), [(i, i, i) for i in range(256)]))
    add("bmp_8bit_two_gray_colors", bmp_bytes(11, 6, 8, bmp_rows(idx, 8), [(0, 0, 0), (255, 255, 255)], colors=2))
    idx4 = RNG.integers(0, 16, (6, 11))
    add("bmp_4bit_gray_ramp", bmp_bytes(11, 6, 4, bmp_rows(idx4, 4), [(i, i, i) for i in range(16)]))
    add("bmp_1bit_black_white", bmp_bytes(11, 6, 1, bmp_rows(idx4 % 2, 1), [(0, 0, 0), (255, 255, 255)]))
    add("bmp_1bit_white_black", bmp_bytes(11, 6, 1, bmp_rows(idx4 % 2, 1), [(255, 255, 255), (0, 0, 0)]))
    add("bmp_8bit_300_colors", bmp_bytes(11, 6, 8, bmp_rows(idx, 8), palette + palette[:44], colors=300))
    add("bmp_v4_header", bmp_bytes(7, 5, 24, bmp_rows(px4[..., :3], 24), header=108))
    add("bmp_v5_header", bmp_bytes(7, 5, 24, bmp_rows(px4[..., :3], 24), header=124))
    add("bmp_bad_header_size", bmp_bytes(7, 5, 24, bmp_rows(px4[..., :3], 24), header=44))
    add("bmp_2bit_unsupported", bmp_bytes(11, 6, 2, bmp_rows(idx4 % 4, 2), palette[:4]))
    add("bmp_jpeg_compression", bmp_bytes(7, 5, 24, bmp_rows(px4[..., :3], 24), compression=4))
    rle_idx = np.repeat(RNG.integers(0, 256, (9, 5)), 4, axis=1)
    rle_idx[:, 7:12] = RNG.integers(0, 256, (9, 5))
    add("bmp_rle8", bmp_bytes(20, 9, 8, [rle8(rle_idx)], palette, compression=1))
    add("bmp_rle8_top_down", bmp_bytes(20, 9, 8, [rle8(rle_idx)], palette, compression=1, top_down=True))
    add("bmp_rle8_early_end", bmp_bytes(20, 9, 8, [rle8(rle_idx[:5])], palette, compression=1))
    add("bmp_rle8_delta", bmp_bytes(20, 9, 8, [bytes([4, 7, 0, 2, 3, 2, 2, 9, 0, 0]) + rle8(rle_idx[2:])], palette,
                                    compression=1))
    add("bmp_rle8_run_past_row", bmp_bytes(20, 9, 8, [bytes([30, 5, 0, 0]) + rle8(rle_idx[1:])], palette,
                                           compression=1))
    rle4_data = bytearray()
    for _ in range(9):
        rle4_data += bytes([5, 0x3A, 0, 7, 0x12, 0x34, 0x56, 0x70, 0, 0, 8, 0xEF, 0, 0])
    add("bmp_rle4", bmp_bytes(20, 9, 4, [bytes(rle4_data) + b"\0\1"], palette[:16], compression=2))
    add("bmp_rle8_gray_ramp", bmp_bytes(20, 9, 8, [rle8(rle_idx)], [(i, i, i) for i in range(256)], compression=1))
    add("bmp_zero_width", bmp_bytes(0, 5, 24, [b""]))


def tiff_file(samples, photometric, bps, bo="<", extra=(), compression=1, planar=1, tile=None, colormap=None,
              rows_per_strip=None, tags=()):
    """A baseline TIFF written by hand. samples: HxWxC unsigned ints (C = samples per pixel).
    compression 1 (none) or 8 (Deflate, zlib per strip/tile)."""
    h, w, spp = samples.shape
    dtype = {8: "u1", 16: bo + "u2"}.get(bps)

    def encode(block):  # HxWxC -> bytes of that block, rows packed
        if bps < 8:
            return b"".join(pack_row(block[y].reshape(-1), bps) for y in range(block.shape[0]))
        return np.ascontiguousarray(block).astype(dtype).tobytes()

    planes = [samples[..., i:i + 1] for i in range(spp)] if planar == 2 else [samples]
    chunks = []
    if tile:
        tw, th = tile
        for p in planes:
            for y in range(0, h, th):
                for x in range(0, w, tw):
                    block = np.zeros((th, tw, p.shape[2]), samples.dtype)
                    part = p[y:y + th, x:x + tw]
                    block[:part.shape[0], :part.shape[1]] = part
                    chunks.append(encode(block))
    else:
        rps = rows_per_strip or h
        for p in planes:
            for y in range(0, h, rps):
                chunks.append(encode(p[y:y + rps]))
    if compression == 8:
        chunks = [zlib.compress(c) for c in chunks]
    entries = [(256, 4, [w]), (257, 4, [h]), (258, 3, [bps] * spp), (259, 3, [compression]), (262, 3, [photometric]),
               (277, 3, [spp]), (284, 3, [planar])]
    if tile:
        entries += [(322, 4, [tile[0]]), (323, 4, [tile[1]]), (324, 4, "OFFSETS"), (325, 4, [len(c) for c in chunks])]
    else:
        entries += [(273, 4, "OFFSETS"), (278, 4, [rows_per_strip or h]), (279, 4, [len(c) for c in chunks])]
    if extra:
        entries.append((338, 3, list(extra)))
    if colormap is not None:
        entries.append((320, 3, list(colormap)))
    entries += list(tags)
    entries.sort(key=lambda e: e[0])
    # layout: header, pixel data, IFD, out-of-line values
    data = b"".join(chunks)
    offsets, pos = [], 8
    for c in chunks:
        offsets.append(pos)
        pos += len(c)
    ifd_at = 8 + len(data) + (len(data) % 2)
    fmt = {3: "H", 4: "I", 2: "B", 1: "B"}
    out_of_line = b""
    ifd = struct.pack(bo + "H", len(entries))
    tail_at = ifd_at + 2 + 12 * len(entries) + 4
    for tag, typ, vals in entries:
        if vals == "OFFSETS":
            vals = offsets
        raw = struct.pack(bo + fmt[typ] * len(vals), *vals) if typ != 2 else bytes(vals)
        if len(raw) <= 4:
            field = raw + b"\0" * (4 - len(raw))
        else:
            field = struct.pack(bo + "I", tail_at + len(out_of_line))
            out_of_line += raw + (b"\0" if len(raw) % 2 else b"")
        ifd += struct.pack(bo + "HHI", tag, typ, len(vals)) + field
    ifd += b"\0\0\0\0"
    magic = b"II\x2a\x00" if bo == "<" else b"MM\x00\x2a"
    return magic + struct.pack(bo + "I", ifd_at) + data + b"\0" * (len(data) % 2) + ifd + out_of_line


def tiff_cases(add):
    for mode in ("1", "L", "P", "RGB", "RGBA", "CMYK", "I;16", "LA"):
        for comp in (None, "tiff_lzw", "tiff_deflate", "packbits"):
            add(f"tiff_pillow_{mode.replace(';', '')}_{comp}", save(pil(23, 37, mode), "TIFF", compression=comp))
    add("tiff_pillow_1_group4", save(pil(23, 37, "1"), "TIFF", compression="group4"))
    for mode in ("RGB", "L"):
        for q in (50, 95):
            add(f"tiff_pillow_{mode}_jpeg_q{q}", save(pil(48, 61, mode), "TIFF", compression="jpeg", quality=q))
    add("tiff_pillow_large_lzw", save(pil(300, 401, "RGB"), "TIFF", compression="tiff_lzw"))
    add("tiff_pillow_large_jpeg", save(pil(301, 403, "RGB"), "TIFF", compression="jpeg"))
    pages = [pil(20, 30, "RGB"), pil(25, 15, "L"), pil(20, 30, "P")]
    add("tiff_multipage", save(pages[0], "TIFF", save_all=True, append_images=pages[1:]))
    add("tiff_multipage_lzw", save(pages[1], "TIFF", save_all=True, append_images=pages[:1], compression="tiff_lzw"))
    base = pil(23, 37, "RGB")
    for o in range(1, 9):
        add(f"tiff_orientation_{o}", save(base, "TIFF", tiffinfo={274: o}), both=True)
    add("tiff_orientation_6_lzw", save(base, "TIFF", tiffinfo={274: 6}, compression="tiff_lzw"), both=True)
    add("tiff_orientation_8_jpeg", save(base, "TIFF", tiffinfo={274: 8}, compression="jpeg"), both=True)
    # Compressed: Pillow maps uncompressed single-strip L/P/I;16 pages of orientation 5-8 from
    # a file path with the swapped size and scrambles them (docs/formats.md); not reproduced.
    add("tiff_orientation_5_gray16", save(pil(23, 37, "I;16"), "TIFF", tiffinfo={274: 5}, compression="tiff_lzw"),
        both=True)
    add("tiff_orientation_7_gray", save(pil(23, 37, "L"), "TIFF", tiffinfo={274: 7}, compression="tiff_deflate"),
        both=True)
    add("tiff_orientation_3_palette", save(pil(23, 37, "P"), "TIFF", tiffinfo={274: 3}), both=True)

    # Hand-written layouts Pillow does not write.
    rgb16 = RNG.integers(0, 65536, (9, 13, 3))
    for bo in "<>":
        e = "le" if bo == "<" else "be"
        add(f"tiff_rgb16_{e}", tiff_file(rgb16, 2, 16, bo=bo))
        add(f"tiff_gray16_{e}", tiff_file(np.where(RNG.random((9, 13, 1)) < 0.5, rgb16[..., :1] % 300, rgb16[..., :1]),
                                          1, 16, bo=bo))
        add(f"tiff_rgb8_{e}_deflate_strips", tiff_file(rgb16 >> 8, 2, 8, bo=bo, compression=8, rows_per_strip=2))
    add("tiff_rgba16", tiff_file(RNG.integers(0, 65536, (9, 13, 4)), 2, 16, extra=(2,)))
    add("tiff_rgbx16", tiff_file(RNG.integers(0, 65536, (9, 13, 4)), 2, 16, extra=(0,)))
    add("tiff_rgba16_no_extrasamples", tiff_file(RNG.integers(0, 65536, (9, 13, 4)), 2, 16))
    add("tiff_gray16_white_is_zero", tiff_file(rgb16[..., :1] % 500, 0, 16))
    rgb8 = RNG.integers(0, 256, (9, 13, 6))
    add("tiff_rgbx", tiff_file(rgb8[..., :4], 2, 8, extra=(0,)))
    add("tiff_rgba_extra_unspecified", tiff_file(rgb8[..., :5], 2, 8, extra=(2, 0)))
    add("tiff_rgb_three_extra", tiff_file(rgb8, 2, 8, extra=(0, 0, 0)))
    add("tiff_rgba_premultiplied", tiff_file(rgb8[..., :4], 2, 8, extra=(1,)))
    add("tiff_rgba_premultiplied_extra", tiff_file(rgb8[..., :5], 2, 8, extra=(1, 0)))
    add("tiff_rgba16_premultiplied", tiff_file(RNG.integers(0, 65536, (9, 13, 4)), 2, 16, extra=(1,)))
    add("tiff_cmyk_extra", tiff_file(rgb8[..., :5], 5, 8, extra=(0,)))
    add("tiff_gray_extra", tiff_file(rgb8[..., :2], 1, 8, extra=(0,)))
    add("tiff_planar_rgb", tiff_file(rgb8[..., :3], 2, 8, planar=2, rows_per_strip=4))
    add("tiff_planar_rgb16_deflate", tiff_file(rgb16, 2, 16, planar=2, compression=8))
    add("tiff_tiled_rgb", tiff_file(RNG.integers(0, 256, (40, 37, 3)), 2, 8, tile=(16, 16)))
    add("tiff_tiled_gray_deflate", tiff_file(RNG.integers(0, 256, (40, 37, 1)), 1, 8, tile=(32, 16), compression=8))
    add("tiff_tiled_planar", tiff_file(RNG.integers(0, 256, (40, 37, 3)), 2, 8, tile=(16, 32), planar=2))
    for bps in (1, 2, 4, 8):
        g = RNG.integers(0, 1 << bps, (9, 13, 1))
        add(f"tiff_gray{bps}_black_is_zero", tiff_file(g, 1, bps))
        add(f"tiff_gray{bps}_white_is_zero", tiff_file(g, 0, bps))
        cmap = list(RNG.integers(0, 65536, 3 << bps))
        add(f"tiff_palette{bps}", tiff_file(g, 3, bps, colormap=cmap))
    add("tiff_float", tiff_file(rgb16[..., :1], 1, 16, tags=[(339, 3, [3])]))
    add("tiff_xmp_orientation", tiff_file(rgb8[..., :3], 2, 8, tags=[(700, 1, list(xmp_packet('tiff:Orientation="6">')))]),
        both=True)
    good = save(pil(24, 32, "RGB"), "TIFF", compression="tiff_lzw")
    add("tiff_truncated_half", good[:len(good) // 2])
    add("tiff_header_only", good[:8])
    corrupt = bytearray(good)
    for i in range(20, 200):
        corrupt[i] = (corrupt[i] * 7 + 3) & 0xFF
    add("tiff_corrupt_lzw", bytes(corrupt))


def avif_cases(add):
    for (w, h) in [(37, 23), (64, 48), (1, 1), (17, 90), (301, 203)]:
        add(f"avif_{w}x{h}", save(pil(h, w, "RGB"), "AVIF", quality=80))
        add(f"avif_{w}x{h}_444", save(pil(h, w, "RGB"), "AVIF", quality=90, subsampling="4:4:4"))
        add(f"avif_{w}x{h}_alpha", save(pil(h, w, "RGBA"), "AVIF", quality=80))
    add("avif_gray", save(pil(40, 50, "L"), "AVIF"))
    add("avif_q100", save(pil(40, 50, "RGB"), "AVIF", quality=100))
    add("avif_422", save(pil(40, 51, "RGB"), "AVIF", subsampling="4:2:2"))
    add("avif_full_range_off", save(pil(40, 51, "RGB"), "AVIF", range="limited"))
    base = pil(23, 37, "RGB")
    for o in range(1, 9):
        add(f"avif_exif_orientation_{o}", save(base, "AVIF", exif=exif_orientation(o)), both=True)
    add("avif_xmp_orientation", save(base, "AVIF", xmp=xmp_packet('tiff:Orientation="6">')), both=True)
    good = save(pil(40, 50, "RGB"), "AVIF")
    add("avif_truncated_half", good[:len(good) // 2])
    add("avif_truncated_header", good[:40])


def format_truncation_cases(add):
    """Small GIF, BMP and TIFF files cut at every byte (AVIF at a few points)."""
    pal4 = [10, 20, 30, 200, 100, 50, 0, 255, 0, 1, 2, 3]
    sources = {
        "gif_cut": gif_bytes((7, 5), (1, 1, 5, 3), RNG.integers(0, 4, 15), pal4, transparency=2),
        "gif_cut_pillow": save(pil(6, 9, "P"), "GIF"),
        "bmp_cut_24": save(pil(5, 7, "RGB"), "BMP"),
        "bmp_cut_8": save(pil(5, 7, "P"), "BMP"),
        "bmp_cut_rle8": bmp_bytes(6, 4, 8, [rle8(np.repeat(RNG.integers(0, 9, (4, 3)), 2, axis=1))],
                                  [(i, 2 * i, 3 * i) for i in range(9)], compression=1),
        "tiff_cut_raw": save(pil(5, 7, "RGB"), "TIFF"),
        "tiff_cut_lzw": save(pil(5, 7, "RGB"), "TIFF", compression="tiff_lzw"),
    }
    for name, data in sources.items():
        for c in range(1, len(data)):
            add(f"{name}_{c}", data[:c])


# ---------------------------------------------------------------------------------------

def expected_for(path, orient):
    try:
        im = Image.open(path)
        if orient:
            im = ImageOps.exif_transpose(im)
        return np.ascontiguousarray(np.asarray(im.convert("RGB")))
    except Exception as exc:  # noqa: BLE001 - any Pillow failure is what load_image would raise
        return exc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checker", required=True, help="path to the decode_parity_check binary")
    ap.add_argument("--jpeg-writer", required=True, help="path to the write_test_jpegs binary")
    ap.add_argument("--images", action="append", default=[], help="directory of extra image files to check")
    ap.add_argument("--keep", help="write the cases into this directory and keep them")
    args = ap.parse_args()

    if PIL.__version__ != PINNED_PILLOW:
        print(f"SKIP: decode-parity needs Pillow {PINNED_PILLOW}, found {PIL.__version__}; run tools/setup_python_env.sh")
        return 77

    import warnings
    warnings.simplefilter("ignore")

    tmp_ctx = tempfile.TemporaryDirectory(prefix="pixelprep-decode-parity-")
    tmp = args.keep or tmp_ctx.name
    os.makedirs(tmp, exist_ok=True)
    files = []  # (category, path, orient)

    def add(name, data, both=False):
        ext = {"jpeg": ".jpg", "png_": ".png", "webp": ".webp", "gif_": ".gif", "bmp_": ".bmp", "tiff": ".tif",
               "avif": ".avif"}.get(name[:4], ".bin")
        path = os.path.join(tmp, name + ext)
        with open(path, "wb") as f:
            f.write(data)
        files.append((name.split("_")[0], path, 1))
        if both:
            files.append((name.split("_")[0], path, 0))

    def add_both(name, data):
        add(name, data, both=True)

    jpeg_cases(add)
    exif_jpeg_cases(add, add_both)
    png_cases(add, add_both)
    exif_png_cases(add, add_both)
    webp_cases(add, add_both)
    truncation_cases(add)
    gif_cases(add)
    bmp_cases(add)
    tiff_cases(add)
    avif_cases(add)
    format_truncation_cases(add)
    misc_cases(add)
    out = subprocess.run([args.jpeg_writer, tmp], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout + out.stderr + "write_test_jpegs failed")
        return 2
    for name in out.stdout.split():
        files.append(("libjpeg", os.path.join(tmp, name), 1))
    for d in args.images:
        for p in sorted(glob.glob(os.path.join(d, "*"))):
            if p.lower().endswith((".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".avif")):
                files.append(("extra", p, 1))
                files.append(("extra", p, 0))

    manifest = os.path.join(tmp, "manifest.txt")
    errors_expected = collections.Counter()
    per_category = collections.Counter()
    with open(manifest, "w") as mf:
        for i, (cat, path, orient) in enumerate(files):
            exp = expected_for(path, orient)
            per_category[cat] += 1
            if isinstance(exp, Exception):
                errors_expected[cat] += 1
                target = "ERROR"
            else:
                target = os.path.join(tmp, f"expected_{i}.npy")
                np.save(target, exp)
            tolerance = AVIF_MAX_ABS_DIFF if path.lower().endswith(".avif") else 0
            mf.write(f"{i}\t{orient}\t{path}\t{target}\t{tolerance}\n")  # tabs: paths may hold spaces

    proc = subprocess.run([args.checker, manifest], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stdout + proc.stderr)
        print(f"checker failed with exit code {proc.returncode}")
        return 2
    if f"CHECKED {len(files)}" not in proc.stdout.splitlines():
        print(proc.stdout[-2000:] + proc.stderr[-2000:])
        print(f"checker stopped before checking all {len(files)} cases (exit code {proc.returncode})")
        return 2
    mismatches = [line for line in proc.stdout.splitlines() if line.startswith("MISMATCH")]
    for line in mismatches:
        print(line)
    max_diff = collections.Counter()  # per group: the largest |difference| over decoded cases
    for line in proc.stdout.splitlines():
        if line.startswith("MAXDIFF "):
            _, case, d = line.split()
            cat = files[int(case)][0]
            max_diff[cat] = max(max_diff[cat], int(d))
    print(f"Pillow {PIL.__version__} (libjpeg-turbo {features.version('libjpeg_turbo')}, "
          f"libwebp {features.version('webp')}, libtiff {features.version('libtiff')}, "
          f"libavif {features.version('avif')}), numpy {np.__version__}")
    print("checks per group: " + ", ".join(f"{k}={v}" for k, v in sorted(per_category.items())))
    print("of which Pillow raises (must raise too): " + ", ".join(f"{k}={v}" for k, v in sorted(errors_expected.items())))
    for cat in sorted(per_category):
        bound = f" (allowed {AVIF_MAX_ABS_DIFF}: {AVIF_WHY})" if cat == "avif" else " (allowed 0)"
        print(f"  {cat}: {per_category[cat]} cases, {errors_expected[cat]} raise, "
              f"max|d| {max_diff[cat]}{bound}")
    print(f"{len(files)} checks ({sum(1 for f in files if f[2] == 0)} with the orientation off)")
    print(f"decode parity: {len({f[1] for f in files})} files, {len(mismatches)} mismatches")
    return 0 if not mismatches else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""decode-parity: pixelprep::io against transformers' load_image, byte for byte.

load_image(path) is Image.open(path), ImageOps.exif_transpose(...), .convert("RGB"). This
script makes test files into a temporary directory (with Pillow where Pillow can write the
variant, by hand where it cannot: 2/4/16-bit PNGs, interlacing, odd chunks, crafted EXIF),
records what Pillow returns for each (an .npy, or ERROR when Pillow raises), and asks the
C++ checker to reproduce every result. Files whose decode Pillow rejects must be rejected
too. Every file is checked with the orientation applied; JPEG/PNG/WebP orientation cases
also without it (against Image.open(path).convert("RGB")).

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
        ext = {"jpeg": ".jpg", "png_": ".png", "webp": ".webp"}.get(name[:4], ".bin")
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
    misc_cases(add)
    out = subprocess.run([args.jpeg_writer, tmp], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout + out.stderr + "write_test_jpegs failed")
        return 2
    for name in out.stdout.split():
        files.append(("libjpeg", os.path.join(tmp, name), 1))
    for d in args.images:
        for p in sorted(glob.glob(os.path.join(d, "*"))):
            if p.lower().endswith((".jpg", ".jpeg", ".png", ".webp")):
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
            mf.write(f"{i}\t{orient}\t{path}\t{target}\n")  # tabs: paths may hold spaces

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
    print(f"Pillow {PIL.__version__} (libjpeg-turbo {features.version('libjpeg_turbo')}, "
          f"libwebp {features.version('webp')}), numpy {np.__version__}")
    print("checks per group: " + ", ".join(f"{k}={v}" for k, v in sorted(per_category.items())))
    print("of which Pillow raises (must raise too): " + ", ".join(f"{k}={v}" for k, v in sorted(errors_expected.items())))
    print(f"{len(files)} checks ({sum(1 for f in files if f[2] == 0)} with the orientation off)")
    print(f"decode parity: {len({f[1] for f in files})} files, {len(mismatches)} mismatches")
    return 0 if not mismatches else 1


if __name__ == "__main__":
    sys.exit(main())

#!/bin/bash
# End-to-end checks of the `pixelprep` command: bad inputs give a one-line error naming the
# file, a non-zero exit and no output; --keep-going keeps order; --set is type-checked;
# configs that cannot give finite outputs are refused; folders and glob patterns expand in a
# stable order; backend fallback is reported; --help works on every subcommand.
# Usage: test_cli.sh PIXELPREP_BINARY
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0; checks=0
ok() { checks=$((checks + 1)); echo "ok: $1"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $1"; }
good_jpg="$(dirname "$0")/../data/images/landscape.jpg"
good_png="$(dirname "$0")/../data/images/tiny_7x5.png"
model=clip-vit-base-patch16

# A failing input: exit non-zero, exactly one stderr line naming the file, nothing written.
expect_error() {  # name file expected-text
  local name="$1" file="$2" want="$3" out="$tmp/out-$1"
  "$bin" preprocess "$model" "$file" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr"; local rc=$?
  local lines; lines=$(wc -l <"$tmp/stderr")
  if [ $rc -ne 0 ] && [ "$lines" -eq 1 ] && grep -q -- "$file" "$tmp/stderr" && grep -qi -- "$want" "$tmp/stderr" && [ ! -e "$out" ]; then
    ok "$name: exit $rc, one line: $(cat "$tmp/stderr")"
  else
    bad "$name: exit $rc, $lines stderr line(s): $(cat "$tmp/stderr"); output exists: $([ -e "$out" ] && echo yes || echo no)"
  fi
}

head -c 3000 "$good_jpg" >"$tmp/truncated.jpg"
expect_error truncated-jpeg "$tmp/truncated.jpg" "truncated"
python3 - "$tmp/huge.png" <<'PY'
import struct, sys, zlib
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
PY
expect_error huge-png "$tmp/huge.png" "pixels"
: >"$tmp/empty.jpg"
expect_error empty-file "$tmp/empty.jpg" "empty"
echo "this is not an image" >"$tmp/notes.txt"
expect_error text-file "$tmp/notes.txt" "format"
expect_error missing-file "$tmp/does-not-exist.png" "no such file\|cannot\|not found"

# --keep-going: the good inputs are processed, in order, the bad one reported; exit 3.
"$bin" preprocess "$model" "$good_jpg" "$tmp/empty.jpg" "$good_png" --keep-going --out "$tmp/kg" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 3 ] && [ "$(cat "$tmp/kg/inputs.txt")" = "$(printf '%s\n%s' "$good_jpg" "$good_png")" ] && grep -q "skipped $tmp/empty.jpg" "$tmp/stderr" && grep -q "(2, 3, 224, 224)" "$tmp/stdout"; then
  ok "keep-going: 2 results in input order, 1 reported, exit 3"
else
  bad "keep-going: exit $rc; $(cat "$tmp/stderr"); inputs: $(cat "$tmp/kg/inputs.txt" 2>/dev/null)"
fi

# --keep-going on a batch of 100 with one bad input at position 42: 99 results, one error, and each
# result is the right image's (compared byte for byte with a 2-image reference run).
"$bin" preprocess "$model" "$good_jpg" "$good_png" --out "$tmp/ref" >/dev/null 2>&1
batch=()
for i in $(seq 0 99); do
  if [ "$i" -eq 42 ]; then batch+=("$tmp/empty.jpg")
  elif [ $((i % 2)) -eq 0 ]; then cp "$good_jpg" "$tmp/in$i.jpg"; batch+=("$tmp/in$i.jpg")
  else cp "$good_png" "$tmp/in$i.png"; batch+=("$tmp/in$i.png"); fi
done
"$bin" preprocess "$model" "${batch[@]}" --keep-going --out "$tmp/kg100" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 3 ] && [ "$(grep -c skipped "$tmp/stderr")" -eq 1 ] && python3 - "$tmp/ref/pixel_values.npy" "$tmp/kg100/pixel_values.npy" "$tmp/kg100/inputs.txt" <<'PY'
import ast, sys
def load(path):  # .npy v1/v2 without numpy: (shape, raw bytes)
    d = open(path, "rb").read()
    hl = int.from_bytes(d[8:10], "little") if d[6] == 1 else int.from_bytes(d[8:12], "little")
    start = 10 if d[6] == 1 else 12
    return ast.literal_eval(d[start:start + hl].decode())["shape"], d[start + hl:]
ref_shape, ref = load(sys.argv[1]); shape, data = load(sys.argv[2])
names = open(sys.argv[3]).read().split()
per = len(ref) // 2
assert tuple(shape) == (99,) + tuple(ref_shape[1:]), shape
assert len(names) == 99 and not any("empty" in n for n in names), names
for k, name in enumerate(names):
    i = int(name.rsplit("/in", 1)[1].split(".")[0])
    assert i == (k if k < 42 else k + 1), (k, name)
    want = ref[:per] if name.endswith(".jpg") else ref[per:]
    assert data[k * per:(k + 1) * per] == want, (k, name)
PY
then ok "keep-going: batch of 100 with 1 bad -> 99 results in order (byte-checked), 1 error, exit 3"
else bad "keep-going 100: exit $rc; $(head -3 "$tmp/stderr")"; fi

# --set: typed, unknown keys refused before any work.
"$bin" preprocess "$model" "$good_jpg" --set sise=3 --out "$tmp/set1" >/dev/null 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 2 ] && grep -q "unknown option 'sise'" "$tmp/stderr" && [ ! -e "$tmp/set1" ]; then ok "--set unknown key: exit 2"; else bad "--set unknown key: exit $rc $(cat "$tmp/stderr")"; fi
"$bin" preprocess "$model" "$good_jpg" --set do_resize=maybe >/dev/null 2>"$tmp/stderr"; rc=$?
if [ $rc -ne 0 ] && grep -q "expected bool" "$tmp/stderr"; then ok "--set wrong type: exit $rc"; else bad "--set wrong type: exit $rc $(cat "$tmp/stderr")"; fi
"$bin" preprocess "$model" "$good_jpg" --set 'crop_size={"height": 100, "width": 120}' --set resample=bilinear >"$tmp/stdout" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q "(1, 3, 100, 120)" "$tmp/stdout"; then ok "--set crop_size and resample applied"; else bad "--set applied: exit $rc $(cat "$tmp/stdout")"; fi

# Backend fallback: a warning with the reason, backend cpu, exit 0; --no-fallback fails with it.
"$bin" preprocess "$model" "$good_jpg" --backend cuda >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 0 ] && [ "$(grep -c warning "$tmp/stderr")" -eq 1 ] && grep -q "^backend:  cpu" "$tmp/stdout"; then
  ok "cuda fallback: $(cat "$tmp/stderr")"
else bad "cuda fallback: exit $rc $(cat "$tmp/stderr")"; fi
"$bin" preprocess "$model" "$good_jpg" --backend cuda --no-fallback >/dev/null 2>"$tmp/stderr"; rc=$?
if [ $rc -ne 0 ] && grep -q "unavailable" "$tmp/stderr"; then ok "cuda --no-fallback: exit $rc: $(cat "$tmp/stderr")"; else bad "cuda --no-fallback: exit $rc"; fi

# A batch of 18 where one image (3x1000, made here with `pixelprep resize`) is refused by
# Qwen2-VL's smart_resize: exit 1 (an input error, not bad usage), one stderr line naming
# exactly that file, nothing written.
mkdir -p "$tmp/q"
batch=()
for i in $(seq -w 0 17); do
  if [ "$i" = 11 ]; then "$bin" resize "$good_png" "$tmp/q/in$i.png" --size 3x1000 >/dev/null
  elif [ $((10#$i % 2)) -eq 0 ]; then cp "$good_jpg" "$tmp/q/in$i.jpg"; batch+=("$tmp/q/in$i.jpg"); continue
  else cp "$good_png" "$tmp/q/in$i.png"; fi
  batch+=("$tmp/q/in$i.png")
done
"$bin" preprocess qwen2-vl-7b-instruct "${batch[@]}" --out "$tmp/q-out" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
want="pixelprep: error: $tmp/q/in11.png: absolute aspect ratio must be smaller than 200, got 333.3333333333333"
if [ ${#batch[@]} -eq 18 ] && [ $rc -eq 1 ] && [ "$(cat "$tmp/stderr")" = "$want" ] && [ ! -e "$tmp/q-out" ]; then
  ok "18 inputs, one 3x1000 on Qwen2-VL: exit 1, $(cat "$tmp/stderr")"
else bad "18 inputs, one 3x1000: ${#batch[@]} inputs, exit $rc, stderr: $(cat "$tmp/stderr")"; fi
# The same batch with --keep-going: 17 results, that file skipped, exit 3.
"$bin" preprocess qwen2-vl-7b-instruct "${batch[@]}" --keep-going --out "$tmp/q-kg" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 3 ] && [ "$(cat "$tmp/stderr")" = "${want/error:/skipped}" ] && [ "$(wc -l <"$tmp/q-kg/inputs.txt")" -eq 17 ]; then
  ok "18 inputs, one 3x1000, --keep-going: 17 results, exit 3"
else bad "18 inputs --keep-going: exit $rc, stderr: $(cat "$tmp/stderr")"; fi

# Config values that cannot give finite outputs are refused at load (and in --set), naming the key.
mkdir -p "$tmp/zero-std"
python3 - "$(dirname "$0")/../../examples/models/$model/preprocessor_config.json" "$tmp/zero-std/preprocessor_config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["image_std"] = [0, 0, 0]
json.dump(config, open(sys.argv[2], "w"))
PY
"$bin" preprocess "$tmp/zero-std" "$good_jpg" --out "$tmp/zs-out" >/dev/null 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q "key 'image_std': expected nonzero values" "$tmp/stderr" && [ ! -e "$tmp/zs-out" ]; then
  ok "image_std [0, 0, 0] config: exit 1: $(cat "$tmp/stderr")"
else bad "image_std [0, 0, 0] config: exit $rc: $(cat "$tmp/stderr")"; fi
"$bin" preprocess "$model" "$good_jpg" --set 'image_std=[0.5, 0, 0.5]' >/dev/null 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 1 ] && grep -q "key 'image_std': expected nonzero values" "$tmp/stderr"; then ok "--set image_std with a 0: exit 1"
else bad "--set image_std with a 0: exit $rc: $(cat "$tmp/stderr")"; fi

# Folders and quoted glob patterns: image files by name (byte order: B < a < b), hidden and
# non-image files skipped, --recursive by relative path; inputs.txt keeps the order.
d="$tmp/folder"
mkdir -p "$d/sub/.hidden-dir" "$d/.hidden-dir" "$d/empty"
cp "$good_png" "$d/b.png"; cp "$good_jpg" "$d/a.JPG"; cp "$good_png" "$d/B.png"; cp "$good_jpg" "$d/sub/c.jpeg"
cp "$good_png" "$d/.hidden.png"; cp "$good_png" "$d/sub/.hidden-dir/x.png"; cp "$good_png" "$d/.hidden-dir/y.png"
echo "not an image" >"$d/notes.txt"
expect_inputs() {  # name expected-files... -- args...
  local name="$1"; shift
  local want=()
  while [ "$1" != "--" ]; do want+=("$1"); shift; done; shift
  "$bin" preprocess "$model" "$@" --out "$tmp/in-$name" >"$tmp/stdout" 2>"$tmp/stderr"; local rc=$?
  if [ $rc -eq 0 ] && [ "$(cat "$tmp/in-$name/inputs.txt")" = "$(printf '%s\n' "${want[@]}")" ] && grep -q "images:   ${#want[@]}$" "$tmp/stdout"; then
    ok "$name: ${#want[@]} inputs in order"
  else bad "$name: exit $rc $(cat "$tmp/stderr"); inputs: $(cat "$tmp/in-$name/inputs.txt" 2>/dev/null)"; fi
}
expect_inputs folder "$d/B.png" "$d/a.JPG" "$d/b.png" -- "$d"
expect_inputs folder-recursive "$d/B.png" "$d/a.JPG" "$d/b.png" "$d/sub/c.jpeg" -- "$d/" --recursive
expect_inputs glob "$d/B.png" "$d/b.png" -- "$d/*.png"
expect_inputs file-then-folder "$good_jpg" "$d/sub/c.jpeg" -- "$good_jpg" "$d/sub"
for empty in "$d/empty" "$d/*.gif"; do
  "$bin" preprocess "$model" "$empty" --out "$tmp/e-out" >/dev/null 2>"$tmp/stderr"; rc=$?
  if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -qF "error: $empty: no" "$tmp/stderr" && [ ! -e "$tmp/e-out" ]; then
    ok "no images in '$empty': exit 1: $(cat "$tmp/stderr")"
  else bad "no images in '$empty': exit $rc: $(cat "$tmp/stderr")"; fi
done

for sub in preprocess info resize; do
  if "$bin" "$sub" --help 2>&1 | grep -q "Usage"; then ok "$sub --help"; else bad "$sub --help"; fi
done

# resize writes a PNG of the requested size.
"$bin" resize "$good_jpg" "$tmp/r.png" --size 50x70 --resample lanczos >/dev/null 2>&1 && python3 -c "
import struct,sys; d=open(sys.argv[1],'rb').read(24); w,h=struct.unpack('>II', d[16:24]); sys.exit(0 if (w,h)==(70,50) else 1)" "$tmp/r.png" \
  && ok "resize: 50x70 PNG" || bad "resize"

# Every bundled example model preprocesses a batch of two images by folder name (one pair for
# the image-pair classes, SuperGlue and its copies), and says which class ran.
for dir in "$(dirname "$0")"/../../examples/models/*/; do
  name=$(basename "$dir")
  "$bin" preprocess "$name" "$good_jpg" "$good_jpg" --out "$tmp/ex-$name" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
  if [ $rc -eq 0 ] && [ -n "$(ls "$tmp/ex-$name" 2>/dev/null)" ]; then ok "example $name: $(grep -m1 -o '[A-Za-z0-9]*ImageProcessor' "$tmp/stdout" "$tmp/stderr" | head -1 | cut -d: -f2)"
  else bad "example $name: exit $rc: $(head -c 300 "$tmp/stderr")"; fi
done

# info --list: every class with its model types, backends and computed outputs. The refusals
# allowed are transformers' own with the class defaults: LayoutLMv2/v3's defaults ask for
# Tesseract OCR (apply_ocr), and ImageGPT's have no colour clusters to quantize to.
"$bin" info --list >"$tmp/list" 2>"$tmp/stderr"; rc=$?
classes=$(grep -c "^[A-Za-z0-9_]*ImageProcessor$" "$tmp/list")
uncomputed=$(grep "not computed" "$tmp/list" | grep -v "key 'apply_ocr': true asks for Tesseract OCR" \
             | grep -v "Clusters must be provided for color quantization")
ocr_refused=$(grep -c "key 'apply_ocr': true asks for Tesseract OCR" "$tmp/list")
if [ $rc -eq 0 ] && [ "$classes" -ge 30 ] && grep -q "^$classes classes$" "$tmp/list" && [ -z "$uncomputed" ] \
   && [ "$ocr_refused" -eq 2 ] \
   && grep -A4 "^ImageGPTImageProcessor$" "$tmp/list" | grep -q "not computed: Clusters must be provided" \
   && grep -A4 "^DPTImageProcessor$" "$tmp/list" | grep -q "model types: depth_anything, dpt" \
   && grep -A4 "^CLIPImageProcessor$" "$tmp/list" | grep -q "pixel_values: list of 1 float32 (3, 224, 224)"; then
  ok "info --list: $classes classes, outputs computed for each (LayoutLMv2/v3's OCR defaults and ImageGPT's missing clusters refused)"
else bad "info --list: exit $rc: $(echo "$uncomputed" | head -3) ($ocr_refused OCR refusals) $(head -c 300 "$tmp/stderr")"; fi
"$bin" info >/dev/null 2>"$tmp/stderr"; rc=$?
if [ $rc -eq 2 ] && grep -q "info needs a MODEL" "$tmp/stderr"; then ok "info without MODEL: exit 2"; else bad "info without MODEL: exit $rc: $(cat "$tmp/stderr")"; fi

echo "cli: $checks checks, $fails failed"
echo "$((checks - fails)) passed, $fails failed"
[ $fails -eq 0 ]

#!/usr/bin/env python3
"""Differential test: pixelprep's OWLv2 resize against transformers' own, live, bit for bit.

transformers' Owlv2ImageProcessorPil.resize is scikit-image's resize done with scipy.ndimage
(a Gaussian anti-aliasing filter, then a linear zoom in mirror mode, clipped to the input's
range). This calls that method on random float32 (rescaled) and uint8 (rescale off) images --
downscales, upscales, and one axis each way, with and without anti-aliasing -- writes input
and output as .npy, and asks the C++ checker to reproduce every output exactly.

numpy's float64 exp (in the Gaussian's weights) is Intel's SVML routine where numpy dispatches
to AVX512_SKX and glibc's elsewhere; pixelprep's is glibc's. On an AVX512_SKX machine this
reports the differences from transformers as it runs there (max|d|, not a failure), then
checks bit for bit again with that dispatch turned off (NPY_DISABLE_CPU_FEATURES).

Needs transformers==5.23.0 and scipy in the test venv (tools/setup_python_env.sh).
"""
import argparse
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import scipy
    import transformers
    from transformers.models.owlv2.image_processing_pil_owlv2 import Owlv2ImageProcessorPil
except ImportError as exc:  # pragma: no cover - reported as a skip by meson (exit 77)
    print(f"SKIP: owlv2-resize-differential needs numpy, scipy and transformers==5.23.0 ({exc}); "
          "run tools/setup_python_env.sh")
    sys.exit(77)

PINNED_TRANSFORMERS = "5.23.0"
RETRY_MARK = "PIXELPREP_OWLV2_GLIBC_EXP_RETRY"  # set in the re-run, so that it cannot re-run again


def numpy_exp_is_svml():
    from numpy._core._multiarray_umath import __cpu_features__
    return bool(__cpu_features__.get("AVX512_SKX"))


def avx512_dispatch_targets():
    """numpy's dispatched AVX-512 targets, by the names this numpy uses: AVX512F ... AVX512_SKX
    up to numpy 2.3, the group X86_V4 from 2.4 on (where disabling AVX512_SKX alone leaves it on)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__
    return [t for t in __cpu_dispatch__ if t.startswith("AVX512") or t == "X86_V4"]


def make_image(rng, h, w, c, dtype):
    kind = rng.integers(0, 3)
    if kind == 0:  # noise
        a = rng.integers(0, 256, (h, w, c))
    elif kind == 1:  # gradient with noise
        yy, xx = np.mgrid[0:h, 0:w]
        a = np.clip((xx * 160.0 / max(w - 1, 1) + yy * 90.0 / max(h - 1, 1))[..., None] + rng.normal(0, 8, (h, w, c)), 0, 255)
    else:  # hard edges with a black square pad on the bottom/right, as OWLv2's pad leaves it
        a = rng.integers(0, 2, (h, w, c)) * 255
        a[h * 2 // 3:, :, :] = 0
    a = a.astype(np.uint8)
    if dtype == "float32":
        return (a.astype(np.float32) * np.float32(1 / 255)).astype(np.float32)
    return a


def compare(args):
    """Runs every case; returns (plan, the checker's MISMATCH lines), or an exit code."""
    rng = np.random.default_rng(args.seed)
    processor = Owlv2ImageProcessorPil()
    plan = [(960, 960, 3, 960, 960, 1, "float32"), (1000, 1000, 3, 960, 960, 1, "float32"),
            (1333, 1333, 3, 960, 960, 1, "float32"), (500, 500, 3, 960, 960, 1, "float32"),
            (700, 700, 3, 48, 48, 1, "uint8"), (9, 800, 1, 5, 12, 1, "float32"), (5, 900, 3, 2, 40, 1, "float32")]
    for _ in range(args.cases):
        # Sides of 5 or more: transformers infers the channel axis from the array's shape.
        ih, iw = (int(v) for v in rng.integers(5, 700, 2))
        r = rng.random()
        if r < 0.5:  # downscale, often by a lot (wide Gaussian kernels)
            oh, ow = max(1, int(ih / rng.uniform(1, 30))), max(1, int(iw / rng.uniform(1, 30)))
        elif r < 0.75:  # upscale
            oh, ow = int(rng.integers(ih, 2 * ih + 1)), int(rng.integers(iw, 2 * iw + 1))
        else:  # anything
            oh, ow = (int(v) for v in rng.integers(1, 400, 2))
        if oh in (1, 3):  # transformers reads such a result's rows as channels (pixelprep refuses it)
            oh += 1
        plan.append((ih, iw, int(rng.choice([1, 3])), oh, ow, int(rng.random() < 0.8),
                     "uint8" if rng.random() < 0.25 else "float32"))

    with tempfile.TemporaryDirectory(prefix="pixelprep-owlv2-diff-") as tmp:
        manifest = os.path.join(tmp, "manifest.txt")
        with open(manifest, "w") as mf:
            for i, (ih, iw, c, oh, ow, aa, dtype) in enumerate(plan):
                a = make_image(rng, ih, iw, c, dtype)
                chw = np.ascontiguousarray(a.transpose(2, 0, 1))
                expected = processor.resize(chw, {"height": oh, "width": ow}, bool(aa))
                src, dst = os.path.join(tmp, f"in{i}.npy"), os.path.join(tmp, f"out{i}.npy")
                np.save(src, a)
                np.save(dst, np.ascontiguousarray(expected))
                mf.write(f"{i} {src} {dst} {oh} {ow} {aa} {expected.dtype}\n")
        proc = subprocess.run([args.checker, manifest], capture_output=True, text=True)
    if proc.returncode not in (0, 1) or f"CHECKED {len(plan)}" not in proc.stdout.splitlines():
        print(proc.stdout[-2000:] + proc.stderr[-2000:])
        print(f"checker failed or stopped early (exit code {proc.returncode})")
        return 2
    return plan, [line for line in proc.stdout.splitlines() if line.startswith("MISMATCH")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checker", required=True, help="path to the C++ owlv2_resize_check binary")
    ap.add_argument("--cases", type=int, default=240)
    ap.add_argument("--seed", type=int, default=20261205)
    args = ap.parse_args()
    if transformers.__version__ != PINNED_TRANSFORMERS:
        print(f"SKIP: owlv2-resize-differential needs transformers {PINNED_TRANSFORMERS}, found {transformers.__version__}")
        return 77
    svml = numpy_exp_is_svml()
    result = compare(args)
    if isinstance(result, int):
        return result
    plan, mismatches = result
    print(f"transformers {transformers.__version__}, scipy {scipy.__version__}, numpy {np.__version__} "
          f"(float64 exp from SVML, numpy's AVX512_SKX dispatch: {svml}), seed {args.seed}")
    if svml and os.environ.get(RETRY_MARK):
        print(f"numpy {np.__version__} still dispatches AVX512_SKX with NPY_DISABLE_CPU_FEATURES="
              f"{os.environ.get('NPY_DISABLE_CPU_FEATURES')!r}: cannot compare against glibc's exp")
        return 2
    if svml:
        worst = max((float(line.rsplit("max|d| ", 1)[1]) for line in mismatches), default=0.0)
        print(f"with numpy's SVML exp: {len(mismatches)} of {len(plan)} cases differ from transformers here, "
              f"max|d| {worst:.3g} (reported, not a failure); again with glibc's exp:", flush=True)
        env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=" ".join(avx512_dispatch_targets()), **{RETRY_MARK: "1"})
        return subprocess.run([sys.executable, *sys.argv], env=env).returncode
    for line in mismatches:
        print(line)
    print(f"by dtype: float32={sum(p[6] == 'float32' for p in plan)}, uint8={sum(p[6] == 'uint8' for p in plan)}; "
          f"anti-aliased {sum(p[5] for p in plan)}, downscaled on some axis {sum(p[3] < p[0] or p[4] < p[1] for p in plan)}")
    print(f"owlv2 resize differential: {len(plan)} cases, {len(mismatches)} mismatches")
    return 0 if not mismatches else 1


if __name__ == "__main__":
    sys.exit(main())

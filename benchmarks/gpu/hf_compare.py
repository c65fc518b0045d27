#!/usr/bin/env python3
"""Throughput of transformers' torchvision image-processor backend on the GPU (CLIP-224 and
Qwen2-VL, default settings), merged with gpu_throughput's numbers (pixelprep's CudaPolicy
and CpuPolicy) into one table.

transformers is measured on the same models, input sizes and batch sizes (1, 32, 256), as
uint8 CHW torch tensors in host memory handed to
CLIPImageProcessor / Qwen2VLImageProcessor (the torchvision backend in v5; the "Fast"
classes before v5) with device="cuda"; its output stays on the GPU, while pixelprep's
comes back to host memory. When transformers, torch or torchvision cannot be imported, or
no CUDA device is visible to torch, that column is skipped with a message.

A time budget (--deadline-seconds) stops measuring early, and the table is printed with
what was measured; --no-hf prints the table of pixelprep's numbers only. Exit status 3:
the table was printed but transformers could not be measured at all.

Usage: hf_compare.py --cpp-results FILE [--min-seconds S] [--batches 1,32,256]
                     [--deadline-seconds S] [--no-hf]
"""

import argparse
import re
import sys
import time

SIZES = [(640, 480), (1920, 1080)]
# model -> (transformers class name in v5, largest batch measured)
MODELS = {"clip": ("CLIPImageProcessor", None), "qwen2vl": ("Qwen2VLImageProcessor", None)}
DEADLINE = [float("inf")]  # time.perf_counter() value after which nothing new is measured
RESULT = re.compile(r"^RESULT model=(\S+) backend=(\S+) width=(\d+) height=(\d+) batch=(\d+) images_per_s=([0-9.]+)")


def read_cpp_results(path):
    results = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = RESULT.match(line)
                if m:
                    key = (m.group(1), m.group(2), int(m.group(3)), int(m.group(4)), int(m.group(5)))
                    results[key] = float(m.group(6))
    except OSError as e:
        print(f"hf_compare: cannot read {path}: {e}")
    return results


def make_processor(transformers, class_name):
    """The class's defaults on the torchvision backend, or None (with the reason printed)."""
    major = int(transformers.__version__.split(".")[0])
    cls = getattr(transformers, class_name if major >= 5 else class_name + "Fast")
    processor = cls()
    backend = getattr(processor, "backend", None)
    if backend not in (None, "torchvision"):
        print(f"hf-torchvision: skipped: {cls.__name__}() uses the '{backend}' backend, not torchvision")
        return None
    print(f"hf-torchvision: {cls.__name__} (backend {backend or 'torchvision (Fast class)'})")
    return processor


def print_versions():
    """Whatever of transformers / torch / torchvision this Python has."""
    import importlib
    found = []
    for name in ("transformers", "torch", "torchvision"):
        try:
            found.append(f"{name} {importlib.import_module(name).__version__}")
        except Exception as e:  # noqa: BLE001 - report, do not fail
            found.append(f"{name} not importable ({type(e).__name__})")
    print(f"python {sys.version.split()[0]} ({sys.executable}): " + ", ".join(found), flush=True)


def measure_hf(batches, min_seconds):
    print_versions()
    try:
        import torch
        import torchvision
        import transformers
    except Exception as e:  # noqa: BLE001 - any import failure means "not available here"
        print(f"hf-torchvision: skipped: cannot import transformers/torch/torchvision ({type(e).__name__}: {e})")
        return {}
    print(f"versions: transformers {transformers.__version__}, torch {torch.__version__}, "
          f"torchvision {torchvision.__version__}, torch CUDA {torch.version.cuda}")
    if not torch.cuda.is_available():
        print("hf-torchvision: skipped: torch sees no CUDA device")
        return {}
    print(f"torch device: {torch.cuda.get_device_name(0)}")
    results = {}
    for model, (class_name, largest) in MODELS.items():
        try:
            processor = make_processor(transformers, class_name)
        except Exception as e:  # noqa: BLE001 - report and leave the column empty
            print(f"hf-torchvision: {model} skipped: cannot build {class_name} ({type(e).__name__}: {e})")
            continue
        if processor is None:
            continue
        model_batches = [n for n in batches if largest is None or n <= largest]
        try:
            measure_sizes(torch, model, processor, model_batches, min_seconds, results)
        except Exception as e:  # noqa: BLE001 - keep what was measured, still print the table
            print(f"hf-torchvision: {model} stopped: {type(e).__name__}: {e}")
    return results


def measure_sizes(torch, model, processor, batches, min_seconds, results):
    gen = torch.Generator().manual_seed(7)
    for width, height in SIZES:
        if time.perf_counter() > DEADLINE[0]:
            print(f"hf-torchvision: {model} {width}x{height}: not measured (time budget spent)")
            continue
        pool = [torch.randint(0, 256, (3, height, width), dtype=torch.uint8, generator=gen) for _ in range(8)]

        def run(images):
            out = processor(images, return_tensors="pt", device="cuda")
            torch.cuda.synchronize()
            return out

        run(pool[:1])  # warm-up: CUDA context, kernels
        for n in batches:
            if time.perf_counter() > DEADLINE[0]:
                print(f"hf-torchvision: {model} {width}x{height} batch {n}: not measured (time budget spent)")
                continue
            images = [pool[i % len(pool)] for i in range(n)]
            calls, start = 0, time.perf_counter()
            while True:
                run(images)
                calls += 1
                elapsed = time.perf_counter() - start
                if elapsed >= min_seconds:
                    break
            ips = calls * n / elapsed
            print(f"{model:<8} {'hf-torchvision':<14} {width:4d}x{height:<4d} batch {n:3d}: {ips:10.1f} images/s",
                  flush=True)
            results[(model, "hf-torchvision", width, height, n)] = ips


def print_table(results, batches):
    columns = ["pixelprep-cpu", "pixelprep-cuda", "pixelprep-cuda-dev", "hf-torchvision"]
    print()
    print("Preprocessing throughput, images/s (ratios: pixelprep-cuda or -cuda-dev / other)")
    header = (f"{'model':<8} {'input':<10} {'batch':>5} " + " ".join(f"{c:>18}" for c in columns)
              + f" {'cuda/cpu':>9} {'cuda/hf':>9} {'dev/hf':>9}")
    print(header)
    print("-" * len(header))

    def cell(value):
        return f"{value:18.1f}" if value is not None else f"{'-':>18}"

    def ratio(a, b):
        return f"{a / b:9.2f}" if a is not None and b else f"{'-':>9}"

    for model, (_, largest) in MODELS.items():
        for width, height in SIZES:
            for n in batches:
                if largest is not None and n > largest:
                    continue
                v = {c: results.get((model, c, width, height, n)) for c in columns}
                cuda = v["pixelprep-cuda"]
                print(f"{model:<8} {f'{width}x{height}':<10} {n:5d} " + " ".join(cell(v[c]) for c in columns) + " "
                      + ratio(cuda, v["pixelprep-cpu"]) + " " + ratio(cuda, v["hf-torchvision"]) + " "
                      + ratio(v["pixelprep-cuda-dev"], v["hf-torchvision"]))
    print("pixelprep-cuda: ImageProcessor<Model, CudaPolicy> (every recipe through the batched plan executor),")
    print("  output in host memory; pixelprep-cuda-dev: cuda::preprocess_to_device, output left on the GPU")
    print("  (DLPack-ready); both bit-exact with the PIL backend. '-': not measured (see the log above).")
    print("hf-torchvision: batched on the GPU, output left on the GPU, not bit-exact with PIL.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpp-results", required=True)
    parser.add_argument("--min-seconds", type=float, default=1.0)
    parser.add_argument("--batches", default="1,32,256")
    parser.add_argument("--deadline-seconds", type=float, default=None)
    parser.add_argument("--no-hf", action="store_true")
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    if args.deadline_seconds is not None:
        DEADLINE[0] = time.perf_counter() + args.deadline_seconds

    results = read_cpp_results(args.cpp_results)
    if not results:
        print("hf_compare: no pixelprep results in the file (did gpu_throughput run?)")
    hf = {} if args.no_hf else measure_hf(batches, args.min_seconds)
    results.update(hf)
    print_table(results, batches)
    if not args.no_hf and not hf:
        print("hf-torchvision: NOT MEASURED (see above); exit status 3")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Ours against PyTorch (and, for inference, ONNX Runtime) on this machine, in one run: for each setting, alternates
`pix2pix bench`, tools/bench_pytorch.py and the bench project's `ort-bench` (ONNX Runtime 1.32 on the same generator
exported by our ONNX writer) for several rounds (the order rotates every round, so a burst of load on a shared machine
hits every side alike), then prints a Markdown table of the median of the round medians, min–max of those medians,
the ratios ours / PyTorch and ours / ONNX Runtime, and the peak resident memory of each side.

Usage: /usr/bin/python3 tools/bench_side_by_side.py [--rounds 5] [--iters 8] [--threads 2] [--only train256 ...]
       [--pix2pix "dotnet src/Pix2Pix.Cli/bin/Release/net10.0/pix2pix.dll"]
       [--ort "dotnet artifacts/bin/Pix2Pix.Benchmarks/release/Pix2Pix.Benchmarks.dll"] (--ort "" leaves ONNX Runtime out)
Build ours first (dotnet build src/Pix2Pix.Cli -c Release; dotnet build bench/Pix2Pix.Benchmarks -c Release). PyTorch needs python3-torch (and OpenBLAS:
apt-get install libopenblas0-pthread, or its transposed convolutions run several times slower).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SETTINGS = {
    "train256": ("training step, unet_256 at 256², batch 1", ["--netG", "unet_256", "--crop_size", "256", "--batch_size", "1"], "train"),
    "infer256": ("generator inference, unet_256 at 256², batch 1", ["--netG", "unet_256", "--crop_size", "256", "--batch_size", "1"], "inference"),
    "train128": ("training step, unet_128 at 128², batch 1", ["--netG", "unet_128", "--crop_size", "128", "--batch_size", "1"], "train"),
    "train256b4": ("training step, unet_256 at 256², batch 4", ["--netG", "unet_256", "--crop_size", "256", "--batch_size", "4"], "train"),
    "cycle128": ("CycleGAN training step, resnet_9blocks at 128², batch 1", ["--model", "cycle_gan", "--netG", "resnet_9blocks", "--crop_size", "128", "--batch_size", "1"], "train"),
}


def run_json(command, path):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iters", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="+", choices=sorted(SETTINGS), default=[k for k in SETTINGS if k != "cycle128"])
    parser.add_argument("--pix2pix", default="dotnet src/Pix2Pix.Cli/bin/Release/net10.0/pix2pix.dll")
    parser.add_argument("--ort", default="dotnet artifacts/bin/Pix2Pix.Benchmarks/release/Pix2Pix.Benchmarks.dll")
    args = parser.parse_args()
    ours_cmd = shlex.split(args.pix2pix)
    ort_cmd = shlex.split(args.ort)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        for key in args.only:
            title, flags, phase = SETTINGS[key]
            common = flags + ["--iters", str(args.iters), "--warmup", str(args.warmup)]
            ours_run = ours_cmd + ["bench", "--phase", phase, "--num_threads", str(args.threads), "--json", out] + common
            torch_run = [sys.executable, os.path.join(HERE, "bench_pytorch.py"), "--phase", phase,
                         "--threads", str(args.threads), "--json", out] + common
            sides = [("ours", ours_run, []), ("PyTorch", torch_run, [])]
            if phase == "inference" and ort_cmd:
                ort_run = ort_cmd + ["ort-bench", "--netG", flags[flags.index("--netG") + 1],
                                     "--crop_size", flags[flags.index("--crop_size") + 1], "--threads", str(args.threads),
                                     "--iters", str(args.iters), "--warmup", str(args.warmup), "--json", out]
                sides.append(("ONNX Runtime", ort_run, []))
            for r in range(args.rounds):
                shift = r % len(sides)
                for _, command, results in sides[shift:] + sides[:shift]:
                    results.append(run_json(command, out))
                print(f"{key} round {r + 1}: " + ", ".join(f"{name} {results[-1]['median_ms']:.1f} ms" for name, _, results in sides),
                      file=sys.stderr, flush=True)
            rows.append((title, {name: results for name, _, results in sides}))
    print(f"{args.threads} thread(s), {args.rounds} rounds of {args.iters} timed steps (+{args.warmup} warm-up) per side, the order rotating every round")
    print("| setting | ours ms (median of rounds, min–max) | PyTorch ms | ONNX Runtime ms | ours / PyTorch | ours / ONNX Runtime | "
          "peak RSS MB (ours, PyTorch, ONNX Runtime) |")
    print("|---|---:|---:|---:|---:|---:|---|")

    def cell(results):
        ms = [r["median_ms"] for r in results]
        return statistics.median(ms), f"{statistics.median(ms):.1f} ({min(ms):.1f}–{max(ms):.1f})"

    for title, sides in rows:
        o, ours_text = cell(sides["ours"])
        t, torch_text = cell(sides["PyTorch"])
        ort = sides.get("ONNX Runtime")
        n, ort_text = cell(ort) if ort else (None, "–")
        rss = ", ".join(f"{max(r['peak_rss_mb'] for r in res):.0f}" for res in sides.values())
        print(f"| {title} | {ours_text} | {torch_text} | {ort_text} | {o / t:.2f} | {f'{o / n:.2f}' if n else '–'} | {rss} |")


if __name__ == "__main__":
    main()

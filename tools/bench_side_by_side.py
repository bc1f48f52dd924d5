#!/usr/bin/python3
"""Ours against PyTorch on this machine, in one run: for each setting, alternates `pix2pix bench` and
tools/bench_pytorch.py for several rounds (the order flips every round, so a burst of load on a shared machine hits
both sides alike), then prints a Markdown table of the median of the round medians, min–max of those medians, the
ratio ours / PyTorch, and the peak resident memory of each side.

Usage: /usr/bin/python3 tools/bench_side_by_side.py [--rounds 3] [--iters 8] [--threads 2] [--only train256 ...]
       [--pix2pix "dotnet src/Pix2Pix.Cli/bin/Release/net10.0/pix2pix.dll"]
Build ours first (dotnet build src/Pix2Pix.Cli -c Release). PyTorch needs python3-torch (and OpenBLAS:
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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iters", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="+", choices=sorted(SETTINGS), default=[k for k in SETTINGS if k != "cycle128"])
    parser.add_argument("--pix2pix", default="dotnet src/Pix2Pix.Cli/bin/Release/net10.0/pix2pix.dll")
    args = parser.parse_args()
    ours_cmd = shlex.split(args.pix2pix)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        for key in args.only:
            title, flags, phase = SETTINGS[key]
            common = flags + ["--iters", str(args.iters), "--warmup", str(args.warmup)]
            ours_run = ours_cmd + ["bench", "--phase", phase, "--num_threads", str(args.threads), "--json", out] + common
            torch_run = [sys.executable, os.path.join(HERE, "bench_pytorch.py"), "--phase", phase,
                         "--threads", str(args.threads), "--json", out] + common
            ours, theirs = [], []
            for r in range(args.rounds):
                order = [("ours", ours_run, ours), ("torch", torch_run, theirs)]
                if r % 2 == 1:
                    order.reverse()
                for _, command, results in order:
                    results.append(run_json(command, out))
                print(f"{key} round {r + 1}: ours {ours[-1]['median_ms']:.1f} ms, PyTorch {theirs[-1]['median_ms']:.1f} ms",
                      file=sys.stderr, flush=True)
            rows.append((title, ours, theirs))
    print(f"{args.threads} thread(s), {args.rounds} alternating rounds of {args.iters} timed steps (+{args.warmup} warm-up) per side")
    print("| setting | ours ms (median of rounds, min–max) | PyTorch ms | ours / PyTorch | ours peak RSS MB | PyTorch peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for title, ours, theirs in rows:
        om = [r["median_ms"] for r in ours]
        tm = [r["median_ms"] for r in theirs]
        o, t = statistics.median(om), statistics.median(tm)
        print(f"| {title} | {o:.1f} ({min(om):.1f}–{max(om):.1f}) | {t:.1f} ({min(tm):.1f}–{max(tm):.1f}) | {o / t:.2f} | "
              f"{max(r['peak_rss_mb'] for r in ours):.0f} | {max(r['peak_rss_mb'] for r in theirs):.0f} |")


if __name__ == "__main__":
    main()

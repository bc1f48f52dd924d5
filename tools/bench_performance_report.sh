#!/bin/bash
# The performance report of docs/benchmarks.md (issue 16) in one go, on a quiet machine:
#   the FP32 peak; ours, PyTorch 1.13 and ONNX Runtime side by side (5 alternating rounds); thread sweeps; the
#   --scaling prediction; peak memory. Build first:
#   dotnet build src/Pix2Pix.Cli -c Release && dotnet build bench/Pix2Pix.Benchmarks -c Release
# Usage: tools/bench_performance_report.sh [ARTIFACTS_DIR (default: artifacts)] > report.txt
set -euo pipefail
ART=${1:-artifacts}
P="dotnet $ART/bin/Pix2Pix.Cli/release/pix2pix.dll"
B="dotnet $ART/bin/Pix2Pix.Benchmarks/release/Pix2Pix.Benchmarks.dll"
HERE=$(cd "$(dirname "$0")" && pwd)
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## peak"
for i in 1 2 3; do $P bench --phase peak --num_threads 2; done
echo "## side by side"
/usr/bin/python3 "$HERE/bench_side_by_side.py" --rounds 5 --iters 5 --warmup 6 --only train256 infer256 train256b4 --pix2pix "$P" --ort "$B"
/usr/bin/python3 "$HERE/bench_side_by_side.py" --rounds 5 --iters 4 --warmup 3 --only cycle128 --pix2pix "$P" --ort "$B"
echo "## thread sweeps"
$P bench --thread_sweep 1,2 --iters 8 2>/dev/null | sed -n '/thread sweep/,$p'
$P bench --thread_sweep 1,2 --iters 8 --phase inference 2>/dev/null | sed -n '/thread sweep/,$p'
$P bench --thread_sweep 1,2 --iters 3 --model cycle_gan --crop_size 128 2>/dev/null | sed -n '/thread sweep/,$p'
echo "## scaling"
$P bench --scaling --iters 8 --num_threads 2 2>/dev/null
$P bench --scaling --iters 8 --num_threads 2 --phase inference 2>/dev/null
$P bench --scaling --iters 3 --num_threads 2 --model cycle_gan --crop_size 128 2>/dev/null
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

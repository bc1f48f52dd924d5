#!/usr/bin/python3
"""Writes tests/Pix2Pix.Engine.Tests/Fixtures/winograd/winograd.safetensors: PyTorch 1.13's conv2d output, input
gradient and weight/bias gradients for 3×3 stride-1 geometries on which our Conv2dPlan chooses Winograd F(4×4, 3×3)
(all three passes), and a 4×4 stride-1 one (a narrow PatchGAN 256→512 layer) for Winograd F(3×3, 4×4), which the
test runs through WinogradConv directly for all three passes.

Inputs, weights, bias and the output gradient come from fixture_io.hash_uniform (rebuilt in C# by
WinogradParityTests), so only the results are stored (about 1.4 MB). Per case <c>:
  <c>.y   conv2d(x, w, b)                 <c>.dx  d(sum(y * gy)) / dx
  <c>.dw  d(sum(y * gy)) / dw             <c>.db  d(sum(y * gy)) / db
with x = hash_uniform(seed, ·), w = hash_uniform(seed + 1, ·) / 16, b = hash_uniform(seed + 2, ·) / 16,
gy = hash_uniform(seed + 3, ·) (the power-of-two scale is exact in float32, so C# rebuilds the same bits).
The metadata "cases" lists each case's geometry (with its kernel size) as JSON.

Run with /usr/bin/python3 from anywhere:  /usr/bin/python3 tools/make_winograd_reference.py
"""
import json, os, sys
import torch
import torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_io import hash_uniform, write_safetensors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Engine.Tests", "Fixtures",
                   "winograd", "winograd.safetensors")

# name: (batch, in channels, height, width, out channels, padding, seed, kernel)
CASES = {
    # A resnet block's convolution after its reflection pad (ngf 16 gives 64 channels): 34² → 32², pad 0.
    "resnet64": (1, 64, 34, 34, 64, 0, 10, 3),
    # Odd planes (partial 4×4 tiles on both edges), unequal channel counts, batch 2, pad 1: 33² → 33².
    "odd40to36": (2, 40, 33, 33, 36, 1, 20, 3),
    # The basic PatchGAN's stride-1 4×4 layer (256→512, pad 1) narrowed: 40→48, 20² → 19² (partial 3×3 tiles), batch 2.
    "patch40to48": (2, 40, 20, 20, 48, 1, 30, 4),
}


def hashed(seed, shape, scale=1.0):
    return torch.from_numpy(hash_uniform(seed, int(torch.Size(shape).numel()))).reshape(shape) * scale


def main() -> None:
    torch.set_num_threads(1)
    tensors, meta = {}, {}
    for name, (n, cin, h, w, cout, pad, seed, k) in CASES.items():
        x = hashed(seed, (n, cin, h, w)).requires_grad_(True)
        wt = hashed(seed + 1, (cout, cin, k, k), 1.0 / 16).requires_grad_(True)
        b = hashed(seed + 2, (cout,), 1.0 / 16).requires_grad_(True)
        y = F.conv2d(x, wt, b, stride=1, padding=pad)
        gy = hashed(seed + 3, tuple(y.shape))
        (y * gy).sum().backward()
        tensors[f"{name}.y"] = y
        tensors[f"{name}.dx"] = x.grad
        tensors[f"{name}.dw"] = wt.grad
        tensors[f"{name}.db"] = b.grad
        meta[name] = {"batch": n, "in_channels": cin, "height": h, "width": w, "out_channels": cout, "padding": pad,
                      "seed": seed, "kernel": k}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    write_safetensors(tmp, tensors, {"cases": json.dumps(meta), "torch": torch.__version__})
    os.replace(tmp, OUT)
    print(f"wrote {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()

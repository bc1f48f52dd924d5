#!/usr/bin/python3
"""Writes PyTorch reference values for the WGAN-GP gradient penalty (second-order gradients).

Run from the repository root:  /usr/bin/python3 tools/make_gradient_penalty_reference.py
Writes tests/Pix2Pix.Engine.Tests/Fixtures/gp/gp.{json,bin} in the engine fixture format
({"tensors": [{"name", "shape", "offset"}]}, float32 little-endian, offsets in elements).

For each critic ("mlp": Linear-LeakyReLU-Linear; "conv": Conv-LeakyReLU-Conv-InstanceNorm(affine)-LeakyReLU-Linear):
  <c>.real, <c>.fake, <c>.eps        the batch and the per-sample mixing weights
  <c>.<param>                        the critic's parameters (state-dict names)
  <c>.score                          D(x_hat)
  <c>.input_grad                     dD(x_hat)/dx_hat, from torch.autograd.grad(create_graph=True)
  <c>.penalty                        mean over the batch of (||dD/dx_hat||_2 - 1)^2
  <c>.grad.<param>                   d(penalty)/d(param), after penalty.backward()
"""
import json
import os

import torch
import torch.nn as nn

torch.manual_seed(13)
torch.set_num_threads(1)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Engine.Tests", "Fixtures", "gp")

tensors = []


def put(name, t):
    tensors.append((name, t.detach().to(torch.float32).contiguous().numpy().copy()))


def rnd(*shape, scale=1.0):
    return (torch.rand(tuple(shape), dtype=torch.float64) * 2 - 1).float() * scale


def penalty_case(name, critic, real, fake):
    with torch.no_grad():
        for p in critic.parameters():  # random values, instance-norm weight and bias included
            p.copy_(rnd(*p.shape, scale=0.5))
    eps = torch.rand(real.shape[0], *([1] * (real.dim() - 1)))
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    score = critic(x_hat)
    grad = torch.autograd.grad(outputs=score, inputs=x_hat, grad_outputs=torch.ones_like(score),
                               create_graph=True, retain_graph=True, only_inputs=True)[0]
    penalty = ((grad.view(grad.size(0), -1).norm(2, dim=1) - 1) ** 2).mean()
    penalty.backward()
    put(f"{name}.real", real)
    put(f"{name}.fake", fake)
    put(f"{name}.eps", eps)
    put(f"{name}.score", score)
    put(f"{name}.input_grad", grad)
    put(f"{name}.penalty", penalty.reshape(1))
    for k, p in critic.named_parameters():
        put(f"{name}.{k}", p)
        # The last bias does not change dD/dx: PyTorch leaves its gradient None; store zeros.
        put(f"{name}.grad.{k}", p.grad if p.grad is not None else torch.zeros_like(p))
    print(f"{name}: penalty {penalty.item():.6f}")


def main():
    mlp = nn.Sequential(nn.Linear(12, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
    penalty_case("mlp", mlp, rnd(4, 12), rnd(4, 12))
    conv = nn.Sequential(nn.Conv2d(1, 4, 3, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(4, 8, 3, 2, 1),
                         nn.InstanceNorm2d(8, affine=True), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(8 * 2 * 2, 1))
    penalty_case("conv", conv, rnd(3, 1, 8, 8), rnd(3, 1, 8, 8))

    os.makedirs(OUT_DIR, exist_ok=True)
    index, offset = [], 0
    with open(os.path.join(OUT_DIR, "gp.bin"), "wb") as f:
        for name, a in tensors:
            flat = a.astype("<f4").ravel()
            f.write(flat.tobytes())
            index.append({"name": name, "shape": list(a.shape), "offset": offset})
            offset += flat.size
    with open(os.path.join(OUT_DIR, "gp.json"), "w") as f:
        json.dump({"format": "float32 little-endian; offset in elements", "torch": torch.__version__, "tensors": index}, f, indent=1)
    print(f"{len(index)} tensors, {offset * 4} bytes")


if __name__ == "__main__":
    main()

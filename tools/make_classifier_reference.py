#!/usr/bin/python3
"""Writes reference values for the digit classifier's pieces (docs/quality.md).

Run from the repository root:  /usr/bin/python3 tools/make_classifier_reference.py
Writes tests/Pix2Pix.Gan.Tests/Fixtures/classifier_reference.safetensors:
  ce.logits [7, 10], ce.labels [7]       inputs of F.cross_entropy (labels as float32 class indices)
  ce.loss [1], ce.grad [7, 10]           torch.nn.functional.cross_entropy (mean) and d loss / d logits
  fd.a [40, 6], fd.b [50, 6]             two sets of correlated feature vectors
  fd.value [1]                           their Frechet distance, computed in float64 with numpy as pytorch-fid does
                                         (|mu_a - mu_b|^2 + tr(S_a) + tr(S_b) - 2 tr sqrt(S_a S_b), np.cov unbiased),
                                         tr sqrt(S_a S_b) from the eigenvalues of the non-symmetric product.
"""
import os
import numpy as np
import torch
import torch.nn.functional as F
from fixture_io import write_safetensors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures",
                   "classifier_reference.safetensors")


def main():
    torch.manual_seed(21)
    logits = (torch.rand(7, 10, dtype=torch.float64) * 8 - 4).float().requires_grad_(True)
    labels = torch.tensor([3, 0, 9, 9, 1, 5, 7])
    loss = F.cross_entropy(logits, labels)
    loss.backward()

    rng = np.random.default_rng(5)
    mix_a = rng.normal(size=(6, 6))
    mix_b = rng.normal(size=(6, 6)) * 0.7 + np.eye(6)
    a = (rng.normal(size=(40, 6)) @ mix_a + 0.5).astype(np.float32)
    b = (rng.normal(size=(50, 6)) @ mix_b - 0.2).astype(np.float32)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    mu_a, mu_b = a64.mean(0), b64.mean(0)
    s_a, s_b = np.cov(a64, rowvar=False), np.cov(b64, rowvar=False)
    eig = np.linalg.eigvals(s_a @ s_b)
    tr_sqrt = np.sqrt(np.clip(eig.real, 0, None)).sum()
    fd = ((mu_a - mu_b) ** 2).sum() + np.trace(s_a) + np.trace(s_b) - 2 * tr_sqrt
    print(f"ce {loss.item():.6f}, fd {fd:.6f}")

    write_safetensors(OUT, {
        "ce.logits": logits.detach(),
        "ce.labels": labels.float(),
        "ce.loss": loss.detach().reshape(1),
        "ce.grad": logits.grad,
        "fd.a": torch.from_numpy(a),
        "fd.b": torch.from_numpy(b),
        "fd.value": torch.tensor([fd], dtype=torch.float32),
    }, {"torch": torch.__version__, "numpy": np.__version__, "fd_float64": repr(float(fd))})


if __name__ == "__main__":
    main()

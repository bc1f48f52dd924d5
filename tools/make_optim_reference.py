"""Writes the optimizer / LR-schedule / safetensors fixtures under tests/Pix2Pix.Engine.Tests/Fixtures/optim/.

Run with /usr/bin/python3 (torch 1.13 CPU) from anywhere:  /usr/bin/python3 tools/make_optim_reference.py
  adam_<case>.safetensors  torch.optim.Adam trajectories: initial params, per-step gradients, params after each step,
                           final exp_avg / exp_avg_sq, hyper-parameters in the metadata.
  lr_schedules.json        param_groups[0]['lr'] after construction and after each scheduler.step(), per policy,
                           built exactly as the reference's networks.get_scheduler does.
  python_written_plain.safetensors  the same without F16/BF16/F64: our writer must reproduce it byte for byte.
  python_written.safetensors  a small file written by this script's own safetensors writer (F32, I64 scalar,
                           empty, F16, BF16, F64, metadata) that the C# reader must load.
With --check FILE it parses a safetensors file written by our C# writer with a tiny pure-Python reader that
applies the same checks as the `safetensors` library, and prints the tensors (used by the verification step).
"""
import json, math, os, struct, sys

import numpy as np
import torch
from torch.optim import lr_scheduler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Engine.Tests", "Fixtures", "optim")

DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8"), torch.float64: ("F64", "<f8"),
          torch.float16: ("F16", "<f2")}


def write_safetensors(path, tensors, metadata=None):
    """A minimal safetensors writer: JSON header padded with spaces to a multiple of 8, contiguous data."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if t.dtype == torch.bfloat16:
            dtype, data = "BF16", (t.view(torch.int16).numpy().astype("<i2")).tobytes()
        else:
            dtype, np_dtype = DTYPES[t.dtype]
            data = t.numpy().astype(np_dtype).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """A tiny reader applying the `safetensors` library's checks (header size, JSON object, contiguous offsets)."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    assert 8 + n <= len(raw), "header larger than file"
    assert n % 8 == 0, "header not padded to a multiple of 8"
    text = raw[8:8 + n].decode("utf-8")
    assert text.startswith("{"), "header must start with {"
    header = json.loads(text)
    meta = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items())
    data = raw[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    end = 0
    sizes = {"F32": 4, "I64": 8, "F64": 8, "F16": 2, "BF16": 2}
    out = {}
    for name, e in entries:
        b, f = e["data_offsets"]
        assert b == end, f"{name}: gap or overlap at {b} (expected {end})"
        count = math.prod(e["shape"])
        assert f - b == count * sizes[e["dtype"]], f"{name}: size mismatch"
        end = f
        np_dtype = {"F32": "<f4", "I64": "<i8", "F64": "<f8", "F16": "<f2"}[e["dtype"]]
        out[name] = np.frombuffer(data[b:f], dtype=np_dtype).reshape(e["shape"])
    assert end == len(data), "trailing bytes after the last tensor"
    return [k for k in header], out, meta


def values(count, seed):
    """Deterministic, exactly representable values the C# tests can regenerate: (k*seed mod 97 - 48) / 16."""
    k = np.arange(count, dtype=np.int64)
    return ((k * seed) % 97 - 48).astype(np.float32) / 16.0


def adam_case(name, shapes, lr, betas, eps, steps, lr_changes, no_grad_until):
    g = torch.Generator().manual_seed(1234 + len(name))
    params = [torch.randn(s, generator=g).requires_grad_(True) for s in shapes]
    tensors = {f"param.{i}.initial": p.detach().clone() for i, p in enumerate(params)}
    opt = torch.optim.Adam(params, lr=lr, betas=betas, eps=eps)
    for t in range(1, steps + 1):
        if t in lr_changes:
            for group in opt.param_groups:
                group["lr"] = lr_changes[t]
        for i, p in enumerate(params):
            if t <= no_grad_until.get(i, 0):
                p.grad = None
                continue
            scale = 10.0 ** float(torch.empty(()).uniform_(-4, 1, generator=g))
            grad = torch.randn(p.shape, generator=g) * scale
            p.grad = grad
            tensors[f"param.{i}.grad.{t}"] = grad.clone()
        opt.step()
        for i, p in enumerate(params):
            tensors[f"param.{i}.after.{t}"] = p.detach().clone()
    for i, p in enumerate(params):
        st = opt.state[p]
        tensors[f"param.{i}.exp_avg"] = st["exp_avg"].clone()
        tensors[f"param.{i}.exp_avg_sq"] = st["exp_avg_sq"].clone()
        tensors[f"param.{i}.step"] = torch.tensor(int(st["step"]), dtype=torch.int64)
    meta = {"lr": repr(lr), "beta1": repr(betas[0]), "beta2": repr(betas[1]), "eps": repr(eps), "steps": str(steps),
            "params": str(len(params)),
            "lr_changes": json.dumps({str(k): v for k, v in lr_changes.items()})}
    write_safetensors(os.path.join(OUT, f"adam_{name}.safetensors"), tensors, meta)


def schedule(policy, epochs, lr=0.0002, n_epochs=5, n_epochs_decay=7, lr_decay_iters=3, epoch_count=1, metrics=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr, betas=(0.5, 0.999))
    # exactly networks.get_scheduler of junyanz/pytorch-CycleGAN-and-pix2pix
    if policy == "linear":
        def lambda_rule(epoch):
            return 1.0 - max(0, epoch + epoch_count - n_epochs) / float(n_epochs_decay + 1)
        s = lr_scheduler.LambdaLR(opt, lr_lambda=lambda_rule)
    elif policy == "step":
        s = lr_scheduler.StepLR(opt, step_size=lr_decay_iters, gamma=0.1)
    elif policy == "plateau":
        s = lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.2, threshold=0.01, patience=5)
    elif policy == "cosine":
        s = lr_scheduler.CosineAnnealingLR(opt, T_max=n_epochs, eta_min=0)
    lrs = [opt.param_groups[0]["lr"]]
    for e in range(epochs):
        if policy == "plateau":
            s.step(metrics[e])
        else:
            s.step()
        lrs.append(opt.param_groups[0]["lr"])
    return {"policy": policy, "lr": lr, "n_epochs": n_epochs, "n_epochs_decay": n_epochs_decay,
            "lr_decay_iters": lr_decay_iters, "epoch_count": epoch_count, "metrics": metrics, "lrs": lrs}


def main():
    os.makedirs(OUT, exist_ok=True)
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        names, tensors, meta = read_safetensors(sys.argv[2])
        print(json.dumps({"names": names, "metadata": meta,
                          "tensors": {k: {"shape": list(v.shape), "dtype": str(v.dtype), "values": v.ravel().tolist()}
                                      for k, v in tensors.items()}}))
        return

    adam_case("pix2pix", [(3, 4, 5), (1003,), ()], 0.0002, (0.5, 0.999), 1e-8, 7, {5: 0.0001}, {2: 2})
    adam_case("custom", [(17,), (2, 3)], 0.01, (0.9, 0.99), 1e-6, 6, {}, {})

    metrics = [1.0, 0.9, 0.95, 0.895, 0.894, 0.893, 0.9, 0.8915, 0.88, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87,
               0.86, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87,
               0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87,
               0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87, 0.87]
    cases = [
        schedule("linear", 30),
        schedule("linear", 30, epoch_count=4),
        schedule("linear", 30, lr=0.001, n_epochs=100, n_epochs_decay=100, epoch_count=1),
        schedule("step", 30),
        schedule("step", 30, lr=0.001, lr_decay_iters=50),
        schedule("plateau", 60, metrics=metrics),
        schedule("cosine", 30),
        schedule("cosine", 30, lr=0.001, n_epochs=7),
    ]
    with open(os.path.join(OUT, "lr_schedules.json"), "w") as f:
        json.dump(cases, f, indent=1)

    py = {
        "zeta.weight": torch.from_numpy(values(6, 5)).reshape(2, 3),
        "alpha.num_batches_tracked": torch.tensor(42, dtype=torch.int64),
        "scalar": torch.tensor(-2.5),
        "empty": torch.zeros(0, 3),
        "counts": torch.tensor([-(2 ** 40), 0, 7], dtype=torch.int64),
        "half": torch.from_numpy(values(5, 7)).to(torch.float16),
        "brain": torch.from_numpy(values(5, 11)).to(torch.bfloat16),
        "double": torch.from_numpy(values(4, 13)).to(torch.float64),
    }
    write_safetensors(os.path.join(OUT, "python_written.safetensors"), py, {"format": "pt", "epoch": "3"})
    # Only the dtypes we write: our writer must reproduce this file byte for byte.
    plain = {k: v for k, v in py.items() if v.dtype in (torch.float32, torch.int64)}
    write_safetensors(os.path.join(OUT, "python_written_plain.safetensors"), plain, {"format": "pt", "epoch": "3"})
    print("fixtures written to", os.path.abspath(OUT))


if __name__ == "__main__":
    main()

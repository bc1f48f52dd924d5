#!/usr/bin/python3
"""Writes PyTorch reference values for the engine's parity tests.

Run from the repository root:  /usr/bin/python3 tools/make_engine_reference.py
Writes tests/Pix2Pix.Engine.Tests/Fixtures/engine/engine.{json,bin}:

  engine.bin   all tensors, little-endian float32, concatenated
  engine.json  {"tensors": [{"name", "shape", "offset"}],   offset counted in float32 elements
                "cases": {case: {"op": ..., "args": {...}, "inputs": [names]}},
                "state_dicts": {config: [[name, shape, dtype], ...], config.parameter_count, config.repr (print(net))}}

Op cases: "<case>.in<i>" are the op's inputs (tensor args in call order), "<case>.out" its output,
"<case>.gout" a random upstream gradient, "<case>.grad<i>" = d(sum(out * gout)) / d(in<i>).
Extra per-case tensors (running statistics) are named in the case.
"adam.*" is one full training step of a small network (see adam_step below).
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Engine.Tests", "Fixtures", "engine")

tensors = []   # (name, np.float32 array)
cases = {}


def put(name, t):
    # Copy: a numpy view would follow later in-place updates (the optimizer step).
    a = t.detach().to(torch.float32).contiguous().numpy().copy() if isinstance(t, torch.Tensor) else np.array(t, np.float32)
    tensors.append((name, a))


def rnd(*shape, scale=1.0):
    return (torch.rand(tuple(shape), dtype=torch.float64) * 2 - 1).float() * scale


def case(name, op, fn, inputs, **args):
    """Runs fn(*inputs) in float32, stores inputs, output, upstream gradient and input gradients."""
    ins = [t.clone().requires_grad_(True) for t in inputs]
    out = fn(*ins)
    gout = rnd(*out.shape)
    (out * gout).sum().backward()
    for i, t in enumerate(ins):
        put(f"{name}.in{i}", t)
        put(f"{name}.grad{i}", t.grad)
    put(f"{name}.out", out)
    put(f"{name}.gout", gout)
    cases[name] = {"op": op, "args": args, "inputs": len(ins)}


def op_cases():
    for (n, cin, h, w, cout, k, s, p, bias) in [(2, 3, 8, 8, 4, 4, 2, 1, True), (1, 3, 7, 9, 2, 3, 1, 1, True),
                                                  (1, 2, 9, 8, 3, 7, 1, 0, False), (2, 4, 5, 5, 3, 1, 1, 0, True),
                                                  (1, 4, 9, 9, 1, 4, 1, 1, True)]:
        ins = [rnd(n, cin, h, w), rnd(cout, cin, k, k, scale=0.5)] + ([rnd(cout)] if bias else [])
        case(f"conv2d_k{k}s{s}p{p}{'' if bias else '_nobias'}", "conv2d",
             lambda x, wt, b=None, s=s, p=p: F.conv2d(x, wt, b, s, p), ins, stride=s, padding=p)
    for (n, cin, h, w, cout, k, s, p, op, bias) in [(2, 4, 4, 4, 3, 4, 2, 1, 0, True), (1, 3, 3, 5, 2, 3, 2, 1, 1, True),
                                                      (1, 3, 5, 4, 2, 4, 2, 1, 0, False)]:
        ins = [rnd(n, cin, h, w), rnd(cin, cout, k, k, scale=0.5)] + ([rnd(cout)] if bias else [])
        case(f"conv_transpose2d_k{k}s{s}p{p}op{op}{'' if bias else '_nobias'}", "conv_transpose2d",
             lambda x, wt, b=None, s=s, p=p, op=op: F.conv_transpose2d(x, wt, b, s, p, op), ins,
             stride=s, padding=p, output_padding=op)

    # Batch norm in training: batch statistics, running stats updated (momentum 0.1, unbiased variance).
    for name, shape in [("batch_norm2d_train", (3, 4, 5, 3)), ("batch_norm1d_train", (6, 4)), ("batch_norm1d_train_3d", (3, 4, 5))]:
        rm, rv = rnd(shape[1]) * 0.1, torch.rand(shape[1]) + 0.5
        put(f"{name}.running_mean_before", rm)
        put(f"{name}.running_var_before", rv)
        rm2, rv2 = rm.clone(), rv.clone()
        case(name, "batch_norm", lambda x, wt, b, rm2=rm2, rv2=rv2: F.batch_norm(x, rm2, rv2, wt, b, True, 0.1, 1e-5),
             [rnd(*shape) * 2 + 0.3, rnd(shape[1]) + 1, rnd(shape[1])], training=True)
        put(f"{name}.running_mean_after", rm2)
        put(f"{name}.running_var_after", rv2)
    rm, rv = rnd(4) * 0.1, torch.rand(4) + 0.5
    put("batch_norm2d_eval.running_mean_before", rm)
    put("batch_norm2d_eval.running_var_before", rv)
    case("batch_norm2d_eval", "batch_norm", lambda x, wt, b: F.batch_norm(x, rm, rv, wt, b, False, 0.1, 1e-5),
         [rnd(2, 4, 3, 3), rnd(4) + 1, rnd(4)], training=False)

    case("instance_norm2d", "instance_norm2d", lambda x: F.instance_norm(x, eps=1e-5), [rnd(2, 3, 5, 4) * 3])
    case("instance_norm2d_affine", "instance_norm2d", lambda x, wt, b: F.instance_norm(x, weight=wt, bias=b, eps=1e-5),
         [rnd(2, 3, 4, 4), rnd(3) + 1, rnd(3)])

    case("leaky_relu", "leaky_relu", lambda x: F.leaky_relu(x, 0.2), [rnd(2, 3, 4, 4)], negative_slope=0.2)
    case("relu", "relu", F.relu, [rnd(2, 3, 4, 4)])
    case("tanh", "tanh", torch.tanh, [rnd(2, 3, 4, 4, scale=3)])
    case("sigmoid", "sigmoid", torch.sigmoid, [rnd(2, 3, 4, 4, scale=3)])
    case("reflection_pad2d_3", "reflection_pad2d", lambda x: F.pad(x, (3, 3, 3, 3), mode="reflect"), [rnd(1, 2, 5, 6)], padding=[3, 3, 3, 3])
    case("reflection_pad2d_1", "reflection_pad2d", lambda x: F.pad(x, (1, 1, 1, 1), mode="reflect"), [rnd(2, 2, 3, 4)], padding=[1, 1, 1, 1])
    case("concat", "concat", lambda a, b: torch.cat([a, b], 1), [rnd(2, 3, 4, 4), rnd(2, 2, 4, 4)], dim=1)
    case("add_channel", "add", lambda a, b: a + b, [rnd(2, 3, 4, 4), rnd(1, 3, 1, 1)])
    case("sub", "sub", lambda a, b: a - b, [rnd(2, 3, 4), rnd(2, 3, 4)])
    case("mul_scalar_tensor", "mul", lambda a, b: a * b, [rnd(2, 3, 4), rnd(1)])
    case("linear", "linear", lambda x, wt, b: F.linear(x, wt, b), [rnd(3, 5), rnd(4, 5), rnd(4)])
    case("avg_pool2d_k3s2p1_exclude", "avg_pool2d", lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
         [rnd(2, 2, 7, 6)], kernel=3, stride=2, padding=1, count_include_pad=False)
    case("avg_pool2d_k2s2", "avg_pool2d", lambda x: F.avg_pool2d(x, 2, 2), [rnd(1, 3, 6, 6)], kernel=2, stride=2, padding=0, count_include_pad=True)
    case("mean_dim1", "mean_dim", lambda x: x.mean(1), [rnd(2, 3, 4)], dim=1)
    case("sum_all", "sum", lambda x: x.sum(), [rnd(2, 3, 4)])
    case("bce_with_logits", "bce_with_logits", lambda x, t: F.binary_cross_entropy_with_logits(x, t),
         [rnd(2, 1, 4, 4, scale=30), torch.rand(2, 1, 4, 4)])
    case("mse", "mse", F.mse_loss, [rnd(2, 3, 4), rnd(2, 3, 4)])
    case("l1", "l1", F.l1_loss, [rnd(2, 3, 4), rnd(2, 3, 4)])


class SkipBlock(nn.Module):
    """Shaped like the reference's UnetSkipConnectionBlock: a child Sequential named "model", output cat(x, model(x))."""

    def __init__(self, inner=None):
        super().__init__()
        layers = [nn.LeakyReLU(0.2), nn.Conv2d(4, 8, 4, 2, 1, bias=False), nn.BatchNorm2d(8)]
        if inner is not None:
            layers.append(inner)
        layers += [nn.ReLU(), nn.ConvTranspose2d(8 if inner is None else 12, 4, 4, 2, 1, bias=False), nn.BatchNorm2d(4), nn.Dropout(0.5)]
        self.model = nn.Sequential(*layers)


def state_dicts():
    nets = {
        "sequential_layers": nn.Sequential(nn.ReflectionPad2d(3), nn.Conv2d(3, 8, 7, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                                           nn.Conv2d(8, 16, 3, 2, 1), nn.InstanceNorm2d(16), nn.LeakyReLU(0.2),
                                           nn.ConvTranspose2d(16, 8, 3, 2, 1, 1), nn.InstanceNorm2d(8, affine=True), nn.Dropout(0.5),
                                           nn.Conv2d(8, 3, 1), nn.Tanh(), nn.Sigmoid()),
        "linear_batchnorm1d": nn.Sequential(nn.Linear(6, 5), nn.BatchNorm1d(5), nn.Linear(5, 2, bias=False)),
        "nested_skip_blocks": SkipBlock(SkipBlock()),
    }
    out = {}
    for key, net in nets.items():
        out[key] = [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in net.state_dict().items()]
        out[key + ".parameter_count"] = sum(p.numel() for p in net.parameters())
        out[key + ".repr"] = repr(net)
    return out


def adam_step():
    """conv 4x4 s2 p1 (no bias) → BatchNorm2d → LeakyReLU(0.2) → convT 4x4 s2 p1 → tanh; loss = L1(y, target) + BCEWithLogits(pre-tanh, 1).
    Adam(lr 2e-4, betas (0.5, 0.999)), one step."""
    # No conv bias before batch norm (as the reference): its true gradient is 0 and Adam would amplify rounding noise to ±lr.
    net = nn.Sequential(nn.Conv2d(3, 6, 4, 2, 1, bias=False), nn.BatchNorm2d(6), nn.LeakyReLU(0.2), nn.ConvTranspose2d(6, 2, 4, 2, 1))
    for i, p in enumerate(net.parameters()):
        with torch.no_grad():
            p.copy_(rnd(*p.shape, scale=0.3) + (1.0 if p.dim() == 1 and i == 1 else 0.0))
    for k, v in net.state_dict().items():
        if v.dtype == torch.float32:
            put(f"adam.before.{k}", v)
    x, target = rnd(2, 3, 8, 8), rnd(2, 2, 8, 8, scale=0.9)
    put("adam.x", x)
    put("adam.target", target)
    opt = torch.optim.Adam(net.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt.zero_grad()
    logits = net(x)
    y = torch.tanh(logits)
    l1 = F.l1_loss(y, target)
    bce = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    loss = l1 + bce
    loss.backward()
    put("adam.y", y)
    put("adam.loss_l1", l1.reshape(1))
    put("adam.loss_bce", bce.reshape(1))
    for k, p in net.named_parameters():
        put(f"adam.grad.{k}", p.grad)
    opt.step()
    for k, v in net.state_dict().items():
        if v.dtype == torch.float32:
            put(f"adam.after.{k}", v)
    assert net[1].num_batches_tracked.item() == 1


def main():
    op_cases()
    sds = state_dicts()
    adam_step()
    os.makedirs(OUT_DIR, exist_ok=True)
    index, offset = [], 0
    with open(os.path.join(OUT_DIR, "engine.bin"), "wb") as f:
        for name, a in tensors:
            flat = a.astype("<f4").ravel()
            f.write(flat.tobytes())
            index.append({"name": name, "shape": list(a.shape), "offset": offset})
            offset += flat.size
    with open(os.path.join(OUT_DIR, "engine.json"), "w") as f:
        json.dump({"format": "float32 little-endian; offset in elements", "torch": torch.__version__,
                   "tensors": index, "cases": cases, "state_dicts": sds}, f, indent=1)
    print(f"{len(index)} tensors, {offset * 4} bytes")


if __name__ == "__main__":
    main()

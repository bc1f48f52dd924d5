#!/usr/bin/python3
"""The classic GANs' training steps, ours against PyTorch on this machine, in one run (issue 13's speed figures).

For dcgan (dcgan_mnist, batch 128) and wgangp (dcgan_mnist G + the instance-norm critic, batch 64, 5 critic updates with
the gradient penalty per step) — the write-ups' settings — alternates `pix2pix bench --model M` and the same step in
PyTorch (the networks of tools/make_classic_gan_reference.py and make_wgangp_reference.py) for several rounds, the order
flipping every round, and prints a Markdown table: median of the round medians (ms per step), min–max of those
medians, steps per second and the ratio ours / PyTorch.

Usage: /usr/bin/python3 tools/bench_classic_gans.py [--rounds 3] [--iters 6] [--threads 2] [--only dcgan wgangp]
       [--pix2pix "dotnet src/Pix2Pix.Cli/bin/Release/net10.0/pix2pix.dll"]
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
SETTINGS = {"dcgan": 128, "wgangp": 64, "gan": 32, "cgan": 64}


def torch_steps(model, batch, iters, warmup, threads):
    """Median ms of `iters` timed steps of `model` in PyTorch (after `warmup` untimed ones)."""
    import torch
    import torch.nn as nn
    from make_classic_gan_reference import dcgan_mnist_nets, gan_nets, cgan_nets
    from make_wgangp_reference import critic
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    z_dim = {"gan": 64}.get(model, 100)
    if model == "dcgan":
        g, d = dcgan_mnist_nets(z_dim)
        lr, betas = 1e-3, (0.9, 0.999)
    elif model == "wgangp":
        g, _ = dcgan_mnist_nets(z_dim)
        d = critic()
        lr, betas = 1e-4, (0.0, 0.9)
    elif model == "gan":
        g, d = gan_nets(z_dim)
        lr, betas = 3e-4, (0.9, 0.999)
    else:
        g, d = cgan_nets(z_dim)
        lr, betas = 2e-4, (0.9, 0.999)
    opt_g = torch.optim.Adam(g.parameters(), lr=lr, betas=betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=lr, betas=betas)
    real = torch.rand(batch, 1, 28, 28) * 2 - 1
    onehot = nn.functional.one_hot(torch.arange(batch) % 10, 10).float()
    G = (lambda z_: g(torch.cat((z_, onehot), 1))) if model == "cgan" else g
    D = (lambda x: d(torch.cat((x.reshape(batch, -1), onehot), 1))) if model == "cgan" else d
    bce = nn.BCELoss()

    def step():
        if model == "wgangp":
            for i in range(5):
                z = torch.randn(batch, z_dim)
                fake = g(z)
                score_real, score_fake = d(real).mean(), d(fake.detach()).mean()
                eps = torch.rand(batch, 1, 1, 1)
                x_hat = (eps * real + (1 - eps) * fake.detach()).requires_grad_(True)
                out = d(x_hat)
                grad = torch.autograd.grad(out, x_hat, torch.ones_like(out), create_graph=True, retain_graph=True)[0]
                gp = (((grad.view(batch, -1) + 1e-16).norm(2, dim=1) - 1) ** 2).mean() * 10
                opt_d.zero_grad()
                (score_fake - score_real + gp).backward()
                opt_d.step()
            opt_g.zero_grad()
            (-d(fake).mean()).backward()
            opt_g.step()
            return
        fake = G(torch.randn(batch, z_dim))
        opt_d.zero_grad()
        p_real, p_fake = D(real).view(-1), D(fake.detach()).view(-1)
        ((bce(p_real, torch.ones_like(p_real)) + bce(p_fake, torch.zeros_like(p_fake))) / 2).backward()
        opt_d.step()
        opt_g.zero_grad()
        out = D(fake).view(-1)
        bce(out, torch.ones_like(out)).backward()
        opt_g.step()

    g.train(); d.train()
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iters", type=int, default=6)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="+", choices=sorted(SETTINGS), default=["dcgan", "wgangp"])
    parser.add_argument("--pix2pix", default="dotnet src/Pix2Pix.Cli/bin/Release/net10.0/pix2pix.dll")
    parser.add_argument("--torch-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.torch_only:   # one PyTorch measurement in a fresh process (so both sides start cold alike)
        print(torch_steps(args.torch_only, SETTINGS[args.torch_only], args.iters, args.warmup, args.threads))
        return
    ours_cmd = shlex.split(args.pix2pix)
    print("| model | batch | ours ms/step (min–max) | PyTorch ms/step (min–max) | ours steps/s | PyTorch steps/s | ours / PyTorch |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        for model in args.only:
            batch = SETTINGS[model]
            ours, theirs = [], []
            for r in range(args.rounds):
                def run_ours():
                    subprocess.run(ours_cmd + ["bench", "--model", model, "--batch_size", str(batch), "--iters", str(args.iters),
                                               "--warmup", str(args.warmup), "--num_threads", str(args.threads), "--json", out],
                                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    with open(out) as f:
                        ours.append(json.load(f)["median_ms"])

                def run_torch():
                    res = subprocess.run([sys.executable, __file__, "--torch-only", model, "--iters", str(args.iters),
                                          "--warmup", str(args.warmup), "--threads", str(args.threads)],
                                         check=True, capture_output=True, text=True)
                    theirs.append(float(res.stdout.strip()))
                for f in ([run_ours, run_torch] if r % 2 == 0 else [run_torch, run_ours]):
                    f()
            mo, mt = statistics.median(ours), statistics.median(theirs)
            print(f"| {model} | {batch} | {mo:.0f} ({min(ours):.0f}–{max(ours):.0f}) | {mt:.0f} ({min(theirs):.0f}–{max(theirs):.0f}) "
                  f"| {1000 / mo:.2f} | {1000 / mt:.2f} | {mo / mt:.2f} |", flush=True)


if __name__ == "__main__":
    main()

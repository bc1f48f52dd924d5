#!/usr/bin/python3
"""PyTorch side of `pix2pix bench`: the same pix2pix training step (unet + basic D, batch norm, dropout on, vanilla
GAN, λ_L1 100, Adam 2e-4/0.5) or generator inference (eval, no grad) on seeded random inputs; with --model cycle_gan
the reference's CycleGAN step (two resnet_9blocks G, two basic D, instance norm, lsgan, λ_A = λ_B = 10, λ_id 0.5; no
image pool: it only copies images). Prints median / min / max ms per step and peak RSS.
Usage: /usr/bin/python3 tools/bench_pytorch.py --netG unet_256 --crop_size 256 --iters 10 --threads 2 [--phase inference]
       /usr/bin/python3 tools/bench_pytorch.py --model cycle_gan --netG resnet_9blocks --crop_size 128"""
import argparse, itertools, json, os, resource, statistics, sys, time
import torch, torch.nn as nn
sys.path.insert(0, os.path.dirname(__file__))
from reference_nets import Unet, NLayerD, Resnet

p = argparse.ArgumentParser()
p.add_argument("--model", default="pix2pix", choices=["pix2pix", "cycle_gan"])
p.add_argument("--netG", default="unet_256", choices=["unet_256", "unet_128", "resnet_9blocks"])
p.add_argument("--crop_size", type=int, default=256)
p.add_argument("--batch_size", type=int, default=1)
p.add_argument("--ngf", type=int, default=64)
p.add_argument("--iters", type=int, default=10)
p.add_argument("--warmup", type=int, default=2)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--phase", default="train", choices=["train", "inference"])
p.add_argument("--json", help="also write median_ms, min_ms, max_ms, peak_rss_mb to this file")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
if a.model == "cycle_gan":
    if a.netG != "resnet_9blocks" or a.phase != "train":
        sys.exit("--model cycle_gan times training steps of resnet_9blocks generators (--netG resnet_9blocks --phase train)")
    g = Resnet(3, 3, a.ngf, norm="instance", dropout=False, n_blocks=9)
    g_b = Resnet(3, 3, a.ngf, norm="instance", dropout=False, n_blocks=9)
    d = NLayerD(3, a.ngf, 3, norm="instance")
    d_b = NLayerD(3, a.ngf, 3, norm="instance")
else:
    g = Unet(3, 3, 8 if a.netG == "unet_256" else 7, a.ngf, norm="batch", dropout=True)
    d = NLayerD(6, a.ngf, 3, norm="batch")
x = torch.rand(a.batch_size, 3, a.crop_size, a.crop_size) * 2 - 1
y = torch.rand(a.batch_size, 3, a.crop_size, a.crop_size) * 2 - 1
if a.model == "cycle_gan":
    opt_g = torch.optim.Adam(itertools.chain(g.parameters(), g_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(itertools.chain(d.parameters(), d_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
else:
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
bce, l1 = nn.BCEWithLogitsLoss(), nn.L1Loss()


def step():
    fake = g(x)
    for q in d.parameters(): q.requires_grad_(True)
    opt_d.zero_grad()
    pf = d(torch.cat((x, fake), 1).detach()); pr = d(torch.cat((x, y), 1))
    ((bce(pf, torch.zeros_like(pf)) + bce(pr, torch.ones_like(pr))) * 0.5).backward(); opt_d.step()
    for q in d.parameters(): q.requires_grad_(False)
    opt_g.zero_grad()
    pf = d(torch.cat((x, fake), 1))
    (bce(pf, torch.ones_like(pf)) + l1(fake, y) * 100).backward(); opt_g.step()


mse = nn.MSELoss()
def gan(pred, real):
    return mse(pred, torch.ones_like(pred) if real else torch.zeros_like(pred))
def cycle_step():
    # The reference's CycleGANModel.optimize_parameters: forward, G_A and G_B (Ds frozen), then D_A and D_B.
    fake_b = g(x); rec_a = g_b(fake_b); fake_a = g_b(y); rec_b = g(fake_a)
    for q in itertools.chain(d.parameters(), d_b.parameters()): q.requires_grad_(False)
    opt_g.zero_grad()
    idt_a = g(y); idt_b = g_b(x)
    loss = (l1(idt_a, y) * 10 * 0.5 + l1(idt_b, x) * 10 * 0.5 + gan(d(fake_b), True) + gan(d_b(fake_a), True)
            + l1(rec_a, x) * 10 + l1(rec_b, y) * 10)
    loss.backward(); opt_g.step()
    for q in itertools.chain(d.parameters(), d_b.parameters()): q.requires_grad_(True)
    opt_d.zero_grad()
    ((gan(d(y), True) + gan(d(fake_b.detach()), False)) * 0.5).backward()
    ((gan(d_b(x), True) + gan(d_b(fake_a.detach()), False)) * 0.5).backward()
    opt_d.step()
def infer():
    with torch.no_grad():
        g(x)


if a.phase == "inference":
    g.eval()
run = cycle_step if a.model == "cycle_gan" else step if a.phase == "train" else infer
for _ in range(a.warmup): run()
times = []
for _ in range(a.iters):
    t = time.perf_counter(); run(); times.append((time.perf_counter() - t) * 1000)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"pytorch {torch.__version__} {a.model} {a.netG} {a.phase} {a.crop_size}px batch {a.batch_size}, {a.threads} threads: "
      f"median {statistics.median(times):.1f} ms, min {min(times):.1f}, max {max(times):.1f} ({a.iters} iters), peak RSS {peak_mb:.0f} MB")
if a.json:
    with open(a.json, "w") as f:
        json.dump({"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times), "peak_rss_mb": peak_mb,
                   "times_ms": times}, f)

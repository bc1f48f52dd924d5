#!/usr/bin/python3
"""The PyTorch side of the facades comparison in docs/benchmarks.md: trains the reference's pix2pix (unet_128,
basic D, batch norm, vanilla GAN, λ_L1 100, Adam 2e-4/0.5) on ../shared/datasets/facades at 128×128 (load 143,
random crop and flip, label → photo = BtoA) for a fixed number of steps, then reports wall time and validation
L1 / PSNR / SSIM computed exactly as `pix2pix test` does (train-mode networks as the reference's test.py default,
tensor2im truncation, SSIM 11×11 Gaussian σ 1.5 on the valid region).

Usage: /usr/bin/python3 tools/train_facades_pytorch.py --steps 400 --threads 2 [--dataroot ../shared/datasets/facades]"""
import argparse, glob, math, os, random, sys, time
import numpy as np
import torch, torch.nn as nn
from PIL import Image
sys.path.insert(0, os.path.dirname(__file__))
from reference_nets import Unet, NLayerD


def load_pair(path):
    ab = Image.open(path).convert("RGB")
    w, h = ab.size
    return ab.crop((0, 0, w // 2, h)), ab.crop((w // 2, 0, w, h))


def to_tensor(img):
    a = np.asarray(img, dtype=np.float32) / 255.0
    return torch.from_numpy((a.transpose(2, 0, 1) - 0.5) / 0.5)


def transform(a, b, load, crop, rng, train):
    a = a.resize((load, load), Image.BICUBIC)
    b = b.resize((load, load), Image.BICUBIC)
    if train:
        x, y = rng.randint(0, load - crop), rng.randint(0, load - crop)
        flip = rng.random() > 0.5
    else:
        x = y = 0
        flip = False
    a, b = a.crop((x, y, x + crop, y + crop)), b.crop((x, y, x + crop, y + crop))
    if flip:
        a, b = a.transpose(Image.FLIP_LEFT_RIGHT), b.transpose(Image.FLIP_LEFT_RIGHT)
    return to_tensor(a), to_tensor(b)


def tensor2im(t):
    return ((t[0].detach().numpy().transpose(1, 2, 0) + 1) / 2.0 * 255.0).clip(0, 255).astype(np.uint8)


def ssim(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    r, s = 5, 1.5
    ax = np.arange(-r, r + 1)
    g = np.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * s * s)); g /= g.sum()
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    h, w, ch = a.shape
    total, n = 0.0, 0
    from numpy.lib.stride_tricks import sliding_window_view as win
    for c in range(ch):
        wa, wb = win(a[:, :, c], (11, 11)), win(b[:, :, c], (11, 11))
        ma, mb = (wa * g).sum((-1, -2)), (wb * g).sum((-1, -2))
        va = (wa * wa * g).sum((-1, -2)) - ma * ma
        vb = (wb * wb * g).sum((-1, -2)) - mb * mb
        cov = (wa * wb * g).sum((-1, -2)) - ma * mb
        m = (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
        total += m.sum(); n += m.size
    return total / n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataroot", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets", "facades"))
    p.add_argument("--steps", type=int, default=400)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ngf", type=int, default=64)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    train = sorted(glob.glob(os.path.join(args.dataroot, "train", "*.jpg")))
    val = sorted(glob.glob(os.path.join(args.dataroot, "val", "*.jpg")))
    g = Unet(3, 3, 7, args.ngf, norm="batch", dropout=True)
    d = NLayerD(6, args.ngf, 3, norm="batch")
    for net in (g, d):
        for m in net.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.normal_(m.weight, 0.0, 0.02)
                if m.bias is not None: nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.normal_(m.weight, 1.0, 0.02); nn.init.zeros_(m.bias)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce, l1 = nn.BCEWithLogitsLoss(), nn.L1Loss()
    start = time.time()
    step = 0
    while step < args.steps:
        order = list(range(len(train))); rng.shuffle(order)
        for i in order:
            if step >= args.steps: break
            photo, label = load_pair(train[i])
            real_b, real_a = transform(photo, label, 143, 128, rng, True)  # BtoA: A = label, B = photo
            real_a, real_b = real_a[None], real_b[None]
            fake_b = g(real_a)
            for q in d.parameters(): q.requires_grad_(True)
            opt_d.zero_grad()
            pf = d(torch.cat((real_a, fake_b), 1).detach()); pr = d(torch.cat((real_a, real_b), 1))
            ((bce(pf, torch.zeros_like(pf)) + bce(pr, torch.ones_like(pr))) * 0.5).backward(); opt_d.step()
            for q in d.parameters(): q.requires_grad_(False)
            opt_g.zero_grad()
            pf = d(torch.cat((real_a, fake_b), 1))
            (bce(pf, torch.ones_like(pf)) + l1(fake_b, real_b) * 100).backward(); opt_g.step()
            step += 1
    train_time = time.time() - start
    l1s, psnrs, ssims = [], [], []
    with torch.no_grad():
        for path in val:
            photo, label = load_pair(path)
            real_b, real_a = transform(photo, label, 128, 128, rng, False)
            fake = g(real_a[None])
            l1s.append((fake[0] - real_b).abs().mean().item())
            fa, rb = tensor2im(fake), tensor2im(real_b[None])
            mse = ((fa.astype(np.float64) - rb) ** 2).mean()
            psnrs.append(min(100.0, 10 * math.log10(255 ** 2 / mse)) if mse > 0 else 100.0)
            ssims.append(ssim(fa, rb))
    print(f"pytorch {torch.__version__}: {args.steps} steps in {train_time:.1f} s ({train_time / args.steps * 1000:.0f} ms/step, {args.threads} threads); "
          f"val ({len(val)} images): L1 {np.mean(l1s):.4f}, PSNR {np.mean(psnrs):.2f} dB, SSIM {np.mean(ssims):.4f}")


if __name__ == "__main__":
    main()

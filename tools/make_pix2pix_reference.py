#!/usr/bin/python3
"""Writes tests/Pix2Pix.Gan.Tests/Fixtures/pix2pix_step.safetensors: one full pix2pix training step in PyTorch
(the reference's order: forward G; D on detached fake then real, Adam; G with D frozen, Adam), from weights
and inputs that the C# test rebuilds from fixture_io.hash_uniform, so only results are stored.

Config: unet_128 (ngf 8), basic D (ndf 8), batch norm, no dropout, 128x128, batch 1, vanilla GAN loss,
lambda_L1 100, Adam(lr 2e-4, betas (0.5, 0.999)). Run with Debian's /usr/bin/python3 (python3-torch)."""
import math, os, sys
import torch, torch.nn as nn
sys.path.insert(0, os.path.dirname(__file__))
from fixture_io import hash_uniform, write_safetensors
from reference_nets import Unet, NLayerD

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "pix2pix_step.safetensors")
SIZE, NGF, NDF = 128, 8, 8
A = math.sqrt(3.0) * 0.02  # uniform(-A, A) has the std of the reference's N(0, 0.02)


def hash_init(net: nn.Module, seed_base: int) -> None:
    """Deterministic weights: entry k of the state dict gets hash_uniform(seed_base + k); mirrored in C#."""
    with torch.no_grad():
        for k, (name, t) in enumerate(net.state_dict().items()):
            if t.dtype != torch.float32:
                continue
            u = torch.from_numpy(hash_uniform(seed_base + k, t.numel())).reshape(t.shape)
            leaf = name.rsplit(".", 1)[-1]
            if leaf == "running_mean":
                t.zero_()
            elif leaf == "running_var":
                t.fill_(1.0)
            elif leaf == "weight" and t.dim() == 1:  # BatchNorm scale
                t.copy_(1.0 + A * u)
            elif leaf == "bias":
                t.copy_(0.01 * u)
            else:
                t.copy_(A * u)


def main() -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    g = Unet(3, 3, 7, NGF, norm="batch", dropout=False)
    d = NLayerD(6, NDF, 3, norm="batch")
    hash_init(g, 0)
    hash_init(d, 1000)
    real_a = torch.from_numpy(hash_uniform(5001, 3 * SIZE * SIZE)).reshape(1, 3, SIZE, SIZE)
    real_b = torch.from_numpy(hash_uniform(5002, 3 * SIZE * SIZE)).reshape(1, 3, SIZE, SIZE)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    l1 = nn.L1Loss()
    g.train(); d.train()

    fake_b = g(real_a)
    # backward_D
    for p in d.parameters(): p.requires_grad_(True)
    opt_d.zero_grad()
    pred_fake = d(torch.cat((real_a, fake_b), 1).detach())
    loss_d_fake = bce(pred_fake, torch.zeros_like(pred_fake))
    pred_real = d(torch.cat((real_a, real_b), 1))
    loss_d_real = bce(pred_real, torch.ones_like(pred_real))
    loss_d = (loss_d_fake + loss_d_real) * 0.5
    loss_d.backward()
    opt_d.step()
    # backward_G with D frozen
    for p in d.parameters(): p.requires_grad_(False)
    opt_g.zero_grad()
    pred_fake = d(torch.cat((real_a, fake_b), 1))
    loss_g_gan = bce(pred_fake, torch.ones_like(pred_fake))
    loss_g_l1 = l1(fake_b, real_b) * 100.0
    (loss_g_gan + loss_g_l1).backward()
    opt_g.step()

    g.eval()
    with torch.no_grad():
        eval_out = g(real_a)

    out = {
        "loss.G_GAN": loss_g_gan.reshape(()), "loss.G_L1": loss_g_l1.reshape(()),
        "loss.D_real": loss_d_real.reshape(()), "loss.D_fake": loss_d_fake.reshape(()),
        "fake_B": fake_b, "eval_fake_B": eval_out,
    }
    for n, t in g.state_dict().items(): out["G." + n] = t
    for n, t in d.state_dict().items(): out["D." + n] = t
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    write_safetensors(OUT, out, {"torch": torch.__version__, "config": "unet_128 ngf8, basic ndf8, batch norm, 128px, vanilla, lambda_L1 100"})
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes; losses G_GAN {loss_g_gan.item():.6f} G_L1 {loss_g_l1.item():.6f} "
          f"D_real {loss_d_real.item():.6f} D_fake {loss_d_fake.item():.6f}")


if __name__ == "__main__":
    main()

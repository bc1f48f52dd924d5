#!/usr/bin/python3
"""Writes tests/Pix2Pix.Gan.Tests/Fixtures/cyclegan_step.safetensors: one full CycleGAN training step in PyTorch in the
reference's order (models/cycle_gan_model.py): forward (fake_B, rec_A, fake_A, rec_B); G step with D_A and D_B frozen
(one Adam over G_A + G_B); then D_A and D_B (one Adam over both), each 0.5 * (GAN(D(real), True) + GAN(D(fake.detach()),
False)). pool_size 0, so the image pools pass the fakes through. Weights and inputs come from fixture_io.hash_uniform,
which the C# test rebuilds, so only results are stored. Also stores G_A's eval-mode forward before the step.

Config: resnet_6blocks (ngf 4), basic D (ndf 4), instance norm, no dropout, 64x64, batch 1, lsgan,
lambda_A = lambda_B = 10, lambda_identity 0.5, Adam(lr 2e-4, betas (0.5, 0.999)). Run with /usr/bin/python3."""
import math, os, sys
import torch, torch.nn as nn
sys.path.insert(0, os.path.dirname(__file__))
from fixture_io import hash_uniform, write_safetensors
from reference_nets import Resnet, NLayerD

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "cyclegan_step.safetensors")
SIZE, NGF, NDF = 64, 4, 4
LAMBDA_A, LAMBDA_B, LAMBDA_IDT = 10.0, 10.0, 0.5
A = math.sqrt(3.0) * 0.02  # uniform(-A, A) has the std of the reference's N(0, 0.02)


def hash_init(net: nn.Module, seed_base: int) -> None:
    """Entry k of the state dict gets hash_uniform(seed_base + k); mirrored by the C# HashInit.Apply."""
    with torch.no_grad():
        for k, (name, t) in enumerate(net.state_dict().items()):
            if t.dtype != torch.float32:
                continue
            u = torch.from_numpy(hash_uniform(seed_base + k, t.numel())).reshape(t.shape)
            leaf = name.rsplit(".", 1)[-1]
            if leaf == "weight" and t.dim() == 1:
                t.copy_(1.0 + A * u)
            elif leaf == "bias":
                t.copy_(0.01 * u)
            else:
                t.copy_(A * u)


def main() -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    g_a = Resnet(3, 3, NGF, norm="instance", dropout=False, n_blocks=6)
    g_b = Resnet(3, 3, NGF, norm="instance", dropout=False, n_blocks=6)
    d_a = NLayerD(3, NDF, 3, norm="instance")
    d_b = NLayerD(3, NDF, 3, norm="instance")
    hash_init(g_a, 0)
    hash_init(g_b, 100)
    hash_init(d_a, 1000)
    hash_init(d_b, 1100)
    real_a = torch.from_numpy(hash_uniform(5001, 3 * SIZE * SIZE)).reshape(1, 3, SIZE, SIZE)
    real_b = torch.from_numpy(hash_uniform(5002, 3 * SIZE * SIZE)).reshape(1, 3, SIZE, SIZE)

    g_a.eval()
    with torch.no_grad():
        eval_fake_b = g_a(real_a)

    opt_g = torch.optim.Adam(list(g_a.parameters()) + list(g_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(list(d_a.parameters()) + list(d_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
    mse = nn.MSELoss()
    l1 = nn.L1Loss()

    def gan(pred, real):
        return mse(pred, torch.ones_like(pred) if real else torch.zeros_like(pred))

    for n in (g_a, g_b, d_a, d_b):
        n.train()
    # forward
    fake_b = g_a(real_a)
    rec_a = g_b(fake_b)
    fake_a = g_b(real_b)
    rec_b = g_a(fake_a)
    # G step, D frozen
    for d in (d_a, d_b):
        for p in d.parameters(): p.requires_grad_(False)
    opt_g.zero_grad()
    idt_a = g_a(real_b)
    loss_idt_a = l1(idt_a, real_b) * LAMBDA_B * LAMBDA_IDT
    idt_b = g_b(real_a)
    loss_idt_b = l1(idt_b, real_a) * LAMBDA_A * LAMBDA_IDT
    loss_g_a = gan(d_a(fake_b), True)
    loss_g_b = gan(d_b(fake_a), True)
    loss_cycle_a = l1(rec_a, real_a) * LAMBDA_A
    loss_cycle_b = l1(rec_b, real_b) * LAMBDA_B
    (loss_g_a + loss_g_b + loss_cycle_a + loss_cycle_b + loss_idt_a + loss_idt_b).backward()
    opt_g.step()
    # D step
    for d in (d_a, d_b):
        for p in d.parameters(): p.requires_grad_(True)
    opt_d.zero_grad()

    def backward_d_basic(d, real, fake):
        loss = (gan(d(real), True) + gan(d(fake.detach()), False)) * 0.5
        loss.backward()
        return loss

    loss_d_a = backward_d_basic(d_a, real_b, fake_b)
    loss_d_b = backward_d_basic(d_b, real_a, fake_a)
    opt_d.step()

    out = {
        "loss.D_A": loss_d_a, "loss.G_A": loss_g_a, "loss.cycle_A": loss_cycle_a, "loss.idt_A": loss_idt_a,
        "loss.D_B": loss_d_b, "loss.G_B": loss_g_b, "loss.cycle_B": loss_cycle_b, "loss.idt_B": loss_idt_b,
        "eval_fake_B_before": eval_fake_b, "fake_B": fake_b, "rec_A": rec_a, "fake_A": fake_a, "rec_B": rec_b,
        "idt_A": idt_a, "idt_B": idt_b,
    }
    out = {k: (v.reshape(()) if k.startswith("loss.") else v) for k, v in out.items()}
    for prefix, net in (("G_A.", g_a), ("G_B.", g_b), ("D_A.", d_a), ("D_B.", d_b)):
        for n, t in net.state_dict().items():
            out[prefix + n] = t
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    write_safetensors(OUT, out, {"torch": torch.__version__, "config": "resnet_6blocks ngf4, basic ndf4, instance norm, 64px, lsgan, lambda 10/10/0.5, pool 0"})
    losses = " ".join(f"{k[5:]} {v.item():.6f}" for k, v in out.items() if k.startswith("loss."))
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes; {losses}")


if __name__ == "__main__":
    main()

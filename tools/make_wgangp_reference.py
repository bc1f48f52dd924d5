"""One training step of --model wgangp (GANS.md §6) in PyTorch, for tests/Pix2Pix.Gan.Tests/Models/ClassicGanParityTests.cs:
G = dcgan_mnist's generator, the critic = dcgan_mnist's D with InstanceNorm2d(affine=True) for BatchNorm2d and no sigmoid;
one critic update (--n_critic 1) minimising mean(D(G(z))) - mean(D(x)) + 10 * mean((||grad D(x_hat) + 1e-16||_2 - 1)^2)
with x_hat = eps*x + (1 - eps)*G(z) and the gradient from torch.autograd.grad(create_graph=True); then G minimising
-mean(D(G(z))) on the same G(z); Adam lr 1e-4, betas (0, 0.9). Weights, batch, z and eps from fixture_io.hash_uniform.
Writes tests/Pix2Pix.Gan.Tests/Fixtures/wgangp_step.safetensors (tensors over 100k elements as every 37th value).
Run with Debian's /usr/bin/python3 (python3-torch)."""
import os
import torch
import torch.nn as nn

from fixture_io import hash_uniform, write_safetensors
from make_classic_gan_reference import Wrap, dcgan_mnist_nets, STRIDE, BIG
from make_pix2pix_reference import hash_init

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "wgangp_step.safetensors")


def critic():
    return Wrap("disc", nn.Sequential(
        nn.Conv2d(1, 32, 3, 2, 1), nn.LeakyReLU(0.01),
        nn.Conv2d(32, 64, 3, 2, 1), nn.InstanceNorm2d(64, affine=True), nn.LeakyReLU(0.01),
        nn.Conv2d(64, 128, 3, 2, 1), nn.InstanceNorm2d(128, affine=True), nn.LeakyReLU(0.01),
        nn.Flatten(), nn.Linear(2048, 1)))


def main() -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    prefix, seed, batch, z_dim, lr, betas, lam = "wgangp", 300, 8, 100, 1e-4, (0.0, 0.9), 10.0
    g, _ = dcgan_mnist_nets(z_dim)
    d = critic()
    hash_init(g, seed)
    hash_init(d, seed + 1000)
    real = torch.from_numpy(hash_uniform(seed + 5001, batch * 784)).reshape(batch, 1, 28, 28)
    z = torch.from_numpy(hash_uniform(seed + 5002, batch * z_dim) * 1.7).reshape(batch, z_dim)
    eps = torch.from_numpy(hash_uniform(seed + 5003, batch) * 0.5 + 0.5).reshape(batch, 1, 1, 1)
    opt_g = torch.optim.Adam(g.parameters(), lr=lr, betas=betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=lr, betas=betas)
    g.train(); d.train()
    fake = g(z)
    score_real = d(real).mean()
    score_fake = d(fake.detach()).mean()
    x_hat = (eps * real + (1 - eps) * fake.detach()).requires_grad_(True)
    out = d(x_hat)
    grad = torch.autograd.grad(outputs=out, inputs=x_hat, grad_outputs=torch.ones_like(out), create_graph=True, retain_graph=True)[0]
    gp = (((grad.view(batch, -1) + 1e-16).norm(2, dim=1) - 1) ** 2).mean() * lam
    loss_d = score_fake - score_real + gp
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = -d(fake).mean()
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    res = {f"{prefix}.loss.G": loss_g.reshape(()), f"{prefix}.loss.D": loss_d.reshape(()),
           f"{prefix}.loss.D_real": score_real.reshape(()), f"{prefix}.loss.D_fake": score_fake.reshape(()),
           f"{prefix}.loss.GP": gp.reshape(()), f"{prefix}.fake": fake.detach()[:2]}
    for net_name, net in (("G", g), ("D", d)):
        for n, t in net.state_dict().items():
            if t.numel() > BIG:
                t = t.reshape(-1)[::STRIDE].contiguous()
            res[f"{prefix}.{net_name}.{n}"] = t
    print(f"{prefix}: G {loss_g.item():.6f} D {loss_d.item():.6f} D_real {score_real.item():.6f} D_fake {score_fake.item():.6f} GP {gp.item():.6f}")
    write_safetensors(OUT, res, {"torch": torch.__version__, "stride": str(STRIDE), "big": str(BIG),
                                 "config": "wgangp: dcgan_mnist G, wgangp_mnist critic, z100, batch 8, n_critic 1, lambda 10, Adam lr 1e-4 betas (0, 0.9)"})
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()

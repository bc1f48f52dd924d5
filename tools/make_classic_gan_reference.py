"""One training step of the classic GANs (GANS.md §1 `gan`, §2 `cgan` with labels i mod 10, §3 `dcgan` with dcgan_mnist) in PyTorch, for
tests/Pix2Pix.Gan.Tests/Models/ClassicGanParityTests.cs. The write-ups' step: D on the real batch (target 1) and on
G(z) detached (target 0), lossD = (real + fake) / 2, Adam step; then G with BCE(D(G(z)), 1) through the updated D,
Adam step. Weights, the batch and z come from fixture_io.hash_uniform (rebuilt in C#); the file holds the losses and
the updated state dicts (tensors over 100k elements as every 37th value, to keep the fixture small).
Run with Debian's /usr/bin/python3 (python3-torch)."""
import os
import torch
import torch.nn as nn

from fixture_io import hash_uniform, write_safetensors
from make_pix2pix_reference import hash_init

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "classic_gan_step.safetensors")
STRIDE, BIG = 37, 100_000


class Wrap(nn.Module):
    """The write-ups' `self.gen = nn.Sequential(...)` / `self.disc = ...`, so names read gen.0.weight."""

    def __init__(self, name, body, flatten=False, out_shape=None):
        super().__init__()
        setattr(self, name, body)
        self.name, self.flatten, self.out_shape = name, flatten, out_shape

    def forward(self, x):
        if self.flatten:
            x = x.view(x.shape[0], -1)
        y = getattr(self, self.name)(x)
        return y if self.out_shape is None else y.view(y.shape[0], *self.out_shape)


def gan_nets(z_dim):
    g = Wrap("gen", nn.Sequential(nn.Linear(z_dim, 256), nn.LeakyReLU(0.01), nn.Linear(256, 784), nn.Tanh()), out_shape=(1, 28, 28))
    d = Wrap("disc", nn.Sequential(nn.Linear(784, 128), nn.LeakyReLU(0.01), nn.Linear(128, 1), nn.Sigmoid()), flatten=True)
    return g, d


def dcgan_mnist_nets(z_dim):
    g = Wrap("gen", nn.Sequential(
        nn.Linear(z_dim, 256 * 7 * 7), nn.Unflatten(1, (256, 7, 7)),
        nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.01),
        nn.ConvTranspose2d(128, 64, 3, 1, 1), nn.BatchNorm2d(64), nn.LeakyReLU(0.01),
        nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh()))
    d = Wrap("disc", nn.Sequential(
        nn.Conv2d(1, 32, 3, 2, 1), nn.LeakyReLU(0.01),
        nn.Conv2d(32, 64, 3, 2, 1), nn.BatchNorm2d(64), nn.LeakyReLU(0.01),
        nn.Conv2d(64, 128, 3, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.01),
        nn.Flatten(), nn.Linear(2048, 1), nn.Sigmoid()))
    return g, d


def cgan_nets(z_dim):
    g = Wrap("gen", nn.Sequential(
        nn.Linear(z_dim + 10, 128), nn.LeakyReLU(0.2),
        nn.Linear(128, 256), nn.BatchNorm1d(256, 0.8), nn.LeakyReLU(0.2),
        nn.Linear(256, 512), nn.BatchNorm1d(512, 0.8), nn.LeakyReLU(0.2),
        nn.Linear(512, 784), nn.Tanh()), out_shape=(1, 28, 28))
    d = Wrap("disc", nn.Sequential(
        nn.Linear(794, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid()), flatten=True)
    return g, d


def step(prefix, g, d, z_dim, batch, lr, betas, seed, conditional=False):
    hash_init(g, seed)
    hash_init(d, seed + 1000)
    real = torch.from_numpy(hash_uniform(seed + 5001, batch * 784)).reshape(batch, 1, 28, 28)
    z = torch.from_numpy(hash_uniform(seed + 5002, batch * z_dim) * 1.7).reshape(batch, z_dim)
    opt_g = torch.optim.Adam(g.parameters(), lr=lr, betas=betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=lr, betas=betas)
    bce = nn.BCELoss()
    onehot = nn.functional.one_hot(torch.arange(batch) % 10, 10).float()
    G = (lambda z_: g(torch.cat((z_, onehot), 1))) if conditional else g
    D = (lambda x: d(torch.cat((x.view(batch, -1), onehot), 1))) if conditional else d
    g.train(); d.train()
    fake = G(z)
    opt_d.zero_grad()
    p_real = D(real).view(-1)
    loss_real = bce(p_real, torch.ones_like(p_real))
    p_fake = D(fake.detach()).view(-1)
    loss_fake = bce(p_fake, torch.zeros_like(p_fake))
    loss_d = (loss_real + loss_fake) / 2
    loss_d.backward()
    opt_d.step()
    opt_g.zero_grad()
    out = D(fake).view(-1)
    loss_g = bce(out, torch.ones_like(out))
    loss_g.backward()
    opt_g.step()
    res = {f"{prefix}.loss.G": loss_g.reshape(()), f"{prefix}.loss.D": loss_d.reshape(()),
           f"{prefix}.loss.D_real": loss_real.reshape(()), f"{prefix}.loss.D_fake": loss_fake.reshape(()),
           f"{prefix}.fake": fake.detach()[:2]}
    for net_name, net in (("G", g), ("D", d)):
        for n, t in net.state_dict().items():
            if t.numel() > BIG:
                t = t.reshape(-1)[::STRIDE].contiguous()
            res[f"{prefix}.{net_name}.{n}"] = t
    print(f"{prefix}: G {loss_g.item():.6f} D {loss_d.item():.6f} D_real {loss_real.item():.6f} D_fake {loss_fake.item():.6f}")
    return res


def main() -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    out = {}
    out.update(step("gan", *gan_nets(64), z_dim=64, batch=32, lr=3e-4, betas=(0.9, 0.999), seed=0))
    out.update(step("cgan", *cgan_nets(100), z_dim=100, batch=16, lr=2e-4, betas=(0.9, 0.999), seed=200, conditional=True))
    out.update(step("dcgan", *dcgan_mnist_nets(100), z_dim=100, batch=8, lr=1e-3, betas=(0.9, 0.999), seed=100))
    write_safetensors(OUT, out, {"torch": torch.__version__, "stride": str(STRIDE), "big": str(BIG),
                                 "config": "gan (z64, batch 32, lr 3e-4), cgan (z100, batch 16, lr 2e-4, BatchNorm1d eps 0.8) and dcgan_mnist (z100, batch 8, lr 1e-3), Adam betas (0.9, 0.999), BCELoss"})
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()

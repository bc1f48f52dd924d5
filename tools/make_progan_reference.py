#!/usr/bin/env python3
"""pytorch_GAN_zoo's progressive GAN (facebookresearch/pytorch_GAN_zoo, models/progressive_gan.py, base_GAN.py,
networks/progressive_conv_net.py, custom_layers.py, mini_batch_stddev_module.py), re-typed compactly with its exact
state-dict names, for tests/Pix2Pix.Gan.Tests/Models/ProganParityTests.cs. No internet here, so the repository itself
cannot be installed; this file follows its code line by line where it matters (layer order, fade-in, pooling, the
minibatch standard deviation, the loss terms and their sums).

Writes tests/Pix2Pix.Gan.Tests/Fixtures/progan/:
  zoo_s2.pth            a checkpoint in the zoo's layout ({'config': BaseConfig, 'netG', 'netD', 'avgG'}), torch.save
                        zip format, keys 'formatLayer.module.weight', …; 3 scales (4, 8, 16), alpha 0.3, random weights
  zoo_s2_legacy.pth     the same in the legacy (pre-1.6) format with the old key names ('formatLayer.weight'), as the
                        released files (celebaHQ…pth) were saved
  sample.safetensors    z and avgG(z) at alpha 0.3 and at alpha 0; netG(z) at alpha 0.3
  step_fade.safetensors one optimizeParameters step at 16x16, alpha 0.3 (inputs, losses, D's and G's parameter
                        gradients, updated netG/netD/avgG)
  step_switch.safetensors one step at scale 1 (8x8, alpha 0), then addScale(8), alpha 1, one step at 16x16
Run with Debian's /usr/bin/python3 (python3-torch 1.13).
"""
import copy, math, os, sys, types

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_io import write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "progan")

# the zoo pickles its config as models.utils.config.BaseConfig: make that class importable under that name
_models = types.ModuleType("models"); _utils = types.ModuleType("models.utils"); _config = types.ModuleType("models.utils.config")


class BaseConfig:
    pass


BaseConfig.__module__ = "models.utils.config"
_config.BaseConfig = BaseConfig
sys.modules.update({"models": _models, "models.utils": _utils, "models.utils.config": _config})


def pixel_norm(x, eps=1e-8):
    return x * (((x ** 2).mean(dim=1, keepdim=True) + eps).rsqrt())


def upscale2d(x, factor=2):
    s = x.size()
    x = x.view(-1, s[1], s[2], 1, s[3], 1).expand(-1, s[1], s[2], factor, s[3], factor)
    return x.contiguous().view(-1, s[1], s[2] * factor, s[3] * factor)


def mini_batch_std_dev(x, sub=4):
    size = x.size()
    sub = min(size[0], sub)
    if size[0] % sub != 0:
        sub = size[0]
    g = int(size[0] / sub)
    if sub > 1:
        y = x.view(-1, sub, size[1], size[2], size[3])
        y = torch.sqrt(torch.var(y, 1) + 1e-8).view(g, -1)
        y = torch.mean(y, 1).view(g, 1).expand(g, size[2] * size[3]).view((g, 1, 1, size[2], size[3]))
        y = y.expand(g, sub, -1, -1, -1).contiguous().view((-1, 1, size[2], size[3]))
    else:
        y = torch.zeros(x.size(0), 1, x.size(2), x.size(3), device=x.device)
    return torch.cat([x, y], dim=1)


class Constrained(nn.Module):
    def __init__(self, module):
        super().__init__()
        self.module = module
        self.module.bias.data.fill_(0)
        self.module.weight.data.normal_(0, 1)
        self.weight = math.sqrt(2.0 / float(torch.tensor(module.weight.size()[1:]).prod()))

    def forward(self, x):
        x = self.module(x)
        x *= self.weight
        return x


def econv(i, o, k, padding=0):
    return Constrained(nn.Conv2d(i, o, k, padding=padding))


def elinear(i, o):
    return Constrained(nn.Linear(i, o))


class GNet(nn.Module):
    def __init__(self, dim_latent, depth0, dim_output=3, leak=0.2):
        super().__init__()
        self.scalesDepth = [depth0]
        self.scaleLayers = nn.ModuleList()
        self.toRGBLayers = nn.ModuleList()
        self.formatLayer = elinear(dim_latent, 16 * depth0)
        self.dimOutput = dim_output
        self.groupScale0 = nn.ModuleList([econv(depth0, depth0, 3, padding=1)])
        self.toRGBLayers.append(econv(depth0, dim_output, 1))
        self.alpha = 0
        self.leakyRelu = nn.LeakyReLU(leak)

    def addScale(self, depth):
        last = self.scalesDepth[-1]
        self.scalesDepth.append(depth)
        self.scaleLayers.append(nn.ModuleList([econv(last, depth, 3, padding=1), econv(depth, depth, 3, padding=1)]))
        self.toRGBLayers.append(econv(depth, self.dimOutput, 1))

    def forward(self, x):
        x = pixel_norm(x)
        x = x.view(-1, x[0].numel())
        x = self.leakyRelu(self.formatLayer(x))
        x = pixel_norm(x.view(x.size()[0], -1, 4, 4))
        for conv in self.groupScale0:
            x = pixel_norm(self.leakyRelu(conv(x)))
        if self.alpha > 0 and len(self.scaleLayers) == 1:
            y = upscale2d(self.toRGBLayers[-2](x))
        for scale, group in enumerate(self.scaleLayers, 0):
            x = upscale2d(x)
            for conv in group:
                x = pixel_norm(self.leakyRelu(conv(x)))
            if self.alpha > 0 and scale == (len(self.scaleLayers) - 2):
                y = upscale2d(self.toRGBLayers[-2](x))
        x = self.toRGBLayers[-1](x)
        if self.alpha > 0:
            x = self.alpha * y + (1.0 - self.alpha) * x
        return x


class DNet(nn.Module):
    def __init__(self, depth0, dim_input=3, leak=0.2, stddev=True):
        super().__init__()
        self.dimInput = dim_input
        self.scalesDepth = [depth0]
        self.scaleLayers = nn.ModuleList()
        self.fromRGBLayers = nn.ModuleList()
        self.mergeLayers = nn.ModuleList()
        self.decisionLayer = elinear(depth0, 1)
        self.groupScaleZero = nn.ModuleList()
        self.fromRGBLayers.append(econv(dim_input, depth0, 1))
        self.miniBatchNormalization = stddev
        self.groupScaleZero.append(econv(depth0 + (1 if stddev else 0), depth0, 3, padding=1))
        self.groupScaleZero.append(elinear(depth0 * 16, depth0))
        self.alpha = 0
        self.leakyRelu = nn.LeakyReLU(leak)

    def addScale(self, depth):
        last = self.scalesDepth[-1]
        self.scalesDepth.append(depth)
        self.scaleLayers.append(nn.ModuleList([econv(depth, depth, 3, padding=1), econv(depth, last, 3, padding=1)]))
        self.fromRGBLayers.append(econv(self.dimInput, depth, 1))

    def forward(self, x):
        if self.alpha > 0 and len(self.fromRGBLayers) > 1:
            y = self.leakyRelu(self.fromRGBLayers[-2](F.avg_pool2d(x, (2, 2))))
        x = self.leakyRelu(self.fromRGBLayers[-1](x))
        merge = self.alpha > 0 and len(self.scaleLayers) > 1
        for group in reversed(self.scaleLayers):
            for layer in group:
                x = self.leakyRelu(layer(x))
            x = nn.AvgPool2d((2, 2))(x)
            if merge:
                merge = False
                x = self.alpha * y + (1 - self.alpha) * x
        if self.miniBatchNormalization:
            x = mini_batch_std_dev(x)
        x = self.leakyRelu(self.groupScaleZero[0](x))
        x = x.view(-1, x[0].numel())
        x = self.leakyRelu(self.groupScaleZero[1](x))
        return self.decisionLayer(x)


LATENT, DEPTH0, OTHERS, DIM_OUT = 16, 16, [12, 8], 3


def config(depth_other, alpha):
    c = BaseConfig()
    c.depthScale0 = DEPTH0; c.initBiasToZero = True; c.leakyReluLeak = 0.2; c.depthOtherScales = list(depth_other)
    c.perChannelNormalization = True; c.alpha = alpha; c.miniBatchStdDev = True; c.equalizedlR = True
    c.noiseVectorDim = LATENT; c.dimOutput = DIM_OUT; c.learningRate = 0.001; c.attribKeysOrder = None
    c.categoryVectorDim = 0; c.weightConditionG = 0.0; c.weightConditionD = 0.0; c.GDPP = False
    c.latentVectorDim = LATENT; c.lossCriterion = "WGANGP"; c.lambdaGP = 10.0; c.epsilonD = 0.001; c.logisticGradReal = 0.0
    return c


def build(depth_other):
    g, d = GNet(LATENT, DEPTH0, DIM_OUT), DNet(DEPTH0, DIM_OUT)
    for depth in depth_other:
        g.addScale(depth); d.addScale(depth)
    return g, d


def set_alpha(alpha, *nets):
    for n in nets:
        n.alpha = alpha


def old_keys(state):
    return type(state)((k.replace(".module.", "."), v) for k, v in state.items())


def prefixed(prefix, state):
    return {prefix + k: v.detach().clone() for k, v in state.items()}


class Zoo:
    """ProgressiveGAN's training step (base_GAN.optimizeParameters): WGANGP sums, the penalty, the epsilon drift."""

    def __init__(self, g, d, avg):
        self.g, self.d, self.avg = g, d, avg
        self.rebuild_optimizers()

    def rebuild_optimizers(self):
        self.opt_d = torch.optim.Adam(self.d.parameters(), betas=[0, 0.99], lr=0.001)
        self.opt_g = torch.optim.Adam(self.g.parameters(), betas=[0, 0.99], lr=0.001)

    def step(self, real, z_d, z_g, eps, alpha):
        if alpha > 0:   # ProgressiveGANTrainer.inScaleUpdate
            low = F.interpolate(F.avg_pool2d(real, (2, 2)), scale_factor=2, mode="nearest")
            real = alpha * low + (1 - alpha) * real
        losses = {}
        self.opt_d.zero_grad()
        pred_real = self.d(real)
        loss_d = -pred_real[:, 0].sum()
        losses["D_real"] = loss_d.item()
        fake = self.g(z_d).detach()
        loss_fake = self.d(fake)[:, 0].sum()
        losses["D_fake"] = loss_fake.item()
        loss_d = loss_d + loss_fake
        n = real.size(0)
        a = eps.view(n, 1).expand(n, real[0].numel()).contiguous().view(real.size())
        inter = (a * real + (1 - a) * fake).requires_grad_(True)
        dec = self.d(inter)[:, 0].sum()
        grads = torch.autograd.grad(outputs=dec, inputs=inter, create_graph=True, retain_graph=True)[0]
        grads = (grads.view(n, -1) ** 2).sum(dim=1).sqrt()
        gp = ((grads - 1.0) ** 2).mean() * 10.0
        gp.backward(retain_graph=True)
        losses["D_Grad"] = gp.item()
        eps_loss = (pred_real[:, 0] ** 2).sum() * 0.001
        loss_d = loss_d + eps_loss
        losses["D_Epsilon"] = eps_loss.item()
        loss_d.backward(retain_graph=True)
        self.grads = {"grad.netD." + k: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone() for k, p in self.d.named_parameters()}
        self.opt_d.step()
        losses["D"] = losses["D_real"] + losses["D_fake"] + losses["D_Grad"] + losses["D_Epsilon"]
        self.opt_g.zero_grad(); self.opt_d.zero_grad()
        loss_g = -self.d(self.g(z_g))[:, 0].sum()
        loss_g.backward(retain_graph=True)
        self.grads.update({"grad.netG." + k: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone() for k, p in self.g.named_parameters()})
        self.opt_g.step()
        losses["G"] = loss_g.item()
        with torch.no_grad():
            for p, avg_p in zip(self.g.parameters(), self.avg.parameters()):
                avg_p.mul_(0.999).add_(p.data, alpha=0.001)
        return losses


def state_out(prefix, zoo):
    out = {}
    out.update(prefixed(prefix + "netG.", zoo.g.state_dict()))
    out.update(prefixed(prefix + "netD.", zoo.d.state_dict()))
    out.update(prefixed(prefix + "avgG.", zoo.avg.state_dict()))
    return out


def losses_out(prefix, losses):
    return {prefix + "loss." + k: torch.tensor([v], dtype=torch.float32) for k, v in losses.items()}


def main():
    torch.manual_seed(13)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    alpha = 0.3
    g, d = build(OTHERS)
    avg, _ = build(OTHERS)   # a different G for the averaged one, so that tests see which is drawn
    set_alpha(alpha, g, d, avg)
    ckpt = {"config": config(OTHERS, alpha), "netG": g.state_dict(), "netD": d.state_dict(), "avgG": avg.state_dict()}
    torch.save(ckpt, os.path.join(OUT, "zoo_s2.pth"))
    legacy = {"config": config(OTHERS, alpha), "netG": old_keys(g.state_dict()), "netD": old_keys(d.state_dict()),
              "avgG": old_keys(avg.state_dict())}
    torch.save(legacy, os.path.join(OUT, "zoo_s2_legacy.pth"), _use_new_zipfile_serialization=False)

    z = torch.randn(5, LATENT)
    with torch.no_grad():
        sample = {"z": z, "avgG_alpha": avg(z), "netG_alpha": g(z)}
        set_alpha(0.0, avg)
        sample["avgG_alpha0"] = avg(z)
        set_alpha(alpha, avg)
    write_safetensors(os.path.join(OUT, "sample.safetensors"), sample, {"alpha": str(alpha)})

    # one step at the fade-in point (16x16, alpha 0.3), from the checkpoint's weights
    n = 8
    fade = {"real": torch.rand(n, DIM_OUT, 16, 16) * 2 - 1, "z_d": torch.randn(n, LATENT), "z_g": torch.randn(n, LATENT), "eps": torch.rand(n)}
    zoo = Zoo(g, d, avg)
    losses = zoo.step(fade["real"], fade["z_d"], fade["z_g"], fade["eps"], alpha)
    fade.update(losses_out("", losses)); fade.update(state_out("after.", zoo)); fade.update(zoo.grads)
    write_safetensors(os.path.join(OUT, "step_fade.safetensors"), fade, {"alpha": str(alpha)})

    # a step at scale 1 (8x8, alpha 0), addScale(8), alpha 1, a step at 16x16
    g1, d1 = build(OTHERS[:1])
    avg1 = copy.deepcopy(g1)
    sw = {"real": torch.rand(n, DIM_OUT, 16, 16) * 2 - 1, "z_d1": torch.randn(n, LATENT), "z_g1": torch.randn(n, LATENT), "eps1": torch.rand(n),
          "z_d2": torch.randn(n, LATENT), "z_g2": torch.randn(n, LATENT), "eps2": torch.rand(n)}
    sw.update(prefixed("before.netG.", g1.state_dict())); sw.update(prefixed("before.netD.", d1.state_dict()))
    zoo = Zoo(g1, d1, avg1)
    l1 = zoo.step(F.avg_pool2d(sw["real"], (2, 2)), sw["z_d1"], sw["z_g1"], sw["eps1"], 0.0)
    sw.update(losses_out("s1.", l1)); sw.update(state_out("s1.", zoo))
    g1.addScale(OTHERS[1]); d1.addScale(OTHERS[1])
    zoo.avg = copy.deepcopy(g1)   # updateSolversDevice: a new averaged G and new optimizers
    zoo.rebuild_optimizers()
    sw.update(prefixed("grown.netG.", g1.state_dict())); sw.update(prefixed("grown.netD.", d1.state_dict()))
    set_alpha(1.0, g1, d1, zoo.avg)
    l2 = zoo.step(sw["real"], sw["z_d2"], sw["z_g2"], sw["eps2"], 1.0)
    sw.update(losses_out("s2.", l2)); sw.update(state_out("s2.", zoo))
    write_safetensors(os.path.join(OUT, "step_switch.safetensors"), sw)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()

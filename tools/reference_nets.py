"""PyTorch modules with the same structure and state_dict names as junyanz/pytorch-CycleGAN-and-pix2pix's
networks (UnetGenerator, NLayerDiscriminator), written here so that tools/ scripts need only Debian's
python3-torch. Used to make reference fixtures; never needed by the product or CI."""
import torch, torch.nn as nn, functools
def norm_layer_for(norm):
    if norm == 'batch': return functools.partial(nn.BatchNorm2d, affine=True, track_running_stats=True)
    if norm == 'instance': return functools.partial(nn.InstanceNorm2d, affine=False, track_running_stats=False)
    return None
class Identity(nn.Module):
    def forward(self, x): return x
class UBlock(nn.Module):
    def __init__(self, outer, inner, input_nc=None, sub=None, outermost=False, innermost=False, norm='batch', dropout=False):
        super().__init__()
        nl = norm_layer_for(norm)
        use_bias = norm == 'instance'
        self.outermost = outermost
        if input_nc is None: input_nc = outer
        down = nn.Conv2d(input_nc, inner, 4, 2, 1, bias=use_bias)
        if outermost:
            layers = [down, sub, nn.ReLU(True), nn.ConvTranspose2d(inner*2, outer, 4, 2, 1), nn.Tanh()]
        elif innermost:
            layers = [nn.LeakyReLU(0.2, True), down, nn.ReLU(True), nn.ConvTranspose2d(inner, outer, 4, 2, 1, bias=use_bias)] + ([nl(outer)] if nl else [])
        else:
            layers = [nn.LeakyReLU(0.2, True), down] + ([nl(inner)] if nl else []) + [sub, nn.ReLU(True), nn.ConvTranspose2d(inner*2, outer, 4, 2, 1, bias=use_bias)] + ([nl(outer)] if nl else [])
            if dropout: layers.append(nn.Dropout(0.5))
        self.model = nn.Sequential(*layers)
    def forward(self, x):
        return self.model(x) if self.outermost else torch.cat([x, self.model(x)], 1)
class Unet(nn.Module):
    def __init__(self, inc, outc, num_downs, ngf, norm='batch', dropout=False):
        super().__init__()
        b = UBlock(ngf*8, ngf*8, innermost=True, norm=norm)
        for _ in range(num_downs-5): b = UBlock(ngf*8, ngf*8, sub=b, norm=norm, dropout=dropout)
        b = UBlock(ngf*4, ngf*8, sub=b, norm=norm); b = UBlock(ngf*2, ngf*4, sub=b, norm=norm); b = UBlock(ngf, ngf*2, sub=b, norm=norm)
        self.model = UBlock(outc, ngf, input_nc=inc, sub=b, outermost=True, norm=norm)
    def forward(self, x): return self.model(x)
def nlayer(inc, ndf, n_layers, norm='batch'):
    nl = norm_layer_for(norm); use_bias = norm == 'instance'
    seq = [nn.Conv2d(inc, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]
    m = 1
    for n in range(1, n_layers):
        p, m = m, min(2**n, 8)
        seq += [nn.Conv2d(ndf*p, ndf*m, 4, 2, 1, bias=use_bias)] + ([nl(ndf*m)] if nl else []) + [nn.LeakyReLU(0.2, True)]
    p, m = m, min(2**n_layers, 8)
    seq += [nn.Conv2d(ndf*p, ndf*m, 4, 1, 1, bias=use_bias)] + ([nl(ndf*m)] if nl else []) + [nn.LeakyReLU(0.2, True)]
    seq += [nn.Conv2d(ndf*m, 1, 4, 1, 1)]
    return nn.Sequential(*seq)
class NLayerD(nn.Module):
    def __init__(self, *a, **k):
        super().__init__(); self.model = nlayer(*a, **k)
    def forward(self, x): return self.model(x)
class ResBlock(nn.Module):
    def __init__(self, dim, norm, dropout, use_bias):
        super().__init__()
        nl = norm_layer_for(norm)
        layers = [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=use_bias), nl(dim) if nl else Identity(), nn.ReLU(True)]
        if dropout: layers.append(nn.Dropout(0.5))
        layers += [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=use_bias), nl(dim) if nl else Identity()]
        self.conv_block = nn.Sequential(*layers)
    def forward(self, x): return x + self.conv_block(x)
class Resnet(nn.Module):
    def __init__(self, inc, outc, ngf, norm='instance', dropout=False, n_blocks=9):
        super().__init__()
        nl = norm_layer_for(norm); use_bias = norm == 'instance'
        N = (lambda c: nl(c) if nl else Identity())
        m = [nn.ReflectionPad2d(3), nn.Conv2d(inc, ngf, 7, padding=0, bias=use_bias), N(ngf), nn.ReLU(True)]
        for i in range(2):
            k = 2**i
            m += [nn.Conv2d(ngf*k, ngf*k*2, 3, 2, 1, bias=use_bias), N(ngf*k*2), nn.ReLU(True)]
        for _ in range(n_blocks): m.append(ResBlock(ngf*4, norm, dropout, use_bias))
        for i in range(2):
            k = 2**(2-i)
            m += [nn.ConvTranspose2d(ngf*k, ngf*k//2, 3, 2, 1, output_padding=1, bias=use_bias), N(ngf*k//2), nn.ReLU(True)]
        m += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, outc, 7, padding=0), nn.Tanh()]
        self.model = nn.Sequential(*m)
    def forward(self, x): return self.model(x)
class PixelD(nn.Module):
    def __init__(self, inc, ndf, norm='batch'):
        super().__init__()
        nl = norm_layer_for(norm); use_bias = norm == 'instance'
        self.net = nn.Sequential(nn.Conv2d(inc, ndf, 1), nn.LeakyReLU(0.2, True), nn.Conv2d(ndf, ndf*2, 1, bias=use_bias),
                                 nl(ndf*2) if nl else Identity(), nn.LeakyReLU(0.2, True), nn.Conv2d(ndf*2, 1, 1, bias=use_bias))
    def forward(self, x): return self.net(x)

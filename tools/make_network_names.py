#!/usr/bin/python3
"""Writes tests/Pix2Pix.Gan.Tests/Fixtures/network_state_dicts.json: the state_dict names and shapes (in order) and
parameter counts of the reference's networks, so our modules can be checked name for name."""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from reference_nets import Unet, NLayerD, Resnet, PixelD

nets = {
    "unet_256/batch/ngf64": Unet(3, 3, 8, 64, norm="batch", dropout=True),
    "unet_128/instance/ngf16": Unet(3, 3, 7, 16, norm="instance", dropout=False),
    "resnet_9blocks/instance/ngf64": Resnet(3, 3, 64, norm="instance", n_blocks=9),
    "resnet_6blocks/batch/ngf8": Resnet(3, 3, 8, norm="batch", n_blocks=6),
    "basic/batch/ndf64/in6": NLayerD(6, 64, 3, norm="batch"),
    "n_layers5/instance/ndf8/in3": NLayerD(3, 8, 5, norm="instance"),
    "pixel/batch/ndf64/in6": PixelD(6, 64, norm="batch"),
}
out = {}
for key, net in nets.items():
    out[key] = {
        "parameters": sum(p.numel() for p in net.parameters()),
        "state_dict": [[n, list(t.shape)] for n, t in net.state_dict().items()],
    }
path = os.path.join(os.path.dirname(__file__), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "network_state_dicts.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print({k: v["parameters"] for k, v in out.items()}, os.path.getsize(path))

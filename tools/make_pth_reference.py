#!/usr/bin/env python3
"""Writes the PyTorch checkpoint (.pth) fixtures under tests/Pix2Pix.Engine.Tests/Fixtures/pth/ and checks our writer.

Run with Debian's torch 1.13:  /usr/bin/python3 tools/make_pth_reference.py
  (no argument)          write the fixtures (torch.save in both formats, odd dtypes, views, files that must be refused)
  --check FILE.pth       load a file written by OUR writer (ours_written.pth, see PthWriterTests) with
                         torch.load(weights_only=True) and compare it with what the C# test put in it, tensor by tensor

The fixtures hold a small network with every kind of tensor our networks have (conv, transposed conv, batch norm with
its int64 counter, bias vectors); each readable fixture has a safetensors twin (`*.expected.safetensors`, float32 and
int64, as our reader must return it).
"""
import collections, io, os, pickle, struct, sys, zipfile

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_io import hash_uniform, write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Engine.Tests", "Fixtures", "pth")
GAN_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "pth")


class Small(nn.Module):
    """Conv -> BatchNorm -> ReLU -> ConvTranspose (+ bias): the kinds of tensors a generator's state dict has."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(True), nn.ConvTranspose2d(4, 2, 4, 2, 1))


class Evil:
    """Pickles as a call of os.system: a loader that runs pickles would run `echo`; ours must refuse it."""

    def __reduce__(self):
        return (os.system, ("echo this file ran a command",))


def small_state_dict():
    torch.manual_seed(7)
    net = Small()
    with torch.no_grad():
        net.model[1].running_mean.copy_(torch.randn(4))
        net.model[1].running_var.copy_(torch.rand(4) + 0.5)
        net.model[1].num_batches_tracked.fill_(123)
    return net.state_dict()


def expected(sd):
    """What our reader must return: float tensors as float32, int64 unchanged, all contiguous."""
    return {k: (v.float() if v.is_floating_point() else v).contiguous() for k, v in sd.items()}


def save(name, obj, legacy=False):
    torch.save(obj, os.path.join(OUT, name), _use_new_zipfile_serialization=not legacy)


def save_with_twin(name, sd, legacy=False, twin=None):
    save(name, sd, legacy)
    write_safetensors(os.path.join(OUT, name.replace(".pth", ".expected.safetensors")), expected(twin or sd))


def legacy_with_storage_views(path, base, tensors):
    """A legacy-format file whose tensors live in a *view* of a storage (view_metadata set), as PyTorch < 1.0 could write."""
    key = "root"
    view_offset = 6  # elements
    view_numel = base.numel() - view_offset

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, StorageView):
                return ("storage", torch.FloatStorage, key, "cpu", base.numel(), ("view", view_offset, view_numel))
            return None

    class StorageView:
        pass

    view = StorageView()
    # _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
    rebuild = torch._utils._rebuild_tensor_v2

    class T:
        def __init__(self, offset, size, stride):
            self.args = (view, offset, size, stride, False, collections.OrderedDict())

        def __reduce__(self):
            return (rebuild, self.args)

    obj = collections.OrderedDict((k, T(*v)) for k, v in tensors.items())
    with open(path, "wb") as f:
        pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)
        Pickler(f, protocol=2).dump(obj)
        pickle.dump([key], f, protocol=2)
        f.write(struct.pack("<q", base.numel()))
        f.write(base.numpy().astype("<f4").tobytes())


def with_byteorder(src, dst, order):
    """Copies a zip-format checkpoint with a byteorder record (as PyTorch >= 2.0 writes one) saying `order`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        archive = zin.infolist()[0].filename.split("/")[0]
        for item in zin.infolist():
            if not item.filename.endswith("/byteorder"):
                zout.writestr(item.filename, zin.read(item.filename))
        zout.writestr(f"{archive}/byteorder", order.encode())


def make():
    os.makedirs(OUT, exist_ok=True)
    sd = small_state_dict()
    save_with_twin("small_zip.pth", sd)
    save_with_twin("small_legacy.pth", sd, legacy=True)
    prefixed = collections.OrderedDict(("module." + k, v) for k, v in sd.items())
    save_with_twin("small_module_prefix.pth", prefixed, twin=sd)
    for dtype, tag in ((torch.float16, "float16"), (torch.bfloat16, "bfloat16"), (torch.float64, "float64")):
        cast = collections.OrderedDict((k, v.to(dtype) if v.is_floating_point() else v) for k, v in sd.items())
        save_with_twin(f"small_{tag}.pth", cast)
        if tag == "float16":
            save_with_twin(f"small_{tag}_legacy.pth", cast, legacy=True)

    # views and shared storages: offsets, strides, a transpose, a 0-d tensor and one storage shared by all
    base = torch.from_numpy(hash_uniform(3, 120))
    views = collections.OrderedDict([
        ("whole", base),
        ("slice", base[10:34].view(2, 3, 4)),
        ("strided", base[::3][:8]),
        ("transposed", base[:100].view(10, 10).t()),
        ("scalar", base[57]),
        ("empty", base[5:5]),
    ])
    save_with_twin("views_zip.pth", views)
    save_with_twin("views_legacy.pth", views, legacy=True)
    # legacy storage views (view_metadata): tensors index a view that starts 6 elements into the root storage
    view_tensors = collections.OrderedDict([("a", (0, (2, 3), (3, 1))), ("b", (4, (5,), (2,)))])
    legacy_with_storage_views(os.path.join(OUT, "storage_view_legacy.pth"), base, view_tensors)
    write_safetensors(os.path.join(OUT, "storage_view_legacy.expected.safetensors"), {
        "a": base[6:12].view(2, 3).contiguous(), "b": base[10:20:2].contiguous()})

    # an InstanceNorm layer saved by PyTorch < 0.4 (running statistics that today's InstanceNorm2d does not have)
    old = nn.Sequential(nn.Conv2d(3, 4, 3), nn.InstanceNorm2d(4, track_running_stats=True))
    torch.manual_seed(8)
    nn.init.normal_(old[0].weight)
    old_sd = old.state_dict()
    del old_sd["1.num_batches_tracked"]
    save("old_instance_norm.pth", old_sd, legacy=True)
    write_safetensors(os.path.join(OUT, "old_instance_norm.expected.safetensors"), expected(old_sd))

    # files that must be refused without running anything
    save("whole_model.pth", Small())
    save("whole_model_legacy.pth", Small(), legacy=True)
    save("foreign_global.pth", collections.OrderedDict([("x", Evil())]))
    save("foreign_global_legacy.pth", collections.OrderedDict([("x", Evil())]), legacy=True)
    opt = torch.optim.Adam(Small().parameters())
    save("optimizer.pth", opt.state_dict())
    save("nested.pth", {"netG": sd, "epoch": 3})
    torch.jit.save(torch.jit.script(Small().model), os.path.join(OUT, "torchscript.pth"))
    with_byteorder(os.path.join(OUT, "small_zip.pth"), os.path.join(OUT, "big_endian.pth"), "big")
    print(f"wrote {len(os.listdir(OUT))} files to {os.path.normpath(OUT)}")


def randomize(net, seed):
    """Random weights and running statistics, so that a wrong mapping of any tensor shows."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if t.is_floating_point():
                t.copy_(torch.rand_like(t) + 0.5 if name.endswith("running_var") else torch.randn_like(t) * 0.2)
            else:
                t.fill_(seed)
    return net


def old_instance_norm(net):
    """Replaces each InstanceNorm2d by one with running statistics, as PyTorch < 0.4 saved them (no num_batches_tracked)."""
    for module in net.modules():
        for key, child in list(module._modules.items()):
            if isinstance(child, nn.InstanceNorm2d):
                module._modules[key] = nn.InstanceNorm2d(child.num_features, track_running_stats=True)
    sd = net.state_dict()
    return collections.OrderedDict((k, v) for k, v in sd.items() if not k.endswith("num_batches_tracked"))


def make_networks():
    """Generators of every --netG kind as their authors' files come (zip, legacy, DataParallel, old InstanceNorm), with twins."""
    from reference_nets import Resnet, Unet
    os.makedirs(GAN_OUT, exist_ok=True)
    cases = [
        # file, state dict, legacy, architecture flags (for the C# test)
        ("unet_128_batch.pth", randomize(Unet(3, 3, 7, 2, "batch", dropout=True), 1).state_dict(), False),
        ("unet_256_instance_legacy.pth", randomize(Unet(1, 3, 8, 2, "instance", dropout=True), 2).state_dict(), True),
        ("resnet_6blocks_batch_dropout.pth", randomize(Resnet(3, 3, 4, "batch", dropout=True, n_blocks=6), 3).state_dict(), False),
        ("resnet_9blocks_old_instance_norm.pth", old_instance_norm(randomize(Resnet(3, 1, 2, "instance", n_blocks=9), 4)), True),
    ]
    for name, sd, legacy in cases:
        torch.save(sd, os.path.join(GAN_OUT, name), _use_new_zipfile_serialization=not legacy)
        write_safetensors(os.path.join(GAN_OUT, name.replace(".pth", ".expected.safetensors")), expected(sd))
    # trained with DataParallel: every key starts with "module."
    dp = collections.OrderedDict(("module." + k, v) for k, v in cases[0][1].items())
    torch.save(dp, os.path.join(GAN_OUT, "unet_128_batch_dataparallel.pth"))
    print(f"wrote {len(cases) * 2 + 1} files to {os.path.normpath(GAN_OUT)}")


def check(path):
    """Loads a file our writer made: small_zip.pth's tensors, then a 0-d float 0.5, an empty [0, 3] and an int64 [2] (7, -1)."""
    sd = torch.load(path, weights_only=True)
    want = collections.OrderedDict(torch.load(os.path.join(OUT, "small_zip.pth")))
    want["scalar"] = torch.tensor(0.5)
    want["empty"] = torch.zeros(0, 3)
    want["counts"] = torch.tensor([7, -1])
    bad = 0
    if list(sd) != list(want):
        print(f"BAD names: {list(sd)} instead of {list(want)}")
        bad += 1
    for name, t in sd.items():
        same = name in want and t.dtype == want[name].dtype and t.shape == want[name].shape and torch.equal(t, want[name])
        bad += not same
        print(f"{'ok ' if same else 'BAD'} {name} {t.dtype} {list(t.shape)}")
    print(f"{len(sd)} tensors, {bad} wrong")
    return bad == 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    make()
    make_networks()

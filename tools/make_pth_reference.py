#!/usr/bin/env python3
"""Writes the PyTorch checkpoint (.pth) fixtures under tests/Pix2Pix.Engine.Tests/Fixtures/pth/ and checks our writer.

Run with Debian's torch 1.13:  /usr/bin/python3 tools/make_pth_reference.py
  (no argument)          write the fixtures (torch.save in both formats, odd dtypes, views, files that must be refused)
  --check-export DIR     load every <label>_net_<name>.pth of a run folder exported by `pix2pix export --format pth`
                         into the reference's networks (built from its train_opt.txt) with load_state_dict(strict=True)
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


def reference_options_text(values, defaults):
    """train_opt.txt exactly as the reference's BaseOptions.print_options writes it."""
    message = "----------------- Options ---------------\n"
    for k, v in sorted(values.items()):
        default = defaults.get(k)
        comment = "\t[default: %s]" % str(default) if v != default else ""
        message += "{:>25}: {:<30}{}\n".format(str(k), str(v), comment)
    message += "----------------- End -------------------"
    return message + "\n"


# the reference's train options with pix2pix's modify_commandline_options applied (its defaults)
REFERENCE_PIX2PIX_DEFAULTS = {
    "dataroot": None, "name": "experiment_name", "gpu_ids": "0", "checkpoints_dir": "./checkpoints", "model": "cycle_gan",
    "input_nc": 3, "output_nc": 3, "ngf": 64, "ndf": 64, "netD": "basic", "netG": "unet_256", "n_layers_D": 3, "norm": "batch",
    "init_type": "normal", "init_gain": 0.02, "no_dropout": False, "dataset_mode": "aligned", "direction": "AtoB",
    "serial_batches": False, "num_threads": 4, "batch_size": 1, "load_size": 286, "crop_size": 256, "max_dataset_size": float("inf"),
    "preprocess": "resize_and_crop", "no_flip": False, "display_winsize": 256, "epoch": "latest", "load_iter": 0, "verbose": False,
    "suffix": "", "use_wandb": False, "wandb_project_name": "CycleGAN-and-pix2pix", "display_freq": 400, "display_ncols": 4,
    "display_id": 1, "display_server": "http://localhost", "display_env": "main", "display_port": 8097, "update_html_freq": 1000,
    "print_freq": 100, "no_html": False, "save_latest_freq": 5000, "save_epoch_freq": 5, "save_by_iter": False,
    "continue_train": False, "epoch_count": 1, "phase": "train", "n_epochs": 100, "n_epochs_decay": 100, "beta1": 0.5,
    "lr": 0.0002, "gan_mode": "vanilla", "pool_size": 0, "lr_policy": "linear", "lr_decay_iters": 50, "lambda_L1": 100.0,
    "isTrain": None,
}


def make_reference_run():
    """A run folder as the reference's train.py leaves it (pix2pix, unet_128, 2 GPUs): train_opt.txt, .pth weights, loss_log.txt."""
    from reference_nets import NLayerD, Unet
    folder = os.path.join(GAN_OUT, "..", "reference_run", "facades_small")
    os.makedirs(folder, exist_ok=True)
    values = dict(REFERENCE_PIX2PIX_DEFAULTS)
    values.update({"dataroot": "./datasets/facades", "name": "facades_small", "gpu_ids": "0,1", "model": "pix2pix", "netG": "unet_128",
                   "ngf": 2, "ndf": 2, "direction": "BtoA", "load_size": 143, "crop_size": 128, "n_epochs": 1, "n_epochs_decay": 1,
                   "isTrain": True})
    with open(os.path.join(folder, "train_opt.txt"), "w") as f:
        f.write(reference_options_text(values, REFERENCE_PIX2PIX_DEFAULTS))
    for label, seed in (("1", 10), ("latest", 20)):
        torch.save(randomize(Unet(3, 3, 7, 2, "batch", dropout=True), seed).state_dict(), os.path.join(folder, f"{label}_net_G.pth"))
        torch.save(randomize(NLayerD(6, 2, 3, "batch"), seed + 1).state_dict(), os.path.join(folder, f"{label}_net_D.pth"))
    with open(os.path.join(folder, "loss_log.txt"), "w") as f:
        f.write("================ Training Loss (Thu Dec  3 06:00:00 2026) ================\n")
        f.write("(epoch: 1, iters: 100, time: 0.052, data: 0.001) G_GAN: 0.812 G_L1: 14.203 D_real: 0.455 D_fake: 0.501 \n")
        f.write("(epoch: 2, iters: 100, time: 0.051, data: 0.001) G_GAN: 0.934 G_L1: 11.870 D_real: 0.402 D_fake: 0.533 \n")
    print(f"wrote a reference run folder to {os.path.normpath(folder)}")


def check_export(folder):
    """Loads an exported run folder's weights into the reference's networks, as its load_networks would (strict)."""
    from reference_nets import NLayerD, PixelD, Resnet, Unet
    opt = {}
    with open(os.path.join(folder, "train_opt.txt")) as f:
        for line in f:
            if ": " in line and not line.startswith("---"):
                k, v = line.split(": ", 1)
                opt[k.strip()] = v.split("\t")[0].strip()
    nc_in, nc_out, ngf, ndf, norm = int(opt["input_nc"]), int(opt["output_nc"]), int(opt["ngf"]), int(opt["ndf"]), opt["norm"]
    dropout = opt["no_dropout"] != "True"

    def generator(i, o):
        g = opt["netG"]
        if g.startswith("unet"):
            return Unet(i, o, 7 if g == "unet_128" else 8, ngf, norm, dropout)
        return Resnet(i, o, ngf, norm, dropout, 6 if g == "resnet_6blocks" else 9)

    def discriminator(i):
        if opt["netD"] == "pixel":
            return PixelD(i, ndf, norm)
        return NLayerD(i, ndf, 3 if opt["netD"] == "basic" else int(opt["n_layers_D"]), norm)

    if opt["model"] == "cycle_gan":
        nets = {"G_A": generator(nc_in, nc_out), "G_B": generator(nc_out, nc_in), "D_A": discriminator(nc_out), "D_B": discriminator(nc_in)}
    else:
        nets = {"G": generator(nc_in, nc_out), "D": discriminator(nc_in + nc_out)}
    loaded = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".pth"):
            continue
        net = nets[name[:-4].split("_net_", 1)[1]]
        net.load_state_dict(torch.load(os.path.join(folder, name), weights_only=True), strict=True)
        loaded += 1
        print(f"ok  {name}")
    print(f"{loaded} files loaded with the reference's networks")
    return loaded > 0


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
    if len(sys.argv) == 3 and sys.argv[1] == "--check-export":
        sys.exit(0 if check_export(sys.argv[2]) else 1)
    make()
    make_networks()
    make_reference_run()

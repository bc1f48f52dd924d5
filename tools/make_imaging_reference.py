#!/usr/bin/python3
"""Writes the reference fixtures for tests/Pix2Pix.Imaging.Tests (PNG/BMP/PNM decoding, resize, gray, Lab).

Run from the repository root:  /usr/bin/python3 tools/make_imaging_reference.py
Needs Pillow 9.4 and numpy. scikit-image is not needed: its rgb2lab/lab2rgb formulas are re-implemented below
in numpy (float64), following skimage/color/colorconv.py.

Outputs (under tests/Pix2Pix.Imaging.Tests/Fixtures/):
  png/*.png, bmp/*.bmp, pnm/*.p?m   image files, each with <name>.raw = the expected decoded 8-bit pixels
  <format>/manifest.json            [{"file", "width", "height", "channels", "note"}]
  resize/src_{rgb,gray}.raw         37x29 sources; resize/<src>_<filter>_<w>x<h>.raw = Pillow's Image.resize output
  resize/manifest.json, resize/facades_digests.json (SHA-256 of Pillow's 286x286 resize of a few facades A halves)
  color/src_rgb.raw (37x29x3), color/gray.raw (Pillow convert('L')), color/lab.f32 (rgb2lab, float32 LE),
  color/lab_grid.f32 + color/lab_grid_rgb.f32 (lab2rgb of a Lab grid incl. out-of-gamut values), color/manifest.json
"""
import io
import json
import os
import struct
import zlib

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "Pix2Pix.Imaging.Tests", "Fixtures")
RNG = np.random.default_rng(20261122)


def ensure(folder):
    path = os.path.join(OUT, folder)
    os.makedirs(path, exist_ok=True)
    return path


# ---------------------------------------------------------------- a small PNG writer for what Pillow cannot write

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """samples: 1-D array of ints for one row (all channels interleaved)."""
    if depth == 8:
        return bytes(samples.astype(np.uint8))
    if depth == 16:
        return samples.astype(">u2").tobytes()
    per_byte = 8 // depth
    out = bytearray((len(samples) + per_byte - 1) // per_byte)
    for i, v in enumerate(samples):
        out[i // per_byte] |= int(v) << (8 - depth - (i % per_byte) * depth)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, prev, bpp):
    out = bytearray(len(row))
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = prev[i]
        ul = prev[i - bpp] if i >= bpp else 0
        pred = [0, left, up, (left + up) // 2, paeth(left, up, ul)][kind]
        out[i] = (row[i] - pred) & 0xFF
    return bytes([kind]) + bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def write_png(samples, color_type, depth, interlace=False, palette=None, trns=None, idat_split=37):
    """samples: uint array H x W x S (S samples per pixel). Rows use filters 0,1,2,3,4 in turn."""
    h, w, s = samples.shape
    bpp = max(1, s * depth // 8)
    raw = bytearray()
    row_index = 0
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = bytes(len(pack_row(sub[0].reshape(-1), depth)))
        for r in range(sub.shape[0]):
            row = pack_row(sub[r].reshape(-1), depth)
            raw += filter_row(row_index % 5, row, prev, bpp)
            prev = row
            row_index += 1
    data = zlib.compress(bytes(raw), 9)
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 1 if interlace else 0))
    out += chunk(b"tEXt", b"Comment\x00ancillary chunk the decoder must skip")
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8)))
    if trns is not None:
        out += chunk(b"tRNS", bytes(np.asarray(trns, dtype=np.uint8)))
    for i in range(0, len(data), idat_split):
        out += chunk(b"IDAT", data[i:i + idat_split])
    out += chunk(b"IEND", b"")
    return out


def expected_from_pil(data, channels):
    im = Image.open(io.BytesIO(data))
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[channels]
    return np.asarray(im.convert(mode), dtype=np.uint8)


def smooth_samples(h, w, s, maxval):
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(x * 7 + y * 3 + c * 50) for c in range(s)], axis=-1).astype(np.float64)
    noise = RNG.integers(0, maxval + 1, size=(h, w, s))
    v = (base * (maxval / 120.0) + noise * 0.3) % (maxval + 1)
    return v.astype(np.int64)


def make_png_fixtures():
    folder = ensure("png")
    manifest = []

    def add(name, data, expected, note):
        with open(os.path.join(folder, name + ".png"), "wb") as f:
            f.write(data)
        expected = np.ascontiguousarray(expected, dtype=np.uint8)
        with open(os.path.join(folder, name + ".raw"), "wb") as f:
            f.write(expected.tobytes())
        h, w = expected.shape[:2]
        channels = 1 if expected.ndim == 2 else expected.shape[2]
        manifest.append({"file": name + ".png", "width": w, "height": h, "channels": channels, "note": note})

    for interlace in (False, True):
        tag = "adam7" if interlace else "plain"
        for (w, h) in ((13, 11), (3, 2), (1, 1)):
            size = f"{w}x{h}"
            for depth in (1, 2, 4, 8, 16):
                s = smooth_samples(h, w, 1, (1 << depth) - 1)
                data = write_png(s, 0, depth, interlace)
                if depth == 16:
                    expected = (s[..., 0] >> 8).astype(np.uint8)  # high byte; Pillow's convert('L') clips instead
                    assert Image.open(io.BytesIO(data)).mode == "I"
                    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), s[..., 0])
                else:
                    expected = expected_from_pil(data, 1)
                add(f"gray{depth}_{tag}_{size}", data, expected, f"gray {depth}-bit")
            for depth in (8, 16):
                s = smooth_samples(h, w, 3, (1 << depth) - 1)
                data = write_png(s, 2, depth, interlace)
                add(f"rgb{depth}_{tag}_{size}", data, expected_from_pil(data, 3), f"RGB {depth}-bit")
                s = smooth_samples(h, w, 4, (1 << depth) - 1)
                data = write_png(s, 6, depth, interlace)
                add(f"rgba{depth}_{tag}_{size}", data, expected_from_pil(data, 4), f"RGBA {depth}-bit")
                s = smooth_samples(h, w, 2, (1 << depth) - 1)
                data = write_png(s, 4, depth, interlace)
                add(f"graya{depth}_{tag}_{size}", data, expected_from_pil(data, 4), f"gray+alpha {depth}-bit -> RGBA")
            for depth in (1, 2, 4, 8):
                n = 1 << depth
                entries = min(n, 200)
                palette = RNG.integers(0, 256, size=entries * 3)
                s = smooth_samples(h, w, 1, entries - 1)
                data = write_png(s, 3, depth, interlace, palette=palette)
                add(f"pal{depth}_{tag}_{size}", data, expected_from_pil(data, 3), f"palette {depth}-bit -> RGB")
                alpha = RNG.integers(0, 256, size=max(1, entries // 2))
                data = write_png(s, 3, depth, interlace, palette=palette, trns=alpha)
                add(f"palt{depth}_{tag}_{size}", data, expected_from_pil(data, 4), f"palette {depth}-bit + tRNS -> RGBA")

    # Files written by Pillow itself (its own filter choice, single IDAT).
    src = smooth_samples(29, 37, 3, 255).astype(np.uint8)
    for mode, channels in (("RGB", 3), ("L", 1), ("RGBA", 4)):
        im = Image.fromarray(src).convert(mode)
        buf = io.BytesIO()
        im.save(buf, "PNG", optimize=True)
        add(f"pillow_{mode.lower()}_37x29", buf.getvalue(), expected_from_pil(buf.getvalue(), channels), f"written by Pillow, {mode}")
    im = Image.fromarray(src).convert("P", palette=Image.ADAPTIVE, colors=16)
    buf = io.BytesIO()
    im.save(buf, "PNG", bits=4)
    add("pillow_p4_37x29", buf.getvalue(), expected_from_pil(buf.getvalue(), 3), "written by Pillow, 4-bit palette")

    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=0)
    return len(manifest)


# ---------------------------------------------------------------- BMP and Netpbm

def bmp_bytes(pixels_bgr_rows, width, height, bpp, top_down, compression=0, masks=None):
    stride = (width * bpp + 31) // 32 * 4
    header_size = 40
    extra = b"" if masks is None else b"".join(struct.pack("<I", m) for m in masks)
    offset = 14 + header_size + len(extra)
    body = b"".join(r + bytes(stride - len(r)) for r in pixels_bgr_rows)
    info = struct.pack("<iiiHHiiiiii", header_size, width, -height if top_down else height, 1, bpp, compression,
                       len(body), 2835, 2835, 0, 0)
    head = b"BM" + struct.pack("<IHHI", offset + len(body), 0, 0, offset)
    return head + info + extra + body


def make_bmp_and_pnm_fixtures():
    manifest = {"bmp": [], "pnm": []}
    src = smooth_samples(11, 13, 3, 255).astype(np.uint8)

    def add(kind, name, data, expected, note):
        folder = ensure(kind)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        expected = np.ascontiguousarray(expected, dtype=np.uint8)
        with open(os.path.join(folder, os.path.splitext(name)[0] + ".raw"), "wb") as f:
            f.write(expected.tobytes())
        h, w = expected.shape[:2]
        channels = 1 if expected.ndim == 2 else expected.shape[2]
        manifest[kind].append({"file": name, "width": w, "height": h, "channels": channels, "note": note})

    for mode in ("RGB", "RGBA", "L", "P", "1"):
        im = Image.fromarray(src).convert(mode) if mode != "P" else Image.fromarray(src).convert("P", palette=Image.ADAPTIVE, colors=50)
        buf = io.BytesIO()
        im.save(buf, "BMP")
        # BMP palettes and 32-bit BI_RGB decode to RGB, as Pillow reads them.
        add("bmp", f"pillow_{mode.lower()}.bmp", buf.getvalue(), expected_from_pil(buf.getvalue(), 3), f"written by Pillow from mode {mode}")
    rows = [bytes(src[y, :, ::-1].reshape(-1)) for y in range(src.shape[0])]
    data = bmp_bytes(rows, 13, 11, 24, top_down=True)
    add("bmp", "topdown24.bmp", data, src, "24-bit, top-down (negative height)")
    rgb565 = (src[..., 0].astype(np.uint32) >> 3 << 11) | (src[..., 1].astype(np.uint32) >> 2 << 5) | (src[..., 2].astype(np.uint32) >> 3)
    rows = [struct.pack(f"<{13}H", *rgb565[11 - 1 - y]) for y in range(11)]
    data = bmp_bytes(rows, 13, 11, 16, top_down=False, compression=3, masks=(0xF800, 0x07E0, 0x001F))
    r = (rgb565 >> 11) & 31
    g = (rgb565 >> 5) & 63
    b = rgb565 & 31
    expected = np.stack([r * 255 // 31, g * 255 // 63, b * 255 // 31], axis=-1)
    assert np.array_equal(expected, np.asarray(Image.open(io.BytesIO(data)).convert("RGB")))
    add("bmp", "bitfields565.bmp", data, expected, "16-bit BI_BITFIELDS 5-6-5, fields scaled to 0..255 with truncation (as Pillow)")
    rgba = np.concatenate([src, smooth_samples(11, 13, 1, 255).astype(np.uint8)], axis=-1)
    rows = [bytes(rgba[11 - 1 - y][:, [2, 1, 0, 3]].reshape(-1)) for y in range(11)]
    data = bmp_bytes(rows, 13, 11, 32, top_down=False, compression=3, masks=(0xFF0000, 0xFF00, 0xFF, 0xFF000000))
    data = data[:14] + struct.pack("<i", 56) + data[18:]  # BITMAPV3INFOHEADER: four masks after the 40-byte header
    add("bmp", "bitfields32_alpha.bmp", data, rgba, "32-bit BI_BITFIELDS with alpha mask -> RGBA")

    for mode, ext in (("RGB", "ppm"), ("L", "pgm")):
        im = Image.fromarray(src).convert(mode)
        buf = io.BytesIO()
        im.save(buf, "PPM")
        add("pnm", f"pillow_{mode.lower()}.{ext}", buf.getvalue(), np.asarray(im), f"raw P6/P5 written by Pillow")
    gray = np.asarray(Image.fromarray(src).convert("L"))
    plain = "P2\n# plain gray map\n13 11\n255\n" + "\n".join(" ".join(str(v) for v in row) for row in gray) + "\n"
    add("pnm", "plain_gray.pgm", plain.encode(), gray, "plain P2")
    plain = "P3 13 11 255\n" + "\n".join(" ".join(str(v) for v in row.reshape(-1)) for row in src) + "\n"
    add("pnm", "plain_rgb.ppm", plain.encode(), src, "plain P3")
    wide = smooth_samples(11, 13, 3, 65535)
    data = b"P6\n13 11\n65535\n" + wide.astype(">u2").tobytes()
    add("pnm", "rgb16.ppm", data, (wide * 255 + 65535 // 2) // 65535, "raw P6 with maxval 65535, scaled with rounding")
    small = smooth_samples(11, 13, 1, 15)[..., 0]
    data = b"P5 13 11 15\n" + small.astype(np.uint8).tobytes()
    add("pnm", "gray_maxval15.pgm", data, (small * 255 + 7) // 15, "raw P5 with maxval 15")
    for entry in manifest["pnm"]:  # Pillow reads every one of these the same way
        path = os.path.join(OUT, "pnm", entry["file"])
        expected = np.fromfile(os.path.splitext(path)[0] + ".raw", dtype=np.uint8)
        assert np.array_equal(np.asarray(Image.open(path)).reshape(-1), expected), entry["file"]
    for kind in manifest:
        with open(os.path.join(OUT, kind, "manifest.json"), "w") as f:
            json.dump(manifest[kind], f, indent=0)
    return sum(len(v) for v in manifest.values())


# ---------------------------------------------------------------- resize

FILTERS = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS}
SIZES = [(16, 16), (64, 50), (13, 7), (100, 80), (37, 15), (20, 29)]


def make_resize_fixtures():
    folder = ensure("resize")
    h, w = 29, 37
    y, x = np.mgrid[0:h, 0:w]
    smooth = np.stack([128 + 100 * np.sin(x / 5.0 + c) * np.cos(y / 4.0 - c) for c in range(3)], axis=-1)
    edges = ((x // 6 + y // 5) % 2 * 255)[..., None]  # hard edges make ringing filters clip
    noise = RNG.integers(-20, 21, size=(h, w, 3))
    rgb = np.clip(np.where(x[..., None] < 18, smooth, edges) + noise, 0, 255).astype(np.uint8)
    alpha = np.clip(np.where(x < 12, 255, np.where(x > 30, 0, (x * 9 + y * 5) % 256)), 0, 255).astype(np.uint8)
    rgba = np.concatenate([rgb, alpha[..., None]], axis=-1)  # opaque, transparent and partial alpha
    sources = {"rgb": Image.fromarray(rgb), "gray": Image.fromarray(rgb).convert("L"), "rgba": Image.fromarray(rgba, "RGBA")}
    manifest = []
    for name, im in sources.items():
        with open(os.path.join(folder, f"src_{name}.raw"), "wb") as f:
            f.write(np.asarray(im).tobytes())
        for fname, flt in FILTERS.items():
            for (ow, oh) in SIZES:
                out = np.asarray(im.resize((ow, oh), flt))
                file = f"{name}_{fname}_{ow}x{oh}.raw"
                with open(os.path.join(folder, file), "wb") as f:
                    f.write(out.tobytes())
                manifest.append({"file": file, "source": f"src_{name}.raw", "filter": fname, "width": ow, "height": oh,
                                 "channels": {"rgb": 3, "gray": 1, "rgba": 4}[name]})
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump({"source_width": w, "source_height": h, "outputs": manifest}, f, indent=0)
    return len(manifest)


# ---------------------------------------------------------------- gray and Lab (skimage formulas in numpy)

XYZ_FROM_RGB = np.array([[0.412453, 0.357580, 0.180423],
                         [0.212671, 0.715160, 0.072169],
                         [0.019334, 0.119193, 0.950227]])
RGB_FROM_XYZ = np.linalg.inv(XYZ_FROM_RGB)
D65 = np.array([0.95047, 1.0, 1.08883])


def rgb2lab(rgb_uint8):
    arr = rgb_uint8.astype(np.float64) / 255.0
    mask = arr > 0.04045
    arr[mask] = np.power((arr[mask] + 0.055) / 1.055, 2.4)
    arr[~mask] /= 12.92
    xyz = arr @ XYZ_FROM_RGB.T
    xyz = xyz / D65
    mask = xyz > 0.008856
    xyz[mask] = np.cbrt(xyz[mask])
    xyz[~mask] = 7.787 * xyz[~mask] + 16.0 / 116.0
    fx, fy, fz = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    return np.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)], axis=-1)


def lab2rgb(lab):
    lab = lab.astype(np.float64)
    y = (lab[..., 0] + 16.0) / 116.0
    x = lab[..., 1] / 500.0 + y
    z = y - lab[..., 2] / 200.0
    z = np.where(z < 0, 0, z)
    out = np.stack([x, y, z], axis=-1)
    mask = out > 0.2068966
    out[mask] = np.power(out[mask], 3.0)
    out[~mask] = (out[~mask] - 16.0 / 116.0) / 7.787
    out *= D65
    arr = out @ RGB_FROM_XYZ.T
    mask = arr > 0.0031308
    arr[mask] = 1.055 * np.power(arr[mask], 1 / 2.4) - 0.055
    arr[~mask] *= 12.92
    return np.clip(arr, 0, 1)


def make_color_fixtures():
    folder = ensure("color")
    rgb = smooth_samples(29, 37, 3, 255).astype(np.uint8)
    rgb[0, :8] = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255], [1, 2, 3], [10, 10, 10], [128, 128, 128]]
    with open(os.path.join(folder, "src_rgb.raw"), "wb") as f:
        f.write(rgb.tobytes())
    with open(os.path.join(folder, "gray.raw"), "wb") as f:
        f.write(np.asarray(Image.fromarray(rgb).convert("L")).tobytes())
    with open(os.path.join(folder, "lab.f32"), "wb") as f:
        f.write(rgb2lab(rgb).astype("<f4").tobytes())
    L, a, b = np.meshgrid(np.linspace(0, 100, 11), np.linspace(-120, 120, 9), np.linspace(-120, 120, 9), indexing="ij")
    grid = np.stack([L, a, b], axis=-1).reshape(-1, 3)
    with open(os.path.join(folder, "lab_grid.f32"), "wb") as f:
        f.write(grid.astype("<f4").tobytes())
    with open(os.path.join(folder, "lab_grid_rgb.f32"), "wb") as f:
        f.write(lab2rgb(grid.astype(np.float32)).astype("<f4").tobytes())
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump({"width": 37, "height": 29, "grid_pixels": int(grid.shape[0])}, f, indent=0)


def make_dataset_digests():
    """SHA-256 of Pillow's output for a few real facades images (A half, resized to 286x286 as pix2pix's loader does).
    Only digests are stored: the images stay in ../shared/datasets. Skipped when the datasets are absent."""
    folder = os.path.join(os.path.dirname(ROOT), "shared", "datasets", "facades", "train")
    if not os.path.isdir(folder):
        print("facades not found; resize/facades_digests.json left unchanged")
        return
    import hashlib
    entries = []
    for name in sorted(os.listdir(folder))[:3]:
        ab = Image.open(os.path.join(folder, name)).convert("RGB")
        a = ab.crop((0, 0, ab.width // 2, ab.height))
        for fname in ("bicubic", "bilinear", "nearest", "lanczos"):
            out = np.asarray(a.resize((286, 286), FILTERS[fname]))
            entries.append({"file": name, "filter": fname, "width": 286, "height": 286,
                            "sha256": hashlib.sha256(out.tobytes()).hexdigest()})
    with open(os.path.join(ensure("resize"), "facades_digests.json"), "w") as f:
        json.dump(entries, f, indent=0)


def main():
    n_png = make_png_fixtures()
    n_other = make_bmp_and_pnm_fixtures()
    n_resize = make_resize_fixtures()
    make_color_fixtures()
    make_dataset_digests()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs if "jpeg" not in d)
    print(f"{n_png} PNG, {n_other} BMP/PNM, {n_resize} resize fixtures; {total / 1024:.0f} KiB (without jpeg/)")


if __name__ == "__main__":
    main()

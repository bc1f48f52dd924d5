"""Writes the JPEG decoder fixtures: tests/Pix2Pix.Imaging.Tests/Fixtures/jpeg/.

Each case is a small JPEG plus what PIL (libjpeg-turbo 2.x, accurate integer IDCT, fancy upsampling) decodes
from it: reference.json lists width, height, channels, the SHA-256 of all pixels and a row step; <name>.rows.gz
holds rows 0, step, 2*step, ... of PIL's pixels (every row for the small synthetic images).

PIL's encoder covers baseline/progressive, 4:4:4/4:2:2/4:2:0, grayscale and optimised tables. PIL 9.4 cannot
write restart markers, 4:4:0 or other sampling factors, RGB (Adobe transform 0) or multi-scan sequential files,
so a tiny encoder below writes those (sequential, or progressive without AC refinement); PIL still provides the
reference decode.

Run: /usr/bin/python3 tools/make_jpeg_reference.py
"""
import gzip, hashlib, io, json, os, shutil
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "Pix2Pix.Imaging.Tests", "Fixtures", "jpeg")
DATASETS = os.path.join(ROOT, "..", "shared", "datasets")

ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,
          7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31,
          39, 46, 53, 60, 61, 54, 47, 55, 62, 63]


def synthetic(w, h, channels, seed):
    """Gradients, hard edges, saturated patches and noise: exercises clamping and all frequencies."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for c in range(channels):
        p = 128 + 100 * np.sin(x / (3 + 2 * c) + y / (5 + c)) + 40 * ((x // 4 + y // 3 + c) % 2 - 0.5)
        p += rng.normal(0, 18, size=(h, w))
        p[(x < w / 3) & (y < h / 3)] = 255 if c != 1 else 0
        planes.append(p)
    a = np.clip(np.stack(planes, -1), 0, 255).astype(np.uint8)
    return a[:, :, 0] if channels == 1 else a


def pil_save(arr, **opts):
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", **opts)
    return buf.getvalue()


# ---------------------------------------------------------------- tiny baseline encoder (test data only)

def _dct_matrix():
    m = np.zeros((8, 8))
    for k in range(8):
        for n in range(8):
            m[k, n] = (np.sqrt(0.125) if k == 0 else 0.5) * np.cos((2 * n + 1) * k * np.pi / 16)
    return m


class _Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)


def _category(v):
    return 0 if v == 0 else int(abs(v)).bit_length()


def _flat_table(symbols):
    """All used symbols get one code length: a valid (if wasteful) Huffman table unlike PIL's."""
    symbols = sorted(set(symbols)) or [0]
    length = max(1, len(symbols).bit_length())
    counts = [0] * 16
    counts[length - 1] = len(symbols)
    codes = {s: (i, length) for i, s in enumerate(symbols)}
    return counts, symbols, codes


def encode(arr, factors, quality=80, restart=0, transform=None, separate_scans=False, progressive=False):
    """arr: HxW (gray) or HxWx3 RGB; factors: [(h, v)] per component. transform=0 writes RGB with Adobe APP14.
    progressive: spectral selection (bands 1-5, 6-63) plus DC successive approximation (Al=1, then refine)."""
    gray = arr.ndim == 2
    h_img, w_img = arr.shape[:2]
    if gray:
        planes = [arr.astype(np.float64)]
    elif transform == 0:
        planes = [arr[:, :, i].astype(np.float64) for i in range(3)]
    else:
        r, g, b = [arr[:, :, i].astype(np.float64) for i in range(3)]
        planes = [0.299 * r + 0.587 * g + 0.114 * b,
                  128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                  128 + 0.5 * r - 0.418688 * g - 0.081312 * b]
    hmax, vmax = max(f[0] for f in factors), max(f[1] for f in factors)
    mcux, mcuy = -(-w_img // (8 * hmax)), -(-h_img // (8 * vmax))
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    base = np.array([16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
                     14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
                     92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], dtype=np.float64)
    qt = [np.clip(np.floor((base * scale + 50) / 100), 1, 255).reshape(8, 8),
          np.clip(np.floor((np.roll(base, 7) * scale + 50) / 100), 1, 255).reshape(8, 8)]
    dct = _dct_matrix()
    comps = []
    for ci, (plane, (hs, vs)) in enumerate(zip(planes, factors)):
        full = np.pad(plane, ((0, mcuy * vmax * 8 - h_img), (0, mcux * hmax * 8 - w_img)), mode="edge")
        fx, fy = hmax // hs, vmax // vs
        small = full.reshape(full.shape[0] // fy, fy, full.shape[1] // fx, fx).mean(axis=(1, 3))
        q = qt[0 if ci == 0 else 1]
        bh, bw = small.shape[0] // 8, small.shape[1] // 8
        blocks = np.zeros((bh, bw, 64), dtype=np.int64)
        for by in range(bh):
            for bx in range(bw):
                coef = dct @ (small[by * 8:by * 8 + 8, bx * 8:bx * 8 + 8] - 128) @ dct.T
                zz = np.round(coef / q).astype(np.int64).reshape(64)
                blocks[by, bx] = zz[ZIGZAG]
        dw, dh = -(-w_img * hs // hmax), -(-h_img * vs // vmax)
        comps.append(dict(id=ci + 1, h=hs, v=vs, tq=0 if ci == 0 else 1, blocks=blocks,
                          bw_ni=-(-dw // 8), bh_ni=-(-dh // 8)))

    def scan_units(scan_comps):
        if len(scan_comps) == 1:
            c = scan_comps[0]
            return [[(0, c["blocks"][by, bx])] for by in range(c["bh_ni"]) for bx in range(c["bw_ni"])]
        units = []
        for my in range(mcuy):
            for mx in range(mcux):
                mcu = []
                for si, c in enumerate(scan_comps):
                    for v in range(c["v"]):
                        for hh in range(c["h"]):
                            mcu.append((si, c["blocks"][my * c["v"] + v, mx * c["h"] + hh]))
                units.append(mcu)
        return units

    out = bytearray(b"\xff\xd8")
    if transform is None:
        out += b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    else:
        out += b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00" + bytes([transform])
    for t in range(1 if gray else 2):
        out += b"\xff\xdb\x00\x43" + bytes([t]) + bytes(int(x) for x in qt[t].reshape(64)[ZIGZAG])
    out += (b"\xff\xc2" if progressive else b"\xff\xc0") + (8 + 3 * len(comps)).to_bytes(2, "big") + b"\x08"
    out += h_img.to_bytes(2, "big") + w_img.to_bytes(2, "big") + bytes([len(comps)])
    for c in comps:
        out += bytes([c["id"], (c["h"] << 4) | c["v"], c["tq"]])
    if restart:
        out += b"\xff\xdd\x00\x04" + restart.to_bytes(2, "big")
    if progressive:
        script = [(comps, "dc_first", 0, 0, 0, 1)]
        script += [([c], "ac_first", ss, se, 0, 0) for c in comps for ss, se in ((1, 5), (6, 63))]
        script += [(comps, "dc_refine", 0, 0, 1, 0)]
    elif separate_scans:
        script = [([c], "sequential", 0, 63, 0, 0) for c in comps]
    else:
        script = [(comps, "sequential", 0, 63, 0, 0)]
    for scan_comps, kind, ss, se, ah, al in script:
        units = scan_units(scan_comps)
        events = list(_scan_events(units, len(scan_comps), kind, ss, se, al, restart))
        tables = {}
        for key in sorted({e[1] for e in events if e[0] == "sym"}):
            counts, symbols, codes = _flat_table([e[2] for e in events if e[0] == "sym" and e[1] == key])
            tables[key] = codes
            body = bytes([(key[1] << 4) | key[0]]) + bytes(counts) + bytes(symbols)
            out += b"\xff\xc4" + (2 + len(body)).to_bytes(2, "big") + body
        out += b"\xff\xda" + (6 + 2 * len(scan_comps)).to_bytes(2, "big") + bytes([len(scan_comps)])
        for si, c in enumerate(scan_comps):
            out += bytes([c["id"], (si << 4) | si])
        out += bytes([ss, se, (ah << 4) | al])
        bits, restarts = _Bits(), 0
        for e in events:
            if e[0] == "sym":
                bits.put(*tables[e[1]][e[2]])
            elif e[0] == "bits":
                bits.put(e[1], e[2])
            else:
                bits.flush()
                out += bits.out + bytes([0xFF, 0xD0 + restarts % 8])
                bits, restarts = _Bits(), restarts + 1
        bits.flush()
        out += bits.out
    out += b"\xff\xd9"
    return bytes(out)


def _magnitude_bits(v, cat):
    return v if v > 0 else v + (1 << cat) - 1


def _scan_events(units, count, kind, ss, se, al, restart):
    """("sym", (table id, class), symbol), ("bits", value, n) and ("restart",) for one scan (T.81 F.1, G.1.2)."""
    pred = [0] * count
    eobrun = 0

    def flush_eob():
        nonlocal eobrun
        if eobrun:
            n = eobrun.bit_length() - 1
            yield "sym", (0, 1), n << 4
            if n:
                yield "bits", eobrun - (1 << n), n
            eobrun = 0

    for ui, mcu in enumerate(units):
        if restart and ui and ui % restart == 0:
            yield from flush_eob()
            yield ("restart",)
            pred = [0] * count
        for si, blk in mcu:
            if kind in ("sequential", "dc_first"):
                v = int(blk[0]) >> al
                diff, pred[si] = v - pred[si], v
                cat = _category(diff)
                yield "sym", (si, 0), cat
                if cat:
                    yield "bits", _magnitude_bits(diff, cat), cat
            if kind == "dc_refine":
                yield "bits", (int(blk[0]) >> al) & 1, 1
            if kind in ("sequential", "ac_first"):
                table = (si, 1)
                run = 0
                for k in range(max(ss, 1), se + 1):
                    v = int(blk[k])
                    v = -((-v) >> al) if v < 0 else v >> al
                    if v == 0:
                        run += 1
                        continue
                    yield from flush_eob()
                    while run > 15:
                        yield "sym", table, 0xF0
                        run -= 16
                    cat = _category(v)
                    yield "sym", table, (run << 4) | cat
                    yield "bits", _magnitude_bits(v, cat), cat
                    run = 0
                if run and kind == "sequential":
                    yield "sym", table, 0
                elif run:
                    eobrun += 1
                    if eobrun == 0x7FFF:
                        yield from flush_eob()
    yield from flush_eob()



# ---------------------------------------------------------------- cases and reference data

def cases():
    rgb = lambda w, h, s: synthetic(w, h, 3, s)
    gray = lambda w, h, s: synthetic(w, h, 1, s)
    yield "baseline_444_q90_24x16", pil_save(rgb(24, 16, 1), quality=90, subsampling=0)
    yield "baseline_422_q75_33x65", pil_save(rgb(33, 65, 2), quality=75, subsampling=1)
    yield "baseline_420_q50_33x65", pil_save(rgb(33, 65, 3), quality=50, subsampling=2)
    yield "baseline_420_q95_17x13", pil_save(rgb(17, 13, 4), quality=95, subsampling=2)
    yield "baseline_420_q20_64x48_optimized", pil_save(rgb(64, 48, 5), quality=20, subsampling=2, optimize=True)
    yield "baseline_420_1x1", pil_save(rgb(1, 1, 6), quality=90, subsampling=2)
    yield "baseline_420_3x2", pil_save(rgb(3, 2, 7), quality=90, subsampling=2)
    yield "baseline_422_5x9", pil_save(rgb(5, 9, 8), quality=85, subsampling=1)
    yield "gray_q85_33x65", pil_save(gray(33, 65, 9), quality=85)
    yield "gray_1x1", pil_save(gray(1, 1, 10), quality=85)
    yield "progressive_420_q80_48x40", pil_save(rgb(48, 40, 11), quality=80, subsampling=2, progressive=True)
    yield "progressive_444_q60_17x13", pil_save(rgb(17, 13, 12), quality=60, subsampling=0, progressive=True)
    yield "progressive_422_q90_65x33", pil_save(rgb(65, 33, 13), quality=90, subsampling=1, progressive=True)
    yield "progressive_gray_q70_40x24", pil_save(gray(40, 24, 14), quality=70, progressive=True)
    yield "progressive_420_q95_96x64_optimized", pil_save(rgb(96, 64, 15), quality=95, subsampling=2,
                                                         progressive=True, optimize=True)
    yield "crafted_440_q80_33x41", encode(rgb(33, 41, 16), [(1, 2), (1, 1), (1, 1)])
    yield "crafted_420_restart3_q80_50x37", encode(rgb(50, 37, 17), [(2, 2), (1, 1), (1, 1)], restart=3)
    yield "crafted_444_restart1_q70_20x20", encode(rgb(20, 20, 18), [(1, 1), (1, 1), (1, 1)], quality=70,
                                                            restart=1)
    yield "crafted_gray_restart5_q80_41x23", encode(gray(41, 23, 19), [(1, 1)], restart=5)
    yield "crafted_411_q85_45x19", encode(rgb(45, 19, 20), [(4, 1), (1, 1), (1, 1)], quality=85)
    yield "crafted_420_chroma_h1v2_q80_37x29", encode(rgb(37, 29, 21), [(2, 2), (2, 1), (2, 1)])
    yield "crafted_rgb_adobe_q90_19x11", encode(rgb(19, 11, 22), [(1, 1), (1, 1), (1, 1)], quality=90,
                                                         transform=0)
    yield "crafted_420_separate_scans_q75_35x27", encode(rgb(35, 27, 23), [(2, 2), (1, 1), (1, 1)],
                                                                  quality=75, separate_scans=True)
    yield "crafted_420_width2_q80_2x30", encode(rgb(2, 30, 24), [(2, 2), (1, 1), (1, 1)])
    yield "crafted_progressive_420_restart2_q80_50x37", encode(rgb(50, 37, 25), [(2, 2), (1, 1), (1, 1)], restart=2,
                                                               progressive=True)
    yield "crafted_progressive_gray_restart7_q75_41x23", encode(gray(41, 23, 26), [(1, 1)], quality=75, restart=7,
                                                                progressive=True)
    yield "crafted_gray_sampling22_q80_21x19", encode(gray(21, 19, 28), [(2, 2)])
    yield "crafted_progressive_440_q85_33x41", encode(rgb(33, 41, 27), [(1, 2), (1, 1), (1, 1)], quality=85,
                                                      progressive=True)
    samples = [("facades", "train", "1.jpg"), ("facades", "val", "1.jpg"),
               ("horse2zebra", "testA", "n02381460_1000.jpg"), ("horse2zebra", "testA", "n02381460_1120.jpg"),
               ("horse2zebra", "testA", "n02381460_4640.jpg"), ("horse2zebra", "trainB", "n02391049_226.jpg")]
    for parts in samples:
        with open(os.path.join(DATASETS, *parts), "rb") as f:
            name = "real_" + "_".join(parts[:2]) + "_" + parts[2].removesuffix(".jpg")
            yield name, f.read()


def write_dataset_hashes():
    """First 16 hex digits of the SHA-256 of PIL's pixels for every dataset JPEG (the C# dataset test checks them)."""
    hashes = {}
    for dataset, splits in (("facades", ("train", "val")), ("horse2zebra", ("trainA", "trainB", "testA", "testB"))):
        for split in splits:
            folder = os.path.join(DATASETS, dataset, split)
            for name in sorted(os.listdir(folder)):
                if name.endswith(".jpg"):
                    with Image.open(os.path.join(folder, name)) as im:
                        hashes[f"{dataset}/{split}/{name}"] = hashlib.sha256(np.asarray(im).tobytes()).hexdigest()[:16]
    with open(os.path.join(OUT, "dataset_pixel_hashes.json"), "w") as f:
        json.dump(hashes, f, indent=0, sort_keys=True)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    manifest = []
    for name, data in cases():
        with open(os.path.join(OUT, name + ".jpg"), "wb") as f:
            f.write(data)
        im = Image.open(io.BytesIO(data))
        im.load()
        assert im.mode in ("L", "RGB"), (name, im.mode)
        px = np.asarray(im)
        channels = 1 if im.mode == "L" else 3
        step = 1 if px.shape[0] * px.shape[1] <= 96 * 96 else 8
        with gzip.GzipFile(os.path.join(OUT, name + ".rows.gz"), "wb", mtime=0) as f:
            f.write(np.ascontiguousarray(px[::step]).tobytes())
        manifest.append(dict(name=name, width=im.width, height=im.height, channels=channels,
                             sha256=hashlib.sha256(px.tobytes()).hexdigest(), row_step=step,
                             layers=[list(x) for x in getattr(im, "layer", [])], progressive=bool(im.info.get("progressive"))))
    # Unsupported: a CMYK (4-component, Adobe) JPEG must be refused with "unsupported".
    pil_save_path = os.path.join(OUT, "unsupported_cmyk_8x8.jpg")
    Image.fromarray(synthetic(8, 8, 3, 30)).convert("CMYK").save(pil_save_path, "JPEG", quality=90)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    write_dataset_hashes()
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(manifest)} cases, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()

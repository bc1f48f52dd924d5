#!/usr/bin/python3
"""Reference outputs of the data transforms (the reference's data/base_dataset.py get_transform with fixed
get_params), computed with PIL 9.4 + numpy exactly as torchvision's ToTensor/Normalize do on PIL images.

Writes tests/Pix2Pix.Gan.Tests/Data/Fixtures/data_pair.png (a 48x30 A|B image) and data_reference.json:
for each case the options, the fixed crop/flip parameters, and the expected A and B tensors ([C, H, W] float32,
little-endian, base64). torchvision is not installed here, so its steps are spelled out with PIL:
Grayscale(1) = convert('L'); Resize([s, s], BICUBIC) = resize((s, s), BICUBIC); __crop = crop(box);
__flip = transpose(FLIP_LEFT_RIGHT); ToTensor = float32(x) / 255; Normalize(0.5, 0.5) = (x - 0.5) / 0.5.
"""
import base64
import json
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "Pix2Pix.Gan.Tests", "Data", "Fixtures")


def make_pair():
    rng = np.random.RandomState(20261122)
    h, w = 30, 48
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0)
    g = 255 * x / (w - 1)
    b = 255 * (y / (h - 1)) ** 2
    img = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, (h, w, 3))
    return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB")


def scale_width(img, target, crop):
    ow, oh = img.size
    if ow == target and oh >= crop:
        return img
    return img.resize((target, int(max(target * oh / ow, crop))), Image.BICUBIC)


def make_power_2(img, base=4):
    ow, oh = img.size
    h = int(round(oh / base) * base)
    w = int(round(ow / base) * base)
    return img if (h == oh and w == ow) else img.resize((w, h), Image.BICUBIC)


def transform(img, case, grayscale):
    pre, load, crop = case["preprocess"], case["load_size"], case["crop_size"]
    if grayscale:
        img = img.convert("L")
    if "resize" in pre:
        img = img.resize((load, load), Image.BICUBIC)
    elif "scale_width" in pre:
        img = scale_width(img, load, crop)
    if "crop" in pre:
        ow, oh = img.size
        x1, y1 = case["crop_x"], case["crop_y"]
        if ow > crop or oh > crop:
            img = img.crop((x1, y1, x1 + crop, y1 + crop))
    if pre == "none":
        img = make_power_2(img)
    if not case["no_flip"] and case["flip"]:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    a = np.asarray(img, dtype=np.uint8)
    if a.ndim == 2:
        a = a[:, :, None]
    t = a.transpose(2, 0, 1).astype(np.float32) / np.float32(255)
    t = (t - np.float32(0.5)) / np.float32(0.5)
    return t.astype("<f4")


def encode(t):
    return {"shape": list(t.shape), "data": base64.b64encode(t.tobytes()).decode("ascii")}


def main():
    os.makedirs(OUT, exist_ok=True)
    pair = make_pair()
    pair.save(os.path.join(OUT, "data_pair.png"))
    w, h = pair.size
    a_half, b_half = pair.crop((0, 0, w // 2, h)), pair.crop((w // 2, 0, w, h))
    cases = [
        dict(name="resize_and_crop_flip_gray_B", preprocess="resize_and_crop", load_size=20, crop_size=16,
             crop_x=3, crop_y=2, flip=True, no_flip=False, input_nc=3, output_nc=1),
        dict(name="scale_width_and_crop", preprocess="scale_width_and_crop", load_size=20, crop_size=16,
             crop_x=2, crop_y=5, flip=False, no_flip=False, input_nc=3, output_nc=3),
        dict(name="scale_width_flip", preprocess="scale_width", load_size=20, crop_size=16,
             crop_x=0, crop_y=0, flip=True, no_flip=False, input_nc=3, output_nc=3),
        dict(name="none_rounds_to_multiple_of_4", preprocess="none", load_size=20, crop_size=16,
             crop_x=0, crop_y=0, flip=True, no_flip=True, input_nc=1, output_nc=3),
        dict(name="crop_only", preprocess="crop", load_size=20, crop_size=16,
             crop_x=7, crop_y=9, flip=True, no_flip=False, input_nc=3, output_nc=3),
    ]
    for case in cases:
        case["A"] = encode(transform(a_half, case, case["input_nc"] == 1))
        case["B"] = encode(transform(b_half, case, case["output_nc"] == 1))
    with open(os.path.join(OUT, "data_reference.json"), "w") as f:
        json.dump({"source": "data_pair.png", "cases": cases}, f, indent=1)
    print("wrote", len(cases), "cases to", OUT)


if __name__ == "__main__":
    main()

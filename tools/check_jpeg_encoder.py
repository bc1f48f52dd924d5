"""Checks our JPEG encoder's files with PIL: tests/Pix2Pix.Imaging.Tests/Fixtures/jpeg-encoder/.

JpegEncoderFixtureTests pins our encoder's output to those .jpg files (PIX2PIX_WRITE_JPEG_FIXTURES=1 rewrites them).
For each one this script asks PIL (libjpeg-turbo) to
  - open and fully decode it: JPEG, baseline (not progressive), JFIF, the expected mode, size and chroma sampling;
  - find the quantization tables PIL itself writes at that quality and sampling (the same libjpeg scaling);
  - give a PSNR against the source PNG close to PIL's own encoding's PSNR (same quality and sampling).
It also has PIL read rgb.bmp and gray.bmp (our BMP writer) and compares them pixel for pixel with the PNGs.
It prints one line per file and exits 1 on any failure.

Run: /usr/bin/python3 tools/check_jpeg_encoder.py
"""
import io, math, os, sys
from PIL import Image, JpegImagePlugin

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "tests", "Pix2Pix.Imaging.Tests", "Fixtures", "jpeg-encoder")
# name, source, quality, PIL subsampling (0 = 4:4:4, 2 = 4:2:0), as JpegEncoderFixtureTests.Cases
CASES = [
    ("rgb_q95_420", "rgb.png", 95, 2),
    ("rgb_q50_444", "rgb.png", 50, 0),
    ("rgb_q10_420", "rgb.png", 10, 2),
    ("gray_q75", "gray.png", 75, 2),
]


def psnr(a, b):
    pa, pb = a.tobytes(), b.tobytes()
    mse = sum((x - y) ** 2 for x, y in zip(pa, pb)) / len(pa)
    return float("inf") if mse == 0 else 10 * math.log10(255 * 255 / mse)


def main():
    failures = 0
    for name, source, quality, subsampling in CASES:
        src = Image.open(os.path.join(FOLDER, source))
        src.load()
        ours = Image.open(os.path.join(FOLDER, name + ".jpg"))
        problems = []
        if ours.format != "JPEG":
            problems.append(f"format {ours.format}")
        if ours.info.get("progressive") or ours.info.get("progression"):
            problems.append("progressive")
        if "jfif" not in ours.info:
            problems.append("no JFIF header")
        ours.load()
        if ours.mode != src.mode or ours.size != src.size:
            problems.append(f"{ours.mode} {ours.size}, source {src.mode} {src.size}")

        buffer = io.BytesIO()
        src.save(buffer, "JPEG", quality=quality, subsampling=subsampling)
        pil = Image.open(io.BytesIO(buffer.getvalue()))
        pil.load()
        if ours.quantization != pil.quantization:
            problems.append(f"quantization tables differ from PIL's at quality {quality}")
        if src.mode == "RGB" and JpegImagePlugin.get_sampling(ours) != subsampling:
            problems.append(f"sampling {JpegImagePlugin.get_sampling(ours)}, expected {subsampling}")

        p_ours, p_pil = psnr(src, ours), psnr(src, pil)
        if p_ours < p_pil - 1.0:
            problems.append(f"PSNR {p_ours:.2f} dB is more than 1 dB below PIL's {p_pil:.2f} dB")
        status = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"{name}.jpg: {ours.mode} {ours.size[0]}x{ours.size[1]} q{quality} "
              f"PSNR ours {p_ours:.2f} dB, PIL's own {p_pil:.2f} dB, {os.path.getsize(os.path.join(FOLDER, name + '.jpg'))} vs {len(buffer.getvalue())} bytes: {status}")
        failures += bool(problems)
    for name in ("rgb", "gray"):
        png = Image.open(os.path.join(FOLDER, name + ".png"))
        bmp = Image.open(os.path.join(FOLDER, name + ".bmp"))
        bmp.load()
        same = bmp.format == "BMP" and bmp.size == png.size and bmp.convert(png.mode).tobytes() == png.tobytes()
        print(f"{name}.bmp: {bmp.format} {bmp.mode} {bmp.size[0]}x{bmp.size[1]}: {'ok, same pixels as ' + name + '.png' if same else 'FAIL: pixels differ'}")
        failures += not same
    total = len(CASES) + 2
    print(f"PIL {Image.__version__}: {total - failures} of {total} files ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

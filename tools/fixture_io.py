"""Small helpers shared by the tools/ scripts: a safetensors writer (so fixtures are read by our own
checkpoint reader) and the deterministic hash-based values that C# tests reproduce exactly."""
import json, struct
import numpy as np
import torch


def hash_uniform(seed: int, count: int) -> np.ndarray:
    """Values in [-1, 1) from an integer hash of (seed, index); mirrored by the C# test helper HashInit."""
    i = np.arange(count, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64((seed + 1) * 40503 * 65537)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(2246822519)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(13)
    u = h.astype(np.float64) / 4294967296.0
    return (2.0 * u - 1.0).astype(np.float32)


def write_safetensors(path: str, tensors: dict, metadata: dict | None = None) -> None:
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu() if isinstance(t, torch.Tensor) else torch.as_tensor(t)
        if t.dtype == torch.float32:
            dtype, data = "F32", t.numpy().astype("<f4").tobytes()
        elif t.dtype == torch.int64:
            dtype, data = "I64", t.numpy().astype("<i8").tobytes()
        else:
            raise ValueError(f"{name}: unsupported dtype {t.dtype}")
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for b in blobs:
            f.write(b)

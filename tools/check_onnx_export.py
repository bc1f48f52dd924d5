#!/usr/bin/python3
"""Checks an ONNX file written by `pix2pix export --format onnx` with ONNX's own checker and shape inference.

Usage: /usr/bin/python3 tools/check_onnx_export.py [FILE.onnx ...]
Default file: the committed fixture tests/Pix2Pix.Gan.Tests/Fixtures/onnx/unet_128_ngf2.onnx (renew it with
PIX2PIX_RENEW_ONNX_FIXTURE=1 dotnet test tests/Pix2Pix.Gan.Tests -c Release --filter OnnxModelFormatTests).
Needs Debian's python3-onnx (apt-get install python3-onnx). Runs onnx.checker.check_model(model, full_check=True),
which also runs strict shape inference, then prints the model's opset, inputs, outputs, node kinds and metadata.
Exits non-zero when a file fails.
"""
import collections
import os
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "tests", "Pix2Pix.Gan.Tests", "Fixtures", "onnx", "unet_128_ngf2.onnx")


def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    kinds = collections.Counter(node.op_type for node in model.graph.node)
    print(f"{os.path.relpath(path)}: check_model(full_check=True) passed (onnx {onnx.__version__})")
    print(f"  ir_version {model.ir_version}, opset {opsets}, producer {model.producer_name} {model.producer_version}")
    for value in model.graph.input:
        print(f"  input  {value.name} {dims(value)}")
    for value in model.graph.output:
        print(f"  output {value.name} {dims(value)}")
    print(f"  {len(model.graph.node)} nodes: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"  {len(model.graph.initializer)} initializers, {os.path.getsize(path)} bytes")
    print("  metadata: " + ", ".join(f"{p.key}={p.value}" for p in model.metadata_props))


def main(paths):
    failed = 0
    for path in paths or [DEFAULT]:
        try:
            check(path)
        except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError, OSError) as error:
            print(f"{path}: FAILED: {error}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Checks a digitrec ONNX export against digitrec itself (run by Tests/CLITests/ONNXExportTests.swift).

usage: check.py MODEL.onnx DIGITREC_PROBS.f32 MNIST_DIR
  - onnx.checker.check_model(full_check=True) must pass;
  - onnxruntime (CPU, 2 threads) on the 10,000 MNIST test images, pixels / 255 as N×1×28×28,
    is compared with digitrec's probabilities (raw little-endian float32, 10,000 × 10).
Prints one JSON object: max_abs_diff, argmax_agreement, images, classes (from metadata_props).
"""
import gzip
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort


def test_images(folder):
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                raw = f.read()
            return np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    raise SystemExit(f"no MNIST test images in {folder}")


def main():
    model_path, probs_path, mnist = sys.argv[1:4]
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    metadata = {p.key: p.value for p in model.metadata_props}
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
    x = test_images(mnist)
    out = np.concatenate([session.run(None, {"pixels": x[i:i + 1000]})[0] for i in range(0, len(x), 1000)])
    ref = np.fromfile(probs_path, dtype="<f4").reshape(-1, 10)
    print(json.dumps({
        "max_abs_diff": float(np.abs(out - ref).max()),
        "argmax_agreement": float((out.argmax(1) == ref.argmax(1)).mean()),
        "images": int(len(out)),
        "classes": json.loads(metadata.get("classes", "null")),
    }))


if __name__ == "__main__":
    main()

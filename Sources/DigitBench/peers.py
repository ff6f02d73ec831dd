"""`make bench-peers`: the workloads of `make bench` in TensorFlow/Keras and PyTorch, and
digitrec's own `cnn` exported as ONNX (`digitrec export --onnx`) run by onnxruntime (inference only).

Both frameworks are limited to 2 threads, read MNIST from $DIGITREC_DATA like digitrec,
and run each workload in a fresh process (so peak memory is per workload). The last
table puts digitrec's numbers from .build/bench.json (written by `make bench`) beside them.

    python peers.py                 # everything (several minutes)
    python peers.py --quick         # skip the time-to-99% runs
"""

import argparse
import gzip
import json
import os
import resource
import statistics
import struct
import subprocess
import sys
import time

THREADS = 2
DATA = os.environ.get("DIGITREC_DATA", "../shared/datasets/mnist")


def load_idx(name):
    import numpy as np
    for candidate in (name, name + ".gz"):
        path = os.path.join(DATA, candidate)
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                raw = f.read()
            magic, count = struct.unpack(">II", raw[:8])
            if magic == 2051:
                return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, 28, 28, 1)
            return np.frombuffer(raw, dtype=np.uint8, offset=8)
    sys.exit(f"peers.py: {name} not found in {DATA} (set DIGITREC_DATA)")


def mnist():
    import numpy as np
    x = load_idx("train-images-idx3-ubyte").astype(np.float32) / 255.0
    y = load_idx("train-labels-idx1-ubyte").astype(np.int64)
    xt = load_idx("t10k-images-idx3-ubyte").astype(np.float32) / 255.0
    yt = load_idx("t10k-labels-idx1-ubyte").astype(np.int64)
    mean, std = 0.1307, 0.3081
    return (x - mean) / std, y, (xt - mean) / std, yt


# ---------------------------------------------------------------- Keras

def keras_model(arch):
    import keras
    from keras import layers
    if arch == "mlp":
        body = [layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(128, activation="relu"), layers.Dense(10)]
    elif arch == "cnn":
        body = [layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
                layers.Dropout(0.25), layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dropout(0.5), layers.Dense(10)]
    else:  # small: Keras's "simple MNIST convnet"
        body = [layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
                layers.MaxPooling2D(2), layers.Flatten(), layers.Dropout(0.5), layers.Dense(10)]
    model = keras.Sequential([keras.Input((28, 28, 1))] + body)
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def keras_setup():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    return tf


def keras_workload(name):
    import numpy as np
    keras_setup()
    x, y, xt, yt = mnist()
    if name in ("cnn_epoch", "small_epoch", "mlp_epoch"):
        arch = name.split("_")[0]
        batch = 32 if arch == "mlp" else 128
        model = keras_model(arch)
        model.fit(x[:2048], y[:2048], batch_size=batch, epochs=1, verbose=0)  # graph building, warm-up
        t = time.perf_counter()
        model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
        return {"seconds": time.perf_counter() - t}
    if name == "time_to_99":
        model = keras_model("small")
        elapsed = 0.0
        for epoch in range(1, 16):
            t = time.perf_counter()
            model.fit(x, y, batch_size=128, epochs=1, verbose=0)
            elapsed += time.perf_counter() - t
            acc = model.evaluate(xt, yt, batch_size=1024, verbose=0)[1]
            if acc >= 0.99:
                return {"seconds": elapsed, "epochs": epoch, "accuracy": acc}
        return {"seconds": float("inf"), "epochs": epoch, "accuracy": acc}
    if name == "predict":
        model = keras_model("cnn")
        one = xt[:1]
        for _ in range(5):
            model.predict(one, verbose=0)
        times = []
        for _ in range(30):
            t = time.perf_counter()
            model.predict(one, verbose=0)
            times.append(time.perf_counter() - t)
        direct = []
        for _ in range(30):
            t = time.perf_counter()
            model(one, training=False).numpy()
            direct.append(time.perf_counter() - t)
        return {"ms": statistics.median(times) * 1000, "direct_ms": statistics.median(direct) * 1000}
    if name == "eval_10k":
        model = keras_model("cnn")
        model.predict(xt[:512], batch_size=512, verbose=0)
        times = []
        for _ in range(3):
            t = time.perf_counter()
            model.predict(xt, batch_size=512, verbose=0)
            times.append(time.perf_counter() - t)
        return {"seconds": statistics.median(times)}
    raise SystemExit(f"unknown workload {name}")


# ---------------------------------------------------------------- PyTorch

def torch_model(arch):
    import torch.nn as nn
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))
    if arch == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
                             nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))


def torch_workload(name):
    import torch
    torch.set_num_threads(THREADS)
    torch.set_num_interop_threads(1)
    x, y, xt, yt = mnist()
    # NCHW for PyTorch.
    x, xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()), torch.from_numpy(xt.transpose(0, 3, 1, 2).copy())
    y, yt = torch.from_numpy(y), torch.from_numpy(yt)

    def epoch(model, opt, batch):
        model.train()
        perm = torch.randperm(len(x))
        loss_fn = torch.nn.CrossEntropyLoss()
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()

    def accuracy(model):
        model.eval()
        with torch.no_grad():
            return sum((model(xt[i:i + 1000]).argmax(1) == yt[i:i + 1000]).sum().item() for i in range(0, 10000, 1000)) / 10000

    if name in ("cnn_epoch", "small_epoch", "mlp_epoch"):
        arch = name.split("_")[0]
        model = torch_model(arch)
        opt = torch.optim.Adam(model.parameters(), 1e-3)
        t = time.perf_counter()
        epoch(model, opt, 32 if arch == "mlp" else 128)
        return {"seconds": time.perf_counter() - t}
    if name == "time_to_99":
        model = torch_model("cnn")
        opt = torch.optim.Adam(model.parameters(), 1e-3)
        elapsed = 0.0
        for n in range(1, 16):
            t = time.perf_counter()
            epoch(model, opt, 128)
            elapsed += time.perf_counter() - t
            acc = accuracy(model)
            if acc >= 0.99:
                return {"seconds": elapsed, "epochs": n, "accuracy": acc}
        return {"seconds": float("inf"), "epochs": n, "accuracy": acc}
    if name == "predict":
        model = torch_model("cnn").eval()
        one = xt[:1]
        times = []
        with torch.no_grad():
            for _ in range(10):
                model(one)
            for _ in range(100):
                t = time.perf_counter()
                model(one).softmax(1)
                times.append(time.perf_counter() - t)
        return {"ms": statistics.median(times) * 1000}
    if name == "eval_10k":
        model = torch_model("cnn").eval()
        times = []
        with torch.no_grad():
            model(xt[:512])
            for _ in range(3):
                t = time.perf_counter()
                for i in range(0, 10000, 512):
                    model(xt[i:i + 512]).softmax(1)
                times.append(time.perf_counter() - t)
        return {"seconds": statistics.median(times)}
    raise SystemExit(f"unknown workload {name}")


# ---------------------------------------------------------------- onnxruntime

ONNX_MODEL = ".build/peers-cnn.onnx"


def export_cnn_onnx():
    """A freshly initialised digitrec `cnn`, saved and exported as ONNX (the same network the
    other peers time), or None with the reason printed when the binaries are not built."""
    model = ".build/peers-cnn.safetensors"
    try:
        # The previous run's file: `export` never replaces a file, so it goes first.
        if os.path.exists(ONNX_MODEL):
            os.remove(ONNX_MODEL)
        subprocess.run([".build/release/DigitBench", "init-model", "cnn", model], check=True, capture_output=True)
        subprocess.run([".build/release/digitrec", "export", "--onnx", ONNX_MODEL, "--model", model],
                       check=True, capture_output=True)
        return ONNX_MODEL
    except (OSError, subprocess.CalledProcessError) as e:
        why = e.stderr.decode(errors="replace").strip() if getattr(e, "stderr", None) else str(e)
        sys.stderr.write(f"  onnxruntime skipped: could not export the cnn ({why}); run `make bench` first\n")
        return None


def onnxruntime_workload(name):
    import numpy as np
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(ONNX_MODEL, options, providers=["CPUExecutionProvider"])
    feed = session.get_inputs()[0].name
    # The exported model takes pixels in 0…1, N×1×28×28 (the normalisation is inside it).
    xt = (load_idx("t10k-images-idx3-ubyte").astype(np.float32) / 255.0).transpose(0, 3, 1, 2).copy()
    if name == "predict":
        one = xt[:1]
        for _ in range(20):
            session.run(None, {feed: one})
        times = []
        for _ in range(200):
            t = time.perf_counter()
            session.run(None, {feed: one})
            times.append(time.perf_counter() - t)
        return {"ms": statistics.median(times) * 1000}
    if name == "eval_10k":
        session.run(None, {feed: xt[:512]})
        times = []
        for _ in range(3):
            t = time.perf_counter()
            for i in range(0, 10000, 512):
                session.run(None, {feed: xt[i:i + 512]})
            times.append(time.perf_counter() - t)
        return {"seconds": statistics.median(times)}
    raise SystemExit(f"unknown workload {name}")


# ---------------------------------------------------------------- driver

def run_child(framework, workload):
    """One workload in a fresh interpreter; its result includes its own peak RSS in MB."""
    env = dict(os.environ, OMP_NUM_THREADS=str(THREADS), TF_NUM_INTRAOP_THREADS=str(THREADS),
               TF_NUM_INTEROP_THREADS="1", TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.Popen([sys.executable, __file__, "--child", framework, workload],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = proc.communicate()
    if proc.returncode != 0:
        tail = err.strip().splitlines()[-1:] or ["no output"]
        return {"error": tail[0]}
    return json.loads(out.strip().splitlines()[-1])


def child(framework, workload):
    result = {"keras": keras_workload, "torch": torch_workload, "onnxruntime": onnxruntime_workload}[framework](workload)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def fmt(v, unit):
    if v is None:
        return "—"
    if v == float("inf"):
        return "not reached"
    return f"{v:.3g} {unit}" if v < 10 else f"{v:.1f} {unit}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=2)
    ap.add_argument("--quick", action="store_true", help="skip the time-to-99%% runs")
    ap.add_argument("--only", choices=["keras", "torch", "onnxruntime"])
    ap.add_argument("--digitrec", default=".build/bench.json", help="JSON line from `make bench`")
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return

    frameworks = [f for f in ("keras", "torch", "onnxruntime") if args.only in (None, f)]
    workloads = ["cnn_epoch", "small_epoch", "mlp_epoch", "predict", "eval_10k"] + ([] if args.quick else ["time_to_99"])
    if "onnxruntime" in frameworks and export_cnn_onnx() is None:
        frameworks.remove("onnxruntime")
    results = {}
    for fw in frameworks:
        # onnxruntime only runs inference.
        for wl in (["predict", "eval_10k"] if fw == "onnxruntime" else workloads):
            sys.stderr.write(f"  {fw} {wl} ...\n")
            results[(fw, wl)] = run_child(fw, wl)
            sys.stderr.write(f"    {results[(fw, wl)]}\n")

    ours = {}
    if os.path.exists(args.digitrec):
        with open(args.digitrec) as f:
            ours = json.loads(f.read().strip().splitlines()[-1])

    def peer(fw, wl, key):
        r = results.get((fw, wl), {})
        return r.get(key)

    rows = [
        ("cnn preset, one epoch", "cnn_epoch", "seconds", "cnn_epoch_s", "s"),
        ("small convnet, one epoch", "small_epoch", "seconds", "small_epoch_s", "s"),
        ("mlp, one epoch (batch 32)", "mlp_epoch", "seconds", "mlp_epoch_s", "s"),
        ("time to 99% test accuracy", "time_to_99", "seconds", "time_to_99_s", "s"),
        ("predict one image in-process (digitrec: PNG file)", "predict", "ms", "predict_ms", "ms"),
        ("predict one image in-process (all: cnn, tensor)", "predict", "ms", "predict_tensor_ms", "ms"),
        ("evaluate 10k images, cnn", "eval_10k", "seconds", "eval_10k_s", "s"),
        ("peak RSS training cnn", "cnn_epoch", "peak_rss_mb", "peak_rss_mb", "MB"),
    ]
    print()
    print("| work | digitrec | Keras | PyTorch | onnxruntime (digitrec's cnn as ONNX) | digitrec / Keras | digitrec / PyTorch | digitrec / onnxruntime |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, wl, key, ours_key, unit in rows:
        mine = float(ours[ours_key]) if ours_key in ours else None
        k, t, o = peer("keras", wl, key), peer("torch", wl, key), peer("onnxruntime", wl, key)
        ratio = lambda other: f"{mine / other:.2f}x" if mine is not None and other not in (None, 0, float("inf")) else "—"
        print(f"| {label} | {fmt(mine, unit)} | {fmt(k, unit)} | {fmt(t, unit)} | {fmt(o, unit)} | {ratio(k)} | {ratio(t)} | {ratio(o)} |")
    direct = peer("keras", "predict", "direct_ms")
    if direct is not None:
        print(f"\nKeras `model(x)` without `predict`: {direct:.2f} ms per image.")
    for fw in frameworks:
        r = results.get((fw, "time_to_99"))
        if r and "epochs" in r:
            print(f"{fw} time to 99%: {r['epochs']} epoch(s), {r['accuracy'] * 100:.2f}%")
    if not ours:
        print(f"\n(no {args.digitrec}: run `make bench` first for digitrec's column)")


if __name__ == "__main__":
    main()

"""Benchmarks of the core: ``python -m bench.core``.

Prints a markdown table: ``conv_transpose2d`` against PyTorch on one thread each,
the trace recorder's time and bytes per step, the plain-loop reference for scale, and 300 Adam
steps of the trainer against the same loop in PyTorch.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import os

# One thread each, set before NumPy's BLAS and PyTorch load.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import timeit  # noqa: E402

import numpy as np  # noqa: E402

import core  # noqa: E402

# (name, input shape (N, C_in, H, W), C_out, kernel, stride)
WORKLOADS = [
    ("(1,1,64x64) -> 1, k3 s2", (1, 1, 64, 64), 1, 3, 2),
    ("(1,64,32x32) -> 32, k4 s2", (1, 64, 32, 32), 32, 4, 2),
    ("(4,128,16x16) -> 64, k4 s2", (4, 128, 16, 16), 64, 4, 2),
]


def best_seconds(fn, repeat: int = 7) -> float:
    """Best of ``repeat`` runs, each long enough (>= 0.2 s) to time reliably."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}"


def bench_conv_transpose(rows: list[str]) -> None:
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    rows.append(f"| workload | core (ms) | PyTorch {torch.__version__} (ms) | ratio | target |")
    rows.append("|---|---:|---:|---:|---|")
    for name, shape, c_out, k, s in WORKLOADS:
        x = rng.standard_normal(shape, dtype=np.float32)
        w = rng.standard_normal((shape[1], c_out, k, k), dtype=np.float32)
        tx, tw = torch.from_numpy(x), torch.from_numpy(w)
        ours = core.conv_transpose2d(x, w, stride=s)
        np.testing.assert_allclose(ours, F.conv_transpose2d(tx, tw, stride=s).numpy(), rtol=1e-4, atol=1e-3)
        t_core = best_seconds(lambda: core.conv_transpose2d(x, w, stride=s))
        with torch.inference_mode():
            t_torch = best_seconds(lambda: F.conv_transpose2d(tx, tw, stride=s))
        ratio = t_core / t_torch
        verdict = "met" if ratio <= 2 else "missed"
        rows.append(f"| {name} | {t_core * 1e3:.3f} | {t_torch * 1e3:.3f} | {ratio:.2f}x | <= 2x: {verdict} |")


def trace_bytes(trace: core.Trace) -> int:
    return sum(v.nbytes for v in vars(trace).values() if isinstance(v, np.ndarray))


def bench_trace(rows: list[str]) -> None:
    # 1 input channel of 125x125, 1 output channel, 8x8 kernel: 10^6 steps.
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 125, 125))
    w = rng.standard_normal((1, 1, 8, 8))
    trace = core.trace_conv_transpose2d(x, w, stride=2, padding=1)
    steps = len(trace)
    seconds = best_seconds(lambda: core.trace_conv_transpose2d(x, w, stride=2, padding=1), repeat=3)
    partial = best_seconds(lambda: trace.partial(steps // 2), repeat=3)
    per_step = trace_bytes(trace) / steps
    rows.append("| measure | value | target |")
    rows.append("|---|---:|---|")
    rows.append(f"| trace of {steps:,} steps: record | {seconds * 1e3:.1f} ms | < 1 s: "
                f"{'met' if seconds < 1 else 'missed'} |")
    rows.append(f"| trace: bytes a step | {per_step:.1f} B | < 64 B: {'met' if per_step < 64 else 'missed'} |")
    rows.append(f"| trace: partial output after {steps // 2:,} steps | {partial * 1e3:.1f} ms | - |")


def bench_reference(rows: list[str]) -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 1, 64, 64))
    w = rng.standard_normal((1, 1, 3, 3))
    t_ref = best_seconds(lambda: core.conv_transpose2d_reference(x, w, stride=2), repeat=3)
    t_fast = best_seconds(lambda: core.conv_transpose2d(x, w, stride=2), repeat=3)
    rows.append(f"| plain-loop reference, (1,1,64x64) k3 s2 | {t_ref * 1e3:.1f} ms | "
                f"{t_ref / t_fast:.0f}x the fast path |")


def torch_adam_loop(torch, low: np.ndarray, high: np.ndarray, w0: np.ndarray, steps: int, lr: float) -> float:
    """The trainer's loop in PyTorch: the same layer (kernel 4, stride 2, Keras-'same' crop), loss and Adam."""
    F = torch.nn.functional
    w = torch.tensor(w0, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w, b], lr=lr)
    x, target = torch.tensor(low)[None, None], torch.tensor(high)[None, None]
    h, wd = high.shape
    for _ in range(steps):
        opt.zero_grad()
        loss = ((F.conv_transpose2d(x, w, b, stride=2, padding=1)[..., :h, :wd] - target) ** 2).mean()
        loss.backward()
        opt.step()
    return loss.item()


def bench_training(rows: list[str]) -> None:
    """300 Adam steps of one transposed-convolution layer, 32x32 -> 64x64, against the same loop in PyTorch."""
    import time

    import torch

    from core import training

    torch.set_num_threads(1)
    high = np.random.default_rng(3).random((64, 64))
    steps, lr = 300, 0.02
    times = {}
    for name in ("core", "torch"):
        best = float("inf")
        for _ in range(3):
            t = training.trainer("transposed", high, kernel=4, stride=2, seed=0, lr=lr)
            w0 = t.model.params["w"].copy()
            start = time.perf_counter()
            if name == "core":
                t.step(steps)
            else:
                torch_adam_loop(torch, t.low, t.high, w0, steps, lr)
            best = min(best, time.perf_counter() - start)
        times[name] = best
    ratio = times["core"] / times["torch"]
    rows.append("| measure | core | PyTorch | ratio | target |")
    rows.append("|---|---:|---:|---:|---|")
    rows.append(f"| 300 Adam steps, one layer k4 s2, 32x32 -> 64x64 (best of 3) | {times['core'] * 1e3:.0f} ms | "
                f"{times['torch'] * 1e3:.0f} ms | {ratio:.2f}x | < 1 s: {'met' if times['core'] < 1 else 'missed'}; "
                f"<= 3x: {'met' if ratio <= 3 else 'missed'} (stretch 1.5x: {'met' if ratio <= 1.5 else 'missed'}) |")


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import core; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(5)]
    return min(runs)


def main() -> None:
    rows = [f"Machine: {machine()}", "",
            "### conv_transpose2d against PyTorch (one thread each, float32, best of 7)", ""]
    bench_conv_transpose(rows)
    rows += ["", "### Trace recorder", ""]
    bench_trace(rows)
    bench_reference(rows)
    rows += ["", "### Training (one thread each, float64)", ""]
    bench_training(rows)
    seconds = import_seconds()
    rows.append(f"| `import core` (best of 5, fresh interpreter) | {seconds * 1e3:.0f} ms | < 200 ms: "
                f"{'met' if seconds < 0.2 else 'missed'} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

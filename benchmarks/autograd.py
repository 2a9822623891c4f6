"""How fast does the autograd explorer redraw?  Each slider (x, w, b, y and backward
steps) is moved `updates` times, sweeping its range back and forth; the time is from
`slider.value = v` to the new PNG being ready (updates are synchronous, so that is the
assignment).  Prints median, p95 and max ms per update and the CPU ms of this process,
and whether the median meets TARGET_MS.

    python benchmarks/autograd.py              # 40 updates per slider
    python benchmarks/autograd.py --updates 200
"""

import argparse
import time

import numpy as np
from _timing import header  # beside this script

TARGET_MS = 40.0


def sweep(slider, n):
    """n values sweeping the slider's range back and forth (whole numbers for an integer
    slider, else 21 stops), each differing from the last and from the slider's value."""
    if isinstance(slider.value, int):
        up = list(range(slider.min, slider.max + 1))
    else:
        up = [round(float(v), 2) for v in np.linspace(slider.min, slider.max, 21)]
    path = up + up[-2:0:-1]
    start = min(range(len(path)), key=lambda k: abs(path[k] - slider.value))
    values = [path[(start + k) % len(path)] for k in range(1, n + 1)]
    return [v for k, v in enumerate(values) if v != (values[k - 1] if k else slider.value)]


def timed(explorer, key, updates):
    """(wall ms, CPU ms) per update of explorer's slider key."""
    slider, wall, cpu = explorer.sliders[key], [], []
    for value in sweep(slider, updates):
        start, cpu_start = time.perf_counter(), time.process_time()
        slider.value = value
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        assert bytes(explorer.image.value[:4]) == b"\x89PNG"
    return np.array(wall) * 1e3, np.array(cpu) * 1e3


def run_autograd(updates=40):
    """Time each of the autograd explorer's sliders -> whether every median meets
    TARGET_MS."""
    from nnlib.widgets.autograd import autograd_explorer

    print(
        f"\nautograd_explorer: {updates} updates per slider; ms per update, "
        "value set -> new PNG ready"
    )
    print(
        f"{'explorer':18s} {'slider':7s} {'median':>7s} {'p95':>6s} {'max':>6s} | "
        f"{'cpu med':>7s} | target"
    )
    ok = True
    for key in autograd_explorer().sliders:
        explorer = autograd_explorer()
        wall, cpu = timed(explorer, key, updates)
        explorer.close()
        met = np.median(wall) <= TARGET_MS
        ok = ok and met
        print(
            f"{'autograd_explorer':18s} {key:7s} {np.median(wall):7.1f} "
            f"{np.percentile(wall, 95):6.1f} {wall.max():6.1f} | {np.median(cpu):7.1f} | "
            f"median <= {TARGET_MS:g} ms: {'met' if met else 'MISSED'}"
        )
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=40, help="updates per slider (default 40)")
    args = parser.parse_args(argv)
    if args.updates < 2:
        parser.error(f"--updates must be >= 2, got {args.updates}")
    lines = header("autograd explorer redraw: slider value set -> new PNG ready").splitlines()
    print("\n".join(line for line in lines if not line.startswith("times are")))
    ok = run_autograd(args.updates)
    print("all targets met" if ok else "targets missed: autograd_explorer")


if __name__ == "__main__":
    main()

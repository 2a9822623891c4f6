"""How fast does the depth explorer redraw?  Each slider (depth, width) is moved `updates`
times, sweeping its range back and forth, for each activation; the time is from
`slider.value = v` to the new PNG being ready (updates are synchronous, so that is the
assignment).  Prints median, p95 and max ms per update and the CPU ms of this process,
and whether the median meets TARGET_MS.

    python benchmarks/depth.py              # 40 updates per slider and activation
    python benchmarks/depth.py --updates 200
"""

import argparse
import time

import numpy as np
from _timing import header  # beside this script

TARGET_MS = 40.0
ACTIVATIONS = ("sigmoid", "tanh", "relu")
SLIDERS = ("depth", "width")


def sweep(slider, n):
    """n whole values sweeping the slider's range back and forth, each differing from the
    last and from the slider's value before the first."""
    up = list(range(slider.min, slider.max + 1))
    path = up + up[-2:0:-1]
    start = path.index(slider.value)
    return [path[(start + k) % len(path)] for k in range(1, n + 1)]


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


def run_depth(updates=40):
    """Time the depth explorer's sliders for each activation -> whether every median
    meets TARGET_MS."""
    from nnlib.widgets.depth import depth_explorer

    print(
        f"\ndepth_explorer: {updates} updates per slider and activation; ms per update, "
        "value set -> new PNG ready"
    )
    print(
        f"{'explorer':16s} {'activation':10s} {'slider':7s} {'median':>7s} {'p95':>6s} "
        f"{'max':>6s} | {'cpu med':>7s} | target"
    )
    ok = True
    for activation in ACTIVATIONS:
        for key in SLIDERS:
            explorer = depth_explorer(activation=activation)
            wall, cpu = timed(explorer, key, updates)
            explorer.close()
            met = np.median(wall) <= TARGET_MS
            ok = ok and met
            print(
                f"{'depth_explorer':16s} {activation:10s} {key:7s} {np.median(wall):7.1f} "
                f"{np.percentile(wall, 95):6.1f} {wall.max():6.1f} | {np.median(cpu):7.1f} | "
                f"median <= {TARGET_MS:g} ms: {'met' if met else 'MISSED'}"
            )
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--updates", type=int, default=40, help="updates per slider and activation (default 40)"
    )
    args = parser.parse_args(argv)
    if args.updates < 2:
        parser.error(f"--updates must be >= 2, got {args.updates}")
    lines = header("depth explorer redraw: slider value set -> new PNG ready").splitlines()
    print("\n".join(line for line in lines if not line.startswith("times are")))
    ok = run_depth(args.updates)
    print("all targets met" if ok else "targets missed: depth_explorer")


if __name__ == "__main__":
    main()

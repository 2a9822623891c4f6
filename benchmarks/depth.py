"""How fast does the depth explorer redraw?  Each slider (depth, width) is moved `updates`
times, sweeping its range back and forth, for each activation; the time is from
`slider.value = v` to the new PNG being ready (updates are synchronous, so that is the
assignment).  Prints median, p95 and max ms per update, the CPU ms of this process, the
same figure drawn whole (the baseline, same run) and the ratio, and whether the median
meets TARGET_MS.

    python benchmarks/depth.py              # 40 updates per slider and activation
    python benchmarks/depth.py --updates 200
"""

import argparse

from _explorer_timing import HEAD, row, slider_changes, timed  # beside this script
from _timing import header

TARGET_MS = 40.0
ACTIVATIONS = ("sigmoid", "tanh", "relu")
SLIDERS = ("depth", "width")


def run_depth(updates=40):
    """Time the depth explorer's sliders for each activation -> whether every median
    meets TARGET_MS."""
    from nnlib.widgets.depth import depth_explorer

    print(
        f"\ndepth_explorer: {updates} updates per slider and activation; ms per update, "
        "value set -> new PNG ready"
    )
    print(f"{'explorer':16s} {'activation':10s} {'slider':7s} {HEAD}")
    ok = True
    for activation in ACTIVATIONS:
        for key in SLIDERS:
            explorer = depth_explorer(activation=activation)
            text, met = row(timed(explorer, slider_changes(explorer, key, updates)), TARGET_MS)
            explorer.close()
            ok = ok and met
            print(f"{'depth_explorer':16s} {activation:10s} {key:7s} {text}")
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

"""How fast does the depth explorer redraw?  Each slider (depth, width) is moved `updates`
times, sweeping its range back and forth, for each activation; the time is from
`slider.value = v` to the new PNG being ready (updates are synchronous, so that is the
assignment).  Prints median, p95 and max ms per update, the CPU ms of this process, the
same figure drawn whole (the baseline, same run) and the ratio, and whether the median
meets TARGET_MS.

    python benchmarks/depth.py              # 40 updates per slider and activation
    python benchmarks/depth.py --updates 200
"""

from _explorer_timing import HEAD, row, script, slider_changes, timed  # beside this script

TARGET_MS = 40.0
ACTIVATIONS = ("sigmoid", "tanh", "relu")
SLIDERS = ("depth", "width")


def run_depth(updates=40):
    """Time the depth explorer's sliders for each activation -> the (activation, slider)
    pairs whose median missed TARGET_MS."""
    from nnlib.widgets.depth import depth_explorer

    print(
        f"\ndepth_explorer: {updates} updates per slider and activation; ms per update, "
        "value set -> new PNG ready"
    )
    print(f"{'explorer':16s} {'activation':10s} {'slider':7s} {HEAD}")
    missed = []
    for activation in ACTIVATIONS:
        for key in SLIDERS:
            explorer = depth_explorer(activation=activation)
            text, met = row(timed(explorer, slider_changes(explorer, key, updates)), TARGET_MS)
            explorer.close()
            missed += [] if met else [f"depth_explorer {activation} {key}"]
            print(f"{'depth_explorer':16s} {activation:10s} {key:7s} {text}")
    return missed


def main(argv=None):
    title = "depth explorer redraw: slider value set -> new PNG ready"
    return script(__doc__, title, run_depth, "updates", "updates per slider and activation", argv)


if __name__ == "__main__":
    raise SystemExit(main())

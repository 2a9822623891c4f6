"""How fast does the autograd explorer redraw?  Each slider (x, w, b, y and backward
steps) is moved `updates` times, sweeping its range back and forth; the time is from
`slider.value = v` to the new PNG being ready (updates are synchronous, so that is the
assignment).  Prints median, p95 and max ms per update, the CPU ms of this process, the
same figure drawn whole (the baseline, same run) and the ratio, and whether the median
meets TARGET_MS.

    python benchmarks/autograd.py              # 40 updates per slider
    python benchmarks/autograd.py --updates 200
"""

from _explorer_timing import HEAD, row, script, slider_changes, timed  # beside this script

TARGET_MS = 40.0


def run_autograd(updates=40):
    """Time each of the autograd explorer's sliders -> the sliders whose median missed
    TARGET_MS."""
    from nnlib.widgets.autograd import autograd_explorer

    print(
        f"\nautograd_explorer: {updates} updates per slider; ms per update, "
        "value set -> new PNG ready"
    )
    print(f"{'explorer':18s} {'slider':7s} {HEAD}")
    missed = []
    for key in autograd_explorer().sliders:
        explorer = autograd_explorer()
        text, met = row(timed(explorer, slider_changes(explorer, key, updates)), TARGET_MS)
        explorer.close()
        missed += [] if met else [f"autograd_explorer {key}"]
        print(f"{'autograd_explorer':18s} {key:7s} {text}")
    return missed


def main(argv=None):
    title = "autograd explorer redraw: slider value set -> new PNG ready"
    return script(__doc__, title, run_autograd, "updates", "updates per slider", argv)


if __name__ == "__main__":
    raise SystemExit(main())

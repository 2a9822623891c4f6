"""How fast does the autograd explorer redraw?  Each slider (x, w, b, y and backward
steps) is moved `updates` times, sweeping its range back and forth; the time is from
`slider.value = v` to the new PNG being ready (updates are synchronous, so that is the
assignment).  Prints median, p95 and max ms per update, the CPU ms of this process, the
same figure drawn whole (the baseline, same run) and the ratio, and whether the median
meets TARGET_MS.

    python benchmarks/autograd.py              # 40 updates per slider
    python benchmarks/autograd.py --updates 200
"""

import argparse

from _explorer_timing import HEAD, row, slider_changes, timed  # beside this script
from _timing import header

TARGET_MS = 40.0


def run_autograd(updates=40):
    """Time each of the autograd explorer's sliders -> whether every median meets
    TARGET_MS."""
    from nnlib.widgets.autograd import autograd_explorer

    print(
        f"\nautograd_explorer: {updates} updates per slider; ms per update, "
        "value set -> new PNG ready"
    )
    print(f"{'explorer':18s} {'slider':7s} {HEAD}")
    ok = True
    for key in autograd_explorer().sliders:
        explorer = autograd_explorer()
        text, met = row(timed(explorer, slider_changes(explorer, key, updates)), TARGET_MS)
        explorer.close()
        ok = ok and met
        print(f"{'autograd_explorer':18s} {key:7s} {text}")
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

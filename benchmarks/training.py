"""How fast does the training explorer play?  One frame is one tick of its Play: the
frame's training updates, the class probabilities on the grid, the drawing and the PNG.

For each setting, a fresh explorer plays `frames` frames (play.value += 1, as the Play's
ticks do in a kernel; updates are synchronous, so that is the assignment), and the time
per frame is printed as median, p95 and max ms (wall clock) with the median CPU time.
The target: a median frame <= 100 ms, so that the Play runs at 10 frames per second or
more.  The settings: the defaults, the smallest batch (the most updates per frame), and
the spirals with the most hidden units.

    python benchmarks/training.py              # 40 frames per setting
    python benchmarks/training.py --frames 10  # a smoke run
"""

from _explorer_timing import HEAD, row, script, timed  # beside this script

FRAME_TARGET_MS = 100.0
SETTINGS = {  # label -> training_explorer arguments
    "defaults": {},
    "batch size 1": {"batch_size": 1},
    "spirals, 32 hidden": {"dataset": "spirals", "hidden": 32, "lr": 1.0},
}


def ticks(explorer, frames):
    """`frames` changes, each one tick of the explorer's Play."""

    def tick():
        explorer.play.value += 1

    return [tick] * frames


def run_training(frames=40):
    """Time `frames` frames of the training explorer for each of SETTINGS and print a row
    each -> the settings that missed FRAME_TARGET_MS."""
    from nnlib.widgets.training import training_explorer

    print(f"\ntraining_explorer: {frames} frames per setting; ms per frame (Play tick -> new PNG)")
    print(f"{'explorer':18s} {'setting':20s} {HEAD}")
    missed = []
    for label, kwargs in SETTINGS.items():
        explorer = training_explorer(**kwargs)
        text, met = row(timed(explorer, ticks(explorer, frames)), FRAME_TARGET_MS)
        explorer.close()
        print(f"{'training_explorer':18s} {label:20s} {text}")
        missed += [] if met else [f"training_explorer {label}"]
    return missed


def main(argv=None):
    title = "training explorer: Play tick -> trained, drawn, new PNG ready"
    return script(__doc__, title, run_training, "frames", "frames per setting", argv)


if __name__ == "__main__":
    raise SystemExit(main())

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

import argparse
import time

import numpy as np
from _timing import header  # beside this script

FRAME_TARGET_MS = 100.0
SETTINGS = {  # label -> training_explorer arguments
    "defaults": {},
    "batch size 1": {"batch_size": 1},
    "spirals, 32 hidden": {"dataset": "spirals", "hidden": 32, "lr": 1.0},
}


def frame_times(explorer, frames):
    """(wall ms, CPU ms) per frame for `frames` ticks of the explorer's Play."""
    wall, cpu = [], []
    for _ in range(frames):
        start, start_cpu = time.perf_counter(), time.process_time()
        explorer.play.value += 1
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert bytes(explorer.image.value[:4]) == b"\x89PNG"
    return np.array(wall) * 1e3, np.array(cpu) * 1e3


def run_training(frames=40):
    """Time `frames` frames of the training explorer for each of SETTINGS and print a row
    each and a target line -> the settings that missed FRAME_TARGET_MS."""
    from nnlib.widgets.training import training_explorer

    print(
        f"{'training_explorer':28s} {'setting':20s} {'frames':>6s} {'median':>7s} "
        f"{'p95':>6s} {'max':>6s} | {'cpu':>6s}   (ms per frame)"
    )
    missed = []
    for label, kwargs in SETTINGS.items():
        explorer = training_explorer(**kwargs)
        wall, cpu = frame_times(explorer, frames)
        explorer.close()
        print(
            f"{'training_explorer':28s} {label:20s} {len(wall):6d} {np.median(wall):7.1f} "
            f"{np.percentile(wall, 95):6.1f} {wall.max():6.1f} | {np.median(cpu):6.1f}"
        )
        if np.median(wall) > FRAME_TARGET_MS:
            missed.append(label)
    worst = "" if not missed else f" (missed: {', '.join(missed)})"
    verdict = "met" if not missed else "MISSED"
    print(f"target training_explorer, frame median <= {FRAME_TARGET_MS:g} ms: {verdict}{worst}")
    return missed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=40, help="frames per setting")
    args = parser.parse_args(argv)
    if args.frames < 2:
        parser.error(f"--frames must be >= 2, got {args.frames}")
    lines = header("training explorer: Play tick -> trained, drawn, new PNG ready").splitlines()
    print("\n".join(line for line in lines if not line.startswith("times are")))
    return 1 if run_training(args.frames) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Timing an explorer's updates against a baseline measured in the same run: the same
figure drawn whole by matplotlib and encoded as PNG, as a redraw without the explorer's
kept background would do.  Shared by the benchmark scripts beside it.

timed(explorer, changes) -> Timing: wall and CPU ms per change (a change is a function
that moves the explorer on, e.g. sets a slider), and ms per whole redraw of the same
frames (every 5th); row(...) writes one line of a report with the ratio whole / update;
script(...) is the command line of a benchmark script built on them.
"""

import argparse
import time
from typing import NamedTuple

import numpy as np
from _timing import header  # beside this script

WHOLE_EVERY = 5  # a whole redraw after every 5th update


class Timing(NamedTuple):
    """ms per update (wall clock and CPU time of this process) and ms per whole redraw."""

    wall: np.ndarray
    cpu: np.ndarray
    whole: np.ndarray

    @property
    def ratio(self):
        """How many times faster the median update is than the median whole redraw."""
        return float(np.median(self.whole) / np.median(self.wall))


def whole_redraw(explorer):
    """The baseline: the explorer's figure drawn whole by matplotlib and encoded as PNG."""
    from nnlib.widgets.png import png_bytes

    canvas = explorer.figure.canvas
    canvas.draw()
    return png_bytes(np.asarray(canvas.buffer_rgba()))


def timed(explorer, changes):
    """Timing of each change() in changes, with a whole redraw timed after every
    WHOLE_EVERY-th; each change must leave a new PNG in explorer.image."""
    wall, cpu, whole = [], [], []
    for k, change in enumerate(changes):
        start, cpu_start = time.perf_counter(), time.process_time()
        change()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        assert bytes(explorer.image.value[:4]) == b"\x89PNG"
        if k % WHOLE_EVERY == 0:
            start = time.perf_counter()
            whole_redraw(explorer)
            whole.append(time.perf_counter() - start)
    return Timing(np.array(wall) * 1e3, np.array(cpu) * 1e3, np.array(whole) * 1e3)


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


def slider_changes(explorer, key, n):
    """n changes that each set the explorer's slider key to the next value of sweep."""
    slider = explorer.sliders[key]
    return [lambda v=v: setattr(slider, "value", v) for v in sweep(slider, n)]


HEAD = (  # the column heads of row()
    f"{'median':>7s} {'p95':>6s} {'max':>6s} | {'cpu med':>7s} | {'whole':>6s} {'ratio':>6s} "
    "| target"
)


def row(timing, target_ms):
    """The figures of one report line: median, p95, max, CPU median, the whole redraw's
    median and the ratio, and whether the median meets target_ms -> (text, met)."""
    met = bool(np.median(timing.wall) <= target_ms)
    text = (
        f"{np.median(timing.wall):7.1f} {np.percentile(timing.wall, 95):6.1f} "
        f"{timing.wall.max():6.1f} | {np.median(timing.cpu):7.1f} | "
        f"{np.median(timing.whole):6.1f} {timing.ratio:5.1f}x | "
        f"median <= {target_ms:g} ms: {'met' if met else 'MISSED'}"
    )
    return text, met


def describe_machine(title, extra=()):
    """The header of an explorer benchmark: title and what the figures depend on (the
    machine, numpy, its BLAS threads), as a str."""
    lines = header(title, extra).splitlines()
    return "\n".join(line for line in lines if not line.startswith("times are"))


def script(doc, title, run, count, what, argv=None):
    """The command line of an explorer benchmark: --<count> N (default 40, at least 2),
    the header, run(N) -> the names of what missed its target, and a verdict line.
    -> exit status: 1 when anything missed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{count}", type=int, default=40, help=f"{what} (default 40)")
    n = getattr(parser.parse_args(argv), count)
    if n < 2:
        parser.error(f"--{count} must be >= 2, got {n}")
    print(describe_machine(title))
    missed = run(n)
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0

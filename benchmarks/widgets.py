"""How fast do the explorers redraw?  Each against the common way, in the same run.

For each explorer, 200 updates of its main slider: the time from `slider.value = v`
to the new PNG being ready (updates are synchronous, so that is the assignment).
The common way runs alternately with it, on every 5th update by default (it is slow):
`ipywidgets.interactive` with a new pyplot figure each time, drawn by the inline
backend inside the Output widget that `interactive` writes to, and displayed through
an IPython shell whose display formatter turns the figure into PNG bytes, as in a
notebook.  Both draw the same figure from the same nnlib math: the common way rebuilds
every artist of the explorer's figure from scratch.  Prints median and p95 ms, the
CPU time of the explorers' updates, and the ratio of the medians.

The backward-pass explorers have no main slider to compare: the stepper is timed from
`stepper.step = k` to the new PNG, the worksheet from `worksheet.submit(name, text)` (an
entry checked, the diagram updated) to the new PNG; the baseline, in the same run, is the
same figure drawn whole by matplotlib and encoded, as a redraw without the explorers' kept
backgrounds would do.

    python benchmarks/widgets.py              # 200 updates per explorer, several minutes
    python benchmarks/widgets.py --updates 20 # a smoke run, about a minute
    python benchmarks/widgets.py --part backprop  # the stepper and the worksheet only
    python benchmarks/widgets.py --part training  # the training explorer's frames
    python benchmarks/widgets.py --part depth     # the depth explorer's updates
    python benchmarks/widgets.py --part autograd  # the autograd explorer's updates
"""

import argparse
import contextlib
import io
import time

import numpy as np
from _explorer_timing import describe_machine, timed  # beside this script

EXPLORERS = {  # explorer -> the slider a learner moves most
    "weight_explorer": "w11",
    "neuron_explorer": "w1",
    "activation_explorer": "x",
    "loss_explorer": "p",
    "finite_difference_explorer": "log10_eps",
    "gradient_descent_explorer": "lr",
}
TARGETS_MS = {"weight_explorer": 20.0}
DEFAULT_TARGET_MS = 40.0
WEIGHT_SPEEDUP_TARGET = 5.0


def inline_shell():
    """An IPython shell with the inline backend whose display output is captured."""
    from IPython.core.displaypub import CapturingDisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.display_pub = CapturingDisplayPublisher(shell=shell)
    import matplotlib
    from matplotlib_inline.backend_inline import configure_inline_support

    backend = "module://matplotlib_inline.backend_inline"
    matplotlib.use(backend)
    configure_inline_support(shell, backend)
    return shell


def replay(source, plt):
    """A new pyplot figure with the artists of figure `source`, drawn from scratch."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    fig = plt.figure(figsize=source.get_size_inches(), dpi=source.dpi)
    for sax in source.axes:
        ax = fig.add_axes(sax.get_position())
        for line in sax.lines:
            ax.plot(
                *line.get_data(),
                color=line.get_color(),
                ls=line.get_linestyle(),
                marker=line.get_marker(),
                ms=line.get_markersize(),
                label=line.get_label(),
            )
        for c in sax.collections:
            if isinstance(c, PolyCollection):
                ax.add_collection(
                    PolyCollection(
                        [path.vertices for path in c.get_paths()],
                        facecolors=c.get_facecolor(),
                        edgecolors=c.get_edgecolor(),
                    )
                )
        for p in sax.patches:
            if isinstance(p, Rectangle) and p.get_visible():
                ax.add_patch(
                    Rectangle(
                        p.get_xy(),
                        p.get_width(),
                        p.get_height(),
                        facecolor=p.get_facecolor(),
                        edgecolor=p.get_edgecolor(),
                        hatch=p.get_hatch(),
                    )
                )
        ax.set_xscale(sax.get_xscale())
        ax.set_yscale(sax.get_yscale())
        ax.set_xlim(sax.get_xlim())
        ax.set_ylim(sax.get_ylim())
        ax.set_title(sax.get_title())
        ax.set_xlabel(sax.get_xlabel())
        ax.set_ylabel(sax.get_ylabel())
        if sax.get_legend() is not None:
            ax.legend(loc="upper left")
    plt.show()


def common_way(make, key, shell):
    """(slider, outputs): an ipywidgets.interactive redrawing a new pyplot figure of
    the explorer's content whenever its slider moves."""
    import ipywidgets
    import matplotlib.pyplot as plt

    from nnlib.plots import styled

    model = make()  # only computes and moves its artists (compute, draw); never renders
    state = model.state()
    template = model.sliders[key]
    slider = ipywidgets.FloatSlider(
        value=template.value, min=template.min, max=template.max, step=template.step
    )

    def draw(value):
        state[key] = value
        with styled():
            model.draw(model.compute(state))
            replay(model.figure, plt)

    with contextlib.redirect_stdout(io.StringIO()):  # Output's clear_output codes
        ipywidgets.interactive(draw, value=slider)
    return slider, shell.display_pub.outputs


def values_for(slider, n):
    """n slider values sweeping the range back and forth, each differing from the last."""
    sweep = np.linspace(slider.min, slider.max, 37)
    path = np.concatenate([sweep, sweep[-2:0:-1]])
    return [float(path[i % len(path)]) for i in range(1, n + 1)]


def time_explorer(make, key, shell, updates, common_every):
    """ms per update of the explorer and of the common way, and the explorer's CPU ms."""
    explorer = make()
    ours = explorer.sliders[key]
    theirs, outputs = common_way(make, key, shell)
    t_ours, t_theirs, c_ours = [], [], []
    for i, v in enumerate(values_for(ours, updates)):
        start, cpu_start = time.perf_counter(), time.process_time()
        ours.value = v
        t_ours.append(time.perf_counter() - start)
        c_ours.append(time.process_time() - cpu_start)
        assert explorer.values and bytes(explorer.image.value[:4]) == b"\x89PNG"
        if i % common_every:
            continue
        outputs.clear()
        with contextlib.redirect_stdout(io.StringIO()):  # Output's clear_output codes
            start = time.perf_counter()
            theirs.value = v
            t_theirs.append(time.perf_counter() - start)
        assert any("image/png" in out.get("data", {}) for out in outputs), (
            "the common way produced no PNG"
        )
    return np.array(t_ours) * 1e3, np.array(c_ours) * 1e3, np.array(t_theirs) * 1e3


DRAG_STEPS = 100
DRAG_TARGETS_MS = {"median": 10.0, "p95": 25.0, "max": 60.0}


def drag_path(slider, steps):
    """Up to `steps` values from the slider's value toward its farther end, one slider
    step apart, then back the same way to the start."""
    start, step = slider.value, slider.step
    end = slider.max if slider.max - start >= start - slider.min else slider.min
    n = min(steps, int(abs(end - start) / step + 1e-9))
    sign = 1 if end >= start else -1
    there = [type(start)(round(start + sign * step * k, 10)) for k in range(1, n + 1)]
    return there + there[-2::-1] + [start]


def drag(explorer, key, steps, sizes=None):
    """Drag one slider along drag_path -> (wall ms, CPU ms) per update, and how many of
    the updates drew the figure's static parts again.  sizes: a list that gets each
    update's PNG size in bytes."""
    slider, wall, cpu = explorer.sliders[key], [], []
    before = explorer.background_draws
    for value in drag_path(slider, steps):
        start, cpu_start = time.perf_counter(), time.process_time()
        slider.value = value
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        if sizes is not None:
            sizes.append(len(explorer.image.value))
    return np.array(wall) * 1e3, np.array(cpu) * 1e3, explorer.background_draws - before


def sharpness_cost(widgets, steps):
    """What drawing for HiDPI screens costs: each explorer's main slider dragged with the
    image at 2 device pixels per CSS pixel (as shipped) and at 1 (the baseline), in turn,
    in this run.  Prints median ms and KiB per frame for both, and their ratios."""
    print(
        f"\nsharpness: the main slider dragged {steps} steps and back with the image drawn "
        "at 1x (baseline) and at 2x (shipped)"
    )
    print(
        f"{'explorer':28s} {'slider':10s} {'1x ms':>6s} {'2x ms':>6s} {'ratio':>6s} | "
        f"{'1x KiB':>6s} {'2x KiB':>6s} {'ratio':>6s}"
    )
    for name, key in EXPLORERS.items():
        shipped = getattr(widgets, name)()
        baseline = type(f"{type(shipped).__name__}1x", (type(shipped),), {"SCALE": 1})()
        runs = {}
        for label, explorer in (("1x", baseline), ("2x", shipped)):
            sizes = []
            wall, _, _ = drag(explorer, key, steps, sizes)
            runs[label] = (np.median(wall), np.median(sizes) / 1024)
            explorer.close()
        (t1, k1), (t2, k2) = runs["1x"], runs["2x"]
        print(
            f"{name:28s} {key:10s} {t1:6.1f} {t2:6.1f} {t2 / t1:6.2f} | "
            f"{k1:6.1f} {k2:6.1f} {k2 / k1:6.2f}"
        )


def drag_explorer(name, make, steps):
    """Drag every slider of a fresh explorer, printing a row each -> {slider: wall ms}."""
    explorer, times = make(), {}
    for key in explorer.sliders:
        wall, cpu, redrawn = drag(explorer, key, steps)
        times[key] = wall
        print(
            f"{name:28s} {key:10s} {len(wall):7d} {np.median(wall):7.1f} "
            f"{np.percentile(wall, 95):6.1f} {wall.max():6.1f} | {np.median(cpu):6.1f} "
            f"{cpu.max():6.1f} | {redrawn:5d}"
        )
    return times


def drag_report(results):
    """One line per explorer: does every one of its sliders meet DRAG_TARGETS_MS?  The
    figures quoted are the worst slider's."""
    failures = []
    goal = ", ".join(f"{k} <= {v:g} ms" for k, v in DRAG_TARGETS_MS.items())
    for name, sliders in results.items():
        worst = {
            "median": max(np.median(w) for w in sliders.values()),
            "p95": max(np.percentile(w, 95) for w in sliders.values()),
            "max": max(w.max() for w in sliders.values()),
        }
        ok = all(worst[k] <= v for k, v in DRAG_TARGETS_MS.items())
        figures = ", ".join(f"{k} {v:.1f}" for k, v in worst.items())
        print(f"target {name}, every slider: {goal}: {'holds' if ok else 'MISSED'} ({figures})")
        failures += [] if ok else [name]
    return failures


def run_drag(widgets, steps):
    """The drag benchmark over every slider of every explorer -> the explorers missed."""
    print(
        f"\ndrag: every slider moved {steps} steps from its start toward its farther end "
        "and back; ms per update, value set -> new PNG ready"
    )
    print(
        f"{'explorer':28s} {'slider':10s} {'updates':>7s} {'median':>7s} {'p95':>6s} "
        f"{'max':>6s} | {'cpu med':>6s} {'max':>6s} | {'backgrounds drawn'}"
    )
    results = {name: drag_explorer(name, getattr(widgets, name), steps) for name in EXPLORERS}
    failures = drag_report(results)
    sharpness_cost(widgets, steps)
    return failures


def report(name, mine, cpu, common):
    """Print one explorer's row -> whether its targets are met."""
    speedup = np.median(common) / np.median(mine)
    target = TARGETS_MS.get(name, DEFAULT_TARGET_MS)
    goals = [f"median <= {target:g} ms"]
    ok = np.median(mine) <= target
    if name == "weight_explorer":
        goals.append(f">= {WEIGHT_SPEEDUP_TARGET:g}x")
        ok = ok and speedup >= WEIGHT_SPEEDUP_TARGET
    print(
        f"{name:28s} {np.median(mine):9.1f} {np.median(cpu):6.1f} "
        f"{np.percentile(mine, 95):7.1f} | "
        f"{np.median(common):10.1f} {np.percentile(common, 95):7.1f} | "
        f"{speedup:6.1f}x  {', '.join(goals)}: {'met' if ok else 'MISSED'}"
    )
    return ok


BACKPROP_TARGETS_MS = {"backprop_stepper": 15.0, "backprop_worksheet": 20.0}


def stepper_updates(stepper, updates):
    """ms per `stepper.step = k`, walking forward and back through the steps, and ms per
    whole redraw."""
    n = len(stepper.steps)
    path = list(range(1, n)) + list(range(n - 2, -1, -1))

    def change(i):
        stepper.step = path[i % len(path)]

    timing = timed(stepper, [lambda i=i: change(i) for i in range(updates)])
    return timing.wall, timing.whole


def worksheet_updates(worksheet, updates):
    """ms per `worksheet.submit(name, text)`: each blank in turn answered correctly, then
    wrongly on the next round (each submit changes the diagram), and ms per whole redraw."""
    from nnlib.backprop import backprop_values
    from nnlib.written import fmt

    problem = worksheet.problem
    values = backprop_values(problem["weights"], problem["x"], problem["y"])

    def change(i):
        name = worksheet.quantities[i % len(worksheet.quantities)]
        worksheet.submit(name, fmt(values[name] * (1.5 if name in worksheet.done else 1.0)))

    timing = timed(worksheet, [lambda i=i: change(i) for i in range(updates)])
    return timing.wall, timing.whole


def run_backprop(widgets, updates):
    """The stepper's steps and the worksheet's entries, each against a whole redraw ->
    the explorers whose target is missed."""
    print(
        f"\nbackward pass: {updates} updates each; ms from the change to the new PNG, "
        "against the same figure drawn whole and encoded"
    )
    print(
        f"{'explorer':28s} {'update':18s} {'median':>7s} {'p95':>6s} {'max':>6s} | "
        f"{'whole':>6s} {'ratio':>6s}  target"
    )
    failures = []
    for name, what, run in (
        ("backprop_stepper", "stepper.step = k", stepper_updates),
        ("backprop_worksheet", "submit(name, text)", worksheet_updates),
    ):
        explorer = getattr(widgets, name)()
        ours, whole = run(explorer, updates)
        explorer.close()
        target = BACKPROP_TARGETS_MS[name]
        ok = np.median(ours) <= target
        print(
            f"{name:28s} {what:18s} {np.median(ours):7.1f} {np.percentile(ours, 95):6.1f} "
            f"{ours.max():6.1f} | {np.median(whole):6.1f} "
            f"{np.median(whole) / np.median(ours):5.1f}x  median <= {target:g} ms: "
            f"{'met' if ok else 'MISSED'}"
        )
        failures += [] if ok else [name]
    return failures


def parse_args(argv):
    """The command line, checked -> argparse.Namespace."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part",
        choices=("all", "common", "drag", "backprop", "training", "depth", "autograd"),
        default="all",
        help="common: each explorer against the common way; drag: every slider of every "
        "explorer dragged; backprop: the stepper's steps and the worksheet's entries; "
        "training: the training explorer's frames (benchmarks/training.py); depth: the "
        "depth explorer's updates (benchmarks/depth.py); autograd: the autograd explorer's "
        "updates (benchmarks/autograd.py); all: every part (the default)",
    )
    parser.add_argument(
        "--updates", type=int, default=200, help="slider updates per explorer (default 200)"
    )
    parser.add_argument(
        "--common-every",
        type=int,
        default=5,
        help="time the common way on every n-th update (default 5: it is "
        "slow, and 40 samples give a stable median)",
    )
    parser.add_argument(
        "--steps", type=int, default=DRAG_STEPS, help=f"drag steps each way (default {DRAG_STEPS})"
    )
    args = parser.parse_args(argv)
    if args.updates < 2 or args.steps < 1:
        parser.error(f"--updates must be >= 2 and --steps >= 1, got {args.updates}, {args.steps}")
    if not 1 <= args.common_every <= args.updates:
        parser.error(f"--common-every must be between 1 and --updates, got {args.common_every}")
    return args


def run_common(widgets, shell, args):
    """Each explorer's main slider against the common way -> the explorers missed."""
    print(
        "\nwall-clock ms per update of the main slider (CPU ms of this process in brackets: "
        "the machine's load shows as the gap)"
    )
    print(
        f"{'explorer':28s} {'median ms':>9s} {'(cpu)':>6s} {'p95 ms':>7s} | "
        f"{'common way':>10s} {'p95 ms':>7s} | {'speedup':>7s}  target"
    )
    failures = []
    for name, key in EXPLORERS.items():
        make = getattr(widgets, name)
        mine, cpu, common = time_explorer(make, key, shell, args.updates, args.common_every)
        if not report(name, mine, cpu, common):
            failures.append(name)
    return failures


def main(argv=None):
    args = parse_args(argv)
    shell = inline_shell()
    import matplotlib

    import nnlib.widgets as widgets

    print(
        describe_machine(
            "explorer redraw: slider value set -> new PNG ready",
            [
                f"matplotlib {matplotlib.__version__}, backend for the common way: "
                f"{matplotlib.get_backend()}; {args.updates} updates per explorer, "
                f"the common way on every {args.common_every}th; drags of {args.steps} steps"
            ],
        )
    )
    failures = []
    if args.part in ("all", "common"):
        failures += run_common(widgets, shell, args)
    if args.part in ("all", "drag"):
        failures += [f"{name} drag" for name in run_drag(widgets, args.steps)]
    if args.part in ("all", "backprop"):
        failures += run_backprop(widgets, args.updates)
    if args.part in ("all", "training"):
        from training import run_training  # beside this script

        failures += run_training(max(args.updates // 5, 10))
    if args.part in ("all", "depth"):
        from depth import run_depth  # beside this script

        failures += run_depth(max(args.updates // 5, 10))
    if args.part in ("all", "autograd"):
        from autograd import run_autograd  # beside this script

        failures += run_autograd(max(args.updates // 5, 10))
    print("all targets met" if not failures else f"targets missed: {', '.join(failures)}")


if __name__ == "__main__":
    main()

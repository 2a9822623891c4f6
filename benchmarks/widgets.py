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

    python benchmarks/widgets.py              # 200 updates per explorer, several minutes
    python benchmarks/widgets.py --updates 20 # a smoke run, about a minute
"""

import argparse
import contextlib
import io
import time

import numpy as np
from _timing import header  # beside this script

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
        for p in sax.patches:
            if isinstance(p, Rectangle):
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


def parse_args(argv):
    """The command line, checked -> argparse.Namespace."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    args = parser.parse_args(argv)
    if args.updates < 2:
        parser.error(f"--updates must be at least 2, got {args.updates}")
    if not 1 <= args.common_every <= args.updates:
        parser.error(f"--common-every must be between 1 and --updates, got {args.common_every}")
    return args


def main(argv=None):
    args = parse_args(argv)
    shell = inline_shell()
    import matplotlib

    import nnlib.widgets as widgets

    lines = header(
        "explorer redraw: slider value set -> new PNG ready",
        [
            f"matplotlib {matplotlib.__version__}, backend for the common way: "
            f"{matplotlib.get_backend()}; {args.updates} updates per explorer, "
            f"the common way on every {args.common_every}th"
        ],
    ).splitlines()
    print("\n".join(line for line in lines if not line.startswith("times are")))
    print(
        "wall-clock ms per update (CPU ms of this process in brackets: the machine's "
        "load shows as the gap)"
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
    print("all targets met" if not failures else f"targets missed: {', '.join(failures)}")


if __name__ == "__main__":
    main()

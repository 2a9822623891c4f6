"""Static figures of deep networks at initialisation: the gradient norm of each layer's
weights on a log axis, and the spread of each layer's activations.  Re-exported by
nnlib.plots; taught in 10_vanishing_gradients.ipynb."""

import numpy as np
from matplotlib.ticker import MaxNLocator, NullFormatter

from ._check import describe
from .style import COLORS, CYCLE, static_figure

MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LINESTYLES = ("-", "--", "-.", ":")


def _runs(runs, name):
    """runs: a non-empty dict label -> DepthReport (nnlib.depth); ValueError otherwise."""
    if not isinstance(runs, dict) or not runs:
        raise ValueError(
            f"{name} must be a non-empty dict label -> DepthReport, got {describe(runs)}"
        )
    for label, run in runs.items():
        if not hasattr(run, "weight_norms") or not hasattr(run, "activations"):
            raise TypeError(
                f"{name}[{label!r}] must be a DepthReport (from nnlib.depth.depth_run), "
                f"got {describe(run)}"
            )
    return runs


def _decade_axis(ax, values):
    """The y axis from the decade below the smallest positive finite value to the one
    above the largest, on a log scale."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    if values.size:
        lo, hi = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
        ax.set_ylim(10.0 ** min(lo, hi - 1), 10.0**hi)
    ax.yaxis.set_minor_formatter(NullFormatter())


def plot_gradient_norms(runs, title="gradient norm of each layer's weights"):
    """||dC/dW_l|| against the layer l (1 = nearest the input; the last is the output
    layer), one line per run, on a log axis: a line falling to the left is a gradient
    that vanishes on its way back to the input.  runs: dict label -> DepthReport.
    -> Figure.  Taught in 10_vanishing_gradients.ipynb."""
    runs = _runs(runs, "runs")
    with static_figure(3.8) as fig:
        ax = fig.subplots()
        for k, (label, run) in enumerate(runs.items()):
            norms = np.asarray(run.weight_norms, dtype=float)
            layers = np.arange(1, norms.size + 1)
            shown = np.where(norms > 0, norms, np.nan)
            ax.semilogy(
                layers,
                shown,
                color=CYCLE[k % len(CYCLE)],
                ls=LINESTYLES[k % len(LINESTYLES)],
                marker=MARKERS[k % len(MARKERS)],
                ms=5,
                label=label,
            )
        _decade_axis(ax, np.concatenate([np.ravel(r.weight_norms) for r in runs.values()]))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("layer l (1 = nearest the input, the last = the output layer)")
        ax.set_ylabel("||dC/dW_l|| (log scale)")
        ax.set_title(title)
        ax.legend(loc="best", fontsize=10)
    return fig


def _bands(ax, percentiles):
    """One layer's 5-95 % range as a thin bar, its 25-75 % range as a thick one and its
    median as a dot, for each row of percentiles (depth, 5)."""
    layers = np.arange(1, len(percentiles) + 1)
    p = np.asarray(percentiles)
    ax.vlines(layers, p[:, 0], p[:, 4], color=COLORS["bar"], lw=3, label="5-95 %")
    ax.vlines(layers, p[:, 1], p[:, 3], color=COLORS["curve"], lw=8, label="25-75 %")
    ax.plot(layers, p[:, 2], "o", color=COLORS["point"], ms=4, label="median")


def plot_activation_bands(runs):
    """The spread of each hidden layer's activations (all examples and units): 5-95 %,
    25-75 % and the median, one panel per run.  runs: dict label -> DepthReport.
    -> Figure.  Taught in 10_vanishing_gradients.ipynb."""
    from .depth import activation_percentiles

    runs = _runs(runs, "runs")
    with static_figure(3.6) as fig:
        axes = np.atleast_1d(fig.subplots(1, len(runs), squeeze=False)[0])
        for ax, (label, run) in zip(axes, runs.items()):
            _bands(ax, activation_percentiles(run.activations))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlabel("hidden layer l")
            ax.set_title(label)
        axes[0].set_ylabel("activation a_l")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=3)
    return fig

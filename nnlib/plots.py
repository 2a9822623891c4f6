"""Static figures for the notebooks: activations beside their derivatives, losses, a
training run and the cost of the gradient; the diagrams of the article's network
(nnlib.diagrams) and the palette and style the explorers share (nnlib.style), re-exported.

Every function returns a matplotlib Figure built with matplotlib.figure.Figure (no
pyplot, so no global state and no second copy from the inline backend); styling is
applied inside each function with rc_context, never on import.
"""

import numpy as np

from .diagrams import plot_computation_graph, plot_seed_network
from .style import (
    COLORS,
    CYCLE,
    DPI,
    OKABE_ITO,
    STYLE,
    fmt,
    new_figure,
    styled,
    styled_figure,
)

__all__ = [
    "COLORS",
    "CYCLE",
    "DPI",
    "OKABE_ITO",
    "STYLE",
    "fmt",
    "new_figure",
    "plot_activations",
    "plot_computation_graph",
    "plot_gradient_cost",
    "plot_loss_curves",
    "plot_seed_network",
    "plot_training",
    "styled",
    "styled_figure",
]


# --- activations and losses ------------------------------------------------------------


def plot_activations(names=None, z_range=(-5.0, 5.0)):
    """Each elementwise activation (all of ACTIVATIONS' by default) beside its derivative:
    f solid, f' dashed, one panel per function.  -> Figure.  Taught in 02_activations."""
    from .activations import ACTIVATIONS

    elementwise = [n for n, a in ACTIVATIONS.items() if a.elementwise]
    if names is None:
        names = elementwise
    if isinstance(names, str):
        names = [names]
    for n in names:
        if n not in elementwise:
            raise ValueError(
                f"names must list elementwise activations ({', '.join(elementwise)}),"
                f" got {n!r}"
                + (
                    " (softmax mixes its inputs; its derivative is a matrix)"
                    if n == "softmax"
                    else ""
                )
            )
    z = np.linspace(*z_range, 401)
    cols = min(3, len(names))
    rows = -(-len(names) // cols)
    with styled_figure((3.2 * cols, 2.6 * rows)) as fig:
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
        for ax, n in zip(axes, names):
            act = ACTIVATIONS[n]
            ax.plot(z, act.f(z), color=COLORS["curve"], ls="-", label=f"{n}(z)")
            ax.plot(z, act.df(z), color=COLORS["derivative"], ls="--", label=f"{n}'(z)")
            ax.set_title(n)
            ax.set_xlabel("z")
            ax.legend(loc="upper left")
        for ax in axes[len(names) :]:
            ax.set_visible(False)
        fig.tight_layout()
    return fig


def plot_loss_curves(n_points=399):
    """MSE and binary cross-entropy against the prediction y_hat in (0, 1), for the
    target y = 1 (left) and y = 0 (right).  -> Figure.  Taught in 03_losses."""
    from .losses import binary_cross_entropy, mse

    p = np.linspace(0.0025, 0.9975, n_points)
    with styled_figure((8.0, 3.0)) as fig:
        axes = fig.subplots(1, 2, sharey=True)
        for ax, y in zip(axes, (1.0, 0.0)):
            yy = np.full_like(p, y)
            ax.plot(p, mse(p, yy, reduction="none"), color=COLORS["curve"], ls="-", label="MSE")
            ax.plot(
                p,
                binary_cross_entropy(p, yy, reduction="none"),
                color=COLORS["derivative"],
                ls="--",
                label="binary cross-entropy",
            )
            ax.set_title(f"target y = {y:.0f}")
            ax.set_xlabel("prediction y_hat")
            ax.legend(loc="upper center")
        axes[0].set_ylabel("loss C")
        axes[0].set_ylim(0.0, 5.0)
        fig.tight_layout()
    return fig


# --- training and cost -----------------------------------------------------------------


def plot_training(history, title="training loss"):
    """The loss after each gradient-descent step of a History (nnlib.train), on a log
    scale when every loss is positive; a diverged run is marked at its last step.
    -> Figure.  Taught in 07_gradient_descent."""
    from .train import History

    if not isinstance(history, History):
        raise TypeError(
            f"history must be the History that nnlib.train returns, got {type(history).__name__}"
        )
    losses = np.asarray(history.losses, dtype=float)
    if losses.size == 0:
        raise ValueError("history holds no losses; train for at least 0 steps first")
    steps = np.arange(losses.size)
    shown = np.clip(np.nan_to_num(losses, nan=1e100, posinf=1e100), -1e100, 1e100)
    with styled_figure((5.5, 3.0)) as fig:
        ax = fig.subplots()
        ax.plot(steps, shown, color=COLORS["curve"], marker="o", ms=3, label="C")
        if (shown > 0).all():
            ax.set_yscale("log")
        if history.diverged:
            ax.plot(
                [steps[-1]],
                [shown[-1]],
                ls="none",
                marker="X",
                ms=10,
                color=COLORS["highlight"],
                label="diverged here",
            )
        ax.set_xlabel("step")
        ax.set_ylabel("loss C")
        ax.set_title(title)
        ax.legend(loc="upper right")
        fig.tight_layout()
    return fig


def _positive_series(values, name):
    """values as a non-empty 1-D float array of positive finite numbers; ValueError naming
    name otherwise."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all() or (arr <= 0).any():
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of positive numbers, got {values!r}"
        )
    return arr


def plot_gradient_cost(sizes, t_backprop, t_numerical):
    """Time for all the gradients against the number of parameters, on log-log axes:
    backprop (one forward and one backward pass) against central differences (two
    forward passes per parameter).  sizes, t_backprop, t_numerical: equal-length
    sequences (seconds).  -> Figure.  Taught in 06_numerical_vs_analytic."""
    n = _positive_series(sizes, "sizes")
    t_bp = _positive_series(t_backprop, "t_backprop")
    t_num = _positive_series(t_numerical, "t_numerical")
    if not n.size == t_bp.size == t_num.size:
        raise ValueError(
            f"sizes, t_backprop and t_numerical must have equal lengths, got "
            f"{n.size}, {t_bp.size} and {t_num.size}"
        )
    with styled_figure((5.5, 3.4)) as fig:
        ax = fig.subplots()
        ax.loglog(n, t_bp, color=COLORS["curve"], ls="-", marker="o", label="backprop")
        ax.loglog(
            n, t_num, color=COLORS["derivative"], ls="--", marker="s", label="central differences"
        )
        ax.set_xlabel("number of parameters")
        ax.set_ylabel("seconds for all gradients")
        ax.set_title("the cost of the gradient")
        ax.legend(loc="upper left")
        fig.tight_layout()
    return fig

"""Static figures for the notebooks: activations beside their derivatives, losses, a
training run; re-exported: the multiplications backprop's reuse saves and the cost of the
gradient (nnlib.plots_cost), the step-size errors (nnlib.plots_gradcheck), the graph of a
Value expression (nnlib.plots_autograd), the diagrams of the article's network
(nnlib.diagrams) and the palette and style the explorers share (nnlib.style).

Every function returns a StaticFigure (nnlib.style): a matplotlib Figure built without
pyplot, so no global state and no second copy from the inline backend, WIDTH inches (720
CSS pixels) wide, which a notebook shows as a PNG drawn for a HiDPI screen.  Styling is
applied inside each function with rc_context, never on import.
"""

import numpy as np
from matplotlib.ticker import NullFormatter

from .diagrams import plot_computation_graph, plot_seed_network
from .plots_autograd import plot_value_graph
from .plots_cost import plot_gradient_cost, plot_multiplications
from .plots_depth import plot_activation_bands, plot_gradient_norms
from .plots_gradcheck import plot_step_errors
from .plots_training import plot_dataset, plot_decision_boundary, plot_learning_curves
from .style import (
    COLORS,
    CYCLE,
    DPI,
    OKABE_ITO,
    SCALE,
    STYLE,
    WIDTH,
    StaticFigure,
    fmt,
    given,
    new_figure,
    picture_png,
    static_figure,
    styled,
    styled_figure,
)

__all__ = [
    "COLORS",
    "CYCLE",
    "DPI",
    "OKABE_ITO",
    "SCALE",
    "STYLE",
    "WIDTH",
    "StaticFigure",
    "fmt",
    "new_figure",
    "picture_png",
    "plot_activation_bands",
    "plot_activations",
    "plot_computation_graph",
    "plot_dataset",
    "plot_decision_boundary",
    "plot_gradient_cost",
    "plot_gradient_norms",
    "plot_learning_curves",
    "plot_logit_gradients",
    "plot_loss_curves",
    "plot_multiplications",
    "plot_seed_network",
    "plot_step_errors",
    "plot_training",
    "plot_value_graph",
    "static_figure",
    "styled",
    "styled_figure",
]


# --- activations and losses ------------------------------------------------------------


def _elementwise_names(names):
    """names (None: all of ACTIVATIONS' elementwise ones; a str: that one) as a list;
    ValueError naming any that is not an elementwise activation."""
    from .activations import ACTIVATIONS

    elementwise = [n for n, a in ACTIVATIONS.items() if a.elementwise]
    if names is None:
        return elementwise
    names = [names] if isinstance(names, str) else list(names)
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
    return names


def _slopes_panel(ax, names, z):
    """Every derivative of names on one axes, so their heights compare at a glance; the
    title names the function whose slope stays lowest."""
    from .activations import ACTIVATIONS

    styles = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
    peaks = {}
    for k, n in enumerate(names):
        df = ACTIVATIONS[n].df(z)
        peaks[n] = float(df.max())
        ax.plot(z, df, color=CYCLE[k % len(CYCLE)], ls=styles[k % len(styles)], label=f"{n}'")
    lowest = min(peaks, key=peaks.get)
    ax.set_title(f"all slopes: {lowest}' \u2264 {given(peaks[lowest])}")
    ax.set_xlabel("z")
    ax.set_ylim(-0.05, 1.6)
    ax.set_yticks([0.0, 0.25, 0.5, 1.0])
    ax.legend(
        loc="upper center",
        ncols=2,
        fontsize=10,
        handlelength=1.2,
        labelspacing=0.2,
        columnspacing=0.6,
        handletextpad=0.4,
        borderaxespad=0.2,
    )


def plot_activations(names=None, z_range=(-5.0, 5.0)):
    """Each elementwise activation (all of ACTIVATIONS' by default) beside its derivative:
    f solid, f' dashed, one panel per function, and with two or more functions a last
    panel of all the derivatives together.  -> Figure.  Taught in 02_activations."""
    from .activations import ACTIVATIONS

    names = _elementwise_names(names)
    z = np.linspace(*z_range, 401)
    panels = len(names) + (len(names) > 1)
    cols = 2 if panels == 4 else min(3, panels)
    rows = -(-panels // cols)
    with static_figure(2.5 * rows + 0.3) as fig:
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, n in zip(axes, names):
            act = ACTIVATIONS[n]
            ax.plot(z, act.f(z), color=COLORS["curve"], ls="-", label=f"{n}(z)")
            ax.plot(z, act.df(z), color=COLORS["derivative"], ls="--", label=f"{n}'(z)")
            ax.set_title(n)
            ax.set_xlabel("z")
            _small_slope_note(ax, act, z)
        if len(names) > 1:
            _slopes_panel(axes[len(names)], names, z)
        for ax in axes[panels:]:
            ax.set_visible(False)
        fig.suptitle("solid: the function f(z);  dashed: its slope f'(z), which backprop uses")
    return fig


def _small_slope_note(ax, act, z):
    """The slope on the negative side written in the panel when it is a constant too
    small to see (leaky ReLU's alpha), so that the panel does not look like ReLU's."""
    left = act.df(z[z < 0])
    if left.size and 0 < left[0] < 0.1 and np.all(left == left[0]):
        ax.text(
            0.04,
            0.94,
            f"slope {given(left[0])} for z < 0,\nnot 0",
            transform=ax.transAxes,
            ha="left",
            va="top",
            color=COLORS["derivative"],
        )


def plot_logit_gradients(y=1.0, z_range=(-6.0, 6.0), n_points=401):
    """dC/dz against the logit z of a prediction p = sigmoid(z) with target y: binary
    cross-entropy gives p - y; MSE, C = (p - y)^2, gives 2 (p - y) p (1 - p), which
    vanishes on a confident mistake.  -> Figure.  Taught in 03_losses."""
    from .activations import sigmoid, sigmoid_prime
    from .losses import binary_cross_entropy_with_logits_grad, mse_grad

    if not 0.0 <= y <= 1.0:
        raise ValueError(f"y must be a target between 0 and 1, got {y!r}")
    z = np.linspace(*z_range, n_points)
    yy = np.full_like(z, float(y))
    bce = binary_cross_entropy_with_logits_grad(z, yy) * z.size  # per point, not the mean
    sq = mse_grad(sigmoid(z), yy) * z.size * sigmoid_prime(z)
    k = 0 if y >= 0.5 else -1  # the most confident mistake drawn
    with static_figure(3.3) as fig:
        ax = fig.subplots()
        ax.plot(z, bce, color=COLORS["curve"], ls="-", label="sigmoid + cross-entropy: p - y")
        ax.plot(
            z, sq, color=COLORS["derivative"], ls="--", label="sigmoid + MSE: 2(p - y) p(1 - p)"
        )
        ax.set_xlabel("logit z, with p = sigmoid(z)")
        ax.set_ylabel("dC/dz")
        ax.legend(loc="lower right" if y >= 0.5 else "upper left")
        ax.set_title(
            f"y = {y:g}; at z = {given(z[k])}, dC/dz is {fmt(bce[k])} with cross-entropy, "
            f"{fmt(sq[k])} with MSE"
        )
    return fig


def plot_loss_curves(n_points=399):
    """MSE and binary cross-entropy against the prediction y_hat in (0, 1), for the
    target y = 1 (left) and y = 0 (right).  -> Figure.  Taught in 03_losses."""
    from .losses import binary_cross_entropy, mse

    p = np.linspace(0.0025, 0.9975, n_points)
    with static_figure(3.3) as fig:
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
        fig.suptitle("a confidently wrong prediction: cross-entropy shoots up, MSE stays below 1")
    return fig


# --- training and cost -----------------------------------------------------------------


def _training_title(losses, diverged):
    """What a training run's figure shows, from its losses."""
    steps = losses.size - 1
    if diverged:
        return f"the loss blows up after {steps} steps: the rate is too large"
    if steps and 0 < losses[-1] < losses[0]:
        factor = (losses[0] / losses[-1]) ** (1 / steps)
        return (
            f"{steps} steps take C from {fmt(losses[0])} to {losses[-1]:.1e}: "
            f"about {factor:.2g} times smaller each step"
        )
    return f"the loss goes from {fmt(losses[0])} to {fmt(losses[-1])} in {steps} steps"


def plot_training(history, title=None):
    """The loss after each gradient-descent step of a History (nnlib.train), on a log
    scale when every loss is positive; a diverged run is marked at its last step.  title:
    None for one that states where the loss went.  -> Figure.  Taught in 08_gradient_descent."""
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
    with static_figure(3.2) as fig:
        ax = fig.subplots()
        ax.plot(steps, shown, color=COLORS["curve"], marker="o", ms=3, label="C")
        if (shown > 0).all():
            ax.set_yscale("log")
            ax.yaxis.set_minor_formatter(NullFormatter())
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
            ax.legend(loc="upper left")
        ax.set_xlabel("step")
        ax.set_ylabel("loss C")
        ax.set_title(_training_title(losses, history.diverged) if title is None else title)
    return fig

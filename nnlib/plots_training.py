"""Static figures of 09_training_a_classifier: a dataset, a model's decision boundary over
it, and learning curves (loss and validation accuracy per epoch) of several runs; and the
class colours and markers the training explorer shares."""

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import NullFormatter

from ._check import describe
from .classifier import TrainingHistory, accuracy, decision_grid, grid_limits
from .style import OKABE_ITO, fmt, static_figure

# Class k's colour and marker: no class told apart by colour alone.
CLASS_COLORS = tuple(OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "vermillion"))
CLASS_MARKERS = ("o", "s", "^", "D", "v")
BOUNDARY_LIGHTNESS = 0.6  # how far the background colours are mixed with white


def _labels(y, n):
    y = np.asarray(y)
    if y.shape != (n,) or y.dtype.kind not in "iu":
        raise ValueError(f"y must be integer labels of shape ({n},), got {describe(y)}")
    if n and (y.min() < 0 or y.max() >= len(CLASS_COLORS)):
        raise ValueError(f"y must hold labels 0..{len(CLASS_COLORS) - 1}, got {y.min()}..{y.max()}")
    return y


def _points(X, y):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {describe(X)}")
    return X, _labels(y, X.shape[0])


def probability_image(probs):
    """An RGB image of class probabilities: each pixel the classes' colours mixed by their
    probabilities, lightened towards white.  probs (R, R, C) -> (R, R, 3) floats in [0, 1]."""
    palette = np.array([to_rgb(c) for c in CLASS_COLORS[: probs.shape[-1]]])
    mixed = probs @ palette
    return mixed + BOUNDARY_LIGHTNESS * (1.0 - mixed)


def scatter_classes(ax, X, y, size=5.0):
    """Each class's points on ax, in its colour and marker.  -> the Line2D per class."""
    return [
        ax.plot(
            *X[y == k].T,
            ls="none",
            marker=CLASS_MARKERS[k],
            ms=size,
            mfc=CLASS_COLORS[k],
            mec="white",
            mew=0.5,
            label=f"class {k}",
        )[0]
        for k in range(int(y.max()) + 1)
    ]


def plot_dataset(X, y, title=None):
    """The points X (n, 2) coloured and marked by their class y (n,).  -> Figure.
    Taught in 09_training_a_classifier.ipynb."""
    X, y = _points(X, y)
    with static_figure(3.6) as fig:
        ax = fig.subplots()
        scatter_classes(ax, X, y)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
        ax.set_title(title or f"{len(y)} points, {int(y.max()) + 1} classes")
    return fig


def plot_decision_boundary(model, X, y, title=None, resolution=150):
    """The class model predicts at every point around the data (the background, in the
    class's light colour), the boundary where the two most probable classes are equally
    probable (dark line), and the points X (n, 2) of class y (n,) over it.  -> Figure.
    Taught in 09_training_a_classifier.ipynb."""
    X, y = _points(X, y)
    limits = grid_limits(X)
    grid = decision_grid(model, X, resolution, limits)
    classes = grid.probs.shape[-1]
    with static_figure(3.8) as fig:
        ax = fig.subplots()
        extent = (*limits[0], *limits[1])
        flat = np.eye(classes)[grid.labels]  # each pixel its predicted class alone
        ax.imshow(probability_image(flat), origin="lower", extent=extent, aspect="equal")
        for k in range(1 if classes == 2 else 0, classes):
            others = np.delete(grid.probs, k, axis=-1).max(axis=-1)
            margin = grid.probs[..., k] - others  # 0 on the boundary of class k
            ax.contour(grid.xs, grid.ys, margin, levels=[0.0], colors="0.2", linewidths=1.2)
        scatter_classes(ax, X, y)
        ax.grid(False)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_title(title or f"accuracy on these points {fmt(accuracy(model, X, y))}")
    return fig


def _histories(runs):
    if not isinstance(runs, dict) or not runs:
        raise TypeError(
            f"runs must be a non-empty dict label -> TrainingHistory, got {describe(runs)}"
        )
    for label, h in runs.items():
        if not isinstance(h, TrainingHistory):
            raise TypeError(
                f"runs[{label!r}] must be the TrainingHistory of a Trainer, got {describe(h)}"
            )
    return runs


def plot_learning_curves(runs, title=None):
    """For each run (a dict label -> TrainingHistory), the training loss after each epoch
    (left, log scale) and the validation accuracy (right).  -> Figure.
    Taught in 09_training_a_classifier.ipynb."""
    runs = _histories(runs)
    with static_figure(3.3) as fig:
        ax, bx = fig.subplots(1, 2)
        styles = ("-", "--", ":", "-.")
        for k, (label, h) in enumerate(runs.items()):
            epochs = np.arange(len(h.epoch_losses))
            line = dict(color=CLASS_COLORS[k % len(CLASS_COLORS)], ls=styles[k % 4], label=label)
            ax.plot(epochs, h.epoch_losses, **line)
            bx.plot(epochs, h.val_accuracy, **line)
        ax.set_yscale("log")
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("training loss C")
        ax.set_title("loss on the training set")
        bx.set_ylim(0.4, 1.02)
        bx.set_ylabel("accuracy")
        bx.set_title("accuracy on the validation set")
        for axis in (ax, bx):
            axis.set_xlabel("epoch")
        bx.legend(loc="lower right")
        if title:
            fig.suptitle(title)
    return fig

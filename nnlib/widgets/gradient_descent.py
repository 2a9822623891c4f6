"""The gradient-descent explorer: the loss after each step and the path of two weights of
the SeedNetwork for a chosen learning rate.  Taught in 07_gradient_descent.ipynb."""

import collections

import ipywidgets as widgets
import numpy as np

from ..network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork
from ..plots import COLORS, styled
from ..train import History, train
from .axes import finite
from .base import Explorer


def descend(lr, steps):
    """nnlib.train on a fresh SeedNetwork at the article's example -> its History."""
    return train(SeedNetwork(), ARTICLE_X, ARTICLE_Y, lr=lr, steps=steps, record_params=True)


RUNS = 16  # how many learning rates' runs to keep
_runs = collections.OrderedDict()  # lr -> the longest run made for it, least recent first


def first_steps(lr, steps, longest):
    """descend(lr, steps), read off the run kept for lr when it is long enough: a run is
    the same up to step `steps` whatever its length.  A run made longer is made `longest`
    steps long at once, so that dragging the steps slider trains only once."""
    run = _runs.pop(lr, None)
    if run is None:
        run = descend(lr, steps)
    elif len(run.losses) - 1 < steps and not run.diverged:
        run = descend(lr, max(steps, longest))
    _runs[lr] = run
    if len(_runs) > RUNS:
        _runs.popitem(last=False)
    if steps >= len(run.losses) - 1:  # all of it (or it diverged before)
        return run
    return History(run.losses[: steps + 1], run.params[: steps + 1], False)


class GradientDescentExplorer(Explorer):
    """Gradient descent on the SeedNetwork: the loss after each step and the path of
    w11 and w31, for a chosen learning rate.  Built by gradient_descent_explorer()."""

    name = "gradient_descent_explorer"
    summary = "learning-rate and steps sliders"
    MAX_STEPS = 100
    LOSS_LIMITS = (1e-12, 1e4)
    WEIGHT_LIMITS = (-4.0, 4.0)  # a diverging path leaves the panel; the readout has it

    def __init__(self, lr=0.1, steps=30):
        super().__init__(figsize=(9.0, 3.3))
        rate = self._slider("lr", lr, 0.01, 2.0, 0.01, "learning rate lr")
        count = self._int_slider("steps", steps, 1, self.MAX_STEPS, "steps")
        with styled():
            ax, bx = self._two_axes(left=0.08, bottom=0.16, wspace=0.25)
            self.ax_loss, self.ax_path = ax, bx
            (self.loss_line,) = ax.semilogy(
                [0, 1], [1, 1], color=COLORS["curve"], marker="o", ms=3, label="C after k steps"
            )
            ax.set_ylim(*self.LOSS_LIMITS)
            ax.set_ylabel("C (log scale)")
            ax.set_title("loss history")
            (self.w11_line,) = bx.plot(
                [0, 1], [0, 0], color=COLORS["curve"], marker="o", ms=3, ls="-", label="w11"
            )
            (self.w31_line,) = bx.plot(
                [0, 1], [0, 0], color=COLORS["derivative"], marker="^", ms=3, ls="--", label="w31"
            )
            bx.set_ylim(*self.WEIGHT_LIMITS)
            bx.set_title("two of the weights along the way")
            for axis in (ax, bx):
                axis.set_xlim(0, self.MAX_STEPS)
                axis.set_xlabel("step k")
                axis.legend(loc="upper right")
        self._animate(self.loss_line, self.w11_line, self.w31_line)
        self._assemble(widgets.HBox([rate, count]))

    def run(self):
        """nnlib.train on a fresh SeedNetwork with the sliders' lr and steps."""
        return descend(self.sliders["lr"].value, self.sliders["steps"].value)

    @classmethod
    def compute(cls, state):
        """The training run for lr and steps: its losses, the paths of w11 and w31 and the
        final weights.  state: lr, steps -> dict."""
        history = first_steps(state["lr"], state["steps"], cls.MAX_STEPS)
        final = SeedNetwork()
        for mine, last in zip(final.params, history.params[-1]):
            mine[...] = last
        return {
            "lr": state["lr"],
            "steps": state["steps"],
            "losses": history.losses,
            "diverged": history.diverged,
            "w11": np.array([p[0][0, 0] for p in history.params]),
            "w31": np.array([p[1][0, 0] for p in history.params]),
            "final": final.weights,
        }

    def draw(self, numbers):
        losses = numbers["losses"]
        k = np.arange(len(losses))
        self.loss_line.set_data(k, finite(losses, self.LOSS_LIMITS[1]).clip(self.LOSS_LIMITS[0]))
        self.w11_line.set_data(k, finite(numbers["w11"]))
        self.w31_line.set_data(k, finite(numbers["w31"]))

    def lines(self, numbers):
        losses, weights = numbers["losses"], numbers["final"]
        return [
            [
                ("lr", numbers["lr"]),
                ("steps", numbers["steps"]),
                ("steps run", len(losses) - 1),
                ("diverged", "yes" if numbers["diverged"] else "no"),
            ],
            [
                ("C at start", losses[0]),
                ("C at the end", losses[-1]),
                ("lowest C", float(np.min(losses))),
                ("highest C", float(np.max(losses))),
            ],
            [(f"final {n}", weights[n]) for n in WEIGHT_NAMES[:5]],
            [(f"final {n}", weights[n]) for n in WEIGHT_NAMES[5:]],
        ]


def gradient_descent_explorer(lr=0.1, steps=30):
    """Learning rate and number of steps: the loss history and the path of two weights
    of the SeedNetwork under gradient descent, including overshoot at large rates.
    Taught in 07_gradient_descent.ipynb."""
    return GradientDescentExplorer(lr, steps)

"""The gradient-descent explorer: the loss after each step and the path of two weights of
the SeedNetwork for a chosen learning rate.  Taught in 08_gradient_descent.ipynb."""

import collections

import numpy as np

from ..network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork
from ..plots import COLORS, fmt, styled
from ..train import History, train
from .axes import finite
from .base import Explorer
from .controls import control_grid
from .marks import GAP, TEXT_SIZE, KeyLabel
from .readout import Row, Section


def descend(lr, steps):
    """nnlib.train on a fresh SeedNetwork at the article's example -> its History."""
    return train(SeedNetwork(), ARTICLE_X, ARTICLE_Y, lr=lr, steps=steps, record_params=True)


RUNS = 200  # how many learning rates' runs to keep: one per value of the lr slider
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


# The network compute() reads the final weights off by name, set from the run's last
# parameters (building a new one draws random weights first, which costs more).
_FINAL = SeedNetwork()


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
            ax, bx = self._two_axes(left=0.1, bottom=0.16, wspace=0.28)
            self.ax_loss, self.ax_path = ax, bx
            (self.loss_line,) = ax.semilogy(
                [0, 1], [1, 1], color=COLORS["curve"], marker="o", ms=3, label="C after k steps"
            )
            ax.set_ylim(*self.LOSS_LIMITS)
            ax.set_ylabel("C (log scale)")
            self._retitle(ax, "C after each step: does it go down?")
            (self.w11_line,) = bx.plot(
                [0, 1], [0, 0], color=COLORS["curve"], marker="o", ms=3, ls="-", label="w11"
            )
            (self.w31_line,) = bx.plot(
                [0, 1], [0, 0], color=COLORS["derivative"], marker="^", ms=3, ls="--", label="w31"
            )
            bx.set_ylim(*self.WEIGHT_LIMITS)
            self._retitle(bx, "w11 and w31 along the way")
            for axis in (ax, bx):
                axis.set_xlim(0, self.MAX_STEPS)
                axis.set_xlabel("step k")
                axis.legend(loc="upper right", fontsize=TEXT_SIZE)
            self.end_label = KeyLabel(ax, COLORS["curve"])
        self._animate(self.loss_line, self.w11_line, self.w31_line, self.end_label.text)
        self._assemble(control_grid([rate], [count]))

    def run(self):
        """nnlib.train on a fresh SeedNetwork with the sliders' lr and steps."""
        return descend(self.sliders["lr"].value, self.sliders["steps"].value)

    @classmethod
    def compute(cls, state):
        """The training run for lr and steps: its losses, the paths of w11 and w31 and the
        final weights.  state: lr, steps -> dict."""
        history = first_steps(state["lr"], state["steps"], cls.MAX_STEPS)
        for mine, last in zip(_FINAL.params, history.params[-1]):
            mine[...] = last
        return {
            "lr": state["lr"],
            "steps": state["steps"],
            "losses": history.losses,
            "diverged": history.diverged,
            "w11": np.array([p[0][0, 0] for p in history.params]),
            "w31": np.array([p[1][0, 0] for p in history.params]),
            "final": _FINAL.weights,
        }

    def draw(self, numbers):
        losses = numbers["losses"]
        k = np.arange(len(losses))
        self.loss_line.set_data(k, finite(losses, self.LOSS_LIMITS[1]).clip(self.LOSS_LIMITS[0]))
        self.w11_line.set_data(k, finite(numbers["w11"]))
        self.w31_line.set_data(k, finite(numbers["w31"]))
        self._write_end(len(losses) - 1, losses[-1])

    def _write_end(self, steps, loss):
        """C after the last step, written past the end of the loss line (or before it
        when the end is near the right edge)."""
        words = f"C = {fmt(loss)}"
        (lo, hi), width = np.log10(self.LOSS_LIMITS), self.end_label.extent(words)[0]
        u = steps / self.MAX_STEPS
        shown = finite(loss, self.LOSS_LIMITS[1]).clip(self.LOSS_LIMITS[0])  # as drawn
        v = (np.log10(shown) - lo) / (hi - lo)
        past = u + GAP + width / 2
        self.end_label.put(words, past if past + width / 2 < 1 else u - GAP - width / 2, v + 0.08)

    def lines(self, numbers):
        losses, weights = numbers["losses"], numbers["final"]
        curve = COLORS["curve"]
        return [
            Section(
                "the run",
                (
                    Row("lr", numbers["lr"], "learning rate"),
                    Row("steps", numbers["steps"], "the slider"),
                    Row("steps run", len(losses) - 1),
                    Row("diverged", "yes" if numbers["diverged"] else "no"),
                ),
            ),
            Section(
                "the loss (left)",
                (
                    Row("C at start", losses[0], "C before step 1", curve),
                    Row("C at the end", losses[-1], "C after the last step", curve, key=True),
                    Row("lowest C", float(np.min(losses)), "min over the steps"),
                    Row("highest C", float(np.max(losses)), "max over the steps"),
                ),
            ),
            Section("the weights at the end", self._weight_rows(weights)),
        ]

    @staticmethod
    def _weight_rows(weights):
        """The final weights as Rows, w11 and w31 in the colours of their paths."""
        colors = {"w11": COLORS["curve"], "w31": COLORS["derivative"]}
        return tuple(Row(f"final {n}", weights[n], color=colors.get(n)) for n in WEIGHT_NAMES)


def gradient_descent_explorer(lr=0.1, steps=30):
    """Learning rate and number of steps: the loss history and the path of two weights
    of the SeedNetwork under gradient descent, including overshoot at large rates.
    Taught in 08_gradient_descent.ipynb."""
    return GradientDescentExplorer(lr, steps)

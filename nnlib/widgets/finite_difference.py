"""The finite-difference explorer: estimating dC/dw11 of the SeedNetwork by finite
differences, truncation error against round-off.  Taught in 06_numerical_vs_analytic.ipynb."""

import functools

import ipywidgets as widgets
import numpy as np

from ..gradcheck import numerical_gradient, rel_error
from ..network import ARTICLE_WEIGHTS, ARTICLE_X, ARTICLE_Y, MLP, SeedNetwork
from ..plots import COLORS, styled
from .base import Explorer, marker

METHODS = ("central", "forward")
PRECISIONS = ("float64", "float32")


def loss_of_w11(precision):
    """(f, w): C as a function of w11 alone, computed in the given precision, and the
    article's w11 as a (1,) array of that precision."""
    dtype = np.dtype(precision)
    mlp = MLP([2, 3, 1], "sigmoid", "mse", bias=False, dtype=dtype)
    for mine, seed in zip(mlp.params, SeedNetwork().params):
        mine[...] = seed
    X = np.array([ARTICLE_X], dtype=dtype)
    Y = np.array([[ARTICLE_Y]], dtype=dtype)

    def f(w):
        mlp.params[0][0, 0] = w[0]
        return mlp.loss(X, Y)

    return f, np.array([ARTICLE_WEIGHTS["w11"]], dtype=dtype)


def estimate(eps, method, precision):
    """nnlib.numerical_gradient of C with respect to w11 in the given precision.  The
    explorer shows on purpose what too small an eps does, so numerical_gradient's check of
    eps against the precision is off here (check_eps=False)."""
    f, w = loss_of_w11(precision)
    return float(numerical_gradient(f, w, eps=eps, method=method, check_eps=False)[0])


@functools.cache
def backprop_w11():
    """dC/dw11 of the article's network at its example, by backprop (computed once)."""
    return SeedNetwork().gradients()["w11"]


class FiniteDifferenceExplorer(Explorer):
    """Estimating dC/dw11 of the SeedNetwork by finite differences: truncation error
    against round-off as eps shrinks.  Built by finite_difference_explorer()."""

    name = "finite_difference_explorer"
    summary = "a log10(eps) slider, method and precision dropdowns"
    LOG_EPS = (-16.0, -1.0)
    FLOOR = 1e-18  # errors of exactly 0 are drawn here on the log scale

    def __init__(self, log10_eps=-4.0, method="central", precision="float64"):
        super().__init__(figsize=(9.0, 3.3))
        slider = self._slider(
            "log10_eps", log10_eps, *self.LOG_EPS, 0.1, "log10(eps)", readout_format=".1f"
        )
        meth = self._dropdown("method", list(METHODS), method, "method")
        prec = self._dropdown("precision", list(PRECISIONS), precision, "precision")
        self.analytic = backprop_w11()
        self.exponents = np.arange(self.LOG_EPS[0], self.LOG_EPS[1] + 1e-9, 0.25)
        self.errors = {
            (m, d): np.array([self._error(10.0**e, m, d) for e in self.exponents])
            for m in METHODS
            for d in PRECISIONS
        }
        self._build_figure()
        self._assemble(widgets.HBox([meth, prec]), slider)

    def _build_figure(self):
        markers = {"float64": "o", "float32": "^"}
        colors = {"float64": COLORS["curve"], "float32": COLORS["derivative"]}
        styles = {"central": "-", "forward": "--"}
        with styled():
            self.figure.subplots_adjust(left=0.09, right=0.7, bottom=0.16, top=0.9)
            ax = self._axes()
            self.ax = ax
            self.error_lines = {}
            for (m, d), err in self.errors.items():
                (self.error_lines[m, d],) = ax.loglog(
                    10.0**self.exponents,
                    err,
                    color=colors[d],
                    ls=styles[m],
                    marker=markers[d],
                    ms=3,
                    label=f"{m}, {d}",
                )
            (self.eps_line,) = ax.plot(
                [1e-4, 1e-4], [self.FLOOR, 1.0], color=COLORS["point"], ls=":", label="current eps"
            )
            self.point = marker(ax, "*", size=14, label="selected estimate")
            ax.set_xlim(10.0 ** self.LOG_EPS[0], 10.0 ** self.LOG_EPS[1])
            ax.set_ylim(self.FLOOR, 10.0)
            ax.set_xlabel("eps")
            ax.set_ylabel("|estimate - backprop|")
            ax.set_title("error of the finite-difference estimate of dC/dw11")
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        self._animate(self.eps_line, self.point)

    def estimate(self, eps, method, precision):
        """nnlib.numerical_gradient of C with respect to w11 in the given precision."""
        return estimate(eps, method, precision)

    def _error(self, eps, method, precision):
        return max(abs(estimate(eps, method, precision) - self.analytic), self.FLOOR)

    @classmethod
    def compute(cls, state):
        """The estimate at eps = 10^log10_eps and its errors against backprop.
        state: log10_eps, method, precision -> dict."""
        eps = 10.0 ** state["log10_eps"]
        est, analytic = estimate(eps, state["method"], state["precision"]), backprop_w11()
        return {
            "log10_eps": state["log10_eps"],
            "eps": eps,
            "method": state["method"],
            "precision": state["precision"],
            "estimate": est,
            "backprop": analytic,
            "error": abs(est - analytic),
            "relative": rel_error(est, analytic),
        }

    def draw(self, numbers):
        eps = numbers["eps"]
        self.eps_line.set_data([eps, eps], [self.FLOOR, 10.0])
        self.point.set_data([eps], [max(numbers["error"], self.FLOOR)])

    def lines(self, numbers):
        n = numbers
        return [
            [("log10(eps)", n["log10_eps"]), ("eps", n["eps"])],
            [("method", n["method"]), ("precision", n["precision"])],
            [("estimate", n["estimate"]), ("backprop", n["backprop"])],
            [("absolute error", n["error"]), ("relative error", n["relative"])],
        ]


def finite_difference_explorer(log10_eps=-4.0, method="central", precision="float64"):
    """log10(eps), forward or central difference, float64 or float32: the estimate of
    dC/dw11, the backprop value, and the error against eps on log-log axes, where
    truncation error meets round-off.  Taught in 06_numerical_vs_analytic.ipynb."""
    return FiniteDifferenceExplorer(log10_eps, method, precision)

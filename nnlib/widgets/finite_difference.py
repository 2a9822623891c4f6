"""The finite-difference explorer: estimating dC/dw11 of the SeedNetwork by finite
differences, truncation error against round-off.  Taught in 07_numerical_vs_analytic.ipynb."""

import functools

import numpy as np

from ..gradcheck import numerical_gradient, rel_error
from ..network import ARTICLE_WEIGHTS, ARTICLE_X, ARTICLE_Y, MLP, SeedNetwork
from ..plots import COLORS, fmt, styled
from .base import Explorer
from .controls import control_grid
from .marks import TEXT_SIZE, KeyLabel, point_marker
from .readout import Row, Section

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
        self._assemble(control_grid([meth, prec], [slider]))

    def _build_figure(self):
        markers = {"float64": "o", "float32": "^"}
        colors = {"float64": COLORS["curve"], "float32": COLORS["derivative"]}
        styles = {"central": "-", "forward": "--"}
        with styled():
            self.figure.subplots_adjust(left=0.09, right=0.68, bottom=0.16, top=0.9)
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
            self.point = point_marker(ax, "*", COLORS["tangent"], 18, "this eps's estimate")
            self.error_label = KeyLabel(ax)
            ax.set_xlim(10.0 ** self.LOG_EPS[0], 10.0 ** self.LOG_EPS[1])
            ax.set_ylim(self.FLOOR, 10.0)
            ax.set_xlabel("eps")
            ax.set_ylabel("|estimate - backprop|")
            self._retitle(ax, "error of the estimate of dC/dw11; the red star: this eps")
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=TEXT_SIZE)
        self._animate(self.eps_line, self.point, self.error_label.text)

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
        error = max(numbers["error"], self.FLOOR)
        self.eps_line.set_data([eps, eps], [self.FLOOR, 10.0])
        self.point.set_data([eps], [error])
        (lo, hi), bottom = self.LOG_EPS, np.log10(self.FLOOR)
        u = (numbers["log10_eps"] - lo) / (hi - lo)
        v = (np.log10(error) - bottom) / (1.0 - bottom)
        below = v - 0.18 if v > 0.26 else v + 0.12  # under the star: no curve is there
        self.error_label.put(f"error {fmt(numbers['error'])}", u, below)

    def lines(self, numbers):
        n = numbers
        key = COLORS["tangent"]
        return [
            Section(
                "the step",
                (
                    Row("log10(eps)", n["log10_eps"], "the slider", given=True),
                    Row("eps", n["eps"], "", COLORS["point"]),
                    Row("method", n["method"]),
                    Row("precision", n["precision"]),
                ),
            ),
            Section(
                "dC/dw11",
                (
                    Row("estimate", n["estimate"], self._formula(n["method"]), key=True),
                    Row("backprop", n["backprop"], "by backprop"),
                    Row("absolute error", n["error"], "|estimate - backprop|", key, key=True),
                    Row("relative error", n["relative"], "rel_error(estimate, backprop)"),
                ),
            ),
        ]

    @staticmethod
    def _formula(method):
        """The difference quotient of method."""
        if method == "central":
            return "(C(w11 + eps) - C(w11 - eps)) / 2 eps"
        return "(C(w11 + eps) - C(w11)) / eps"


def finite_difference_explorer(log10_eps=-4.0, method="central", precision="float64"):
    """log10(eps), forward or central difference, float64 or float32: the estimate of
    dC/dw11, the backprop value, and the error against eps on log-log axes, where
    truncation error meets round-off.  Taught in 07_numerical_vs_analytic.ipynb."""
    return FiniteDifferenceExplorer(log10_eps, method, precision)

"""The weight explorer: C against one weight of the SeedNetwork, its tangent, and all
nine gradients.  Taught in 05_chain_rule.ipynb."""

import ipywidgets as widgets
import numpy as np

from ..network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork
from ..plots import COLORS, styled
from .axes import few_ticks, finite, fitted_range, short_y, tangent
from .bars import Bars
from .base import Explorer
from .controls import control_grid, folded
from .marks import KeyLabel, point_marker, slope_text, tangent_line
from .readout import Product, Row, Section

# The network compute() sets all nine weights of and passes through: building a new one
# (its MLP draws random weights first) costs more than the passes.
_NET = SeedNetwork()


class WeightExplorer(Explorer):
    """C as a function of one weight of the SeedNetwork, its tangent, and all nine
    gradients.  Built by weight_explorer()."""

    name = "weight_explorer"
    summary = "9 weight sliders, inputs x1 x2 and target y"
    WEIGHT_RANGE = (-4.0, 4.0)
    GRID = (*WEIGHT_RANGE, 241)  # where the curves are computed
    TANGENT_HALF_WIDTH = 1.5  # the tangent spans 3/8 of the weight's range

    def __init__(self, weights=None, x=ARTICLE_X, y=ARTICLE_Y, selected="w11"):
        super().__init__(figsize=(9.0, 3.4))
        net = SeedNetwork(weights)
        if selected not in WEIGHT_NAMES:
            raise ValueError(f"selected must be one of {', '.join(WEIGHT_NAMES)}, got {selected!r}")
        lo, hi = self.WEIGHT_RANGE
        columns = [
            [self._slider(n, net[n], lo, hi, 0.01) for n in WEIGHT_NAMES if n[1] == k]
            for k in "123"
        ]
        inputs = self._inputs(*net._xy(x, y))
        plotted = self._dropdown("plotted", list(WEIGHT_NAMES), selected, "plot C against")
        self._build_figure()
        self._plotted = None  # the weight the curve's labels name
        self._assemble(plotted, control_grid(*columns), widgets.VBox([self.inputs_toggle, inputs]))

    def _inputs(self, x, y):
        """The sliders x1, x2 and y, folded away behind a toggle button -> their box."""
        sliders = [
            self._slider("x1", x[0], -3.0, 3.0, 0.01),
            self._slider("x2", x[1], -3.0, 3.0, 0.01),
            self._slider("y", y, -3.0, 3.0, 0.01, "y (target)"),
        ]
        self.inputs_toggle, self.inputs_box = folded(
            sliders,
            "inputs x1, x2 and target y",
            "show or hide the sliders for the inputs and the target",
        )
        return self.inputs_box

    def _build_figure(self):
        with styled():
            ax, bx = self._two_axes(left=0.07, bottom=0.16, wspace=0.3)
            self.ax_curve, self.ax_bars = ax, bx
            (self.curve,) = ax.plot(
                self.grid(), self.grid(), color=COLORS["curve"], ls="-", label="C"
            )
            self.tangent = tangent_line(ax)
            self.point = point_marker(ax, "o", label="current weight")
            self.slope_label = KeyLabel(ax)
            ax.set_xlim(*self.WEIGHT_RANGE)
            ax.set_xticks(np.arange(self.WEIGHT_RANGE[0], self.WEIGHT_RANGE[1] + 1, 2))
            ax.set_ylabel("C", color=COLORS["curve"])
            self.bars = Bars(bx, len(WEIGHT_NAMES))
            bx.set_xticks(range(9), WEIGHT_NAMES)
            bx.axhline(0.0, color=COLORS["point"], linewidth=0.8)
            self._retitle(bx, "all nine dC/dw, by backprop")
            bx.grid(axis="x", visible=False)
            for axis in (ax, bx):  # tick labels of one width, whatever the limits
                axis.yaxis.set_major_formatter(short_y())
                axis.yaxis.set_major_locator(few_ticks())
        # The axis limits: they change only when the data leave them (fitted_range).
        self.limits = {"curve": None, "bars": None}
        self._animate(
            self.curve, self.tangent, self.point, self.slope_label.text, *self.bars.artists
        )

    @classmethod
    def compute(cls, state):
        """One forward and one backward pass (SeedNetwork.trace) plus the loss curve of
        the plotted weight.  state: the 9 weights, x1, x2, y and "plotted" -> dict."""
        name = state["plotted"]
        net = _NET.set_weights({n: state[n] for n in WEIGHT_NAMES})
        x, y = (state["x1"], state["x2"]), state["y"]
        trace = net.trace(x, y)
        w, c, g = net[name], trace.C, trace.gradients[name]
        return {
            "name": name,
            "w": w,
            "trace": trace,
            "chain": trace.chain(name),
            "curve": finite(net.loss_curve(name, cls.grid(), x, y)),
            "tangent": tangent(w, c, g, cls.TANGENT_HALF_WIDTH),
            "heights": np.array([trace.gradients[n] for n in WEIGHT_NAMES]),
        }

    def draw(self, numbers):
        name, curve, t = numbers["name"], numbers["curve"], numbers["trace"]
        ax = self.ax_curve
        self.curve.set_ydata(curve)
        self.curve.set_label(f"C({name})")
        self._set_ylim(ax, "curve", curve.min(), curve.max(), room=0.1)
        if self._plotted != name:
            # No legend: the title says what is drawn (a legend is the costliest part of
            # the axes to draw again when its limits change).
            self._plotted = name
            ax.set_xlabel(f"{name} (the other weights fixed)")
            self._retitle(ax, f"C against {name}: the red line's slope is dC/d{name}")
            self.tangent.set_label(f"tangent, slope dC/d{name}")
            self.ax_bars.set_xlabel(f"red, outlined: dC/d{name}")
        self.tangent.set_data(*numbers["tangent"])
        self.point.set_data(finite([numbers["w"]]), finite([t.C]))
        words = slope_text(f"dC/d{name}", t.gradients[name])
        self.slope_label.beside_tangent(
            words, numbers["tangent"], self.WEIGHT_RANGE, self.limits["curve"]
        )
        heights = finite(numbers["heights"])
        self.bars.set(heights, WEIGHT_NAMES.index(name))
        self._set_ylim(self.ax_bars, "bars", heights.min(), heights.max(), pad=0.0)

    def _set_ylim(self, ax, key, lo, hi, room=0.0, pad=0.04):
        """ax's y limits for data in [lo, hi], kept while the data fit them (fitted_range)."""
        self.limits[key] = limits = fitted_range(self.limits[key], lo, hi, room, pad=pad)
        if ax.get_ylim() != limits:
            ax.set_ylim(*limits)

    def lines(self, numbers):
        name, t, chain = numbers["name"], numbers["trace"], numbers["chain"]
        grads = t.gradients
        factors = tuple(Row(f.label, f.value, f.formula) for f in chain)
        return [
            Section(
                f"C against {name}",
                (
                    Row(name, numbers["w"], "the slider", COLORS["point"]),
                    Row("C", t.C, "(y_hat - y)^2", COLORS["curve"], key=True),
                    Row("y_hat", t.y_hat, "w31 a11 + w32 a12 + w33 a13"),
                    Row(f"dC/d{name}", grads[name], "by backprop", COLORS["tangent"], key=True),
                ),
            ),
            Section(
                "the chain rule",
                (Product(f"dC/d{name}", factors, chain.product, COLORS["tangent"]),),
            ),
            Section(
                "every gradient (bars)",
                tuple(
                    Row(f"dC/d{n}", grads[n], color=COLORS["highlight" if n == name else "bar"])
                    for n in WEIGHT_NAMES
                ),
            ),
            Section("the forward pass", self._forward_rows(t)),
        ]

    @staticmethod
    def _forward_rows(t):
        """The inputs, hidden pre-activations h1j = x1 w1j + x2 w2j, activations
        a1j = sigmoid(h1j) and the target, as Rows."""
        rows = [Row(f"x{i + 1}", t.x[i], "input") for i in range(2)]
        rows += [Row(f"h1{j}", t.h[j - 1], f"x1 w1{j} + x2 w2{j}") for j in (1, 2, 3)]
        rows += [Row(f"a1{j}", t.a[j - 1], f"sigmoid(h1{j})") for j in (1, 2, 3)]
        return (*rows, Row("y", t.y, "target"))


def weight_explorer(weights=None, x=ARTICLE_X, y=ARTICLE_Y, selected="w11"):
    """Sliders for the nine weights of the article's 2-3-1 network (inputs x1, x2 and
    target y folded below them).  Left: C against the selected weight with the current
    point and its tangent (slope dC/dw by backprop); right: the nine gradients, the
    selected one outlined.  The readout lists C, y_hat, dC/dw and the chain-rule factors
    with their product.  Taught in 05_chain_rule.ipynb."""
    return WeightExplorer(weights, x, y, selected)

"""The neuron explorer: z = w1 x1 + w2 x2 + b, then a = f(z).  Taught in 01_neuron.ipynb."""

import numpy as np

from ..activations import ACTIVATIONS
from ..layers import affine_forward
from ..plots import COLORS, fmt, styled
from .axes import few_ticks, fitted_range, nice_range, short_x
from .bars import Bars
from .base import ELEMENTWISE, Explorer
from .controls import control_grid
from .marks import KeyLabel, point_marker
from .readout import Row, Section


class NeuronExplorer(Explorer):
    """One neuron: z = w1 x1 + w2 x2 + b, then a = f(z).  Built by neuron_explorer()."""

    name = "neuron_explorer"
    summary = "sliders w1 w2 b x1 x2 and an activation dropdown"
    Z_RANGE = (-10.0, 10.0)
    GRID = (*Z_RANGE, 401)  # where the curves are computed

    def __init__(self, activation="sigmoid"):
        super().__init__(figsize=(9.0, 3.2))
        if activation not in ELEMENTWISE:
            raise ValueError(
                f"activation must be one of {', '.join(ELEMENTWISE)}, got {activation!r}"
            )
        sliders = [
            self._slider("w1", 0.8, -2.0, 2.0, 0.01),
            self._slider("w2", 0.2, -2.0, 2.0, 0.01),
            self._slider("b", 0.0, -2.0, 2.0, 0.01, "b (bias)"),
            self._slider("x1", 1.0, -2.0, 2.0, 0.01),
            self._slider("x2", 1.0, -2.0, 2.0, 0.01),
        ]
        act = self._dropdown("activation", list(ELEMENTWISE), activation, "activation")
        self._build_figure()
        self._assemble(act, control_grid(sliders[:3], sliders[3:]))

    def _build_figure(self):
        with styled():
            ax, bx = self._two_axes(left=0.1, bottom=0.17, wspace=0.35)
            self.ax_sum, self.ax_act = ax, bx
            self.terms = Bars(ax, 4, horizontal=True)
            ax.set_yticks(range(4), ["w1 x1", "w2 x2", "b", "z (sum)"])
            ax.invert_yaxis()
            ax.axvline(0.0, color=COLORS["point"], linewidth=0.8)
            ax.set_xlabel("contribution to z")
            ax.xaxis.set_major_formatter(short_x())  # labels of one width, whatever the limits
            ax.xaxis.set_major_locator(few_ticks())
            self._retitle(ax, "z = w1 x1 + w2 x2 + b: the red bar is z")
            ax.grid(axis="y", visible=False)
            (self.curve,) = bx.plot(
                self.grid(), self.grid(), color=COLORS["curve"], label="a = f(z)"
            )
            (self.z_line,) = bx.plot(
                [0, 0], [0, 1], color=COLORS["highlight"], ls=":", label="current z"
            )
            self.point = point_marker(bx, "o", label="output a")
            self.a_label = KeyLabel(bx, COLORS["point"])
            bx.set_xlim(*self.Z_RANGE)
            bx.set_xticks(np.linspace(*self.Z_RANGE, 5))
            bx.set_xlabel("z")
        self.limits = None  # the sum's axis limits, kept while the terms fit (fitted_range)
        self._animate(self.z_line, self.point, self.a_label.text, *self.terms.artists)

    @classmethod
    def compute(cls, state):
        """z by nnlib's affine_forward and a = f(z), the terms of the sum, the activation
        curve and its axis limits.  state: w1, w2, b, x1, x2, "activation" -> dict."""
        v, name = state, state["activation"]
        f = ACTIVATIONS[name].f
        X = np.array([[v["x1"], v["x2"]]])
        W = np.array([[v["w1"]], [v["w2"]]])
        z = float(affine_forward(X, W, np.array([v["b"]]))[0][0, 0])
        curve = f(cls.grid())
        return {
            "state": dict(state),
            "name": name,
            "z": z,
            "a": float(f(z)),
            "terms": [v["w1"] * v["x1"], v["w2"] * v["x2"], v["b"], z],
            "curve": curve,
            "limits": nice_range(curve.min(), curve.max(), room=0.3),
        }

    def draw(self, numbers):
        name, z, (lo, hi) = numbers["name"], numbers["z"], numbers["limits"]
        terms = numbers["terms"]
        self.terms.set(terms, 3)  # z, the sum, marked
        self.limits = fitted_range(self.limits, min(terms), max(terms), pad=0.0)
        if self.ax_sum.get_xlim() != self.limits:
            self.ax_sum.set_xlim(*self.limits)
        self.curve.set_ydata(numbers["curve"])
        self.ax_act.set_ylim(lo, hi)
        if self.ax_act.get_ylabel() != f"a = {name}(z)":
            self.ax_act.set_ylabel(f"a = {name}(z)")
        self._retitle(self.ax_act, f"the activation: a = {name}(z)")
        self.z_line.set_data([z, z], [lo, hi])
        a = numbers["a"]
        self.point.set_data([z], [a])
        u = (z - self.Z_RANGE[0]) / (self.Z_RANGE[1] - self.Z_RANGE[0])
        v = (a - lo) / (hi - lo)
        right = u < 0.6  # the label on the side of the point away from the edge
        self.a_label.put(f"a = {fmt(a)}", u + (0.2 if right else -0.2), v - 0.1)

    def lines(self, numbers):
        v, terms, name = numbers["state"], numbers["terms"], numbers["name"]
        bar, sum_ = COLORS["bar"], COLORS["highlight"]
        return [
            Section(
                "the weighted sum (bars)",
                (
                    Row("w1", v["w1"]),
                    Row("x1", v["x1"]),
                    Row("w1 x1", terms[0], "", bar),
                    Row("w2", v["w2"]),
                    Row("x2", v["x2"]),
                    Row("w2 x2", terms[1], "", bar),
                    Row("b", v["b"], "the bias", bar),
                    Row("z", numbers["z"], "w1 x1 + w2 x2 + b", sum_, key=True),
                ),
            ),
            Section(
                "the activation",
                (
                    Row("activation", name),
                    Row("a", numbers["a"], f"{name}(z)", COLORS["point"], key=True),
                ),
            ),
        ]


def neuron_explorer(activation="sigmoid"):
    """One neuron: sliders for w1, w2, b and the inputs x1, x2, and an activation
    dropdown.  Left: the terms of z = w1 x1 + w2 x2 + b; right: the activation curve
    with the current z and output a marked.  Taught in 01_neuron.ipynb."""
    return NeuronExplorer(activation)

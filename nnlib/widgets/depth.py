"""The depth explorer: a deep network at initialisation, the gradient norm of each layer's
weights (left, log scale) and the spread of each hidden layer's activations (right), for a
chosen depth, width, activation and initial weight scale.  Taught in
10_vanishing_gradients.ipynb."""

import functools

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..depth import activation_percentiles, depth_run, init_scale
from ..plots import COLORS, fmt, styled
from .axes import few_ticks, finite, fitted_range, short_y
from .base import ELEMENTWISE, Explorer
from .controls import control_grid
from .marks import GAP, TEXT_SIZE, KeyLabel
from .readout import Row, Section

# The init dropdown: (label, value); a number multiplies sqrt(1 / fan_in).
INIT_CHOICES = (
    ("xavier: sqrt(1/fan_in)", "xavier"),
    ("he: sqrt(2/fan_in)", "he"),
    ("0.5 x sqrt(1/fan_in)", 0.5),
    ("2 x sqrt(1/fan_in)", 2.0),
    ("4 x sqrt(1/fan_in)", 4.0),
    ("16 x sqrt(1/fan_in)", 16.0),
)
FLOOR, CEILING = 1e-300, 1e300  # gradient norms are drawn inside these on the log axis
DECADES = 4  # the least span of the log axis, in decades


def decade_limits(current, values):
    """Limits (10^lo, 10^hi) of a log axis for positive values: kept while the values
    fit inside `current` (None at first) and fill at least a third of its decades, else
    the decade below the smallest to the one above the largest (at least DECADES)."""
    logs = np.log10(np.clip(values, FLOOR, CEILING))
    need_lo, need_hi = np.floor(logs.min()), np.ceil(logs.max())
    if current is not None:
        lo, hi = np.log10(current)
        if lo <= logs.min() and logs.max() <= hi and (need_hi - need_lo) * 3 >= hi - lo:
            return current
    lo, hi = need_lo - 1, need_hi + 1
    if hi - lo < DECADES:
        lo, hi = lo - (DECADES - hi + lo) // 2, hi + (DECADES - hi + lo + 1) // 2
    return 10.0**lo, 10.0**hi


REACH_WIDTHS = (4, 8, 16, 32, 64)  # the widths whose deepest networks set the axes


@functools.lru_cache(maxsize=64)
def reach(activation, init, seed):
    """What the deepest networks of this kind show, at the widths REACH_WIDTHS: (smallest,
    largest) gradient norm and (lowest 5th, highest 95th) activation percentile over their
    layers.  The axes fit these, so that their limits stay put while the depth and width
    sliders move (they still move when the data leave them)."""
    norms, spans = [], []
    for width in REACH_WIDTHS:
        report = depth_run(DepthExplorer.MAX_DEPTH, width, activation, init, seed)
        norms.append(positive(report.weight_norms))
        spans.append(finite(activation_percentiles(report.activations))[:, [0, 4]])
    norms, spans = np.concatenate(norms), np.concatenate(spans)
    norm_range = (norms.min(), norms.max()) if norms.size else (1.0, 1.0)
    return norm_range, (spans[:, 0].min(), spans[:, 1].max())


def positive(norms):
    """The norms a log axis can show: those > 0 (nan left out), inf as CEILING."""
    norms = np.nan_to_num(np.asarray(norms, dtype=float), nan=0.0, posinf=CEILING)
    return np.clip(norms[norms > 0], FLOOR, CEILING)


def power_of_ten(value, position=None):
    """A log axis's tick label as plain text, "1e-6" (mathtext costs to draw), padded to
    six characters with figure spaces so that every label takes the same room."""
    text = f"1e{round(np.log10(value))}" if value > 0 else ""
    return text.replace("-", "\u2212").rjust(6, "\u2007")


def band_outlines(percentiles, half_wide, half_narrow):
    """Each hidden layer's bands as rectangles at x = 1 .. depth: the 5-95 % range
    (narrow) and the 25-75 % range (wide).  percentiles: (depth, 5) -> two (depth, 4, 2)."""
    p = finite(percentiles)
    x = np.arange(1, len(p) + 1, dtype=float)

    def boxes(lo, hi, half):
        xs = np.stack([x - half, x - half, x + half, x + half], axis=1)
        ys = np.stack([lo, hi, hi, lo], axis=1)
        return np.stack([xs, ys], axis=2)

    return boxes(p[:, 0], p[:, 4], half_narrow), boxes(p[:, 1], p[:, 3], half_wide)


class DepthExplorer(Explorer):
    """A deep network at initialisation: per-layer gradient norms and the spread of the
    activations of each layer.  Built by depth_explorer()."""

    name = "depth_explorer"
    summary = "depth and width sliders, activation and init dropdowns"
    MAX_DEPTH = 20
    WIDTHS = (4, 64)

    def __init__(self, depth=10, width=32, activation="sigmoid", init="xavier", seed=0):
        super().__init__(figsize=(9.0, 3.4))
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
        self.seed = seed
        layers = self._int_slider("depth", depth, 1, self.MAX_DEPTH, "depth (hidden layers)")
        units = self._int_slider("width", width, *self.WIDTHS, "width (units per layer)")
        act = self._dropdown("activation", list(ELEMENTWISE), activation, "activation")
        start = self._dropdown("init", list(INIT_CHOICES), init, "initial weights std")
        self._build_figure()
        self._assemble(control_grid([layers, units], [act, start]))

    def _build_figure(self):
        with styled():
            ax, bx = self._two_axes(left=0.11, bottom=0.16, wspace=0.25)
            self.ax_norms, self.ax_acts = ax, bx
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(numticks=6))
            ax.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
            ax.yaxis.set_minor_locator(NullLocator())
            (self.norm_line,) = ax.plot(
                [1, 2], [1, 1], color=COLORS["derivative"], lw=2.8, marker="o", ms=6,
                label="||dC/dW_l||",
            )  # fmt: skip
            self.norm_label = KeyLabel(ax, COLORS["derivative"])
            ax.set_ylabel("||dC/dW_l||, log scale")
            self._retitle(ax, "gradient of each layer's weights")
            self.wide = PolyCollection([], facecolors=COLORS["curve"], label="25-75 %")
            self.narrow = PolyCollection([], facecolors=COLORS["bar"], label="5-95 %")
            bx.add_collection(self.narrow, autolim=False)
            bx.add_collection(self.wide, autolim=False)
            (self.median,) = bx.plot([1], [0], "o", color=COLORS["point"], ms=4, label="median")
            bx.yaxis.set_major_locator(few_ticks())
            bx.yaxis.set_major_formatter(short_y())
            bx.set_ylabel("activation a_l")
            self._retitle(bx, "activations of each hidden layer")
            for axis in (ax, bx):
                axis.set_xlim(0.3, self.MAX_DEPTH + 1.7)
                axis.set_xlabel("layer l (1 = nearest the input)")
            ax.set_ylim(1e-4, 1e1)
            bx.set_ylim(-0.04, 1.0)
            bx.legend(
                loc="upper left", fontsize=TEXT_SIZE, ncols=3, handlelength=1.0, columnspacing=1.0
            )
        self._animate(self.norm_line, self.norm_label.text, self.narrow, self.wide, self.median)

    @classmethod
    def compute(cls, state):
        """One forward and one backward pass of the deep network for the controls'
        values: its per-layer gradient norms and activation percentiles.
        state: depth, width, activation, init, seed -> dict."""
        names = ("depth", "width", "activation", "init", "seed")
        report = depth_run(*(state[k] for k in names))
        scale = init_scale(state["init"])
        return {
            **state,
            "std": scale / np.sqrt(state["width"]),
            "norms": report.weight_norms,
            "percentiles": activation_percentiles(report.activations),
            "loss": report.loss,
            "reach": reach(*(state[k] for k in names[2:])),
        }

    def state(self):
        """The controls' values and the seed the network is drawn from."""
        return {**super().state(), "seed": self.seed}

    def draw(self, numbers):
        (norms_reach, acts_reach) = numbers["reach"]
        shown = positive(numbers["norms"])
        limits = decade_limits(self.ax_norms.get_ylim(), np.concatenate([shown, norms_reach]))
        if limits != self.ax_norms.get_ylim():
            self.ax_norms.set_ylim(*limits)
        # A zero gradient (every relu of a layer off) is drawn on the bottom edge.
        norms = np.clip(np.nan_to_num(numbers["norms"], nan=0.0), *limits)
        layers = np.arange(1, len(norms) + 1)
        self.norm_line.set_data(layers, norms)
        self._write_first(numbers["norms"][0], norms, limits)
        p = finite(numbers["percentiles"])
        narrow, wide = band_outlines(p, 0.3, 0.12)
        self.narrow.set_verts(narrow)
        self.wide.set_verts(wide)
        self.median.set_data(layers[:-1], p[:, 2])
        current = self.ax_acts.get_ylim()
        lo, hi = min(p[:, 0].min(), acts_reach[0]), max(p[:, 4].max(), acts_reach[1])
        ylim = fitted_range(current, lo, hi, room=0.25)
        if ylim != current:
            self.ax_acts.set_ylim(*ylim)

    def _write_first(self, norm, shown, limits):
        """||dC/dW_1|| written in a right-hand corner of the left panel, the top one unless
        the line passes beneath it there, else the bottom one, else whichever the line
        leaves more room in.  shown: the norms as drawn."""
        words = f"||dC/dW_1|| = {fmt(norm)}"
        (x_lo, x_hi), (lo, hi) = self.ax_norms.get_xlim(), np.log10(limits)
        width, height = self.norm_label.extent(words)
        u = (np.arange(1, len(shown) + 1) - x_lo) / (x_hi - x_lo)
        v = (np.log10(shown) - lo) / (hi - lo)
        under = v[u >= 1 - 2 * GAP - width]  # the points beneath the label's columns
        top, bottom = 1 - GAP - height / 2, GAP + height / 2
        room_top = top - height / 2 - GAP - (under.max() if under.size else 0.0)
        room_bottom = (under.min() if under.size else 1.0) - (bottom + height / 2 + GAP)
        at = top if room_top >= 0 or room_top >= room_bottom else bottom
        self.norm_label.put(words, 1 - GAP - width / 2, at)

    @staticmethod
    def _ratio_row(norms):
        """||dC/dW_1|| / ||dC/dW_L||, or words when the output layer gets no gradient (every
        unit of a layer off, as a narrow deep relu network can start)."""
        if norms[-1] > 0:
            return Row("first / last", norms[0] / norms[-1], "below 1: it shrinks going back")
        return Row("first / last", "none", "no gradient reaches the output layer")

    def lines(self, numbers):
        norms, p = numbers["norms"], numbers["percentiles"]
        depth, derivative = numbers["depth"], COLORS["derivative"]
        init = numbers["init"]
        return [
            Section(
                "the network",
                (
                    Row("depth", depth, "hidden layers"),
                    Row("width", numbers["width"], "units per layer"),
                    Row("activation", numbers["activation"]),
                    Row("init", init if isinstance(init, str) else f"{init:g} x sqrt(1/fan_in)"),
                    Row("weight std", numbers["std"], "scale x sqrt(1/fan_in)"),
                ),
            ),
            Section(
                "gradients (left)",
                (
                    Row("||dC/dW_1||", norms[0], "layer 1, nearest the input", derivative, True),
                    Row(f"||dC/dW_{depth + 1}||", norms[-1], "the output layer", derivative),
                    self._ratio_row(norms),
                ),
            ),
            Section(
                "activations (right)",
                (
                    Row("a_1 5-95 %", p[0, 4] - p[0, 0], "spread of layer 1", COLORS["bar"]),
                    Row(f"a_{depth} 5-95 %", p[-1, 4] - p[-1, 0], "spread of the last"),
                    Row(f"a_{depth} median", p[-1, 2], "", COLORS["point"]),
                ),
            ),
        ]


def depth_explorer(depth=10, width=32, activation="sigmoid", init="xavier", seed=0):
    """Depth, width, activation and initial weight scale of a deep network at
    initialisation: the gradient norm of each layer's weights on a log scale and the
    spread of each hidden layer's activations.  init: "xavier" (std sqrt(1/fan_in)),
    "he" (sqrt(2/fan_in)) or a multiplier of sqrt(1/fan_in) from the dropdown.
    Taught in 10_vanishing_gradients.ipynb."""
    return DepthExplorer(depth, width, activation, init, seed)

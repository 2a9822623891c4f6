"""Explorers: sliders that redraw a figure and a readout of numbers at once.

Each explorer is one ipywidgets widget (a VBox) with three handles:
  .sliders  dict name -> slider widget (plus .dropdowns for the choices),
  .readout  an HTML widget whose .value holds every number the figure shows,
  .figure   the matplotlib Figure, created once and updated in place.
The figure is drawn by matplotlib's Agg renderer into PNG bytes shown by an
ipywidgets.Image, so only the standard ipywidgets front-end is needed (JupyterLab,
Notebook 7, VS Code, Voila).  Updates are synchronous: when `slider.value = v`
returns, the image and the readout show v.  All math comes from nnlib.
"""

import html
import io

import ipywidgets as widgets
import numpy as np
from PIL import Image as _PILImage

from .network import ARTICLE_X, ARTICLE_Y, WEIGHT_NAMES, SeedNetwork
from .plots import COLORS, DPI, fmt, new_figure, styled

# Plotted values are clipped to +-CLIP so that extreme settings still draw.
CLIP = 1e6


def finite(values, limit=CLIP):
    """values with NaN replaced by 0 and everything clipped to [-limit, limit]."""
    return np.clip(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=limit,
                                 neginf=-limit), -limit, limit)


def nice_limit(value):
    """The smallest of 1, 2, 5 x 10^k that is >= value (at least 1e-3): axis limits that
    change only now and then as the data move."""
    value = max(float(value), 1e-3)
    exponent = np.floor(np.log10(value))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        if mantissa * 10.0 ** exponent >= value * (1 - 1e-12):
            return float(mantissa * 10.0 ** exponent)
    return float(10.0 ** (exponent + 1))


class Explorer(widgets.VBox):
    """The shared machinery: slider factory, readout formatting, PNG rendering.

    A subclass builds its axes and artists in __init__ (inside `with styled():`),
    adds controls with _slider/_dropdown, lays out its widget with _assemble, and
    implements _update(), which moves the artists and returns the readout as a list
    of lines of (label, value) pairs; every pair is also stored in .values."""

    name = "explorer"
    summary = ""

    def __init__(self, figsize, dpi=DPI):
        super().__init__()
        self.sliders = {}
        self.dropdowns = {}
        self.values = {}
        self.renders = 0
        self._dynamic = []
        self._background = None
        self._drawn_state = None
        self.figure = new_figure(figsize, dpi)
        width, height = self.figure.canvas.get_width_height()
        self.image = widgets.Image(format="png", width=width, height=height)
        self.readout = widgets.HTML(layout=widgets.Layout(width="100%"))

    def __repr__(self):
        return f"{self.name}: {self.summary}"

    # --- controls -----------------------------------------------------------------

    def _slider(self, name, value, lo, hi, step, description=None, readout_format=".2f"):
        slider = widgets.FloatSlider(
            value=value, min=lo, max=hi, step=step, description=description or name,
            continuous_update=True, readout_format=readout_format,
            style={"description_width": "initial"})
        slider.observe(self._changed, names="value")
        self.sliders[name] = slider
        return slider

    def _int_slider(self, name, value, lo, hi, description=None):
        slider = widgets.IntSlider(value=value, min=lo, max=hi, step=1,
                                   description=description or name, continuous_update=True,
                                   style={"description_width": "initial"})
        slider.observe(self._changed, names="value")
        self.sliders[name] = slider
        return slider

    def _dropdown(self, name, options, value, description):
        dropdown = widgets.Dropdown(options=options, value=value, description=description,
                                    style={"description_width": "initial"})
        dropdown.observe(self._changed, names="value")
        self.dropdowns[name] = dropdown
        return dropdown

    def _assemble(self, *controls):
        self.children = (*controls, self.image, self.readout)
        self.refresh()

    # --- drawing --------------------------------------------------------------------

    def _changed(self, change):
        self.refresh()

    def _update(self):
        raise NotImplementedError(f"{type(self).__name__} must define _update()")

    def _animate(self, *artists):
        """Mark artists as moving: they are drawn over a cached background, so an update
        that leaves the static parts alone (limits, labels, curves) costs little."""
        for artist in artists:
            artist.set_animated(True)
            self._dynamic.append(artist)

    def _static_state(self):
        """Everything drawn in the background: when it changes the figure is redrawn."""
        state = []
        for ax in self.figure.axes:
            state.append((ax.get_xlim(), ax.get_ylim(), ax.get_title(), ax.get_xlabel(),
                          ax.get_ylabel(), ax.get_xscale(), ax.get_yscale()))
            for line in ax.lines:
                if not line.get_animated():
                    state.append((line.get_xydata().tobytes(), line.get_label(),
                                  line.get_visible()))
            for text in ax.texts:
                if not text.get_animated():
                    state.append((text.get_text(), text.get_position()))
            legend = ax.get_legend()
            if legend is not None:
                state.append(tuple(t.get_text() for t in legend.get_texts()))
        state.extend(t.get_text() for t in self.figure.texts if not t.get_animated())
        return state

    def refresh(self):
        """Recompute, move the artists, write the readout and render the image."""
        with np.errstate(over="ignore", under="ignore"):
            lines = self._update()
        self.values = {label: value for line in lines for label, value in line
                       if not isinstance(value, str)}
        self.readout.value = self._format(lines)
        self.image.value = self._png()
        self.renders += 1

    @staticmethod
    def _format(lines):
        rows = []
        for line in lines:
            parts = [label if value is None else
                     f"{label} = {value if isinstance(value, str) else fmt(value)}"
                     for label, value in line]
            rows.append(html.escape(",  ".join(parts)))
        return ("<pre style='margin:0; line-height:1.35; font-size:12px'>"
                + "\n".join(rows) + "</pre>")

    def _png(self):
        canvas = self.figure.canvas
        state = self._static_state()
        if state != self._drawn_state:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._drawn_state = state
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        width, height = canvas.get_width_height()
        rgba = _PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw",
                                    "RGBA", 0, 1)
        out = io.BytesIO()
        rgba.convert("RGB").save(out, format="png", compress_level=1)
        return out.getvalue()

    def readout_text(self):
        """The readout as plain text (HTML tags removed)."""
        text = self.readout.value.split(">", 1)[1].rsplit("</pre>", 1)[0]
        return html.unescape(text)


# --- weight explorer ----------------------------------------------------------------

class WeightExplorer(Explorer):
    """C as a function of one weight of the SeedNetwork, its tangent, and all nine
    gradients.  Built by weight_explorer()."""

    name = "weight_explorer"
    summary = "9 weight sliders, inputs x1 x2 and target y"
    WEIGHT_RANGE = (-4.0, 4.0)
    CURVE_POINTS = 241
    TANGENT_HALF_WIDTH = 0.75

    def __init__(self, weights=None, x=ARTICLE_X, y=ARTICLE_Y, selected="w11"):
        super().__init__(figsize=(9.0, 3.4))
        self.net = SeedNetwork(weights)
        if selected not in WEIGHT_NAMES:
            raise ValueError(f"selected must be one of {', '.join(WEIGHT_NAMES)}, "
                             f"got {selected!r}")
        lo, hi = self.WEIGHT_RANGE
        columns = []
        for first in "123":
            column = [self._slider(n, self.net[n], lo, hi, 0.01) for n in WEIGHT_NAMES
                      if n[1] == first]
            columns.append(widgets.VBox(column))
        x1, x2 = (float(v) for v in x)
        inputs = widgets.VBox([self._slider("x1", x1, -3.0, 3.0, 0.01),
                               self._slider("x2", x2, -3.0, 3.0, 0.01),
                               self._slider("y", float(y), -3.0, 3.0, 0.01, "y (target)")])
        accordion = widgets.Accordion(children=[inputs], titles=("inputs x1, x2 and target y",),
                                      selected_index=None)
        plotted = self._dropdown("plotted", list(WEIGHT_NAMES), selected, "plot C against")
        self.grid = np.linspace(lo, hi, self.CURVE_POINTS)

        with styled():
            self.figure.subplots_adjust(left=0.07, right=0.985, bottom=0.15, top=0.88,
                                        wspace=0.22)
            ax, bx = self.figure.subplots(1, 2)
            self.ax_curve, self.ax_bars = ax, bx
            (self.curve,) = ax.plot(self.grid, self.grid, color=COLORS["curve"], ls="-",
                                    label="C")
            (self.tangent,) = ax.plot([0, 1], [0, 1], color=COLORS["tangent"], ls="--",
                                      label="tangent")
            (self.point,) = ax.plot([0], [0], ls="none", marker="o", ms=8,
                                    color=COLORS["point"], label="current weight")
            ax.set_xlim(lo, hi)
            ax.set_ylabel("C")
            ax.legend(loc="upper left")
            self.numbers = ax.text(0.98, 0.97, "", transform=ax.transAxes, ha="right",
                                   va="top", fontsize=9, bbox={"facecolor": "white",
                                                               "alpha": 0.85, "lw": 0})
            self.bars = bx.bar(range(9), np.zeros(9), color=COLORS["bar"],
                               edgecolor=COLORS["point"], linewidth=0.8)
            bx.set_xticks(range(9), WEIGHT_NAMES)
            bx.axhline(0.0, color=COLORS["point"], linewidth=0.8)
            bx.set_title("dC/dw for every weight, by backprop")
            bx.grid(axis="x", visible=False)
        self._animate(self.tangent, self.point, self.numbers, *self.bars)
        self.artists = {"curve": self.curve, "tangent": self.tangent, "point": self.point,
                        "bars": self.bars}
        self._assemble(plotted, widgets.HBox(columns), accordion)

    def _inputs(self):
        s = self.sliders
        return (s["x1"].value, s["x2"].value), s["y"].value

    def _update(self):
        name = self.dropdowns["plotted"].value
        self.net.set_weights({n: self.sliders[n].value for n in WEIGHT_NAMES})
        x, y = self._inputs()
        forward = self.net.forward(x, y)
        grads = self.net.gradients(x, y)
        chain = self.net.chain_rule(name, x, y)
        w, c, g = self.net[name], forward["loss"], grads[name]

        ax = self.ax_curve
        curve = finite(self.net.loss_curve(name, self.grid, x, y))
        self.curve.set_ydata(curve)
        self.curve.set_label(f"C({name})")
        top, bottom = float(curve.max()), float(curve.min())
        pad = 0.08 * max(top - bottom, 1e-3)
        ax.set_ylim(bottom - pad, top + 2.5 * pad + 0.35 * (top - bottom))
        if ax.get_xlabel() != name:
            ax.set_xlabel(name)
            ax.set_title(f"C against {name}, the other weights fixed")
            self.tangent.set_label(f"tangent, slope dC/d{name}")
            ax.legend(loc="upper left")

        half = self.TANGENT_HALF_WIDTH
        tx = np.array([w - half, w + half])
        self.tangent.set_data(tx, finite(c + g * (tx - w)))
        self.point.set_data([w], [c])
        self.numbers.set_text(f"{name} = {fmt(w)}\nC = {fmt(c)}\ndC/d{name} = {fmt(g)}")

        heights = np.array([grads[n] for n in WEIGHT_NAMES])
        for n, bar, h in zip(WEIGHT_NAMES, self.bars, heights):
            chosen = n == name
            bar.set_height(h)
            bar.set_facecolor(COLORS["highlight"] if chosen else COLORS["bar"])
            bar.set_hatch("///" if chosen else None)
        span = nice_limit(1.1 * float(np.abs(heights).max()))
        self.ax_bars.set_ylim(-span, span)
        self.ax_bars.set_xlabel(f"hatched and darker: {name}")

        labels = " x ".join(f.label for f in chain)
        return [
            [(name, w), ("C", c), ("y_hat", forward["y_hat"]), (f"dC/d{name}", g)],
            [("chain rule", f"dC/d{name} = {labels}")],
            [(f.label, f.value) for f in chain] + [("product", chain.product)],
            [(f"dC/d{n}", grads[n]) for n in WEIGHT_NAMES[:5]],
            [(f"dC/d{n}", grads[n]) for n in WEIGHT_NAMES[5:]],
            [("h1" + str(j + 1), forward["h"][j]) for j in range(3)]
            + [("a1" + str(j + 1), forward["a"][j]) for j in range(3)],
            [("x1", x[0]), ("x2", x[1]), ("y", y)],
        ]

    def tangent_slope(self):
        """The slope of the drawn tangent line, read back from its data."""
        (x0, x1), (y0, y1) = self.tangent.get_data()
        return (y1 - y0) / (x1 - x0)


def weight_explorer(weights=None, x=ARTICLE_X, y=ARTICLE_Y, selected="w11"):
    """Sliders for the nine weights of the article's 2-3-1 network (inputs x1, x2 and
    target y folded below them).  Left: C against the selected weight with the current
    point and its tangent (slope dC/dw by backprop); right: the nine gradients, the
    selected one hatched.  The readout lists C, y_hat, dC/dw and the chain-rule factors
    with their product.  Taught in 05_chain_rule.ipynb."""
    return WeightExplorer(weights, x, y, selected)

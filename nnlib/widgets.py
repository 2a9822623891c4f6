"""Explorers: sliders that redraw a figure and a readout of numbers at once.

Each explorer is one ipywidgets widget (a VBox) with three handles:
  .sliders  dict name -> slider widget (plus .dropdowns for the choices),
  .readout  an HTML widget whose .value holds every number the figure shows,
  .figure   the matplotlib Figure, created once and updated in place.
The figure is drawn by matplotlib's Agg renderer into PNG bytes shown by an
ipywidgets.Image, so only the standard ipywidgets front-end is needed (JupyterLab,
Notebook 7, VS Code, Voila).  Updates are synchronous: when `slider.value = v`
returns, the image and the readout show v.  All math comes from nnlib.
Displayed, an explorer also carries a still picture (image/png: the figure with the
readout beneath it) and the readout as text/plain, which is what a page without a
kernel shows (GitHub, nbviewer, an HTML export).
"""

import base64
import contextlib
import html
import io
import struct
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.font_manager import FontProperties

from .activations import ACTIVATIONS
from .article import CLASS_TABLE, CLASSES  # the source's five-class table
from .gradcheck import numerical_gradient, rel_error
from .layers import affine_forward
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    categorical_cross_entropy,
    mse,
    mse_grad,
)
from .network import ARTICLE_WEIGHTS, ARTICLE_X, ARTICLE_Y, MLP, WEIGHT_NAMES, SeedNetwork
from .plots import COLORS, STYLE, fmt, new_figure, styled
from .train import train

# The elementwise activations: the ones a single neuron or a slider can show.
ELEMENTWISE = tuple(name for name, a in ACTIVATIONS.items() if a.elementwise)

EXPLORER_DPI = 80  # a PNG per update: fewer pixels, faster
# The readout drawn beneath the figure in the picture shown without a kernel.
READOUT_FONT = {"family": "DejaVu Sans Mono", "size": 10}  # the font matplotlib ships
READOUT_LINE_SPACING = 1.35  # as in the live readout's HTML
READOUT_PAD = 0.1  # inches around the lines
READOUT_RULE = 221  # grey level of the rule between figure and readout
TITLE_SIZE = STYLE["axes.titlesize"]  # titles set on update, outside the style context
# Plotted values are clipped to +-CLIP so that extreme settings still draw.
CLIP = 1e6


def finite(values, limit=CLIP):
    """values with NaN replaced by 0 and everything clipped to [-limit, limit]."""
    return np.clip(
        np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=limit, neginf=-limit),
        -limit,
        limit,
    )


def png_bytes(rgba):
    """An (H, W, 4) uint8 RGBA image as PNG bytes, unfiltered, zlib level 1: mostly flat
    figures compress well this way, and it is several times faster than the default."""
    height, width, _ = rgba.shape
    raw = np.zeros((height, 4 * width + 1), dtype=np.uint8)  # filter byte 0 per row
    raw[:, 1:] = rgba.reshape(height, 4 * width)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1))
        + chunk(b"IEND", b"")
    )


def paletted_png(rgba, colors=256):
    """An (H, W, 4) uint8 RGBA image, opaque, as a PNG with an adaptive palette of at most
    `colors` colours, not dithered: a plot and its text need no more, and the file is about a
    third of a full-colour one.  For pictures that are stored, not for each slider move."""
    from PIL import Image

    paletted = Image.fromarray(np.ascontiguousarray(rgba[..., :3])).quantize(
        colors=colors, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    paletted.save(out, format="png", optimize=True)
    return out.getvalue()


def wrap_readout(parts, width):
    """Readout lines (lists of "label = value" strings) joined by ",  " and wrapped at those
    joins to at most `width` characters where the parts allow; a wrapped line goes on
    indented.  -> list of str, one per row."""
    rows = []
    for line in parts:
        row = ""
        for part in line:
            if not row:
                row = part
            elif len(row) + 3 + len(part) <= width:
                row += ",  " + part
            else:
                rows.append(row + ",")
                row = "    " + part
        rows.append(row)
    return rows


def readout_image(parts, width, dpi, facecolor="white"):
    """The readout's lines in a monospace font, wrapped to a strip `width` pixels wide with
    a thin rule above them -> (H, width, 4) uint8 RGBA.  Drawn on a figure of its own, so
    no explorer figure and no rcParams change."""
    font = FontProperties(**READOUT_FONT)
    pad = round(READOUT_PAD * dpi)
    strip = new_figure((width / dpi, 1.0), dpi)
    renderer = strip.canvas.get_renderer()
    sample = "0" * 100
    char = renderer.get_text_width_height_descent(sample, font, ismath=False)[0] / len(sample)
    rows = wrap_readout(parts, max(20, int((width - 2 * pad) / char)))
    em = font.get_size_in_points() * dpi / 72
    line = round(READOUT_LINE_SPACING * em)
    height = 2 * pad + len(rows) * line
    strip.set_size_inches(width / dpi, height / dpi)
    strip.set_facecolor(facecolor)
    for k, row in enumerate(rows):
        baseline = pad + round(0.8 * em) + k * line
        strip.text(
            pad / width,
            1 - baseline / height,
            row,
            fontproperties=font,
            color=COLORS["point"],
            ha="left",
            va="baseline",
        )
    strip.canvas.draw()
    rgba = np.array(strip.canvas.buffer_rgba())[:, :width]
    if rgba.shape[1] < width:  # a pixel lost to rounding width / dpi * dpi
        rgba = np.concatenate([rgba, np.repeat(rgba[:, -1:], width - rgba.shape[1], 1)], 1)
    rgba[0, pad : width - pad, :3] = READOUT_RULE
    return rgba


def nice_limit(value):
    """The smallest of 1, 2, 5 x 10^k that is >= value (at least 1e-3): axis limits that
    change only now and then as the data move."""
    value = max(float(value), 1e-3)
    exponent = np.floor(np.log10(value))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        if mantissa * 10.0**exponent >= value * (1 - 1e-12):
            return float(mantissa * 10.0**exponent)
    return float(10.0 ** (exponent + 1))


def nice_range(lo, hi, room=0.0):
    """Axis limits around [lo, hi] (plus `room` x the span above, for labels), snapped
    to a grid of 1, 2, 5 x 10^k so that they stay put while the data move a little."""
    lo, hi = float(lo), float(hi)
    span = max(hi - lo, 1e-3)
    step = nice_limit(span / 4)
    bottom = np.floor((lo - 0.04 * span) / step) * step
    top = np.ceil((hi + (0.04 + room) * span) / step) * step
    return float(bottom), float(top)


def settled_range(current, lo, hi, room=0.0, fill=0.25, slack=0.5):
    """Keep the axis limits `current` while [lo, hi] (with its room above) still fits
    inside them and fills at least `fill` of them; otherwise new nice_range limits with
    `slack` x the span to spare.  Changing limits means redrawing the whole figure, so
    they move only now and then while a slider is dragged."""
    lo, hi = float(lo), float(hi)
    c_lo, c_hi = current
    span = max(hi - lo, 1e-3)
    if c_lo <= lo and hi + room * span <= c_hi and span >= fill * (c_hi - c_lo):
        return float(c_lo), float(c_hi)
    return nice_range(lo, hi, room + slack)


class Explorer(widgets.VBox):
    """The shared machinery: slider factory, readout formatting, PNG rendering.

    A subclass builds its axes and artists in __init__ (inside `with styled():`),
    adds controls with _slider/_dropdown, lays out its widget with _assemble, and
    implements _update(), which moves the artists and returns the readout as a list
    of lines of (label, value) pairs; every pair is also stored in .values."""

    name = "explorer"
    summary = ""
    BACKGROUNDS = 8  # how many rendered backgrounds to keep

    def __init__(self, figsize, dpi=EXPLORER_DPI):
        super().__init__()
        self.sliders = {}
        self.dropdowns = {}
        self.values = {}
        self.renders = 0
        self._dynamic = []
        self._holding = 0
        self._backgrounds = {}  # static state -> rendered background, least recent first
        self._readout_parts = []  # the readout's lines, each a list of "label = value"
        self.figure = new_figure(figsize, dpi)
        width, height = self.figure.canvas.get_width_height()
        self.image = widgets.Image(format="png", width=width, height=height)
        self.readout = widgets.HTML(layout=widgets.Layout(width="100%"))

    def __repr__(self):
        return f"{self.name}: {self.summary}"

    # --- controls -----------------------------------------------------------------

    def _slider(self, name, value, lo, hi, step, description=None, readout_format=".2f"):
        slider = widgets.FloatSlider(
            value=value,
            min=lo,
            max=hi,
            step=step,
            description=description or name,
            continuous_update=True,
            readout_format=readout_format,
            style={"description_width": "initial"},
        )
        slider.observe(self._changed, names="value")
        self.sliders[name] = slider
        return slider

    def _int_slider(self, name, value, lo, hi, description=None):
        slider = widgets.IntSlider(
            value=value,
            min=lo,
            max=hi,
            step=1,
            description=description or name,
            continuous_update=True,
            style={"description_width": "initial"},
        )
        slider.observe(self._changed, names="value")
        self.sliders[name] = slider
        return slider

    def _dropdown(self, name, options, value, description, on_change=None):
        """A dropdown that redraws on change, or calls on_change(change) instead."""
        dropdown = widgets.Dropdown(
            options=options,
            value=value,
            description=description,
            style={"description_width": "initial"},
        )
        dropdown.observe(on_change or self._changed, names="value")
        self.dropdowns[name] = dropdown
        return dropdown

    def _assemble(self, *controls):
        self.children = (*controls, self.image, self.readout)
        self.refresh()

    # --- drawing --------------------------------------------------------------------

    def _changed(self, change):
        if not self._holding:
            self.refresh()

    @contextlib.contextmanager
    def hold(self):
        """Change several controls at once; the figure is redrawn once, at the end."""
        self._holding += 1
        try:
            yield self
        finally:
            self._holding -= 1
            if not self._holding:
                self.refresh()

    def _update(self):
        raise NotImplementedError(f"{type(self).__name__} must define _update()")

    def _animate(self, *artists):
        """Mark artists as moving: they are drawn over a cached background, so an update
        that leaves the static parts alone (limits, labels, curves) costs little.  They
        are not snapped to whole pixels, so that even a small move shows."""
        for artist in artists:
            artist.set_animated(True)
            artist.set_snap(False)
            self._dynamic.append(artist)

    def _static_state(self):
        """What the cached background shows (axis limits, scales, titles and labels, the
        lines and texts that are not animated, legend entries): when it changes, the
        figure is drawn in full.  Explorers animate every patch that moves."""
        state = []
        for ax in self.figure.axes:
            state.append(
                (
                    ax.get_xlim(),
                    ax.get_ylim(),
                    ax.get_title(),
                    ax.get_xlabel(),
                    ax.get_ylabel(),
                    ax.get_xscale(),
                    ax.get_yscale(),
                )
            )
            for line in ax.lines:
                if not line.get_animated():
                    state.append(
                        (line.get_xydata().tobytes(), line.get_label(), line.get_visible())
                    )
            for text in ax.texts:
                if not text.get_animated():
                    state.append((text.get_text(), text.get_position()))
            legend = ax.get_legend()
            if legend is not None:
                state.append(tuple(t.get_text() for t in legend.get_texts()))
        state.extend(t.get_text() for t in self.figure.texts if not t.get_animated())
        return tuple(state)

    def refresh(self):
        """Recompute, move the artists, write the readout and render the image."""
        with np.errstate(over="ignore", under="ignore"):
            lines = self._update()
            self.values = {
                label: value
                for line in lines
                for label, value in line
                if not isinstance(value, str)
            }
            self._readout_parts = self._parts(lines)
            self.readout.value = self._format(self._readout_parts)
            self.image.value = self._png()
        self.renders += 1

    @staticmethod
    def _parts(lines):
        """Each readout line as its list of "label = value" strings."""
        return [
            [
                f"{label} = {value if isinstance(value, str) else fmt(value)}"
                for label, value in line
            ]
            for line in lines
        ]

    @staticmethod
    def _format(parts):
        rows = [html.escape(",  ".join(line)) for line in parts]
        return (
            "<pre style='margin:0; line-height:1.35; font-size:12px'>" + "\n".join(rows) + "</pre>"
        )

    def _png(self):
        return png_bytes(self._render())

    def _render(self):
        """Draw the figure at the current settings (the cached background plus the moving
        artists) -> the canvas's (H, W, 4) RGBA buffer, a view valid until the next draw."""
        canvas = self.figure.canvas
        state = self._static_state()
        background = self._backgrounds.pop(state, None)
        if background is None:
            with styled():
                canvas.draw()
            background = canvas.copy_from_bbox(self.figure.bbox)
            if len(self._backgrounds) >= self.BACKGROUNDS:
                self._backgrounds.pop(next(iter(self._backgrounds)))
        else:
            canvas.restore_region(background)
        self._backgrounds[state] = background  # most recently used last
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def readout_text(self):
        """The readout as plain text, one line per line of the readout."""
        return "\n".join(",  ".join(line) for line in self._readout_parts)

    # --- the display without a kernel -------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """ipywidgets' bundle (the widget view and a text/plain line), plus what a page
        without a kernel shows (GitHub, nbviewer, an HTML export): image/png, the figure at
        the current settings with the readout beneath it, and text/plain, the repr line
        followed by the readout."""
        data = super()._repr_mimebundle_(**kwargs)
        if data is None:
            return None
        data["text/plain"] = f"{data['text/plain']}\n{self.readout_text()}"
        data["image/png"] = base64.b64encode(self.picture()).decode("ascii")
        return data

    def picture(self):
        """PNG bytes of the figure at the current settings with the readout's lines drawn
        beneath it, at the figure's resolution, with a palette (it is stored in notebooks).
        The live image and its cached backgrounds are left as they were."""
        figure = self._render().copy()
        readout = readout_image(
            self._readout_parts, figure.shape[1], self.figure.dpi, self.figure.get_facecolor()
        )
        return paletted_png(np.concatenate([figure, readout]))


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
            raise ValueError(f"selected must be one of {', '.join(WEIGHT_NAMES)}, got {selected!r}")
        lo, hi = self.WEIGHT_RANGE
        columns = []
        for first in "123":
            column = [
                self._slider(n, self.net[n], lo, hi, 0.01) for n in WEIGHT_NAMES if n[1] == first
            ]
            columns.append(widgets.VBox(column))
        (x1, x2), y = self.net._xy(x, y)
        inputs = widgets.VBox(
            [
                self._slider("x1", x1, -3.0, 3.0, 0.01),
                self._slider("x2", x2, -3.0, 3.0, 0.01),
                self._slider("y", float(y), -3.0, 3.0, 0.01, "y (target)"),
            ]
        )
        inputs.layout.display = "none"
        # A toggle button, not an Accordion: a button takes keyboard focus (Tab, then
        # Enter or Space), so the folded sliders can be reached without a mouse.
        self.inputs_toggle = widgets.ToggleButton(
            value=False,
            description="inputs x1, x2 and target y",
            icon="chevron-right",
            tooltip="show or hide the sliders for the inputs and the target",
            layout=widgets.Layout(width="auto"),
        )
        self.inputs_toggle.add_class("nnlib-fold")
        self.inputs_box = inputs

        def unfold(change):
            inputs.layout.display = "flex" if change["new"] else "none"
            self.inputs_toggle.icon = "chevron-down" if change["new"] else "chevron-right"

        self.inputs_toggle.observe(unfold, names="value")
        plotted = self._dropdown("plotted", list(WEIGHT_NAMES), selected, "plot C against")
        self.grid = np.linspace(lo, hi, self.CURVE_POINTS)

        with styled():
            self.figure.subplots_adjust(left=0.07, right=0.985, bottom=0.15, top=0.88, wspace=0.22)
            ax, bx = self.figure.subplots(1, 2)
            self.ax_curve, self.ax_bars = ax, bx
            (self.curve,) = ax.plot(self.grid, self.grid, color=COLORS["curve"], ls="-", label="C")
            self.tangent = _tangent(ax)
            (self.point,) = ax.plot(
                [0],
                [0],
                ls="none",
                marker="o",
                ms=8,
                clip_on=False,
                color=COLORS["point"],
                label="current weight",
            )
            ax.set_xlim(lo, hi)
            ax.set_ylabel("C")
            ax.legend(loc="upper left")
            self.bars = bx.bar(
                range(9), np.zeros(9), color=COLORS["bar"], edgecolor=COLORS["point"], linewidth=0.8
            )
            bx.set_xticks(range(9), WEIGHT_NAMES)
            bx.axhline(0.0, color=COLORS["point"], linewidth=0.8)
            bx.set_title("dC/dw for every weight, by backprop")
            bx.grid(axis="x", visible=False)
        self._animate(self.curve, self.tangent, self.point, *self.bars)
        self.artists = {
            "curve": self.curve,
            "tangent": self.tangent,
            "point": self.point,
            "bars": self.bars,
        }
        self._assemble(plotted, widgets.HBox(columns), widgets.VBox([self.inputs_toggle, inputs]))

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
        ax.set_ylim(*settled_range(ax.get_ylim(), curve.min(), curve.max(), room=0.45))
        if ax.get_xlabel() != name:
            ax.set_xlabel(name)
            ax.set_title(f"C against {name}, the other weights fixed", fontsize=TITLE_SIZE)
            self.tangent.set_label(f"tangent, slope dC/d{name}")
            with styled():
                ax.legend(loc="upper left")

        _set_tangent(self.tangent, w, c, g, self.TANGENT_HALF_WIDTH)
        self.point.set_data([w], [c])

        heights = np.array([grads[n] for n in WEIGHT_NAMES])
        for n, bar, h in zip(WEIGHT_NAMES, self.bars, heights):
            chosen = n == name
            bar.set_height(h)
            bar.set_facecolor(COLORS["highlight"] if chosen else COLORS["bar"])
            bar.set_hatch("///" if chosen else None)
        biggest = float(np.abs(heights).max())
        _, top = settled_range((0.0, self.ax_bars.get_ylim()[1]), 0.0, biggest, slack=0.25)
        self.ax_bars.set_ylim(-top, top)
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
        return _slope(self.tangent)


def weight_explorer(weights=None, x=ARTICLE_X, y=ARTICLE_Y, selected="w11"):
    """Sliders for the nine weights of the article's 2-3-1 network (inputs x1, x2 and
    target y folded below them).  Left: C against the selected weight with the current
    point and its tangent (slope dC/dw by backprop); right: the nine gradients, the
    selected one hatched.  The readout lists C, y_hat, dC/dw and the chain-rule factors
    with their product.  Taught in 05_chain_rule.ipynb."""
    return WeightExplorer(weights, x, y, selected)


def _tangent(ax, color=COLORS["tangent"], label="tangent"):
    (line,) = ax.plot([0, 1], [0, 1], color=color, ls="--", label=label)
    return line


def _set_tangent(line, x, y, slope, half):
    xs = np.array([x - half, x + half])
    line.set_data(xs, finite(y + slope * (xs - x)))


def _slope(line):
    (x0, x1), (y0, y1) = line.get_data()
    return (y1 - y0) / (x1 - x0)


# --- neuron explorer -----------------------------------------------------------------


class NeuronExplorer(Explorer):
    """One neuron: z = w1 x1 + w2 x2 + b, then a = f(z).  Built by neuron_explorer()."""

    name = "neuron_explorer"
    summary = "sliders w1 w2 b x1 x2 and an activation dropdown"
    Z_RANGE = (-10.0, 10.0)

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
        self.grid = np.linspace(*self.Z_RANGE, 401)
        with styled():
            self.figure.subplots_adjust(left=0.1, right=0.985, bottom=0.17, top=0.88, wspace=0.3)
            ax, bx = self.figure.subplots(1, 2)
            self.ax_sum, self.ax_act = ax, bx
            self.terms = ax.barh(
                range(4), np.zeros(4), color=COLORS["bar"], edgecolor=COLORS["point"], linewidth=0.8
            )
            self.terms[3].set_facecolor(COLORS["highlight"])
            self.terms[3].set_hatch("///")
            ax.set_yticks(range(4), ["w1 x1", "w2 x2", "b", "z (sum)"])
            ax.invert_yaxis()
            ax.axvline(0.0, color=COLORS["point"], linewidth=0.8)
            ax.set_xlim(*self.Z_RANGE)
            ax.set_xticks(np.linspace(*self.Z_RANGE, 5))
            ax.set_xlabel("contribution to z")
            ax.set_title("the weighted sum z = w1 x1 + w2 x2 + b")
            (self.curve,) = bx.plot(self.grid, self.grid, color=COLORS["curve"], label="a = f(z)")
            (self.z_line,) = bx.plot(
                [0, 0], [0, 1], color=COLORS["point"], ls=":", label="current z"
            )
            (self.point,) = bx.plot(
                [0],
                [0],
                ls="none",
                marker="o",
                ms=8,
                color=COLORS["point"],
                label="output a",
                clip_on=False,
            )
            bx.set_xlim(*self.Z_RANGE)
            bx.set_xticks(np.linspace(*self.Z_RANGE, 5))
            bx.set_xlabel("z")
            bx.legend(loc="upper left")
        self._animate(self.z_line, self.point, *self.terms)
        self.artists = {"curve": self.curve, "point": self.point, "terms": self.terms}
        self._assemble(act, widgets.HBox([widgets.VBox(sliders[:3]), widgets.VBox(sliders[3:])]))

    def _update(self):
        v = {k: s.value for k, s in self.sliders.items()}
        name = self.dropdowns["activation"].value
        f = ACTIVATIONS[name].f
        X = np.array([[v["x1"], v["x2"]]])
        W = np.array([[v["w1"]], [v["w2"]]])
        z = float(affine_forward(X, W, np.array([v["b"]]))[0][0, 0])
        a = float(f(z))
        terms = [v["w1"] * v["x1"], v["w2"] * v["x2"], v["b"], z]
        for bar, t in zip(self.terms, terms):
            bar.set_width(t)
        curve = f(self.grid)
        self.curve.set_ydata(curve)
        lo, hi = nice_range(curve.min(), curve.max(), room=0.3)
        self.ax_act.set_ylim(lo, hi)
        self.ax_act.set_ylabel(f"a = {name}(z)")
        self.ax_act.set_title(f"the activation: a = {name}(z)", fontsize=TITLE_SIZE)
        self.z_line.set_data([z, z], [lo, hi])
        self.point.set_data([z], [a])
        return [
            [("w1", v["w1"]), ("w2", v["w2"]), ("b", v["b"]), ("x1", v["x1"]), ("x2", v["x2"])],
            [("w1 x1", terms[0]), ("w2 x2", terms[1]), ("z", z)],
            [("activation", name), ("a", a)],
        ]


# --- activation explorer -----------------------------------------------------------


class ActivationExplorer(Explorer):
    """f(x), f'(x) and the tangent for one activation.  Built by activation_explorer()."""

    name = "activation_explorer"
    summary = "an x slider and a function dropdown"
    X_RANGE = (-6.0, 6.0)

    def __init__(self, name="sigmoid", x=1.0):
        super().__init__(figsize=(9.0, 3.2))
        if name not in ELEMENTWISE:
            raise ValueError(f"name must be one of {', '.join(ELEMENTWISE)}, got {name!r}")
        slider = self._slider("x", float(x), *self.X_RANGE, 0.01)
        choose = self._dropdown("function", list(ELEMENTWISE), name, "function")
        self.grid = np.linspace(*self.X_RANGE, 481)
        with styled():
            self.figure.subplots_adjust(left=0.07, right=0.985, bottom=0.16, top=0.88, wspace=0.22)
            ax, bx = self.figure.subplots(1, 2)
            self.ax_f, self.ax_df = ax, bx
            (self.curve,) = ax.plot(self.grid, self.grid, color=COLORS["curve"], label="f(x)")
            self.tangent = _tangent(ax, label="tangent, slope f'(x)")
            (self.point,) = ax.plot(
                [0],
                [0],
                ls="none",
                marker="o",
                ms=8,
                clip_on=False,
                color=COLORS["point"],
                label="current x",
            )
            (self.dcurve,) = bx.plot(
                self.grid, self.grid, color=COLORS["derivative"], ls="-.", label="f'(x)"
            )
            (self.dpoint,) = bx.plot(
                [0],
                [0],
                ls="none",
                marker="s",
                ms=8,
                clip_on=False,
                color=COLORS["point"],
                label="f'(x) at current x",
            )
            for axis in (ax, bx):
                axis.set_xlim(*self.X_RANGE)
                axis.set_xlabel("x")
            ax.legend(loc="upper left")
            bx.legend(loc="upper left")
        self._animate(self.tangent, self.point, self.dpoint)
        self.artists = {
            "curve": self.curve,
            "tangent": self.tangent,
            "point": self.point,
            "dcurve": self.dcurve,
            "dpoint": self.dpoint,
        }
        self._assemble(choose, slider)

    def _update(self):
        name = self.dropdowns["function"].value
        act = ACTIVATIONS[name]
        x = self.sliders["x"].value
        fx, dfx = float(act.f(x)), float(act.df(x))
        curve, dcurve = act.f(self.grid), act.df(self.grid)
        self.curve.set_ydata(curve)
        self.dcurve.set_ydata(dcurve)
        self.ax_f.set_ylim(*nice_range(curve.min(), curve.max(), room=0.35))
        self.ax_df.set_ylim(*nice_range(min(dcurve.min(), 0.0), dcurve.max(), room=0.35))
        self.ax_f.set_title(f"{name}(x) and its tangent", fontsize=TITLE_SIZE)
        self.ax_df.set_title(f"the derivative {name}'(x)", fontsize=TITLE_SIZE)
        _set_tangent(self.tangent, x, fx, dfx, 1.0)
        self.point.set_data([x], [fx])
        self.dpoint.set_data([x], [dfx])
        return [[("function", name), ("x", x), ("f(x)", fx), ("f'(x)", dfx)]]

    def tangent_slope(self):
        """The slope of the drawn tangent line, read back from its data."""
        return _slope(self.tangent)


# --- loss explorer -------------------------------------------------------------------


class LossExplorer(Explorer):
    """MSE and binary cross-entropy against the prediction, and categorical
    cross-entropy for one row of the five-class table.  Built by loss_explorer()."""

    name = "loss_explorer"
    summary = "a prediction slider, target dropdowns, five class-probability sliders"
    P_RANGE = (0.01, 0.99)

    def __init__(self, p=0.7, y=1.0, target="Cat"):
        super().__init__(figsize=(9.0, 3.3))
        if target not in CLASSES:
            raise ValueError(f"target must be one of {', '.join(CLASSES)}, got {target!r}")
        pred = self._slider("p", float(p), *self.P_RANGE, 0.01, "prediction y_hat")
        if y not in (0, 1):
            raise ValueError(f"y must be the binary target 0 or 1, got {y!r}")
        targ = self._dropdown("y", [("0", 0.0), ("1", 1.0)], float(y), "target y")
        probs = [
            self._slider(c, CLASS_TABLE[target][k], 0.0, 1.0, 0.01, f"P({c})")
            for k, c in enumerate(CLASSES)
        ]
        row = self._dropdown(
            "target", list(CLASSES), target, "true class (table row)", on_change=self._load_row
        )
        self.grid = np.linspace(*self.P_RANGE, 393)
        with styled():
            self.figure.subplots_adjust(left=0.07, right=0.985, bottom=0.16, top=0.88, wspace=0.22)
            ax, bx = self.figure.subplots(1, 2)
            self.ax_binary, self.ax_classes = ax, bx
            (self.mse_curve,) = ax.plot(
                self.grid, self.grid, color=COLORS["curve"], ls="-", label="MSE"
            )
            (self.bce_curve,) = ax.plot(
                self.grid,
                self.grid,
                color=COLORS["derivative"],
                ls="-.",
                label="binary cross-entropy",
            )
            self.mse_tangent = _tangent(ax, COLORS["curve"], "slopes dC/dy_hat")
            self.bce_tangent = _tangent(ax, COLORS["derivative"], None)
            self.bce_tangent.set_label("_bce_tangent")
            (self.mse_point,) = ax.plot(
                [0],
                [0],
                ls="none",
                marker="o",
                ms=8,
                color=COLORS["curve"],
                label="MSE now",
                clip_on=False,
            )
            (self.bce_point,) = ax.plot(
                [0],
                [0],
                ls="none",
                marker="s",
                ms=8,
                color=COLORS["derivative"],
                label="BCE now",
                clip_on=False,
            )
            ax.set_xlim(0.0, 1.0)
            ax.set_ylim(0.0, 5.0)
            ax.set_xlabel("prediction y_hat")
            ax.set_ylabel("loss C")
            ax.legend(loc="upper center", ncols=2)
            self.bars = bx.bar(
                range(5), np.zeros(5), color=COLORS["bar"], edgecolor=COLORS["point"], linewidth=0.8
            )
            bx.set_xticks(range(5), CLASSES)
            bx.set_ylim(0.0, 1.0)
            bx.set_ylabel("probability (renormalised)")
            bx.grid(axis="x", visible=False)
        self._animate(
            self.mse_tangent, self.bce_tangent, self.mse_point, self.bce_point, *self.bars
        )
        self.artists = {"mse": self.mse_curve, "bce": self.bce_curve, "bars": self.bars}
        self._assemble(
            widgets.HBox([pred, targ]),
            row,
            widgets.HBox([widgets.VBox(probs[:3]), widgets.VBox(probs[3:])]),
        )

    def _load_row(self, change):
        with self.hold():
            for c, value in zip(CLASSES, CLASS_TABLE[change["new"]]):
                self.sliders[c].value = value

    def probabilities(self):
        """The five class sliders renormalised to sum to 1 (uniform when all are 0)."""
        raw = np.array([self.sliders[c].value for c in CLASSES])
        total = raw.sum()
        return raw / total if total > 0 else np.full(5, 0.2)

    def _update(self):
        p, y = self.sliders["p"].value, self.dropdowns["y"].value
        target = self.dropdowns["target"].value
        yy = np.full_like(self.grid, y)
        self.mse_curve.set_ydata(mse(self.grid, yy, reduction="none"))
        self.bce_curve.set_ydata(binary_cross_entropy(self.grid, yy, reduction="none"))
        c_mse, c_bce = mse([p], [y]), binary_cross_entropy([p], [y])
        g_mse, g_bce = float(mse_grad([p], [y])[0]), float(binary_cross_entropy_grad([p], [y])[0])
        _set_tangent(self.mse_tangent, p, c_mse, g_mse, 0.15)
        _set_tangent(self.bce_tangent, p, c_bce, g_bce, 0.15)
        self.mse_point.set_data([p], [c_mse])
        self.bce_point.set_data([p], [c_bce])
        self.ax_binary.set_title(f"binary target y = {y:.0f}", fontsize=TITLE_SIZE)

        probs = self.probabilities()
        k = CLASSES.index(target)
        for j, (bar, q) in enumerate(zip(self.bars, probs)):
            bar.set_height(q)
            bar.set_facecolor(COLORS["highlight"] if j == k else COLORS["bar"])
            bar.set_hatch("///" if j == k else None)
        row_loss = categorical_cross_entropy(probs[None, :], np.array([k]))
        table = np.array([CLASS_TABLE[c] for c in CLASSES])
        table[k] = probs
        mean_loss = categorical_cross_entropy(table, np.arange(5))
        self.ax_classes.set_title(
            f"cross-entropy, true class {target} (hatched)", fontsize=TITLE_SIZE
        )
        return [
            [("y_hat", p), ("y", y)],
            [("MSE", c_mse), ("dMSE/dy_hat", g_mse)],
            [("BCE", c_bce), ("dBCE/dy_hat", g_bce)],
            [("true class", target)] + [(f"P({c})", q) for c, q in zip(CLASSES, probs)],
            [(f"CCE of the {target} row", row_loss), ("mean CCE over the table", mean_loss)],
        ]


# --- finite-difference explorer -------------------------------------------------------


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
            "log10_eps", float(log10_eps), *self.LOG_EPS, 0.1, "log10(eps)", readout_format=".1f"
        )
        meth = self._dropdown("method", ["central", "forward"], method, "method")
        prec = self._dropdown("precision", ["float64", "float32"], precision, "precision")
        self.analytic = SeedNetwork().gradients()["w11"]
        self.exponents = np.arange(self.LOG_EPS[0], self.LOG_EPS[1] + 1e-9, 0.25)
        self.errors = {
            (m, d): np.array([self._error(10.0**e, m, d) for e in self.exponents])
            for m in ("central", "forward")
            for d in ("float64", "float32")
        }
        markers = {"float64": "o", "float32": "^"}
        colors = {"float64": COLORS["curve"], "float32": COLORS["derivative"]}
        styles = {"central": "-", "forward": "--"}
        with styled():
            self.figure.subplots_adjust(left=0.09, right=0.7, bottom=0.16, top=0.9)
            ax = self.figure.subplots()
            self.ax = ax
            self.lines = {}
            for (m, d), err in self.errors.items():
                (self.lines[m, d],) = ax.loglog(
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
            (self.point,) = ax.plot(
                [1e-4],
                [1e-4],
                ls="none",
                marker="*",
                ms=14,
                color=COLORS["point"],
                label="selected estimate",
                clip_on=False,
            )
            ax.set_xlim(10.0 ** self.LOG_EPS[0], 10.0 ** self.LOG_EPS[1])
            ax.set_ylim(self.FLOOR, 10.0)
            ax.set_xlabel("eps")
            ax.set_ylabel("|estimate - backprop|")
            ax.set_title("error of the finite-difference estimate of dC/dw11")
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        self._animate(self.eps_line, self.point)
        self._assemble(widgets.HBox([meth, prec]), slider)

    @staticmethod
    def _function(precision):
        """C as a function of w11 alone, computed in the given precision."""
        dtype = np.dtype(precision)
        mlp = MLP([2, 3, 1], "sigmoid", "mse", bias=False, dtype=dtype)
        net = SeedNetwork()
        for mine, seed in zip(mlp.params, net.params):
            mine[...] = seed
        X = np.array([ARTICLE_X], dtype=dtype)
        Y = np.array([[ARTICLE_Y]], dtype=dtype)

        def loss_of_w11(w):
            mlp.params[0][0, 0] = w[0]
            return mlp.loss(X, Y)

        return loss_of_w11, np.array([ARTICLE_WEIGHTS["w11"]], dtype=dtype)

    def estimate(self, eps, method, precision):
        """nnlib.numerical_gradient of C with respect to w11 in the given precision."""
        f, w = self._function(precision)
        return float(numerical_gradient(f, w, eps=eps, method=method)[0])

    def _error(self, eps, method, precision):
        return max(abs(self.estimate(eps, method, precision) - self.analytic), self.FLOOR)

    def _update(self):
        eps = 10.0 ** self.sliders["log10_eps"].value
        method, precision = self.dropdowns["method"].value, self.dropdowns["precision"].value
        est = self.estimate(eps, method, precision)
        err = abs(est - self.analytic)
        self.eps_line.set_data([eps, eps], [self.FLOOR, 10.0])
        self.point.set_data([eps], [max(err, self.FLOOR)])
        return [
            [("log10(eps)", self.sliders["log10_eps"].value), ("eps", eps)],
            [("method", method), ("precision", precision)],
            [("estimate", est), ("backprop", self.analytic)],
            [("absolute error", err), ("relative error", rel_error(est, self.analytic))],
        ]


# --- gradient-descent explorer ----------------------------------------------------------


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
        rate = self._slider("lr", float(lr), 0.01, 2.0, 0.01, "learning rate lr")
        count = self._int_slider("steps", int(steps), 1, self.MAX_STEPS, "steps")
        with styled():
            self.figure.subplots_adjust(left=0.08, right=0.985, bottom=0.16, top=0.88, wspace=0.25)
            ax, bx = self.figure.subplots(1, 2)
            self.ax_loss, self.ax_path = ax, bx
            (self.loss_line,) = ax.semilogy(
                [0, 1], [1, 1], color=COLORS["curve"], marker="o", ms=3, label="C after k steps"
            )
            ax.set_xlim(0, self.MAX_STEPS)
            ax.set_ylim(*self.LOSS_LIMITS)
            ax.set_xlabel("step k")
            ax.set_ylabel("C (log scale)")
            ax.set_title("loss history")
            ax.legend(loc="upper right")
            (self.w11_line,) = bx.plot(
                [0, 1], [0, 0], color=COLORS["curve"], marker="o", ms=3, ls="-", label="w11"
            )
            (self.w31_line,) = bx.plot(
                [0, 1], [0, 0], color=COLORS["derivative"], marker="^", ms=3, ls="--", label="w31"
            )
            bx.set_xlim(0, self.MAX_STEPS)
            bx.set_ylim(*self.WEIGHT_LIMITS)
            bx.set_xlabel("step k")
            bx.set_title("two of the weights along the way")
            bx.legend(loc="upper right")
        self._animate(self.loss_line, self.w11_line, self.w31_line)
        self._assemble(widgets.HBox([rate, count]))

    def run(self):
        """nnlib.train on a fresh SeedNetwork with the sliders' lr and steps."""
        net = SeedNetwork()
        return train(
            net,
            ARTICLE_X,
            ARTICLE_Y,
            lr=self.sliders["lr"].value,
            steps=self.sliders["steps"].value,
            record_params=True,
        )

    def _update(self):
        history = self.run()
        losses = history.losses
        k = np.arange(len(losses))
        self.loss_line.set_data(k, finite(losses, self.LOSS_LIMITS[1]).clip(self.LOSS_LIMITS[0]))
        w11 = np.array([p[0][0, 0] for p in history.params])
        w31 = np.array([p[1][0, 0] for p in history.params])
        self.w11_line.set_data(k, finite(w11))
        self.w31_line.set_data(k, finite(w31))
        final = SeedNetwork()
        for mine, last in zip(final.params, history.params[-1]):
            mine[...] = last
        weights = final.weights
        return [
            [
                ("lr", self.sliders["lr"].value),
                ("steps", self.sliders["steps"].value),
                ("steps run", len(losses) - 1),
                ("diverged", "yes" if history.diverged else "no"),
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


def neuron_explorer(activation="sigmoid"):
    """One neuron: sliders for w1, w2, b and the inputs x1, x2, and an activation
    dropdown.  Left: the terms of z = w1 x1 + w2 x2 + b; right: the activation curve
    with the current z and output a marked.  Taught in 01_neuron.ipynb."""
    return NeuronExplorer(activation)


def activation_explorer(name="sigmoid", x=1.0):
    """An x slider and a function dropdown: f(x) with its tangent, and f'(x).
    Taught in 02_activations.ipynb."""
    return ActivationExplorer(name, x)


def loss_explorer(p=0.7, y=1.0, target="Cat"):
    """The prediction as a slider: MSE and binary cross-entropy with their slopes; and
    one row of the five-class table, adjustable and renormalised, with its categorical
    cross-entropy.  Taught in 03_losses.ipynb."""
    return LossExplorer(p, y, target)


def finite_difference_explorer(log10_eps=-4.0, method="central", precision="float64"):
    """log10(eps), forward or central difference, float64 or float32: the estimate of
    dC/dw11, the backprop value, and the error against eps on log-log axes, where
    truncation error meets round-off.  Taught in 06_numerical_vs_analytic.ipynb."""
    return FiniteDifferenceExplorer(log10_eps, method, precision)


def gradient_descent_explorer(lr=0.1, steps=30):
    """Learning rate and number of steps: the loss history and the path of two weights
    of the SeedNetwork under gradient descent, including overshoot at large rates.
    Taught in 07_gradient_descent.ipynb."""
    return GradientDescentExplorer(lr, steps)

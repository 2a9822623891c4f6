"""The explorers' shared machinery: controls, readout, rendering with a cached
background, and the still picture shown without a kernel.

An explorer is one ipywidgets widget (a VBox) with three handles:
  .sliders  dict name -> slider widget (plus .dropdowns for the choices),
  .readout  an HTML widget whose .value holds every number the figure shows,
  .figure   the matplotlib Figure, created once and updated in place.
Each frame is computed, then drawn: compute(state) turns the controls' values into
numbers (pure, no figure), draw(numbers) moves the artists, and lines(numbers) gives the
readout from the same numbers.
"""

import base64
import contextlib
import html

import ipywidgets as widgets
import numpy as np

from ..activations import ACTIVATIONS
from ..plots import COLORS, STYLE, fmt, new_figure, styled
from .png import paletted_png, png_bytes, readout_image

# The elementwise activations: the ones a single neuron or a slider can show.
ELEMENTWISE = tuple(name for name, a in ACTIVATIONS.items() if a.elementwise)

EXPLORER_DPI = 80  # a PNG per update: fewer pixels, faster
TITLE_SIZE = STYLE["axes.titlesize"]  # titles set on update, outside the style context


def tangent_line(ax, color=COLORS["tangent"], label="tangent"):
    """A dashed two-point line on ax, to be placed by set_data(*axes.tangent(...))."""
    (line,) = ax.plot([0, 1], [0, 1], color=color, ls="--", label=label)
    return line


def marker(ax, style, color=COLORS["point"], size=8, label=None):
    """A single-point marker on ax, not clipped, to be placed by set_data([x], [y])."""
    (point,) = ax.plot(
        [0], [0], ls="none", marker=style, ms=size, clip_on=False, color=color, label=label
    )
    return point


class Explorer(widgets.VBox):
    """The shared machinery: slider factory, readout formatting, PNG rendering.

    A subclass builds its axes and artists in __init__ (inside `with styled():`),
    adds controls with _slider/_dropdown, lays out its widget with _assemble, and
    implements the classmethod compute(state) -> numbers (pure: from the controls'
    values, a dict from state(), alone),
    draw(numbers), which only moves artists, and lines(numbers), the readout as a list
    of lines of (label, value) pairs; every pair is also stored in .values."""

    name = "explorer"
    summary = ""
    BACKGROUNDS = 8  # how many rendered backgrounds to keep
    GRID = None  # (lo, hi, points) of the curves, in explorers that draw a curve

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
        return self._add_slider(
            widgets.FloatSlider,
            name,
            value,
            lo,
            hi,
            step,
            description,
            readout_format=readout_format,
        )

    def _int_slider(self, name, value, lo, hi, description=None):
        return self._add_slider(widgets.IntSlider, name, value, lo, hi, 1, description)

    def _add_slider(self, kind, name, value, lo, hi, step, description, **options):
        """A slider of kind (FloatSlider, IntSlider) that redraws while it is dragged."""
        slider = kind(
            value=value,
            min=lo,
            max=hi,
            step=step,
            description=description or name,
            continuous_update=True,
            style={"description_width": "initial"},
            **options,
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

    def _two_axes(self, left, bottom, wspace):
        """The figure's two side-by-side axes, with these margins (call inside styled())."""
        self.figure.subplots_adjust(left=left, right=0.985, bottom=bottom, top=0.88, wspace=wspace)
        return self.figure.subplots(1, 2)

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

    @classmethod
    def grid(cls):
        """The points at which the explorer's curves are computed: GRID = (lo, hi, points)."""
        return np.linspace(*cls.GRID)

    def state(self):
        """The controls' current values: name -> value, sliders and dropdowns."""
        values = {name: slider.value for name, slider in self.sliders.items()}
        values.update((name, dropdown.value) for name, dropdown in self.dropdowns.items())
        return values

    @classmethod
    def compute(cls, state):
        """The numbers of one frame from the controls' values alone: a classmethod, so it
        needs no explorer and no figure."""
        raise NotImplementedError(f"{cls.__name__} must define compute(state)")

    def draw(self, numbers):
        """Move the artists to show numbers (from compute); renders nothing."""
        raise NotImplementedError(f"{type(self).__name__} must define draw(numbers)")

    def lines(self, numbers):
        """The readout for numbers (from compute): lines of (label, value) pairs."""
        raise NotImplementedError(f"{type(self).__name__} must define lines(numbers)")

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
            numbers = self.compute(self.state())
            self.draw(numbers)
            lines = self.lines(numbers)
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

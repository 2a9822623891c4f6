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

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np

from ..activations import ACTIVATIONS
from ..plots import STYLE, new_figure, styled
from . import lifetime
from .background import (
    NO_BANDS,
    Stamps,
    axes_groups,
    axes_state,
    column_bands,
    contained,
    moved,
    paint,
    pin_xlabel,
    repaint,
)
from .controls import (
    Choice,
    FiniteFloatSlider,
    FiniteIntSlider,
    align_labels,
    check_choice,
    check_in_range,
    descendants,
    on_grid,
)
from .png import paletted_png, png_bytes, readout_image
from .readout import sections, text_lines, to_html
from .readout import values as readout_values

# The elementwise activations: the ones a single neuron or a slider can show.
ELEMENTWISE = tuple(name for name, a in ACTIVATIONS.items() if a.elementwise)

CSS_DPI = 80  # CSS pixels per inch of figure: a 9-inch figure is shown 720 px wide
SCALE = 2  # device pixels per CSS pixel the image is drawn for: sharp on HiDPI screens
EXPLORER_DPI = CSS_DPI * SCALE  # the figure's own resolution
TITLE_SIZE = STYLE["axes.titlesize"]  # titles set on update, outside the style context
# Points between an axes and its title: clear of the top y tick label, so that the title
# can be pasted from a copy when that axes is drawn again.
TITLE_PAD = 10.0


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
    BACKGROUNDS = 4  # how many rendered backgrounds to keep (a whole canvas each)
    GRID = None  # (lo, hi, points) of the curves, in explorers that draw a curve
    SCALE = SCALE  # device pixels per CSS pixel of the image

    def __init__(self, figsize):
        super().__init__()
        self.sliders = {}
        self.dropdowns = {}
        self.values = {}
        self.renders = 0  # frames drawn
        self.background_draws = 0  # of them, frames whose static parts were drawn again
        self._dynamic = []
        self._holding = 0
        self._backgrounds = {}  # static state -> rendered background, least recent first
        self._shown = None  # the static state of the last frame
        self._state = None  # the controls' values of the last frame
        self._bands = NO_BANDS  # where each axes may be drawn again alone
        self._stamps = []  # per axes: its texts that stay put, as pixels (Stamps, per axis)
        self._groups = None  # per band: the moving artists of its axes (None: no bands)
        self._kept = False  # whether the canvas holds the last frame, as _render left it
        self._readout_parts = []  # the readout's lines, each a list of "label = value"
        self.figure = new_figure(figsize, CSS_DPI * self.SCALE)
        self.figure.canvas.mpl_connect("draw_event", self._forget_frame)
        # Shown at its CSS size (half its pixels), and narrower when the output area is.
        self.image = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width=f"{self.css_size()[0]}px", max_width="100%", height="auto", margin="0"
            ),
        )
        # Beside the figure when the widest of its tables fits there, else beneath it.
        self.readout = widgets.HTML(
            layout=widgets.Layout(flex="1 1 320px", min_width="min-content", margin="0 0 0 12px")
        )

    def css_size(self):
        """The figure's size in CSS pixels, (width, height): its pixels / SCALE."""
        width, height = self.figure.canvas.get_width_height()
        return round(width / self.SCALE), round(height / self.SCALE)

    def __repr__(self):
        return f"{self.name}: {self.summary}"

    def close(self):
        """Close the explorer and every widget in it (ipywidgets keeps each open widget
        alive, and a closed box does not close its children), and let go of the figure
        and the cached backgrounds."""
        for widget in descendants(self):
            widget.close()
        super().close()
        self._backgrounds.clear()
        self._stamps, self._shown = [], None
        lifetime.drop_figure(self)

    # --- controls -----------------------------------------------------------------

    def _slider(self, name, value, lo, hi, step, description=None, readout_format=".2f"):
        return self._add_slider(
            FiniteFloatSlider, name, value, lo, hi, step, description, readout_format=readout_format
        )

    def _int_slider(self, name, value, lo, hi, description=None):
        return self._add_slider(FiniteIntSlider, name, value, lo, hi, 1, description)

    def _add_slider(self, kind, name, value, lo, hi, step, description, **options):
        """A slider of kind (FiniteFloatSlider, FiniteIntSlider) that redraws while it is
        dragged, starting at value (a ValueError names it when value is out of range)."""
        slider = kind(
            value=check_in_range(name, value, lo, hi, whole=kind is FiniteIntSlider),
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
        """A dropdown that redraws on change, or calls on_change(change) instead, starting
        at value (a ValueError lists the options when it is not one of them)."""
        value, style = check_choice(name, value, options), {"description_width": "initial"}
        dropdown = Choice(options=options, value=value, description=description, style=style)
        dropdown.observe(on_change or self._changed, names="value")
        self.dropdowns[name] = dropdown
        return dropdown

    def _two_axes(self, left, bottom, wspace):
        """The figure's two side-by-side axes, with these margins (call inside styled())."""
        self.figure.subplots_adjust(left=left, right=0.985, bottom=bottom, top=0.88, wspace=wspace)
        return self._axes(1, 2)

    def _axes(self, rows=1, columns=1):
        """figure.subplots(rows, columns), with each title placed at the top of its axes
        once and for all: matplotlib otherwise measures the tick labels at every draw to
        see whether a title must move up, and no explorer has ticks at the top."""
        with mpl.rc_context({"axes.titley": 1.0}):
            return self.figure.subplots(rows, columns)

    def _assemble(self, *controls):
        """The explorer's widget: the controls, then the figure with the readout beside it
        (beneath it when the output area is narrow)."""
        align_labels(self.sliders.values())
        shown = widgets.HBox(
            [self.image, self.readout],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self.children = (*controls, shown)
        self.refresh()
        lifetime.made_now(self, lifetime.current_run())  # closes what this cell ran before

    # --- drawing --------------------------------------------------------------------

    def _changed(self, change):
        """A control moved: redraw, unless held or the state is the one shown (a browser
        that puts a value on its slider's grid sends 0.7999999999999998 back for 0.8)."""
        state = self.state()
        if self._holding or state == self._state:
            return
        try:
            self._refresh(state)
        except Exception as error:  # a frame that fails must not stop the explorer
            self._state = None  # so that the next move computes afresh
            self._readout_parts = [[f"this setting cannot be drawn ({error})"]]
            self.readout.value = to_html([], message=self.readout_text())

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
        values = {name: on_grid(slider) for name, slider in self.sliders.items()}
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

    @staticmethod
    def _retitle(ax, title):
        """Give ax this title, unless it has it (setting a title costs, even the same)."""
        if ax.get_title() != title:
            ax.set_title(title, fontsize=TITLE_SIZE, pad=TITLE_PAD)

    def _animate(self, *artists):
        """Mark artists as moving: they are drawn over a cached background, so an update
        that leaves the static parts alone (limits, labels, curves) costs little.  They
        are not snapped to whole pixels, so that even a small move shows."""
        for artist in artists:
            artist.set_animated(True)
            artist.set_snap(False)
            self._dynamic.append(artist)

    def _static_state(self):
        """What the cached background shows -> (the canvas's size and the figure's own
        texts, one entry per axes: its limits, scales, titles and labels, the lines and
        texts that are not animated, its legend's entries).  When an entry changes, that
        part is drawn again.  Explorers animate every artist that moves."""
        texts = tuple(t.get_text() for t in self.figure.texts if not t.get_animated())
        whole = (self.figure.canvas.get_width_height(), self.figure.dpi, texts)
        return whole, tuple(axes_state(ax) for ax in self.figure.axes)

    def refresh(self):
        """Recompute, move the artists, write the readout and render the image."""
        self._refresh(self.state())

    def _refresh(self, state):
        """refresh for the controls' values state (from state())."""
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            self._state = state
            numbers = self.compute(state)
            self.draw(numbers)
            parts = sections(self.lines(numbers), given=self.sliders)
            self.values = readout_values(parts)
            self._readout_parts = text_lines(parts)
            self.image.value = self._png()  # the picture's message first: it is what is watched
            self.readout.value = to_html(parts)
        self.renders += 1

    def _png(self):
        return png_bytes(self._render())

    def _render(self):
        """Draw the figure at the current settings (the cached background plus the moving
        artists) -> the canvas's (H, W, 4) RGBA buffer, a view valid until the next draw."""
        canvas = self.figure.canvas
        state = self._static_state()
        background = self._backgrounds.pop(state, None)
        kept, self._kept = self._kept and state == self._shown, False
        changed = moved(self._groups)
        if background is None:  # a new state: never the one the canvas holds
            background = self._draw_background(state)
        if not (kept and repaint(canvas, background, self._bands, self._groups, changed)):
            canvas.restore_region(background)
            paint(self._dynamic, canvas.get_renderer())
        self._backgrounds[state] = background  # most recently used last
        if len(self._backgrounds) > self.BACKGROUNDS:
            self._backgrounds.pop(next(iter(self._backgrounds)))
        self._shown = state
        partly = bool(changed) and not all(changed)  # a panel left alone: worth checking
        self._kept = partly and contained(canvas, self._bands, self._groups)
        return np.asarray(canvas.buffer_rgba())

    def _forget_frame(self, event=None):
        """The canvas was drawn anew (a draw_event): it no longer holds the last frame."""
        self._kept = False

    def _draw_background(self, state):
        """Draw the static parts for state -> the saved background.  Only the axes whose
        entry changed since the last frame are drawn again, each over its own band of the
        figure (see _bands), when the figure allows it; otherwise the whole figure."""
        canvas = self.figure.canvas
        shown = self._shown
        self.background_draws += 1
        with styled():
            if shown is None or shown[0] != state[0] or not self._bands:
                self._draw_all()
            else:
                canvas.restore_region(self._backgrounds[shown])
                changed = [k for k, (a, b) in enumerate(zip(shown[1], state[1])) if a != b]
                if not self._redraw_axes(changed):
                    self._draw_all()
        return canvas.copy_from_bbox(self.figure.bbox)

    def _draw_all(self):
        """Draw the whole figure and find the bands its axes may be redrawn in."""
        canvas = self.figure.canvas
        canvas.draw()
        for ax in self.figure.axes:
            pin_xlabel(ax)
        self._bands, self._stamps, self._groups = NO_BANDS, [], None
        if not self.figure.texts:
            renderer, buffer = canvas.get_renderer(), np.asarray(canvas.buffer_rgba())
            extents = [ax.get_tightbbox(renderer).intervalx for ax in self.figure.axes]
            self._bands = column_bands(buffer, extents)
            if self._bands:
                self._groups = axes_groups(self.figure, self._dynamic)
                self._stamps = [
                    [s for s in (Stamps.take(ax, renderer, buffer, f) for f in "xy") if s]
                    for ax in self.figure.axes
                ]

    def _redraw_axes(self, changed):
        """Draw the axes numbered in changed again, each after blanking its band -> False
        when one of them drew outside its band (the figure must then be drawn in full)."""
        buffer = np.asarray(self.figure.canvas.buffer_rgba())
        renderer = self.figure.canvas.get_renderer()
        for k in changed:
            ax, (lo, hi) = self.figure.axes[k], self._bands[k]
            buffer[:, lo:hi] = self._bands.blank
            stamps = next((s for s in self._stamps[k] if s.valid(ax)), None)
            if stamps is None:
                ax.draw(renderer)
                continue
            texts = stamps.texts
            for text in texts:
                text.set_visible(False)
            try:
                ax.draw(renderer)
            finally:
                for text in texts:
                    text.set_visible(True)
            if not stamps.paste(buffer, self._bands.blank):
                return False
        return self._bands.intact(buffer)

    def readout_text(self):
        """The readout as plain text, one line per line of the readout."""
        return "\n".join(",  ".join(line) for line in self._readout_parts)

    # --- the display without a kernel -------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """ipywidgets' bundle (the widget view and a text/plain line), plus what a page
        without a kernel shows (GitHub, nbviewer, an HTML export): image/png, the figure at
        the current settings with the readout beneath it, shown at its CSS size (half its
        pixels, so sharp on HiDPI screens), and text/plain, the repr line followed by the
        readout.  -> (data, metadata)."""
        data = super()._repr_mimebundle_(**kwargs)
        if data is None:
            return None
        data["text/plain"] = f"{data['text/plain']}\n{self.readout_text()}"
        rgba = self._picture_rgba()
        data["image/png"] = base64.b64encode(paletted_png(rgba)).decode("ascii")
        height, width = rgba.shape[:2]
        size = {"width": round(width / self.SCALE), "height": round(height / self.SCALE)}
        return data, {"image/png": size}

    def picture(self):
        """PNG bytes of the figure at the current settings with the readout's lines drawn
        beneath it, at the figure's resolution, with a palette (it is stored in notebooks).
        The live image and its cached backgrounds are left as they were."""
        return paletted_png(self._picture_rgba())

    def _picture_rgba(self):
        """picture's pixels: (H, W, 4) uint8 RGBA."""
        figure, fig = self._render().copy(), self.figure
        readout = readout_image(self._readout_parts, figure.shape[1], fig.dpi, fig.get_facecolor())
        return np.concatenate([figure, readout])

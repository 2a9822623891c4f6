"""The marks that show a derivative: a long, solid, thick tangent, the current point
above it, and the slope written beside the tangent's end, kept inside the axes.  Each is
made once and moved by the explorer's draw (they are meant to be animated)."""

import collections

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.colors import to_rgb
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.transforms import Bbox

from ..style import COLORS, fmt

TEXT_SIZE = 11  # pt: the smallest text of a figure
KEY_SIZE = 13  # pt: the number the figure is about
TANGENT_WIDTH = 2.8  # pt
GAP = 0.02  # of the axes: between a mark and its label, and a label and the axes' edge


def tangent_line(ax, color=COLORS["tangent"], label="tangent"):
    """A solid, thick two-point line on ax over the curve and under the point, to be
    placed by set_data(*axes.tangent(...))."""
    (line,) = ax.plot(
        [0, 1],
        [0, 1],
        color=color,
        ls="-",
        lw=TANGENT_WIDTH,
        solid_capstyle="round",
        zorder=3,
        label=label,
    )
    return line


def move_line(line, xs, ys):
    """line.set_data(xs, ys), unless the line has these points already: a set marks the
    line as changed, and an explorer draws its axes again for it."""
    if not (
        np.array_equal(line.get_xdata(orig=True), xs)
        and np.array_equal(line.get_ydata(orig=True), ys)
    ):
        line.set_data(xs, ys)


def point_marker(ax, style="o", color=COLORS["point"], size=9, label=None):
    """A single-point marker on ax above the tangent, ringed in white so that it shows on
    any line, not clipped; placed by set_data([x], [y])."""
    (point,) = ax.plot(
        [0],
        [0],
        ls="none",
        marker=style,
        ms=size,
        mec="white",
        mew=1.2,
        clip_on=False,
        color=color,
        zorder=4,
        label=label,
    )
    return point


def slope_text(name, slope, prefix="slope "):
    """The words written beside a tangent: "slope dC/dw11 = 0.1455" (the readout's
    number, to the same digits)."""
    return f"{prefix}{name} = {fmt(slope)}"


def clip_segment(xs, ys, xlim, ylim):
    """The part of the segment (xs, ys) (two points, xs[0] < xs[1]) inside the box xlim x
    ylim -> (xs, ys); the segment's middle twice when none of it is inside."""
    (x0, x1), (y0, y1) = xs, ys
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for start, delta, (a, b) in ((x0, dx, xlim), (y0, dy, ylim)):
        if delta == 0:
            if not min(a, b) <= start <= max(a, b):
                lo, hi = 0.5, 0.5
            continue
        t0, t1 = sorted(((a - start) / delta, (b - start) / delta))
        lo, hi = max(lo, t0), min(hi, t1)
    if lo > hi:
        lo = hi = 0.5
    return np.array([x0 + lo * dx, x0 + hi * dx]), np.array([y0 + lo * dy, y0 + hi * dy])


def fractions(x, y, xlim, ylim):
    """Data coordinates -> axes fractions (0 at the lower limit, 1 at the upper), on
    linear axes."""
    return (x - xlim[0]) / (xlim[1] - xlim[0]), (y - ylim[0]) / (ylim[1] - ylim[0])


def beside(end, other, size, side=0):
    """Where a label of size (width, height), as axes fractions, goes beside a line's end
    point `end` (u, v) whose other end is `other` -> its centre (u, v).  It goes past the
    end when there is room, else back along the line, above it (side=1) or below it
    (side=-1; side=0: on the side away from the line), and always inside the axes."""
    (u, v), (w, h) = end, size
    (ou, ov) = other
    outward = 1.0 if u >= ou else -1.0
    cu = u + outward * (GAP + w / 2)
    if not GAP + w / 2 <= cu <= 1 - GAP - w / 2:
        cu = u - outward * (GAP + w / 2)
        rising = (v - ov) * outward >= 0
        side = side or (1 if rising else -1)
    cv = v + side * (GAP + h / 2)
    return inside(cu, w), inside(cv, h)


def inside(centre, size):
    """A label's centre moved so that the label lies within [GAP, 1 - GAP] of its axes."""
    lo, hi = GAP + size / 2, 1 - GAP - size / 2
    return float(np.clip(centre, lo, hi)) if lo <= hi else 0.5


class BitmapText(Artist):
    """One line of text drawn as a bitmap, centred at a point given in axes fractions, on
    a white ground.  Its glyphs are rendered by FreeType in one call and the bitmap kept
    per string (matplotlib's Text renders glyph by glyph, several ms a frame: too slow for
    a number that changes at every slider move)."""

    CACHE = 32  # bitmaps kept (about 70 kB each at 2x), least recently used dropped
    GROUND = 0.85  # opacity of the white ground

    def __init__(self, ax, color, size, weight="bold"):
        super().__init__()
        self.set_figure(ax.figure)
        self.set_transform(ax.transAxes)
        self.set_in_layout(False)
        self.set_zorder(5)
        ax.add_artist(self)
        self.font = findfont(FontProperties(weight=weight, size=size))
        self.size, self._colours = size, self.colours(color, self.GROUND)
        self._text, self._xy = "", (0.5, 0.5)
        self._bitmaps, self._glyphs = collections.OrderedDict(), {}

    @staticmethod
    def colours(color, ground):
        """The lookup table glyph coverage (0 .. 255) -> RGBA (256, 4) uint8: color over a
        white ground of opacity `ground`."""
        cover = np.linspace(0.0, 1.0, 256)[:, None]
        alpha = cover + ground * (1.0 - cover)
        rgb = (cover * np.array(to_rgb(color)) + ground * (1.0 - cover)) / alpha
        return np.round(np.hstack([rgb, alpha]) * 255).astype(np.uint8)

    def set_text(self, text):
        if str(text) != self._text:
            self._text, self.stale = str(text), True

    def get_text(self):
        return self._text

    def set_position(self, xy):
        xy = (float(xy[0]), float(xy[1]))
        if xy != self._xy:
            self._xy, self.stale = xy, True

    def get_position(self):
        return self._xy

    def get_fontsize(self):
        return self.size

    def bitmap(self, dpi):
        """The text at dpi as (H, W, 4) uint8 RGBA, rows from the top (kept per string)."""
        key = (self._text, dpi)
        image = self._bitmaps.pop(key, None)
        if image is None:
            image = self._render(dpi)
        self._bitmaps[key] = image
        if len(self._bitmaps) > self.CACHE:
            self._bitmaps.popitem(last=False)
        return image

    def _render(self, dpi):
        """The glyphs (each rendered once, see _glyph) laid along a line box of the
        font's ascent and descent, so that every string has the same height and baseline,
        then coloured through the lookup table coverage -> RGBA."""
        font, em = get_font(self.font), self.size * dpi / 72.0
        pad = int(round(0.2 * em))
        ascent = int(round(em * font.ascender / font.units_per_EM))
        height = ascent + int(round(-em * font.descender / font.units_per_EM)) + 2 * pad
        glyphs = [self._glyph(char, dpi) for char in self._text]
        cover = np.zeros((height, int(sum(g[3] for g in glyphs)) + 2 * pad + 2), np.uint8)
        pen = float(pad)
        for image, bearing, descent, advance in glyphs:
            top, left = pad + ascent - (image.shape[0] - descent), int(round(pen)) + bearing
            rows = slice(max(top, 0), min(top + image.shape[0], height))
            cols = slice(max(left, 0), min(left + image.shape[1], cover.shape[1]))
            piece = image[rows.start - top : rows.stop - top, cols.start - left : cols.stop - left]
            np.maximum(cover[rows, cols], piece, out=cover[rows, cols])
            pen += advance
        return self._colours.view(np.uint32)[cover].view(np.uint8)  # RGBA, 4 bytes at once

    def _glyph(self, char, dpi):
        """One character at dpi -> (its coverage (h, w) uint8, its left bearing and
        descent in pixels, its advance), rendered by FreeType once."""
        key = (char, dpi)
        if key not in self._glyphs:
            font = get_font(self.font)
            font.clear()
            font.set_size(self.size, dpi)
            font.set_text(char, 0.0, flags=get_hinting_flag())
            font.draw_glyphs_to_bitmap(antialiased=True)
            image = np.array(font.get_image(), dtype=np.uint8, ndmin=2)
            descent = int(round(font.get_descent() / 64.0))
            glyph = font.load_char(ord(char), flags=get_hinting_flag())
            bearing = int(np.floor(glyph.horiBearingX / 64.0))
            self._glyphs[key] = (image, bearing, descent, glyph.linearHoriAdvance / 65536.0)
        return self._glyphs[key]

    def get_window_extent(self, renderer=None):
        """The bitmap's box on the canvas, in pixels."""
        image = self.bitmap(self.figure.dpi)
        (height, width), (x, y) = image.shape[:2], self._corner(image)
        return Bbox.from_bounds(x, y, width, height)

    def _corner(self, image):
        x, y = self.get_transform().transform(self._xy)
        return int(round(x - image.shape[1] / 2)), int(round(y - image.shape[0] / 2))

    def draw(self, renderer):
        if not self.get_visible() or not self._text:
            return
        image = self.bitmap(self.figure.dpi)
        gc = renderer.new_gc()
        try:
            renderer.draw_image(gc, *self._corner(image), image[::-1])
        finally:
            gc.restore()
        self.stale = False


class KeyLabel:
    """A number written in the figure beside the mark that shows it, in KEY_SIZE and the
    mark's colour, on a white ground, placed in axes fractions and kept inside the axes.
    The artist is .text (a BitmapText: animate it)."""

    def __init__(self, ax, color=COLORS["tangent"], size=KEY_SIZE):
        self.ax, self.size = ax, size
        self.text = BitmapText(ax, color, size)

    def extent(self, words):
        """The size of `words` as (width, height) fractions of the axes."""
        figure = self.ax.figure
        text, self.text._text = self.text._text, words
        try:
            height, width = self.text.bitmap(figure.dpi).shape[:2]
        finally:
            self.text._text = text
        box = self.ax.get_position()
        return width / (box.width * figure.bbox.width), height / (box.height * figure.bbox.height)

    def put(self, words, u, v):
        """Write words centred at (u, v), axes fractions, kept inside the axes -> the
        centre used."""
        w, h = self.extent(words)
        self.text.set_text(words)
        centre = inside(u, w), inside(v, h)
        self.text.set_position(centre)
        return centre

    def beside_tangent(self, words, segment, xlim, ylim, side=0):
        """Write words beside the end of the tangent segment (xs, ys) that is inside the
        limits and farther right, or back along it (see beside) -> the label's centre."""
        xs, ys = clip_segment(*segment, xlim, ylim)
        u, v = fractions(xs, ys, xlim, ylim)
        end = int(np.argmax(u))
        size = self.extent(words)
        centre = beside((u[end], v[end]), (u[1 - end], v[1 - end]), size, side)
        self.text.set_text(words)
        self.text.set_position(centre)
        return centre

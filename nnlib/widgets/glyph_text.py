"""The network diagram's text: GlyphText, a Text drawn from glyph bitmaps that FreeType
renders once per character, font, size and resolution, and text_width, which measures a
line as GlyphText draws it.

    GlyphText(x, y, "h12 = 1.3", ha="left", fontsize=TEXT_SIZE, color="#1a1a1a")
    text_width("h12 = 1.3")   # its width in CSS pixels, as GlyphText draws it
"""

import collections
import functools

import numpy as np
from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.text import Text

CSS_DPI = 80  # CSS pixels per inch, as the explorers show their figures
TEXT_SIZE = 11.0  # pt: the diagram's values, and the size text_width measures unless told


@functools.cache
def _font_path(bold):
    return findfont(FontProperties(weight="bold" if bold else "normal"))


@functools.cache
def _glyph(path, char, size, dpi):
    """One character of the font at path, size pt, dpi -> (its coverage (h, w) uint8, its
    left bearing and descent in pixels, its advance in pixels), rendered by FreeType once."""
    font = get_font(path)
    font.clear()
    font.set_size(size, dpi)
    font.set_text(char, 0.0, flags=get_hinting_flag())
    font.draw_glyphs_to_bitmap(antialiased=True)
    image = np.array(font.get_image(), dtype=np.uint8, ndmin=2)
    descent = int(round(font.get_descent() / 64.0))
    glyph = font.load_char(ord(char), flags=get_hinting_flag())
    return (
        image,
        int(np.floor(glyph.horiBearingX / 64.0)),
        descent,
        glyph.linearHoriAdvance / 65536.0,
    )


@functools.lru_cache(maxsize=1024)
def text_width(text, size=TEXT_SIZE, bold=False):
    """The width of one line of text in CSS pixels, as GlyphText draws it."""
    path = _font_path(bold)
    return sum(_glyph(path, c, size, CSS_DPI)[3] for c in text)


class GlyphText(Text):
    """A Text drawn from glyph bitmaps rendered once, the bitmap of each string kept:
    matplotlib's own text layout costs milliseconds per text, and the diagram has sixty.
    One line, no rotation, no box; ha "left", "center" or "right", va "baseline"."""

    CACHE = 512  # strings kept, least recently used dropped (a few kB each)
    _bitmaps = collections.OrderedDict()

    def __init__(self, x, y, text, **kwargs):
        super().__init__(x, y, text, va="baseline", **kwargs)

    def _bitmap(self, dpi):
        """(RGBA (h, w, 4) rows from the top, the baseline's row from the bottom)."""
        bold = self.get_fontweight() in ("bold", 700)
        size, color = self.get_fontsize(), to_rgba(self.get_color())
        key = (self.get_text(), bold, size, color, dpi)
        found = self._bitmaps.pop(key, None)
        if found is None:
            found = self._render(key)
        self._bitmaps[key] = found
        if len(self._bitmaps) > self.CACHE:
            self._bitmaps.popitem(last=False)
        return found

    @staticmethod
    def _render(key):
        text, bold, size, color, dpi = key
        path, font = _font_path(bold), get_font(_font_path(bold))
        em = size * dpi / 72.0
        ascent = int(np.ceil(em * font.ascender / font.units_per_EM))
        descent = int(np.ceil(-em * font.descender / font.units_per_EM))
        glyphs = [_glyph(path, c, size, dpi) for c in text]
        cover = np.zeros((ascent + descent, int(np.ceil(sum(g[3] for g in glyphs))) + 2), np.uint8)
        pen = 0.0
        for image, bearing, below, advance in glyphs:
            top, left = ascent - (image.shape[0] - below), int(round(pen)) + bearing
            rows = slice(max(top, 0), min(top + image.shape[0], cover.shape[0]))
            cols = slice(max(left, 0), min(left + image.shape[1], cover.shape[1]))
            piece = image[rows.start - top : rows.stop - top, cols.start - left : cols.stop - left]
            np.maximum(cover[rows, cols], piece, out=cover[rows, cols])
            pen += advance
        rgba = np.empty((*cover.shape, 4), np.uint8)
        rgba[..., :3] = np.round(np.array(color[:3]) * 255)
        rgba[..., 3] = np.round(cover * color[3]).astype(np.uint8)
        return rgba, descent

    def draw(self, renderer):
        if not self.get_visible() or not self.get_text():
            return
        image, descent = self._bitmap(self.figure.dpi)
        ((x, y),) = _pixels(self, (self.get_unitless_position(),))
        shift = {"left": 0.0, "center": 0.5, "right": 1.0}[self.get_horizontalalignment()]
        gc = renderer.new_gc()
        try:
            gc.set_clip_rectangle(None)
            renderer.draw_image(
                gc, int(round(x - shift * image.shape[1])), int(round(y)) - descent, image[::-1]
            )
        finally:
            gc.restore()
        self.stale = False


def _pixels(artist, points):
    """points (data units of the artist's axes) -> pixels, kept while the figure's size and
    resolution stay (the diagram's axes fill the figure, its limits fixed): matplotlib's
    transform costs tens of microseconds a call."""
    figure = artist.figure
    key = (tuple(map(tuple, points)), figure.dpi, tuple(figure.get_size_inches()))
    cache = artist.__dict__.setdefault("_pixel_cache", {})
    found = cache.get(key)
    if found is None:
        if len(cache) > 256:
            cache.clear()
        found = cache[key] = artist.get_transform().transform(points)
    return found

"""The places of the network diagram and the one artist that draws them all: Place, a node's
outline or an edge's label box with its lines of text and its "reused" badge; Caption, the
lines beneath the network; and Places, which draws the overlays along the edges, every place
and the caption, and keeps each place's picture to paste back when it looks the same again.

Data units are CSS pixels of a WIDTH x HEIGHT figure (720 x 400 at CSS_DPI, any dpi).  A
place is sized for its longest possible lines (widest), so no two places overlap.
"""

import collections
import types

import numpy as np
from matplotlib.artist import Artist
from matplotlib.patches import FancyBboxPatch

from ..backprop import QUANTITIES
from ..style import COLORS, OKABE_ITO
from .glyph_text import CSS_DPI, TEXT_SIZE, GlyphText, text_width

WIDTH, HEIGHT = 720.0, 400.0  # CSS pixels
CAPTION_SIZE = 12.0  # pt: the equation beneath the network
PX = CSS_DPI / 72.0  # CSS pixels per point
LINE = 15.0  # CSS pixels from one line of a place to the next
BASELINE = 4.0  # CSS pixels from the middle of a line down to its baseline
PAD = 6.0  # CSS pixels between a node's outline and its text
LABEL_PAD = 5.0  # the same for an edge's label
LONGEST_NUMBER = "-0.0001234"  # the widest number nnlib.written writes (digits are wide)
LONGEST_GIVEN = "-2.35"  # the widest input, target or weight the sliders give
STATES = ("idle", "current", "done", "reused")
BADGE = "reused"  # the word on a place whose quantity is used again
_CAPTION_TOP = 56.0  # the caption's lines stand beneath this height

TEXT_COLOR = "#1a1a1a"
PENDING_COLOR = "#8c8c8c"  # a line whose value is not known yet, and an idle outline
_BAND = "#f9c9ad"  # behind the line being computed
_REUSED_BAND = "#f8dc9c"  # behind a line whose value is used again
_CURRENT = COLORS["highlight"]
_REUSED = OKABE_ITO["orange"]
_STYLE = types.MappingProxyType(
    {  # state -> (face, edge colour, line width, line style) of a place's outline
        "idle": ("white", PENDING_COLOR, 1.2, "solid"),
        "done": ("white", TEXT_COLOR, 1.6, "solid"),
        "current": ("#fbe1d2", _CURRENT, 3.2, "solid"),
        "reused": ("#fdf0d0", _REUSED, 3.0, (0, (4, 2))),
    }
)


def owned(artist, ax):
    """artist set up to draw in ax's data units without being one of ax's children: the
    place that owns it draws it."""
    artist.set_figure(ax.figure)
    artist.axes = ax
    artist.set_transform(ax.transData)
    return artist


def widest(names):
    """The width of the longest line any of names can have."""
    return 1.02 * max(
        text_width(f"{name} = {LONGEST_NUMBER if name in QUANTITIES else LONGEST_GIVEN}")
        for name in names
    )


MARGIN = 3.0  # CSS pixels around a place's outline that its picture covers
OVERLAY_WIDTH = 4.5  # pt: an edge's overlay when current or reused
# An overlay stops this far from any place: its butt end's corners (half its width to either
# side) and their antialiasing stay out of the place's margin.
OVERLAY_GAP = MARGIN + OVERLAY_WIDTH * PX / 2 + 1.5


class Place:
    """One place: its outline (a box around a node, or a label box on an edge), its lines
    of text and a "reused" badge, drawn by the Places artist; for an edge, also its arrow
    and the overlay line drawn along it when it is current or reused."""

    def __init__(self, ax, at, centre, names, color, fixed_width):
        self.at, self.names, self.centre, self.color = at, names, centre, color
        self.fixed_width = fixed_width  # None: an edge's label, fitted to its lines
        self._bounds = None  # bounds(), kept until the outline moves or the badge shows
        self.pad = PAD if fixed_width else LABEL_PAD
        height = LINE * len(names) + 2 * self.pad
        width = fixed_width or widest(names) + 2 * self.pad
        self.size = (width, height)
        self.box = owned(
            FancyBboxPatch(
                (centre[0] - width / 2, centre[1] - height / 2),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=5",
            ),
            ax,
        )
        self.lines = self._texts(ax)
        self.badge_box, self.badge = self._badge(ax)
        self._place_badge(centre[0] + width / 2)
        self.overlay = self.arrow = None  # an edge's, set by NetworkDiagram
        self.ends = None  # an edge's arrow's ends, set by NetworkDiagram
        self.focus = None  # the index of the line the band is behind
        self.reused = frozenset()  # the indices of the lines the reused band is behind
        self.kind = None
        self.set_state("idle")

    def _texts(self, ax):
        """A blank text per name, top to bottom, LINE apart about the centre, pad in."""
        (x, y), (width, _) = self.centre, self.size
        top = y + LINE * (len(self.names) - 1) / 2
        return [
            owned(
                GlyphText(
                    x - width / 2 + self.pad,
                    top - k * LINE - BASELINE,
                    "",
                    ha="left",
                    fontsize=TEXT_SIZE,
                    color=self.color,
                ),
                ax,
            )
            for k in range(len(self.names))
        ]

    def _badge(self, ax):
        """The hidden "reused" badge, (its box, its word), at the height of the outline's
        top edge; _place_badge puts it along."""
        top = self.centre[1] + self.size[1] / 2
        box = owned(
            FancyBboxPatch(
                (0, top - LINE / 2 - 1),
                text_width(BADGE, bold=True) + 8,
                LINE + 2,
                boxstyle="round,pad=0,rounding_size=3",
                facecolor=_REUSED,
                edgecolor="none",
                visible=False,
            ),
            ax,
        )
        word = GlyphText(
            0,
            top - BASELINE,
            BADGE,
            ha="left",
            fontsize=TEXT_SIZE,
            fontweight="bold",
            color=TEXT_COLOR,
            visible=False,
        )
        return box, owned(word, ax)

    def put(self, k, words, color):
        """Line k reads words in color (an edge's label box then fits its lines)."""
        text = self.lines[k]
        if text.get_text() == words and text.get_color() == color:
            return False
        text.set_text(words)
        text.set_color(color)
        return self.fit()

    def fit(self):
        """An edge's label box: as wide as its lines, centred on the edge -> whether its
        width changed."""
        if self.fixed_width is not None:
            return False
        widths = [1.02 * text_width(t.get_text()) for t in self.lines]
        if self.kind == "reused":  # the badge beside the first line, inside the label
            widths[0] += 6 + self.badge_box.get_width()
        width = max(widths) + 2 * self.pad
        if width == self.box.get_width():
            return False
        x0 = self.centre[0] - width / 2
        self.box.set_x(x0)
        self.box.set_width(width)
        self._bounds = None
        for t in self.lines:
            t.set_x(x0 + self.pad)
        self._place_badge(x0 + width)
        return True

    def _place_badge(self, right):
        """The badge's right end 4 px left of `right`: on a node's top edge, or inside an
        edge's label on its first line (labels stand too close for it to stick out)."""
        x = right - 4 - self.badge_box.get_width()
        self.badge_box.set_x(x)
        self.badge.set_x(x + 4)
        if self.fixed_width is None:
            y = self.lines[0].get_position()[1]
            self.badge_box.set_y(y + BASELINE - self.badge_box.get_height() / 2)
            self.badge.set_y(y)

    def set_state(self, kind):
        """Style the place as kind -> whether its outline moved (an edge's label fits a
        badge)."""
        if kind == self.kind:
            return False
        face, edge, lw, ls = _STYLE[kind]
        self.box.set_facecolor(face)
        self.box.set_edgecolor(edge)
        self.box.set_linewidth(lw)
        self.box.set_linestyle(ls)
        self.badge.set_visible(kind == "reused")
        self.badge_box.set_visible(kind == "reused")
        self._bounds = None
        if self.overlay is not None:
            self.overlay.set_visible(kind in ("current", "reused"))
            self.overlay.set_color(_CURRENT if kind == "current" else _REUSED)
            self.overlay.set_linestyle("solid" if kind == "current" else (0, (4, 2)))
        self.kind = kind
        return self.fit()

    def bounds(self, margin=0.0):
        """(x0, y0, x1, y1) of the outline and a shown badge, grown by margin, data units."""
        if self._bounds is None:
            x, y = self.box.get_x(), self.box.get_y()
            x1, y1 = x + self.box.get_width(), y + self.box.get_height()
            if self.badge_box.get_visible():
                y1 = max(y1, self.badge_box.get_y() + self.badge_box.get_height())
            self._bounds = (x, y, x1, y1)
        x, y, x1, y1 = self._bounds
        return x - margin, y - margin, x1 + margin, y1 + margin

    def look(self):
        """Everything its picture depends on."""
        lines = tuple((t.get_text(), t.get_color()) for t in self.lines)
        return (self.kind, lines, self.focus, self.reused, self.bounds())

    def draw(self, renderer, bands):
        """Draw the outline, the bands behind the focused line and the reused ones, the
        lines and the badge.  bands: {"focus": patch, "reused": patch}."""
        self.box.draw(renderer)
        marked = [(k, bands["reused"]) for k in sorted(self.reused)]
        if self.focus is not None:
            marked.append((self.focus, bands["focus"]))
        for k, band in marked:
            y = self.lines[k].get_position()[1] + BASELINE
            band.set_bounds(self.box.get_x() + 2, y - LINE / 2, self.box.get_width() - 4, LINE)
            band.draw(renderer)
        for artist in (*self.lines, self.badge_box, self.badge):
            artist.draw(renderer)


class Caption:
    """The lines of caption beneath the network, drawn by the Places artist like a place."""

    def __init__(self, ax):
        self.lines = [
            owned(
                GlyphText(WIDTH / 2, y, "", ha="center", fontsize=CAPTION_SIZE, color=TEXT_COLOR),
                ax,
            )
            for y in (34.0, 12.0)
        ]

    def bounds(self, margin=0.0):
        return margin, margin, WIDTH - margin, _CAPTION_TOP - margin

    def look(self):
        return tuple(t.get_text() for t in self.lines)

    def draw(self, renderer, bands):
        for text in self.lines:
            text.draw(renderer)


class Places(Artist):
    """The overlays along the edges, then every place of the diagram and the caption, in
    one artist.  On an Agg canvas each place's picture (with the background under it) is
    kept per look and copied into the canvas the next time it looks the same: a copy costs
    microseconds where drawing a box and its texts costs a millisecond, and a step of the
    pass changes two or three places of twenty-four.  The places must not overlap, nor may
    anything drawn before them reach into their margins (the overlays stop short), so that
    the background under each stays the same."""

    BUDGET = 24 * 2**20  # bytes of pictures kept (about two walks through the pass), least
    # recently used dropped first

    def __init__(self, ax, places, overlays):
        super().__init__()
        owned(self, ax)
        self.places, self.overlays = places, overlays
        self.bands = {  # kind -> the band drawn behind a line: the focused one, or reused
            kind: owned(FancyBboxPatch((0, 0), 1, LINE, boxstyle="square,pad=0"), ax)
            for kind in ("focus", "reused")
        }
        self.bands["focus"].set(facecolor=_BAND, edgecolor="none")
        self.bands["reused"].set(facecolor=_REUSED_BAND, edgecolor="none")
        self._tiles = collections.OrderedDict()
        self._bytes = 0
        for child in self.get_children():  # a changed place marks the whole artist changed
            child.stale_callback = self._changed

    def forget(self):
        """Drop every kept picture: the next draw draws every place anew."""
        self._tiles.clear()
        self._bytes = 0
        self.stale = True

    def _changed(self, child, stale):
        if stale:
            self.stale = True

    def get_children(self):
        children = [*self.overlays, *self.bands.values()]
        for place in self.places:
            if isinstance(place, Caption):
                children += place.lines
            else:
                children += [place.box, *place.lines, place.badge_box, place.badge]
        return children

    def draw(self, renderer):
        if not self.get_visible():
            return
        for overlay in self.overlays:
            if overlay.get_visible():
                overlay.draw(renderer)
        buffer = np.asarray(renderer.buffer_rgba()) if hasattr(renderer, "buffer_rgba") else None
        if buffer is None:  # another backend: draw every place
            for place in self.places:
                place.draw(renderer, self.bands)
            return
        height, width = buffer.shape[:2]
        m = self.get_transform().get_affine().get_matrix()  # linear axes: x -> a x + b
        for place in self.places:
            x0, y0, x1, y1 = place.bounds(MARGIN)
            c0, c1 = m[0, 0] * x0 + m[0, 2], m[0, 0] * x1 + m[0, 2]
            r0, r1 = height - (m[1, 1] * y1 + m[1, 2]), height - (m[1, 1] * y0 + m[1, 2])
            rows = slice(max(int(r0), 0), min(int(np.ceil(r1)), height))
            cols = slice(max(int(c0), 0), min(int(np.ceil(c1)), width))
            key = (place.look(), renderer.dpi, rows.start, cols.start)
            tile = self._tiles.pop(key, None)
            if tile is None:
                place.draw(renderer, self.bands)
                tile = buffer[rows, cols].copy()
                self._bytes += tile.nbytes
            else:
                buffer[rows, cols] = tile
            self._tiles[key] = tile
            while self._bytes > self.BUDGET:
                self._bytes -= self._tiles.popitem(last=False)[1].nbytes
        self.stale = False

"""Bar charts for the explorers, drawn as one artist: moving n bars costs one draw, not n."""

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from ..plots import COLORS

BAR_WIDTH = 0.8
MARGIN = 0.05  # of the span, as matplotlib's autoscaling leaves beside bars


class Bars:
    """n bars at positions 0 .. n-1 on ax (vertical, or horizontal: lengths along x), one of
    them marked (the highlight colour, a thick outline) or none.  set(lengths, marked) moves them.

    The bars are one PolyCollection and the mark one Rectangle laid over its bar; both are
    meant to be animated (Explorer._animate(*bars.artists))."""

    def __init__(self, ax, n, horizontal=False):
        self.n, self.horizontal = n, horizontal
        self.body = PolyCollection(
            self._outlines(np.zeros(n)),
            facecolors=COLORS["bar"],
            edgecolors=COLORS["point"],
            linewidths=0.8,
        )
        ax.add_collection(self.body, autolim=False)
        self.mark = Rectangle(
            (0, 0),
            0,
            0,
            facecolor=COLORS["highlight"],
            edgecolor=COLORS["point"],
            linewidth=2.4,  # a mark that needs no colour to be seen, and cheap to draw
            visible=False,
        )
        ax.add_patch(self.mark)
        span = (n - 1) + BAR_WIDTH
        limits = (-BAR_WIDTH / 2 - MARGIN * span, n - 1 + BAR_WIDTH / 2 + MARGIN * span)
        (ax.set_ylim if horizontal else ax.set_xlim)(*limits)
        self.lengths, self.marked = np.zeros(n), None

    @property
    def artists(self):
        return self.body, self.mark

    def _outlines(self, lengths):
        """The n bars' corner points -> (n, 4, 2); a bar runs from 0 to its length."""
        k = np.arange(self.n, dtype=float)
        lo, hi = k - BAR_WIDTH / 2, k + BAR_WIDTH / 2
        zero = np.zeros(self.n)
        along = np.stack([zero, lengths, lengths, zero], axis=1)
        across = np.stack([lo, lo, hi, hi], axis=1)
        pair = (along, across) if self.horizontal else (across, along)
        return np.stack(pair, axis=2)

    def set(self, lengths, marked=None):
        """Move the bars to lengths (n,) and mark bar number `marked` (None: no mark)."""
        lengths = np.asarray(lengths, dtype=float)
        if lengths.shape != (self.n,):
            raise ValueError(f"lengths must have shape ({self.n},), got {lengths.shape}")
        if marked == self.marked and np.array_equal(lengths, self.lengths):
            return  # as shown: left unchanged, so that its axes need not be drawn again
        self.lengths, self.marked = lengths.copy(), marked
        self.body.set_verts(self._outlines(lengths))
        self.mark.set_visible(marked is not None)
        if marked is not None:
            side, length = marked - BAR_WIDTH / 2, lengths[marked]
            if self.horizontal:
                self.mark.set_bounds(0.0, side, length, BAR_WIDTH)
            else:
                self.mark.set_bounds(side, 0.0, BAR_WIDTH, length)

    def drawn_lengths(self):
        """The lengths as drawn, read back from the bars' outlines (for tests)."""
        axis = 0 if self.horizontal else 1
        return np.array([path.vertices[1, axis] for path in self.body.get_paths()])

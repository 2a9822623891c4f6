"""The article's 2-3-1 network drawn for the backward-pass explorers: inputs x1, x2, three
hidden nodes, the output y_hat, the loss C with its target y, and the nine weights on the
edges, every quantity of the pass written where it lives.  Drawn once; an update only sets
texts and styles.  Taught in 06_backward_pass.ipynb.

    diagram = NetworkDiagram(figure.add_axes((0, 0, 1, 1)))  # a figure of FIGSIZE inches
    explorer._animate(*diagram.artists)   # in an Explorer: everything that changes
    diagram.show("h12", 1.3)          # the line "h12 = 1.3" at node h2 (None: "h12 = ?")
    diagram.write(("edge", "w21"), ["w21 = 0.2", "dC/dw21 = 0.1455"])  # texts as given
    diagram.state(("node", "h2"), "current")   # "idle", "current", "done" or "reused"
    diagram.focus("h12")              # a band behind the line being computed (None: none)
    diagram.reuse(["dC/dy_hat"])      # an orange band behind lines whose value is reused
    diagram.caption("h12 = x1 w12 + x2 w22", "h12 = 1 * 0.4 + 1 * 0.9 = 1.3")
    diagram.reset()                   # every line "name = ?", every place idle, no bands
    diagram.text("h12"), diagram.texts(("node", "h2")), diagram.states(), diagram.focused

Places (`at`, as nnlib.backprop.Step.at gives them): ("node", n) for n in x1 x2 h1 h2 h3
y_hat C y (y: the target), ("edge", w) for the nine weight names.  LINES[at] names the
quantities written at a place, one per line (SLOTS[name] -> at): x1, x2 and y at their
nodes; h1j, a1j, dC/da1j, dC/dh1j at hidden node j; y_hat and dC/dy_hat at y_hat; C at C;
wij and dC/dwij on edge wij.

States: "idle" (grey outline), "done" (black outline), "current" (thick vermillion outline
on a vermillion tint; an edge is also drawn thick in vermillion), "reused" (dashed orange
outline on an orange tint and a "reused" badge): shape and words, not colour alone.

Data units are CSS pixels of a WIDTH x HEIGHT figure (720 x 400 at 80 CSS px per inch, any
dpi), all text 11 pt or more; every place is sized for its longest possible lines (numbers
as nnlib.written writes them, at most 10 characters), so no two places overlap.
Every place and the caption are drawn by one artist, diagram.layer (Places, with Place and
Caption in diagram_places; their texts are glyph_text's GlyphText), which keeps each
place's picture and pastes it back when the place looks the same again: an update that
changes two places costs two drawings.  It works animated (an Explorer's frames) or in an
ordinary draw of the figure.  This module lays the network out and writes on it.
"""

import functools
import types

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from ..backprop import RECIPES
from ..diagrams import _darker
from ..network import WEIGHT_NAMES
from ..style import COLORS
from ..written import fmt, given
from .diagram_places import (
    HEIGHT,
    LABEL_PAD,
    LONGEST_GIVEN,
    LONGEST_NUMBER,
    OVERLAY_GAP,
    OVERLAY_WIDTH,
    PAD,
    PENDING_COLOR,
    STATES,
    TEXT_COLOR,
    WIDTH,
    Caption,
    Place,
    Places,
    owned,
    widest,
)
from .glyph_text import CSS_DPI, text_width

# What the stepper, the worksheet and the tests import from here, some of it defined in
# diagram_places and glyph_text.
__all__ = [
    "FIGSIZE",
    "LINES",
    "LONGEST_GIVEN",
    "LONGEST_NUMBER",
    "PLACES",
    "SLOTS",
    "STATES",
    "NetworkDiagram",
    "text_width",
]

FIGSIZE = (WIDTH / CSS_DPI, HEIGHT / CSS_DPI)  # inches
MID = 232.0  # the middle row
_HIDDEN_DY = (110.0, 0.0, -110.0)  # hidden nodes about the middle row
_INPUT_DY = (135.0, -135.0)  # x1 above x2, wider apart than the hidden nodes: with the
# labels about 0.43 of the way along the edges, those of x1's edges all sit above those of
# x2's, 47 px apart
_OUT_DY = types.MappingProxyType({"y_hat": 40.0, "C": -60.0, "y": -140.0})
_EDGE_COLOR = types.MappingProxyType(
    {"1": COLORS["curve"], "2": COLORS["second"], "3": COLORS["third"]}
)


def _lines():
    """place -> the quantities written there, top to bottom."""
    out = {("node", "x1"): ("x1",), ("node", "x2"): ("x2",)}
    for j in "123":
        out[("node", f"h{j}")] = (f"h1{j}", f"a1{j}", f"dC/da1{j}", f"dC/dh1{j}")
    out[("node", "y_hat")] = ("y_hat", "dC/dy_hat")
    out[("node", "C")] = ("C",)
    out[("node", "y")] = ("y",)
    for name in WEIGHT_NAMES:
        out[("edge", name)] = (name, f"dC/d{name}")
    return types.MappingProxyType(out)


LINES = _lines()
SLOTS = types.MappingProxyType({name: at for at, names in LINES.items() for name in names})
PLACES = tuple(LINES)


def _outside(a, b, boxes):
    """The parts of segment a-b outside every box (x0, y0, x1, y1) -> x and y arrays with
    NaN between the parts, as a Line2D draws them."""
    (ax_, ay), (bx, by) = a, b
    dx, dy = bx - ax_, by - ay
    cuts = []
    for x0, y0, x1, y1 in boxes:
        lo, hi = 0.0, 1.0
        for start, delta, low, high in ((ax_, dx, x0, x1), (ay, dy, y0, y1)):
            if delta == 0:
                if not low <= start <= high:
                    lo, hi = 1.0, 0.0
                continue
            t0, t1 = sorted(((low - start) / delta, (high - start) / delta))
            lo, hi = max(lo, t0), min(hi, t1)
        if lo < hi:
            cuts.append((lo, hi))
    xs, ys, t = [], [], 0.0
    for lo, hi in sorted(cuts) + [(1.0, 1.0)]:
        if lo > t:
            xs += [ax_ + t * dx, ax_ + lo * dx, np.nan]
            ys += [ay + t * dy, ay + lo * dy, np.nan]
        t = max(t, hi)
    return xs, ys


def _clip(centre, size, towards, gap=2.0):
    """Where the segment from a box's centre towards a point leaves the box (plus gap)."""
    (cx, cy), (w, h) = centre, size
    dx, dy = towards[0] - cx, towards[1] - cy
    scale = min(
        (w / 2 + gap) / abs(dx) if dx else float("inf"),
        (h / 2 + gap) / abs(dy) if dy else float("inf"),
    )
    return cx + dx * scale, cy + dy * scale


@functools.cache
def _layout():
    """The columns from left to right: inputs, the input edges' labels, hidden nodes, the
    output edges' labels, output and loss, each as wide as its longest lines, with equal
    gaps between them across WIDTH -> ({column: centre x}, {column: width})."""
    widths = {
        "x": widest(LINES[("node", "x1")]) + 2 * PAD,
        "in": widest(LINES[("edge", "w11")]) + 2 * LABEL_PAD,
        "h": widest(LINES[("node", "h1")]) + 2 * PAD,
        "out": widest(LINES[("edge", "w31")]) + 2 * LABEL_PAD,
        "y_hat": widest(LINES[("node", "y_hat")]) + 2 * PAD,
    }
    gap = (WIDTH - 5 - sum(widths.values())) / (len(widths) - 1)  # room for outlines
    centres, left = {}, 2.0
    for column, width in widths.items():
        centres[column] = left + width / 2
        left += width + gap
    return centres, widths


class NetworkDiagram:
    """The 2-3-1 network on ax (which it owns: limits, no frame), with every quantity of the
    backward pass at its place.  See the module's docstring for the calls."""

    def __init__(self, ax):
        self.ax = ax
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, HEIGHT)
        ax.set_axis_off()
        self.places = {}
        centres, widths = _layout()
        nodes = {f"x{i + 1}": (centres["x"], MID + dy) for i, dy in enumerate(_INPUT_DY)}
        for j, dy in zip("123", _HIDDEN_DY):
            nodes[f"h{j}"] = (centres["h"], MID + dy)
        for name, dy in _OUT_DY.items():
            nodes[name] = (centres["y_hat"], MID + dy)
        for name, centre in nodes.items():
            at = ("node", name)
            width = widths["h"] if name[0] == "h" else widest(LINES[at]) + 2 * PAD
            self.places[at] = Place(ax, at, centre, LINES[at], TEXT_COLOR, width)
        self._edges(ax, nodes, centres)
        self._arrow(ax, "y_hat", "C", COLORS["point"])
        self._arrow(ax, "y", "C", COLORS["point"])
        caption = Caption(ax)
        self.captions = caption.lines
        overlays = [p.overlay for p in self.places.values() if p.overlay is not None]
        places = [*self.places.values(), caption]
        self.layer = ax.add_artist(Places(ax, places, overlays))
        self.layer.set_zorder(2)
        self._focused = None
        self.reset()

    def _edges(self, ax, nodes, centres):
        """The nine weight edges, each an arrow with its label box on it in the column of
        labels (centres: the columns' x), and the overlay drawn along it when it is current
        or reused."""
        for name in WEIGHT_NAMES:
            i, j = name[1], name[2]
            start, end = ("x" + i, "h" + j) if i in "12" else ("h" + j, "y_hat")
            (sx, sy), (ex, ey) = nodes[start], nodes[end]
            at = (centres["in" if i in "12" else "out"] - sx) / (ex - sx)
            centre = (sx + at * (ex - sx), sy + at * (ey - sy))
            color = _darker(_EDGE_COLOR[i])
            place = Place(ax, ("edge", name), centre, LINES[("edge", name)], color, None)
            place.ends = self._ends(nodes, start, end)
            place.arrow = self._draw_arrow(ax, *place.ends, _EDGE_COLOR[i])
            place.overlay = owned(
                Line2D([], [], lw=OVERLAY_WIDTH, solid_capstyle="butt", visible=False), ax
            )
            self.places[("edge", name)] = place

    def _ends(self, nodes, start, end):
        sa, sb = self.places[("node", start)], self.places[("node", end)]
        return _clip(nodes[start], sa.size, nodes[end]), _clip(nodes[end], sb.size, nodes[start])

    def _arrow(self, ax, start, end, color):
        nodes = {n: self.places[("node", n)].centre for n in (start, end)}
        self._draw_arrow(ax, *self._ends(nodes, start, end), color)

    @staticmethod
    def _draw_arrow(ax, a, b, color):
        arrow = FancyArrowPatch(
            a, b, arrowstyle="-|>", mutation_scale=12, lw=1.3, color=color, shrinkA=0, shrinkB=0
        )
        arrow.set_zorder(1)
        ax.add_patch(arrow)
        return arrow

    def _route(self):
        """Each shown overlay along its edge, stopping short of every place it crosses."""
        boxes = None
        for place in self.places.values():
            if place.overlay is not None and place.overlay.get_visible():
                if boxes is None:
                    boxes = [p.bounds(OVERLAY_GAP) for p in self.places.values()]
                place.overlay.set_data(*_outside(*place.ends, boxes))

    @property
    def artists(self):
        """Every artist an update changes: one, which draws the edges' overlays, then the
        places and the caption."""
        return [self.layer]

    def _check_at(self, at):
        if at not in self.places:
            raise ValueError(f"at must be one of {', '.join(map(str, PLACES))}, got {at!r}")
        return self.places[at]

    def write(self, at, lines):
        """Write lines (str, one per line LINES[at] holds, fewer to leave the rest) at the
        place at, in the place's text colour."""
        place = self._check_at(at)
        lines = list(lines)
        if len(lines) > len(place.lines):
            raise ValueError(
                f"lines: {at} holds {len(place.lines)} lines ({', '.join(place.names)}), "
                f"got {len(lines)}"
            )
        for k, line in enumerate(lines):
            if place.put(k, str(line), place.color):
                self._route()

    def show(self, name, value):
        """Write "name = value" on name's line (value: a number, written by nnlib.written's
        fmt for a computed quantity and given for a weight or input, or a str as it is),
        or "name = ?" in grey when value is None."""
        if name not in SLOTS:
            raise ValueError(f"name must be one of {', '.join(SLOTS)}, got {name!r}")
        place = self.places[SLOTS[name]]
        k = place.names.index(name)
        if value is None:
            moved = place.put(k, f"{name} = ?", PENDING_COLOR)
        else:
            shown = value if isinstance(value, str) else (fmt if name in RECIPES else given)(value)
            moved = place.put(k, f"{name} = {shown}", place.color)
        if moved:
            self._route()

    def text(self, name):
        """The line written for name, as it is now."""
        place = self.places[SLOTS[name]]
        return place.lines[place.names.index(name)].get_text()

    def texts(self, at):
        """The lines written at the place at, top to bottom."""
        return [t.get_text() for t in self._check_at(at).lines]

    def state(self, at, kind):
        """Style the place at as kind: "idle", "current", "done" or "reused"."""
        if kind not in STATES:
            raise ValueError(f"kind must be one of {', '.join(STATES)}, got {kind!r}")
        place = self._check_at(at)
        if place.kind != kind:
            place.set_state(kind)
            self._route()  # an overlay shown or hidden, or a label widened

    def states(self):
        """place -> its state now."""
        return {at: place.kind for at, place in self.places.items()}

    def focus(self, name):
        """Put the band behind name's line (the quantity being computed), or hide it (None)."""
        if name is not None and name not in SLOTS:
            raise ValueError(f"name must be one of {', '.join(SLOTS)}, got {name!r}")
        if name == self._focused:
            return
        if self._focused is not None:
            self.places[SLOTS[self._focused]].focus = None
        if name is not None:
            place = self.places[SLOTS[name]]
            place.focus = place.names.index(name)
        self._focused = name
        self.layer.stale = True

    def reuse(self, names):
        """Put the reused band behind each of names' lines (values used again), and behind
        no other line."""
        names = list(names)
        for name in names:
            if name not in SLOTS:
                raise ValueError(f"names must be among {', '.join(SLOTS)}, got {name!r}")
        marked = {}
        for name in names:
            place = self.places[SLOTS[name]]
            marked.setdefault(place.at, set()).add(place.names.index(name))
        for at, place in self.places.items():
            lines = frozenset(marked.get(at, ()))
            if place.reused != lines:
                place.reused = lines
                self.layer.stale = True

    @property
    def focused(self):
        """The name whose line the band is behind, or None."""
        return self._focused

    def caption(self, *lines):
        """Write up to two lines of caption beneath the network (none: clear it)."""
        if len(lines) > len(self.captions):
            raise ValueError(f"caption takes at most {len(self.captions)} lines, got {len(lines)}")
        for k, text in enumerate(self.captions):
            text.set_text(lines[k] if k < len(lines) else "")

    def reset(self):
        """Every line "name = ?", every place idle, no focus band, no caption."""
        for name in SLOTS:
            self.show(name, None)
        for at in self.places:
            self.state(at, "idle")
        self.focus(None)
        self.reuse(())
        self.caption()

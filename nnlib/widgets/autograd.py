"""The autograd explorer: one sigmoid neuron's squared error built from Values,
z = x w + b, a = sigmoid(z), C = (a - y)^2, drawn as its computation graph with every
node's value and grad and every edge's local derivative, and the backward pass shown a
node at a time.  Taught in 11_from_backprop_to_autograd.ipynb."""

from typing import NamedTuple

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..autograd import Value, topological_order
from ..plots import COLORS, styled
from ..plots_autograd import graph_rows, node_title
from ..written import fmt, given
from .base import Explorer
from .controls import control_grid
from .glyph_text import CSS_DPI, GlyphText, text_width
from .marks import KEY_SIZE, TEXT_SIZE
from .readout import Row, Section

BOX_W, BOX_H = 0.62, 0.78  # a node's box: of a column's width, of a unit of height
UNKNOWN = "0.6"  # the grey of a grad the backward pass has not reached yet
DOTS = "?"  # what such a grad shows
WIDEST = "-0.0000"  # the width of a local derivative's white backing
BASELINE = 4.0  # CSS pixels from the middle of an 11 pt line down to its baseline


def neuron_loss(x, w, b, y):
    """One sigmoid neuron's squared error from Values: z = x w + b, a = sigmoid(z),
    C = (a - y)^2.  x, w, b, y: numbers -> (C, {"x", "w", "b", "y", "z", "a", "C": Value})."""
    v = {name: Value(value, name) for name, value in (("x", x), ("w", w), ("b", b), ("y", y))}
    v["z"] = v["x"] * v["w"] + v["b"]
    v["a"] = v["z"].sigmoid()
    v["C"] = (v["a"] - v["y"]) ** 2
    for name in ("z", "a", "C"):
        v[name].label = name
    return v["C"], v


class Node(NamedTuple):
    """What one box shows: its title ("a: sigmoid"), its value written (given for an input,
    fmt for a computed one), its grad dC/d(node) and whether the backward pass reached it."""

    title: str
    value: str
    grad: float
    reached: bool


def layout():
    """The graph's boxes, laid out once (its shape never changes): centres in the order of
    topological_order(C), a column per depth (inputs left, C right) and graph_rows' place
    down it; the edges as (parent, child) pairs of indices, in the order of each child's
    _prev; and the boxes' titles.  -> (centres, edges, titles)."""
    C, _ = neuron_loss(1.0, 1.0, 1.0, 1.0)
    order = topological_order(C)
    rows, place = graph_rows(C)
    column = {v: r for r, row in enumerate(rows) for v in row}
    index = {v: k for k, v in enumerate(order)}
    centres = tuple((float(column[v]), place[v]) for v in order)
    edges = tuple((index[p], index[v]) for v in order for p in v._prev)
    return centres, edges, tuple(node_title(v) for v in order)


class AutogradExplorer(Explorer):
    """A neuron's loss as a graph of Values, its grads by backward() and by hand.  Built
    by autograd_explorer()."""

    name = "autograd_explorer"
    summary = "sliders x w b y and backward steps, over the graph of C = (a - y)^2"
    RANGE = (-3.0, 3.0)

    def __init__(self, x=2.0, w=-0.5, b=0.5, y=1.0):
        super().__init__(figsize=(9.0, 3.7))
        self.centres, self.edges, titles = layout()
        n = len(self.centres)
        inputs = [
            self._slider(name, value, *self.RANGE, 0.01, description)
            for name, value, description in (
                ("x", x, "x (input)"),
                ("w", w, "w (weight)"),
                ("b", b, "b (bias)"),
                ("y", y, "y (target)"),
            )
        ]
        steps = self._int_slider("steps", n, 0, n, "backward steps")
        self._build_figure(titles)
        self._assemble(control_grid(inputs[:2], inputs[2:], [steps]))

    def _build_figure(self, titles):
        with styled():
            self.figure.subplots_adjust(left=0.005, right=0.995, bottom=0.01, top=0.86)
            ax = self._axes()
            self.ax = ax
            ax.set_axis_off()
            columns = [x for x, _ in self.centres]
            rows = [y for _, y in self.centres]
            ax.set_xlim(min(columns) - 0.35, max(columns) + 0.35)
            ax.set_ylim(max(rows) + 0.55, min(rows) - 0.55)
            self._retitle(
                ax,
                "each box: name: op, value, grad dC/d(node) (? until the backward pass "
                "reaches it);\neach arrow: the local derivative d(node)/d(parent)",
            )
            for x, y in self.centres:
                ax.add_patch(self._box(x, y, "white", "0.35", 1.0, 2))
            self.edge_labels = [self._edge(ax, p, c) for p, c in self.edges]
            for (x, y), title in zip(self.centres, titles):
                ax.text(x, y - 0.24, title, ha="center", va="center", size=TEXT_SIZE, zorder=4)
            self.value_texts = [self._text(ax, x, y - 0.02, TEXT_SIZE) for x, y in self.centres]
            self.grad_texts = [
                self._text(ax, x, y + 0.24, KEY_SIZE, weight="bold") for x, y in self.centres
            ]
            self.ring = self._box(0.0, 0.0, "none", COLORS["highlight"], 3.0, 5)
            ax.add_patch(self.ring)
        self._animate(self.ring, *self.value_texts, *self.grad_texts, *self.edge_labels)

    @staticmethod
    def _box(x, y, face, edge, width, zorder):
        """A node's box centred at (x, y)."""
        return FancyBboxPatch(
            (x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=face, edgecolor=edge, linewidth=width, zorder=zorder,
        )  # fmt: skip

    def _edge(self, ax, parent, child):
        """An arrow from the box of parent to the box of child (indices into centres) and
        the text of its local derivative, at the arrow's middle -> that text."""
        (x0, y0), (x1, y1) = self.centres[parent], self.centres[child]
        start, end = (x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1)
        arrow = FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=12, color="0.55",
            linewidth=1.2, zorder=1, shrinkA=0, shrinkB=0,
        )  # fmt: skip
        ax.add_patch(arrow)
        (x, y) = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        if y0 == y1:  # a level arrow: its number above it, clear of the line
            return self._text(ax, x, y - self._units(0, 2 * BASELINE + 4)[1], TEXT_SIZE, "0.25")
        width, height = self._units(text_width(WIDEST) + 4, 2 * BASELINE + 6)
        ax.add_patch(  # over the arrow, under the boxes
            FancyBboxPatch(
                (x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0",
                facecolor="white", edgecolor="none", zorder=1.5,
            )
        )  # fmt: skip
        return self._text(ax, x, y, TEXT_SIZE, "0.25")

    def _units(self, width, height):
        """A width and a height in CSS pixels -> in the axes' data units (x, y)."""
        (x0, x1), (y1, y0) = self.ax.get_xlim(), self.ax.get_ylim()
        box = self.ax.get_position()
        inches = self.figure.get_size_inches()
        return (
            width / CSS_DPI / (inches[0] * box.width) * (x1 - x0),
            height / CSS_DPI / (inches[1] * box.height) * (y1 - y0),
        )

    def _text(self, ax, x, y, size, color="black", weight="normal"):
        """A text centred at (x, y) drawn from glyph bitmaps (GlyphText), to be set by draw."""
        drop = self._units(0, BASELINE * size / TEXT_SIZE)[1]  # y grows downwards
        text = GlyphText(x, y + drop, "", ha="center", fontsize=size, weight=weight, color=color)
        text.set_zorder(4)
        return ax.add_artist(text)

    @classmethod
    def compute(cls, state):
        """One forward and one backward pass of C = (sigmoid(x w + b) - y)^2 by
        nnlib.autograd, every node's value and grad, every edge's local derivative, the
        nodes the first `steps` steps of the backward pass reached (reverse topological
        order), and dC/dw, dC/db by the chain rule written out.  state: x, w, b, y, steps
        -> dict."""
        C, v = neuron_loss(*(state[k] for k in "xwby"))
        C.backward()
        order = topological_order(C)
        steps = state["steps"]
        reached = set(order[len(order) - steps :])
        nodes = tuple(
            Node(node_title(n), (fmt if n._prev else given)(n.data), n.grad, n in reached)
            for n in order
        )
        a, y, x = v["a"].data, state["y"], state["x"]
        delta = 2 * (a - y) * a * (1 - a)  # dC/dz = dC/da da/dz
        return {
            "state": dict(state),
            "nodes": nodes,
            "locals": tuple(local for n in order for local in n._local),
            "current": len(order) - steps if steps else None,
            "z": v["z"].data,
            "a": a,
            "C": C.data,
            "dC/dw": v["w"].grad,
            "dC/db": v["b"].grad,
            "dC/dw by hand": delta * x,
            "dC/db by hand": delta,
        }

    def draw(self, numbers):
        for node, value, grad in zip(numbers["nodes"], self.value_texts, self.grad_texts):
            value.set_text(node.value)
            grad.set_text(fmt(node.grad) if node.reached else DOTS)
            grad.set_color(COLORS["derivative"] if node.reached else UNKNOWN)
        for text, local in zip(self.edge_labels, numbers["locals"]):
            text.set_text(fmt(local))
        current = numbers["current"]
        self.ring.set_visible(current is not None)
        if current is not None:
            x, y = self.centres[current]
            self.ring.set_bounds(x - BOX_W / 2, y - BOX_H / 2, BOX_W, BOX_H)

    def lines(self, numbers):
        s, derivative = numbers["state"], COLORS["derivative"]
        n, steps, current = len(numbers["nodes"]), s["steps"], numbers["current"]
        if current is None:
            step = (Row("node", "none yet", "the backward pass starts at C"),)
        else:
            node = numbers["nodes"][current]
            step = (
                Row("node", node.title, "handed its grad now (ringed)", COLORS["highlight"]),
                Row("its grad", node.grad, "sum over its users of grad x local", derivative),
            )
        return [
            Section(
                "the forward pass",
                (
                    *(Row(k, s[k]) for k in "xwby"),
                    Row("z", numbers["z"], "x w + b"),
                    Row("a", numbers["a"], "sigmoid(z)"),
                    Row("C", numbers["C"], "(a - y)^2"),
                ),
            ),
            Section(
                "the gradients",
                (
                    Row("dC/dw", numbers["dC/dw"], "by backward()", derivative, key=True),
                    Row("dC/dw by hand", numbers["dC/dw by hand"], "2(a - y) a(1 - a) x"),
                    Row("dC/db", numbers["dC/db"], "by backward()", derivative, key=True),
                    Row("dC/db by hand", numbers["dC/db by hand"], "2(a - y) a(1 - a)"),
                ),
            ),
            Section(
                "the backward pass",
                (Row("steps", steps, f"of {n}: nodes given their grad, from C back"), *step),
            ),
        ]


def autograd_explorer(x=2.0, w=-0.5, b=0.5, y=1.0):
    """One sigmoid neuron's loss built from Values, z = x w + b, a = sigmoid(z),
    C = (a - y)^2, drawn as its computation graph: each box its name and operation, value
    and grad dC/d(node), each arrow its local derivative.  Sliders x, w, b, y (-3 .. 3) and
    backward steps (0: no grad yet, the most: backward() done; the node handed its grad
    last is ringed).  The readout: dC/dw and dC/db by backward() and by the chain rule.
    Taught in 11_from_backprop_to_autograd.ipynb."""
    return AutogradExplorer(x, w, b, y)

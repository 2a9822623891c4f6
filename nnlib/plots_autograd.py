"""The static figure of a Value expression's computation graph: every node with its name
or operation, its value and its grad, arrows from each node's parents to it, drawn with
matplotlib alone.  Re-exported by nnlib.plots; taught in 11_from_backprop_to_autograd.ipynb.
"""

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._check import describe
from .autograd import Value, topological_order
from .style import COLORS, fmt, given, static_figure

MAX_NODES = 40  # more would not fit 720 CSS pixels at a readable size
MAX_PER_ROW = 8
ROW_INCHES = 0.9
BOX_W, BOX_H = 0.94, 0.7  # a node's box, in slots (x) and rows (y)
FONT = 9.6  # points: 12 CSS pixels, the smallest the course draws


def graph_rows(root):
    """root's graph laid out: (rows, x).  rows: lists of nodes, inputs at the top; an
    operation one row below its deepest parent, an input or constant one row above its
    first use.  x: node -> its place across, 0.5 .. MAX_PER_ROW - 0.5, near the mean place
    of its parents (then of its users, then of its parents again, to untangle the edges).
    root: Value -> (list of lists, dict)."""
    order = topological_order(root)
    depth, users = {}, {v: [] for v in order}
    for v in order:
        depth[v] = 1 + max(depth[p] for p in v._prev) if v._prev else 0
        for p in v._prev:
            users[p].append(v)
    for v in order:
        if not v._prev and users[v]:
            depth[v] = min(depth[u] for u in users[v]) - 1
    rows = [[] for _ in range(max(depth.values()) + 1)]
    for v in order:
        rows[depth[v]].append(v)
    x = {v: MAX_PER_ROW / 2 + k - (len(rows[0]) - 1) / 2 for k, v in enumerate(rows[0])}
    for near, sweep in ((_prev, rows[1:]), (users.get, rows[-2::-1]), (_prev, rows[1:])):
        for row in sweep:
            keys = _row_keys(row, near, users, x)
            row.sort(key=lambda v: keys[v])
            x.update(zip(row, _spread([keys[v] for v in row])))
    return rows, x


def _prev(v):
    return v._prev


def _row_keys(row, near, users, x):
    """Where each node of row should go: the mean place of the nodes near it (near(v):
    its parents or its users) in other rows; an input with none there, just after the
    nodes of its row it is used with; otherwise where it was.  -> {node: number}."""
    keys = {}
    for v in row:
        placed = [p for p in near(v) or () if p not in row]
        if placed:
            keys[v] = sum(x[p] for p in placed) / len(placed)
    for v in row:
        partners = [p for u in users[v] for p in u._prev if p in keys]
        if v not in keys:
            mean = sum(keys[p] for p in partners) / len(partners) if partners else None
            keys[v] = x.get(v, MAX_PER_ROW / 2) if mean is None else mean + 1e-3
    return keys


def _spread(keys):
    """Places at least 1 apart within 0.5 .. MAX_PER_ROW - 0.5, each as near its key as
    that allows.  keys: sorted numbers, at most MAX_PER_ROW -> list of as many."""
    lo, hi = 0.5, MAX_PER_ROW - 0.5
    out = []
    for k in keys:
        out.append(max(k, lo, out[-1] + 1.0) if out else max(k, lo))
    out[-1] = min(out[-1], hi)
    for i in range(len(out) - 2, -1, -1):
        out[i] = min(out[i], out[i + 1] - 1.0)
    return out


def node_title(v):
    """A node's name and operation: "a11: sigmoid", "*", "w11", or "const" for a number.
    Shared with the autograd explorer (nnlib.widgets.autograd)."""
    if v.label and v.op:
        return f"{v.label}: {v.op}"
    return v.label or v.op or "const"


def plot_value_graph(
    root, title="in each box: the node's name and operation, its value, and its grad dC/d(node)"
):
    """root's computation graph (topological_order), one row per depth from the inputs,
    each node a box with its name or operation, its value (given inputs as set, computed
    values to 4 digits) and its grad, dC/d(node) for C = root, after root.backward().
    root: a Value of at most MAX_NODES nodes, MAX_PER_ROW per row.  -> Figure.
    Taught in 11_from_backprop_to_autograd.ipynb."""
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {describe(root)}")
    rows, place = graph_rows(root)
    n = sum(len(r) for r in rows)
    widest = max(len(r) for r in rows)
    if n > MAX_NODES or widest > MAX_PER_ROW:
        raise ValueError(
            f"root's graph has {n} nodes, up to {widest} side by side; a readable drawing "
            f"fits at most {MAX_NODES}, {MAX_PER_ROW} side by side"
        )
    with static_figure(ROW_INCHES * len(rows) + 0.5) as fig:
        ax = fig.subplots()
        ax.set_axis_off()
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlim(0, MAX_PER_ROW)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_title(title)
        centre = {v: (place[v], r) for r, row in enumerate(rows) for v in row}
        for v, (x, y) in centre.items():
            _draw_node(ax, v, x, y)
            for p in set(v._prev):
                _draw_edge(ax, centre[p], (x, y))
    return fig


def _draw_node(ax, v, x, y):
    """A box at (x, y) with the node's title and value, and its grad below them."""
    box = FancyBboxPatch(
        (x - BOX_W / 2, y - BOX_H / 2),
        BOX_W,
        BOX_H,
        boxstyle="round,pad=0,rounding_size=0.08",
        facecolor="white",
        edgecolor=COLORS["point"] if v._prev else COLORS["curve"],
        linewidth=1.2,
        zorder=2,
    )
    ax.add_patch(box)
    value = fmt(v.data) if v._prev else given(v.data)
    ax.text(x, y + 0.02, f"{node_title(v)}\n{value}", ha="center", va="bottom", size=FONT, zorder=3)
    ax.text(
        x,
        y + 0.04,
        fmt(v.grad),
        ha="center",
        va="top",
        size=FONT,
        color=COLORS["tangent"],
        zorder=3,
    )


def _draw_edge(ax, start, end):
    """An arrow from the bottom of the box at start to the top of the box at end."""
    (x0, y0), (x1, y1) = start, end
    arrow = FancyArrowPatch(
        (x0, y0 + BOX_H / 2),
        (x1, y1 - BOX_H / 2),
        arrowstyle="-|>",
        mutation_scale=10,
        color="0.55",
        linewidth=1.0,
        zorder=1,
        shrinkA=0,
        shrinkB=0,
    )
    ax.add_patch(arrow)

"""Diagrams of the article's 2-3-1 network: plot_seed_network (the forward pass) and
plot_computation_graph (the backward pass: every node's value and gradient, every edge's
local derivative), both drawn from the numbers nnlib computes.  Re-exported by nnlib.plots.
Taught in 04_forward_pass.ipynb and 05_chain_rule.ipynb.

Both are drawn on one axes whose data units are the figure's CSS pixels, so the layout
below reads as a sketch on a 720-pixel-wide page.  The six input weights are labelled in one
column, where the edges from x1 have not yet crossed those from x2, each label on a white box
on its own edge and in its edge's colour.
"""

from matplotlib.colors import to_rgb

from .style import COLORS, DPI, WIDTH, fmt, given, static_figure

NODE_SIZE = 11.5  # points: 14.4 CSS pixels, the figures' key numbers
LABEL_SIZE = 10.5  # points: 13.1 CSS pixels, the weights on the edges
CAPTION_SIZE = 11.0
TITLE_SIZE = 12.0
HEIGHT = 4.9  # inches, the forward-pass diagram
_TOP = (WIDTH * DPI / 2, HEIGHT * DPI - 6)  # where the title hangs from
_BOTTOM = (WIDTH * DPI / 2, 6)  # where the caption stands
_MID = 220.0  # the middle row, in CSS pixels from the bottom
_HIDDEN_DY = (160.0, 0.0, -160.0)  # hidden nodes' rows about the middle one
_INPUT_DY = (145.0, -145.0)  # input nodes' rows: the labels of x1's edges stay above x2's
_INPUT_AT = 0.4  # where along an input edge its label sits
_SEED_X = {"x": 45.0, "h": 280.0, "y_hat": 500.0, "C": 635.0}
# The computation graph is taller: three-line weight labels, and a local derivative above
# each sigmoid edge.
_GRAPH_HEIGHT = 5.8  # inches
_GRAPH_MID = 250.0
_GRAPH_HIDDEN_DY = (175.0, 0.0, -175.0)
_GRAPH_INPUT_DY = (170.0, -170.0)
_GRAPH_LOSS_DY = -170.0  # C below y_hat
_GRAPH_LOCAL_DY = 27.0  # from a hidden row up to the local derivative above its sigmoid edge
_GRAPH_X = {"x": 42.0, "h": 252.0, "a": 397.0, "y_hat": 640.0}
_GRAPH_CAPTION = (
    "on each edge its local derivative (for wij: xi);  "
    "grad = local derivative x grad of the node it feeds"
)


def _check_net(net):
    from .seed_network import SeedNetwork

    if net is None:
        return SeedNetwork()
    if not isinstance(net, SeedNetwork):
        raise TypeError(f"net must be a SeedNetwork or None, got {type(net).__name__}")
    return net


def _canvas(fig):
    """One axes filling fig, without frame or ticks, one data unit per CSS pixel."""
    width, height = fig.get_size_inches() * DPI
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    return ax


def _node(ax, xy, text, color):
    """A node: its text in a rounded box outlined in color."""
    return ax.text(
        *xy,
        text,
        ha="center",
        va="center",
        fontsize=NODE_SIZE,
        zorder=3,
        bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": color, "lw": 2},
    )


def _darker(color, keep=0.7):
    """color with its red, green and blue scaled by keep: the same hue, readable as text."""
    return tuple(keep * c for c in to_rgb(color))


def _edge(ax, start, end, label, at=0.5, color=COLORS["point"], label_color=None):
    """An arrow from node start to node end (Text artists); its label, if any, on a white
    box on the edge at fraction at from start, in label_color (None: the edge's colour),
    darkened to read as text."""
    ax.annotate(
        "",
        xy=end.get_position(),
        xytext=start.get_position(),
        zorder=4,
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": 1.3,
            "patchA": start.get_bbox_patch(),
            "patchB": end.get_bbox_patch(),
        },
    )
    (x0, y0), (x1, y1) = start.get_position(), end.get_position()
    if not label:
        return None
    return ax.text(
        x0 + at * (x1 - x0),
        y0 + at * (y1 - y0),
        label,
        ha="center",
        va="center",
        fontsize=LABEL_SIZE,
        color=_darker(color if label_color is None else label_color),
        zorder=6,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )


def _input_nodes(ax, x_pos, x, mid=_MID, rows=_INPUT_DY):
    """The nodes x1 and x2 (values x) in the column at x_pos, rows above the middle row."""
    return [
        _node(ax, (x_pos, mid + dy), f"x{i + 1} = {given(x[i])}", COLORS["point"])
        for i, dy in enumerate(rows)
    ]


def _input_edges(ax, inputs, hidden, label):
    """The six weight edges w_ij from input node i to hidden node j, coloured by input, each
    labelled label(i, j) (i, j counted from 1) in one column."""
    for i, p in enumerate(inputs):
        for j, h in enumerate(hidden):
            color = COLORS["curve"] if i == 0 else COLORS["second"]
            _edge(ax, p, h, label(i + 1, j + 1), at=_INPUT_AT, color=color)


def _text(ax, xy, text, va, size=CAPTION_SIZE, ha="center"):
    """A line of plain text (a title or a caption) at xy in CSS pixels."""
    return ax.text(*xy, text, ha=ha, va=va, fontsize=size)


def plot_seed_network(net=None, x=(1.0, 1.0), y=0.0):
    """The article's 2-3-1 network: weights on the edges, h and a in the hidden nodes,
    y_hat and C at the output, all computed by nnlib for inputs x and target y.
    -> Figure (its texts are the numbers).  Taught in 04_forward_pass."""
    net = _check_net(net)
    f = net.forward(x, y)
    w = net.weights
    with static_figure(HEIGHT, layout=None) as fig:
        ax = _canvas(fig)
        inputs = _input_nodes(ax, _SEED_X["x"], f["x"])
        hidden = []
        for j, dy in enumerate(_HIDDEN_DY):
            text = f"h1{j + 1} = {fmt(f['h'][j])}\na1{j + 1} = {fmt(f['a'][j])}"
            hidden.append(_node(ax, (_SEED_X["h"], _MID + dy), text, COLORS["curve"]))
        out = _node(ax, (_SEED_X["y_hat"], _MID), f"y_hat = {fmt(f['y_hat'])}", COLORS["highlight"])
        loss = _node(ax, (_SEED_X["C"], _MID), f"C = {fmt(f['loss'])}", COLORS["highlight"])
        target = _node(ax, (_SEED_X["C"], _MID + 110), f"y = {given(f['y'])}", COLORS["point"])
        _input_edges(ax, inputs, hidden, lambda i, j: f"w{i}{j} = {given(w[f'w{i}{j}'])}")
        for j, h in enumerate(hidden):
            label = f"w3{j + 1} = {given(w[f'w3{j + 1}'])}"
            _edge(ax, h, out, label, at=0.42, color=COLORS["third"])
        _edge(ax, out, loss, "")
        _edge(ax, target, loss, "")
        _text(ax, (_SEED_X["C"], _MID - 30), "C = (y_hat - y)^2", "top")
        title = "the forward pass: values flow left to right, from x to the loss C"
        _text(ax, _TOP, title, "top", TITLE_SIZE)
        _text(
            ax,
            _BOTTOM,
            "h1j = x1 w1j + x2 w2j,   a1j = sigmoid(h1j),   y_hat = w31 a11 + w32 a12 + w33 a13",
            "bottom",
        )
    return fig


def _graph_node(ax, xy, name, value, grad, color=COLORS["curve"]):
    """A computation-graph node at xy: "name = value" over "grad dC/d(name)"."""
    return _node(ax, xy, f"{name} = {fmt(value)}\ngrad {fmt(grad)}", color)


def _local_label(ax, start, end, text):
    """The local derivative of the edge from node start to node end, written just above
    the middle of the edge, clear of both nodes, in the derivatives' colour."""
    (x0, y0), (x1, y1) = start.get_position(), end.get_position()
    return ax.text(
        (x0 + x1) / 2,
        max(y0, y1) + _GRAPH_LOCAL_DY,
        text,
        ha="center",
        va="bottom",
        fontsize=LABEL_SIZE,
        color=_darker(COLORS["derivative"]),
        zorder=6,
    )


def _hidden_graph_nodes(ax, v):
    """The h1j and a1j nodes of the computation graph and the sigmoid edge between each
    pair, labelled with its local derivative a1j(1 - a1j)."""
    hs, As = [], []
    for j, dy in enumerate(_GRAPH_HIDDEN_DY):
        k = j + 1
        h = _graph_node(
            ax, (_GRAPH_X["h"], _GRAPH_MID + dy), f"h1{k}", v[f"h1{k}"], v[f"dC/dh1{k}"]
        )
        a = _graph_node(
            ax, (_GRAPH_X["a"], _GRAPH_MID + dy), f"a1{k}", v[f"a1{k}"], v[f"dC/da1{k}"]
        )
        _edge(ax, h, a, "")
        slope = v[f"a1{k}"] * (1 - v[f"a1{k}"])
        _local_label(ax, h, a, f"a1{k}(1 - a1{k})\n= {fmt(slope)}")
        hs.append(h)
        As.append(a)
    return hs, As


def _graph_weight_edges(ax, inputs, hs, As, out, v):
    """The nine weight edges.  On w_ij (x_i to h1j): the weight, its local derivative
    dh1j/dw_ij = x_i and its grad; on w3j (a1j to y_hat): the weight, which is the local
    derivative dy_hat/da1j, and its grad."""

    def label(i, j):
        w = f"w{i}{j}"
        return f"{w} = {given(v[w])}\nx{i} = {given(v[f'x{i}'])}\ngrad {fmt(v['dC/d' + w])}"

    _input_edges(ax, inputs, hs, label)
    for j, a in enumerate(As):
        name = f"w3{j + 1}"
        label = f"{name} = {given(v[name])}\ngrad {fmt(v['dC/d' + name])}"
        _edge(ax, a, out, label, at=0.5, color=COLORS["third"])


def plot_computation_graph(net=None, x=(1.0, 1.0), y=0.0):
    """The backward pass on the article's network: each node shows its value and its grad
    dC/d(node), each edge its local derivative (a1j(1 - a1j) on the sigmoid, w3j from a1j
    to y_hat, x_i for the weight w_ij, 2(y_hat - y) from y_hat to C), so that every grad
    reads as local derivative x the grad of the node it feeds.  Numbers from
    nnlib.backprop.backprop_values.  -> Figure.  Taught in 05_chain_rule."""
    from .backprop import backprop_values

    net = _check_net(net)
    v = backprop_values(net, x, y)
    v.update(net.weights)
    v.update(zip(("x1", "x2"), net.forward(x, y)["x"]))
    with static_figure(_GRAPH_HEIGHT, layout=None) as fig:
        ax = _canvas(fig)
        inputs = _input_nodes(ax, _GRAPH_X["x"], (v["x1"], v["x2"]), _GRAPH_MID, _GRAPH_INPUT_DY)
        hs, As = _hidden_graph_nodes(ax, v)
        out_xy = (_GRAPH_X["y_hat"], _GRAPH_MID)
        loss_xy = (_GRAPH_X["y_hat"], _GRAPH_MID + _GRAPH_LOSS_DY)
        out = _graph_node(ax, out_xy, "y_hat", v["y_hat"], v["dC/dy_hat"], COLORS["highlight"])
        loss = _graph_node(ax, loss_xy, "C", v["C"], 1.0, COLORS["highlight"])
        _graph_weight_edges(ax, inputs, hs, As, out, v)
        local = f"2(y_hat - y)\n= {fmt(v['dC/dy_hat'])}"
        _edge(ax, out, loss, local, label_color=COLORS["derivative"])
        title = "backprop: read the grads from C back to each weight"
        _text(ax, (WIDTH * DPI / 2, _GRAPH_HEIGHT * DPI - 6), title, "top", TITLE_SIZE)
        _text(ax, _BOTTOM, _GRAPH_CAPTION, "bottom")
    return fig

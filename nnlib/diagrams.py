"""Diagrams of the article's 2-3-1 network: plot_seed_network (the forward pass) and
plot_computation_graph (the forward pass and every gradient), both drawn from the numbers
SeedNetwork computes.  Re-exported by nnlib.plots.
Taught in 04_forward_pass.ipynb and 05_chain_rule.ipynb.

Both are drawn on one axes whose data units are the figure's CSS pixels, so the layout
below reads as a sketch on a 720-pixel-wide page.  The six input weights are labelled in one
column, where the edges from x1 have not yet crossed those from x2, each label on a white box
on its own edge and in its edge's colour.
"""

from matplotlib.colors import to_rgb

from .style import COLORS, DPI, WIDTH, fmt, static_figure

NODE_SIZE = 11.5  # points: 14.4 CSS pixels, the figures' key numbers
LABEL_SIZE = 10.5  # points: 13.1 CSS pixels, the weights on the edges
CAPTION_SIZE = 11.0
TITLE_SIZE = 12.0
HEIGHT = 4.9  # inches, both diagrams
_TOP = (WIDTH * DPI / 2, HEIGHT * DPI - 6)  # where the title hangs from
_BOTTOM = (WIDTH * DPI / 2, 6)  # where the caption stands
_MID = 220.0  # the middle row, in CSS pixels from the bottom
_HIDDEN_DY = (160.0, 0.0, -160.0)  # hidden nodes' rows about the middle one
_INPUT_DY = (145.0, -145.0)  # input nodes' rows: the labels of x1's edges stay above x2's
_INPUT_AT = 0.4  # where along an input edge its label sits
_SEED_X = {"x": 45.0, "h": 280.0, "y_hat": 500.0, "C": 635.0}
_GRAPH_X = {"x": 42.0, "h": 252.0, "a": 397.0, "y_hat": 640.0}


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


def _edge(ax, start, end, label, at=0.5, color=COLORS["point"]):
    """An arrow from node start to node end (Text artists); its label, if any, on a white
    box on the edge at fraction at from start, in the edge's colour."""
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
        color=_darker(color),
        zorder=6,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )


def _input_nodes(ax, x_pos, x):
    """The nodes x1 and x2 (values x) in the column at x_pos."""
    return [
        _node(ax, (x_pos, _MID + dy), f"x{i + 1} = {fmt(x[i])}", COLORS["point"])
        for i, dy in enumerate(_INPUT_DY)
    ]


def _weight_label(name, weights, gradients=None):
    """ "w11 = 0.8", and below it "grad 0.1455" (dC/dw11) when gradients are given."""
    label = f"{name} = {fmt(weights[name])}"
    if gradients is None:
        return label
    return f"{label}\ngrad {fmt(gradients[name])}"


def _input_edges(ax, inputs, hidden, weights, gradients=None):
    """The six weight edges w_ij from input node i to hidden node j, coloured by input."""
    for i, p in enumerate(inputs):
        for j, h in enumerate(hidden):
            label = _weight_label(f"w{i + 1}{j + 1}", weights, gradients)
            color = COLORS["curve"] if i == 0 else COLORS["second"]
            _edge(ax, p, h, label, at=_INPUT_AT, color=color)


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
        target = _node(ax, (_SEED_X["C"], _MID + 110), f"y = {fmt(f['y'])}", COLORS["point"])
        _input_edges(ax, inputs, hidden, w)
        for j, h in enumerate(hidden):
            _edge(ax, h, out, _weight_label(f"w3{j + 1}", w), at=0.42, color=COLORS["third"])
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


def _node_gradients(net, x, y):
    """dC/d(node) for y_hat, a11..a13 and h11..h13: the running products of the chain
    rule's factors for w11, w12, w13, read from C back towards the inputs."""
    grads = {}
    for j in range(3):
        chain = net.chain_rule(f"w1{j + 1}", x, y)
        upstream = chain[0].value
        grads["y_hat"] = upstream
        grads[f"a1{j + 1}"] = upstream * chain[1].value
        grads[f"h1{j + 1}"] = upstream * chain[1].value * chain[2].value
    return grads


def _graph_node(ax, xy, name, value, grad, color=COLORS["curve"]):
    """A computation-graph node at xy: "name = value" over "grad dC/d(name)"."""
    return _node(ax, xy, f"{name} = {fmt(value)}\ngrad {fmt(grad)}", color)


def _hidden_graph_nodes(ax, f, node_grads):
    """The h1j and a1j nodes of the computation graph, each pair drawn in turn."""
    hs, As = [], []
    for j, dy in enumerate(_HIDDEN_DY):
        for kind, nodes in (("h", hs), ("a", As)):
            name = f"{kind}1{j + 1}"
            xy = (_GRAPH_X[kind], _MID + dy)
            nodes.append(_graph_node(ax, xy, name, f[kind][j], node_grads[name]))
    return hs, As


def plot_computation_graph(net=None, x=(1.0, 1.0), y=0.0):
    """The forward values and gradients node by node: each node shows its value and
    dC/d(node); each weight edge shows w and dC/dw.  The gradients are the running
    products of nnlib's chain-rule factors, read from C back to the inputs.
    -> Figure.  Taught in 05_chain_rule."""
    net = _check_net(net)
    f = net.forward(x, y)
    w, grads = net.weights, net.gradients(x, y)
    node_grads = _node_gradients(net, x, y)
    with static_figure(HEIGHT, layout=None) as fig:
        ax = _canvas(fig)
        inputs = _input_nodes(ax, _GRAPH_X["x"], f["x"])
        hs, As = _hidden_graph_nodes(ax, f, node_grads)
        out_xy, loss_xy = (_GRAPH_X["y_hat"], _MID), (_GRAPH_X["y_hat"], _MID - 130)
        out = _graph_node(ax, out_xy, "y_hat", f["y_hat"], node_grads["y_hat"], COLORS["highlight"])
        loss = _graph_node(ax, loss_xy, "C", f["loss"], 1.0, COLORS["highlight"])
        _input_edges(ax, inputs, hs, w, grads)
        for j, (h, a) in enumerate(zip(hs, As)):
            _edge(ax, h, a, "")
            label = _weight_label(f"w3{j + 1}", w, grads)
            _edge(ax, a, out, label, at=0.5, color=COLORS["third"])
        _edge(ax, out, loss, "")
        title = "backprop: read the grads from C back to each weight"
        _text(ax, _TOP, title, "top", TITLE_SIZE)
        _text(
            ax,
            _BOTTOM,
            "grad = dC/d(node or weight);  h to a: the sigmoid;  "
            "grad of wij = grad of h1j times xi",
            "bottom",
        )
    return fig

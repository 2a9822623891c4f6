"""Diagrams of the article's 2-3-1 network: plot_seed_network (the forward pass) and
plot_computation_graph (the forward pass and every gradient), both drawn from the numbers
SeedNetwork computes.  Re-exported by nnlib.plots.
Taught in 04_forward_pass.ipynb and 05_chain_rule.ipynb.
"""

from .style import COLORS, fmt, styled_figure

_LAYER_X = (0.0, 1.0, 2.0)
_HIDDEN_Y = (1.2, 0.0, -1.2)
_INPUT_Y = (0.6, -0.6)
# Where the computation graph puts each kind of node, left to right.
_GRAPH_X = {"x": 0.0, "h": 1.45, "a": 2.45, "y_hat": 3.45, "C": 4.25}


def _check_net(net):
    from .seed_network import SeedNetwork

    if net is None:
        return SeedNetwork()
    if not isinstance(net, SeedNetwork):
        raise TypeError(f"net must be a SeedNetwork or None, got {type(net).__name__}")
    return net


def _canvas(fig, xlim, ylim):
    """One axes filling fig, without frame or ticks, spanning xlim by ylim."""
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    return ax


def _node(ax, xy, text, color):
    """A node: its text in a rounded box outlined in color."""
    return ax.text(
        *xy,
        text,
        ha="center",
        va="center",
        fontsize=8.5,
        zorder=3,
        bbox={
            "boxstyle": "round,pad=0.4",
            "facecolor": "white",
            "edgecolor": color,
            "linewidth": 2,
        },
    )


def _edge(ax, start, end, label, at=0.25, color=COLORS["point"]):
    """An arrow from node start to node end (Text artists), labelled at fraction at."""
    ax.annotate(
        "",
        xy=end.get_position(),
        xytext=start.get_position(),
        zorder=5,
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": 1.0,
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
        fontsize=7.5,
        zorder=6,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3, "alpha": 0.9},
    )


def _input_nodes(ax, x_pos, x):
    """The nodes x1 and x2 (values x) in the column at x_pos."""
    return [
        _node(ax, (x_pos, yy), f"x{i + 1} = {fmt(x[i])}", COLORS["point"])
        for i, yy in enumerate(_INPUT_Y)
    ]


def _weight_label(name, weights, gradients=None):
    """ "w11 = 0.8", and below it "dC/dw11 = ..." when gradients are given."""
    label = f"{name} = {fmt(weights[name])}"
    if gradients is None:
        return label
    return f"{label}\ndC/d{name} = {fmt(gradients[name])}"


def _input_edges(ax, inputs, hidden, weights, gradients=None):
    """The six weight edges w_ij from input node i to hidden node j, coloured by input."""
    for i, p in enumerate(inputs):
        for j, h in enumerate(hidden):
            _edge(
                ax,
                p,
                h,
                _weight_label(f"w{i + 1}{j + 1}", weights, gradients),
                at=0.62,
                color=COLORS["curve"] if i == 0 else COLORS["second"],
            )


def plot_seed_network(net=None, x=(1.0, 1.0), y=0.0):
    """The article's 2-3-1 network: weights on the edges, h and a in the hidden nodes,
    y_hat and C at the output, all computed by nnlib for inputs x and target y.
    -> Figure (its texts are the numbers).  Taught in 04_forward_pass."""
    net = _check_net(net)
    f = net.forward(x, y)
    w = net.weights
    with styled_figure((7.5, 4.6)) as fig:
        ax = _canvas(fig, (-0.4, 2.75), (-1.6, 1.6))
        inputs = _input_nodes(ax, _LAYER_X[0], f["x"])
        hidden = [
            _node(
                ax,
                (_LAYER_X[1], yy),
                f"h1{j + 1} = {fmt(f['h'][j])}\na1{j + 1} = {fmt(f['a'][j])}",
                COLORS["curve"],
            )
            for j, yy in enumerate(_HIDDEN_Y)
        ]
        out = _node(ax, (_LAYER_X[2], 0.0), f"y_hat = {fmt(f['y_hat'])}", COLORS["highlight"])
        _input_edges(ax, inputs, hidden, w)
        for j, h in enumerate(hidden):
            name = f"w3{j + 1}"
            _edge(ax, h, out, _weight_label(name, w), at=0.5, color=COLORS["third"])
        ax.text(
            _LAYER_X[2],
            -0.45,
            f"y = {fmt(f['y'])}\nC = (y_hat - y)^2 = {fmt(f['loss'])}",
            ha="center",
            va="top",
            fontsize=9,
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


def _graph_node(ax, kind, yy, name, value, grad, color=COLORS["curve"]):
    """A computation-graph node: "name = value" over "grad dC/d(name)", in kind's column."""
    return _node(ax, (_GRAPH_X[kind], yy), f"{name} = {fmt(value)}\ngrad {fmt(grad)}", color)


def _hidden_graph_nodes(ax, f, node_grads):
    """The h1j and a1j nodes of the computation graph, each pair drawn in turn."""
    hs, As = [], []
    for j, yy in enumerate(_HIDDEN_Y):
        for kind, nodes in (("h", hs), ("a", As)):
            name = f"{kind}1{j + 1}"
            nodes.append(_graph_node(ax, kind, yy, name, f[kind][j], node_grads[name]))
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
    with styled_figure((9.0, 5.0)) as fig:
        ax = _canvas(fig, (-0.35, 4.55), (-1.65, 1.6))
        inputs = _input_nodes(ax, _GRAPH_X["x"], f["x"])
        hs, As = _hidden_graph_nodes(ax, f, node_grads)
        out = _graph_node(
            ax, "y_hat", 0.0, "y_hat", f["y_hat"], node_grads["y_hat"], COLORS["highlight"]
        )
        loss = _graph_node(ax, "C", 0.0, "C", f["loss"], 1.0, COLORS["highlight"])
        _input_edges(ax, inputs, hs, w, grads)
        for j, (h, a) in enumerate(zip(hs, As)):
            _edge(ax, h, a, "")
            label = _weight_label(f"w3{j + 1}", w, grads)
            _edge(ax, a, out, label, at=0.55, color=COLORS["third"])
        _edge(ax, out, loss, "")
        ax.text(
            2.1,
            -1.6,
            "each node: its forward value, and grad = dC/d(node) by backprop; "
            "h to a is the sigmoid",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    return fig

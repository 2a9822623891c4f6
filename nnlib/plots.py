"""Static figures for the notebooks, and the palette and style the explorers share.

Every function returns a matplotlib Figure built with matplotlib.figure.Figure (no
pyplot, so no global state and no second copy from the inline backend); styling is
applied inside each function with rc_context, never on import.
"""

import contextlib

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
# The roles colours play across the course; each role also has its own marker or line
# style, so no meaning rests on colour alone.
COLORS = {
    "curve": OKABE_ITO["blue"],
    "derivative": OKABE_ITO["orange"],
    "tangent": OKABE_ITO["vermillion"],
    "point": OKABE_ITO["black"],
    "bar": OKABE_ITO["sky_blue"],
    "highlight": OKABE_ITO["vermillion"],
    "second": OKABE_ITO["green"],
    "third": OKABE_ITO["purple"],
}
CYCLE = [
    OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "black")
]
DPI = 90

STYLE = {
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 10,
    "axes.titlesize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "lines.linewidth": 2.0,
}


def fmt(value):
    """A number as the figures and readouts print it: 4 significant digits."""
    return f"{float(value):.4g}"


def styled():
    """A context manager applying the course's style to figures created inside it."""
    return mpl.rc_context(STYLE)


def new_figure(figsize, dpi=DPI):
    """A Figure drawn by the Agg canvas (no pyplot, no global state)."""
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


@contextlib.contextmanager
def _figure(figsize, dpi=DPI):
    with styled():
        yield new_figure(figsize, dpi)


def _check_net(net):
    from .network import SeedNetwork

    if net is None:
        return SeedNetwork()
    if not isinstance(net, SeedNetwork):
        raise TypeError(f"net must be a SeedNetwork or None, got {type(net).__name__}")
    return net


# --- activations and losses ------------------------------------------------------------


def plot_activations(names=None, z_range=(-5.0, 5.0)):
    """Each elementwise activation (all of ACTIVATIONS' by default) beside its derivative:
    f solid, f' dashed, one panel per function.  -> Figure.  Taught in 02_activations."""
    from .activations import ACTIVATIONS

    elementwise = [n for n, a in ACTIVATIONS.items() if a.elementwise]
    if names is None:
        names = elementwise
    if isinstance(names, str):
        names = [names]
    for n in names:
        if n not in elementwise:
            raise ValueError(
                f"names must list elementwise activations ({', '.join(elementwise)}),"
                f" got {n!r}"
                + (
                    " (softmax mixes its inputs; its derivative is a matrix)"
                    if n == "softmax"
                    else ""
                )
            )
    z = np.linspace(*z_range, 401)
    cols = min(3, len(names))
    rows = -(-len(names) // cols)
    with _figure((3.2 * cols, 2.6 * rows)) as fig:
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
        for ax, n in zip(axes, names):
            act = ACTIVATIONS[n]
            ax.plot(z, act.f(z), color=COLORS["curve"], ls="-", label=f"{n}(z)")
            ax.plot(z, act.df(z), color=COLORS["derivative"], ls="--", label=f"{n}'(z)")
            ax.set_title(n)
            ax.set_xlabel("z")
            ax.legend(loc="upper left")
        for ax in axes[len(names) :]:
            ax.set_visible(False)
        fig.tight_layout()
    return fig


def plot_loss_curves(n_points=399):
    """MSE and binary cross-entropy against the prediction y_hat in (0, 1), for the
    target y = 1 (left) and y = 0 (right).  -> Figure.  Taught in 03_losses."""
    from .losses import binary_cross_entropy, mse

    p = np.linspace(0.0025, 0.9975, n_points)
    with _figure((8.0, 3.0)) as fig:
        axes = fig.subplots(1, 2, sharey=True)
        for ax, y in zip(axes, (1.0, 0.0)):
            yy = np.full_like(p, y)
            ax.plot(p, mse(p, yy, reduction="none"), color=COLORS["curve"], ls="-", label="MSE")
            ax.plot(
                p,
                binary_cross_entropy(p, yy, reduction="none"),
                color=COLORS["derivative"],
                ls="--",
                label="binary cross-entropy",
            )
            ax.set_title(f"target y = {y:.0f}")
            ax.set_xlabel("prediction y_hat")
            ax.legend(loc="upper center")
        axes[0].set_ylabel("loss C")
        axes[0].set_ylim(0.0, 5.0)
        fig.tight_layout()
    return fig


# --- the seed network ------------------------------------------------------------------

_LAYER_X = (0.0, 1.0, 2.0)
_HIDDEN_Y = (1.2, 0.0, -1.2)
_INPUT_Y = (0.6, -0.6)


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


def plot_seed_network(net=None, x=(1.0, 1.0), y=0.0):
    """The article's 2-3-1 network: weights on the edges, h and a in the hidden nodes,
    y_hat and C at the output, all computed by nnlib for inputs x and target y.
    -> Figure (its texts are the numbers).  Taught in 04_forward_pass."""
    net = _check_net(net)
    f = net.forward(x, y)
    w = net.weights
    with _figure((7.5, 4.6)) as fig:
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-0.4, 2.75)
        ax.set_ylim(-1.6, 1.6)
        ax.axis("off")
        inputs = [
            _node(ax, (_LAYER_X[0], yy), f"x{i + 1} = {fmt(f['x'][i])}", COLORS["point"])
            for i, yy in enumerate(_INPUT_Y)
        ]
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
        for i, p in enumerate(inputs):
            for j, h in enumerate(hidden):
                name = f"w{i + 1}{j + 1}"
                _edge(
                    ax,
                    p,
                    h,
                    f"{name} = {fmt(w[name])}",
                    at=0.62,
                    color=COLORS["curve"] if i == 0 else COLORS["second"],
                )
        for j, h in enumerate(hidden):
            name = f"w3{j + 1}"
            _edge(ax, h, out, f"{name} = {fmt(w[name])}", at=0.5, color=COLORS["third"])
        ax.text(
            _LAYER_X[2],
            -0.45,
            f"y = {fmt(f['y'])}\nC = (y_hat - y)^2 = {fmt(f['loss'])}",
            ha="center",
            va="top",
            fontsize=9,
        )
    return fig


def plot_computation_graph(net=None, x=(1.0, 1.0), y=0.0):
    """The forward values and gradients node by node: each node shows its value and
    dC/d(node); each weight edge shows w and dC/dw.  The gradients are the running
    products of nnlib's chain-rule factors, read from C back to the inputs.
    -> Figure.  Taught in 05_chain_rule."""
    net = _check_net(net)
    f = net.forward(x, y)
    w, grads = net.weights, net.gradients(x, y)
    node_grads = {}
    for j in range(3):
        chain = net.chain_rule(f"w1{j + 1}", x, y)
        upstream = chain[0].value
        node_grads["y_hat"] = upstream
        node_grads[f"a1{j + 1}"] = upstream * chain[1].value
        node_grads[f"h1{j + 1}"] = upstream * chain[1].value * chain[2].value
    with _figure((9.0, 5.0)) as fig:
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-0.35, 4.55)
        ax.set_ylim(-1.65, 1.6)
        ax.axis("off")
        xs = {"x": 0.0, "h": 1.45, "a": 2.45, "y_hat": 3.45, "C": 4.25}
        inputs = [
            _node(ax, (xs["x"], yy), f"x{i + 1} = {fmt(f['x'][i])}", COLORS["point"])
            for i, yy in enumerate(_INPUT_Y)
        ]
        hs, As = [], []
        for j, yy in enumerate(_HIDDEN_Y):
            k = j + 1
            hs.append(
                _node(
                    ax,
                    (xs["h"], yy),
                    f"h1{k} = {fmt(f['h'][j])}\ngrad {fmt(node_grads[f'h1{k}'])}",
                    COLORS["curve"],
                )
            )
            As.append(
                _node(
                    ax,
                    (xs["a"], yy),
                    f"a1{k} = {fmt(f['a'][j])}\ngrad {fmt(node_grads[f'a1{k}'])}",
                    COLORS["curve"],
                )
            )
        out = _node(
            ax,
            (xs["y_hat"], 0.0),
            f"y_hat = {fmt(f['y_hat'])}\ngrad {fmt(node_grads['y_hat'])}",
            COLORS["highlight"],
        )
        loss = _node(ax, (xs["C"], 0.0), f"C = {fmt(f['loss'])}\ngrad 1", COLORS["highlight"])
        for i, p in enumerate(inputs):
            for j, h in enumerate(hs):
                name = f"w{i + 1}{j + 1}"
                _edge(
                    ax,
                    p,
                    h,
                    f"{name} = {fmt(w[name])}\ndC/d{name} = {fmt(grads[name])}",
                    at=0.62,
                    color=COLORS["curve"] if i == 0 else COLORS["second"],
                )
        for j, (h, a) in enumerate(zip(hs, As)):
            name = f"w3{j + 1}"
            _edge(ax, h, a, "")
            _edge(
                ax,
                a,
                out,
                f"{name} = {fmt(w[name])}\ndC/d{name} = {fmt(grads[name])}",
                at=0.55,
                color=COLORS["third"],
            )
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


# --- training and cost -----------------------------------------------------------------


def plot_training(history, title="training loss"):
    """The loss after each gradient-descent step of a History (nnlib.train), on a log
    scale when every loss is positive; a diverged run is marked at its last step.
    -> Figure.  Taught in 07_gradient_descent."""
    from .train import History

    if not isinstance(history, History):
        raise TypeError(
            f"history must be the History that nnlib.train returns, got {type(history).__name__}"
        )
    losses = np.asarray(history.losses, dtype=float)
    if losses.size == 0:
        raise ValueError("history holds no losses; train for at least 0 steps first")
    steps = np.arange(losses.size)
    shown = np.clip(np.nan_to_num(losses, nan=1e100, posinf=1e100), -1e100, 1e100)
    with _figure((5.5, 3.0)) as fig:
        ax = fig.subplots()
        ax.plot(steps, shown, color=COLORS["curve"], marker="o", ms=3, label="C")
        if (shown > 0).all():
            ax.set_yscale("log")
        if history.diverged:
            ax.plot(
                [steps[-1]],
                [shown[-1]],
                ls="none",
                marker="X",
                ms=10,
                color=COLORS["highlight"],
                label="diverged here",
            )
        ax.set_xlabel("step")
        ax.set_ylabel("loss C")
        ax.set_title(title)
        ax.legend(loc="upper right")
        fig.tight_layout()
    return fig


def plot_gradient_cost(sizes, t_backprop, t_numerical):
    """Time for all the gradients against the number of parameters, on log-log axes:
    backprop (one forward and one backward pass) against central differences (two
    forward passes per parameter).  sizes, t_backprop, t_numerical: equal-length
    sequences (seconds).  -> Figure.  Taught in 06_numerical_vs_analytic."""
    arrays = {}
    for name, values in (
        ("sizes", sizes),
        ("t_backprop", t_backprop),
        ("t_numerical", t_numerical),
    ):
        arr = np.asarray(values, dtype=float)
        if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all() or (arr <= 0).any():
            raise ValueError(
                f"{name} must be a non-empty 1-D sequence of positive numbers, got {values!r}"
            )
        arrays[name] = arr
    if not arrays["sizes"].size == arrays["t_backprop"].size == arrays["t_numerical"].size:
        raise ValueError(
            f"sizes, t_backprop and t_numerical must have equal lengths, got "
            f"{arrays['sizes'].size}, {arrays['t_backprop'].size} and "
            f"{arrays['t_numerical'].size}"
        )
    with _figure((5.5, 3.4)) as fig:
        ax = fig.subplots()
        ax.loglog(
            arrays["sizes"],
            arrays["t_backprop"],
            color=COLORS["curve"],
            ls="-",
            marker="o",
            label="backprop",
        )
        ax.loglog(
            arrays["sizes"],
            arrays["t_numerical"],
            color=COLORS["derivative"],
            ls="--",
            marker="s",
            label="central differences",
        )
        ax.set_xlabel("number of parameters")
        ax.set_ylabel("seconds for all gradients")
        ax.set_title("the cost of the gradient")
        ax.legend(loc="upper left")
        fig.tight_layout()
    return fig

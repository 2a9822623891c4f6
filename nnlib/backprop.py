"""The backward pass as an algorithm: the article's 2-3-1 network computed one named
quantity at a time, in the order backpropagation computes them, each with its equation
symbolically and with the numbers substituted; the same pass in matrix form for a batch
with biases; and the count of multiplications that reuse saves.

backprop_steps(weights, x, y) -> (Step, ...): the forward quantities h1j, a1j, y_hat, C,
then the backward ones dC/dy_hat, dC/dw3j, dC/da1j, dC/dh1j, dC/dwij (QUANTITIES), every
value taken from nnlib's layers (affine_backward, activation_backward), so that they equal
SeedNetwork.gradients() to the last digit.  Each upstream gradient is computed once and
reused: a Step names the earlier quantities it uses and which of them it reuses.
Taught in 05_chain_rule.ipynb and 06_backward_pass.ipynb.
"""

from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._check import as_float_array, describe
from .layers import (
    activation_backward,
    activation_forward,
    affine_backward,
    affine_forward,
    affine_param_gradients,
    overflow_ignored,
)
from .losses import LOSSES
from .seed_network import ARTICLE_X, ARTICLE_Y, SeedNetwork
from .written import fmt, given

FORWARD = ("h11", "h12", "h13", "a11", "a12", "a13", "y_hat", "C")
BACKWARD = (
    ("dC/dy_hat",)
    + tuple(f"dC/dw3{j}" for j in (1, 2, 3))
    + tuple(f"dC/da1{j}" for j in (1, 2, 3))
    + tuple(f"dC/dh1{j}" for j in (1, 2, 3))
    + tuple(f"dC/dw{i}{j}" for i in (1, 2) for j in (1, 2, 3))
)
QUANTITIES = FORWARD + BACKWARD  # the order backpropagation computes them in


class Step(NamedTuple):
    """One quantity of the pass.  name: as in QUANTITIES; phase: "forward" or "backward";
    value: its value; symbolic: its equation in names ("dC/dh12 = dC/da12 * a12(1 - a12)");
    substituted: the same with the numbers written in (computed ones by nnlib.written's
    fmt, given ones by its given) and the result; uses: the earlier quantities it is
    computed from; reuses: those of them an earlier step has used already (computed once,
    used again); at: where it lives on the network's diagram, ("node", "x1" | "h1" .. "h3"
    | "y_hat" | "C") or ("edge", weight name)."""

    name: str
    phase: str
    value: float
    symbolic: str
    substituted: str
    uses: tuple
    reuses: tuple
    at: tuple


def _values(net, x, y):
    """Every quantity by name, from one pass through nnlib's layers, plus the inputs and
    weights by name."""
    x, y = net._xy(x, y)
    W1, W2 = (layer.W for layer in net.layers)
    with overflow_ignored():
        h, affine1 = affine_forward(x[None, :], W1)
        a, act1 = activation_forward(h, net.layers[0].activation)
        y_hat, affine2 = affine_forward(a, W2)
        C, d_y_hat = LOSSES["mse"].kernel(y_hat, np.array([[y]]))
        d_a, dW2, _ = affine_backward(d_y_hat, affine2)
        d_h = activation_backward(d_a, act1)
        dW1, _ = affine_param_gradients(d_h, affine1)
    values = {"x1": x[0], "x2": x[1], "y": y, "y_hat": y_hat[0, 0], "C": C}
    values["dC/dy_hat"] = d_y_hat[0, 0]
    for j in range(3):
        k = j + 1
        values[f"h1{k}"], values[f"a1{k}"] = h[0, j], a[0, j]
        values[f"w3{k}"], values[f"dC/dw3{k}"] = W2[j, 0], dW2[j, 0]
        values[f"dC/da1{k}"], values[f"dC/dh1{k}"] = d_a[0, j], d_h[0, j]
        for i in (1, 2):
            values[f"w{i}{k}"], values[f"dC/dw{i}{k}"] = W1[i - 1, j], dW1[i - 1, j]
    return {name: float(v) for name, v in values.items()}


def _forward_recipes():
    """name -> (symbolic right-hand side, substituted right-hand side as a template of
    names in braces, the quantities used, where it lives on the diagram), forward pass."""
    out = {}
    for k in (1, 2, 3):
        out[f"h1{k}"] = (
            f"x1 w1{k} + x2 w2{k}",
            f"{{x1}} * {{w1{k}}} + {{x2}} * {{w2{k}}}",
            (),
            ("node", f"h{k}"),
        )
        out[f"a1{k}"] = (f"sigma(h1{k})", f"sigma({{h1{k}}})", (f"h1{k}",), ("node", f"h{k}"))
    out["y_hat"] = (
        "w31 a11 + w32 a12 + w33 a13",
        " + ".join(f"{{w3{k}}} * {{a1{k}}}" for k in (1, 2, 3)),
        ("a11", "a12", "a13"),
        ("node", "y_hat"),
    )
    out["C"] = ("(y_hat - y)^2", "({y_hat} - {y})^2", ("y_hat",), ("node", "C"))
    return out


def _backward_recipes():
    """The same as _forward_recipes for the backward pass."""
    out = {"dC/dy_hat": ("2(y_hat - y)", "2 * ({y_hat} - {y})", ("y_hat",), ("node", "y_hat"))}
    for k in (1, 2, 3):
        a, up = f"a1{k}", "dC/dy_hat"
        out[f"dC/dw3{k}"] = (f"{up} * {a}", f"{{{up}}} * {{{a}}}", (up, a), ("edge", f"w3{k}"))
        out[f"dC/da1{k}"] = (f"{up} * w3{k}", f"{{{up}}} * {{w3{k}}}", (up,), ("node", f"h{k}"))
    for k in (1, 2, 3):
        a, up = f"a1{k}", f"dC/da1{k}"
        out[f"dC/dh1{k}"] = (
            f"{up} * {a}(1 - {a})",
            f"{{{up}}} * {{{a}}} * (1 - {{{a}}})",
            (up, a),
            ("node", f"h{k}"),
        )
    for i in (1, 2):
        for k in (1, 2, 3):
            up = f"dC/dh1{k}"
            out[f"dC/dw{i}{k}"] = (
                f"{up} * x{i}",
                f"{{{up}}} * {{x{i}}}",
                (up,),
                ("edge", f"w{i}{k}"),
            )
    return out


RECIPES = MappingProxyType({**_forward_recipes(), **_backward_recipes()})


def _substitute(template, values):
    """template with every {name} replaced by the value of name: a computed quantity
    written by fmt (0.7311, 1.000), a weight or an input by given (0.8, 1)."""
    return template.format_map(
        {name: (fmt if name in RECIPES else given)(v) for name, v in values.items()}
    )


def backprop_steps(weights=None, x=ARTICLE_X, y=ARTICLE_Y):
    """The forward and backward pass of the article's network at (x, y), one Step per
    quantity in QUANTITIES' order.  weights: a mapping overriding some or all of
    ARTICLE_WEIGHTS, or a SeedNetwork.  -> tuple of Step."""
    net = weights if isinstance(weights, SeedNetwork) else SeedNetwork(weights)
    values = _values(net, x, y)
    steps, used = [], set()
    for name in QUANTITIES:
        symbolic, template, uses, at = RECIPES[name]
        shown = _substitute(template, values)
        reuses = tuple(u for u in uses if u in used and u in BACKWARD)
        used.update(uses)
        steps.append(
            Step(
                name,
                "forward" if name in FORWARD else "backward",
                values[name],
                f"{name} = {symbolic}",
                f"{name} = {shown} = {fmt(values[name])}",
                uses,
                reuses,
                at,
            )
        )
    return tuple(steps)


def backprop_values(weights=None, x=ARTICLE_X, y=ARTICLE_Y):
    """Every quantity of backprop_steps by name -> value (a new dict)."""
    return {s.name: s.value for s in backprop_steps(weights, x, y)}


# --- the matrix form, for a batch, with biases ------------------------------------------


def batch_backward(X, Y, W1, b1, W2, b2):
    """Gradients of C = mean over the batch of (y_hat - y)^2 for the network
    y_hat = sigma(X @ W1 + b1) @ W2 + b2, by nnlib's layers:
        dZ2 = 2(Y_hat - Y) / N          (N, 1)
        dW2 = A1.T @ dZ2, db2 = dZ2 summed over the batch
        dA1 = dZ2 @ W2.T                (N, H)
        dZ1 = dA1 * sigma'(Z1)          (N, H)
        dW1 = X.T @ dZ1,  db1 = dZ1 summed over the batch.
    X (N, D), Y (N, 1), W1 (D, H), b1 (H,), W2 (H, 1), b2 (1,) -> (dW1, db1, dW2, db2)."""
    X = _matrix(X, "X")
    Y = _matrix(Y, "Y", (X.shape[0], 1))
    W1 = _matrix(W1, "W1", (X.shape[1], None))
    b1 = _vector(b1, "b1", W1.shape[1])
    W2 = _matrix(W2, "W2", (W1.shape[1], 1))
    b2 = _vector(b2, "b2", 1)
    with overflow_ignored():
        Z1, affine1 = affine_forward(X, W1, b1)
        A1, act1 = activation_forward(Z1, "sigmoid")
        Y_hat, affine2 = affine_forward(A1, W2, b2)
        _, dZ2 = LOSSES["mse"].kernel(Y_hat, Y)
        dA1, dW2, db2 = affine_backward(dZ2, affine2)
        dZ1 = activation_backward(dA1, act1)
        dW1, db1 = affine_param_gradients(dZ1, affine1)
    return dW1, db1, dW2, db2


def _matrix(value, name, shape=(None, None)):
    arr = as_float_array(value, name)
    if arr.ndim != 2 or any(s is not None and s != n for s, n in zip(shape, arr.shape)):
        want = ", ".join("any" if s is None else str(s) for s in shape)
        raise ValueError(f"{name} must be a 2-D array of shape ({want}), got shape {arr.shape}")
    return arr


def _vector(value, name, size):
    arr = as_float_array(value, name)
    if arr.shape != (size,):
        raise ValueError(f"{name} must be a 1-D array of shape ({size},), got shape {arr.shape}")
    return arr


# --- what reuse saves: multiplications counted ------------------------------------------


class Counts(NamedTuple):
    """Multiplications for one example's gradients of every weight of a network of the
    given sizes (sigmoid hidden layers, linear outputs, squared error, no biases).
    chains: each weight's gradient by its own chain rule, summed over every path from the
    weight to the loss, nothing shared between weights; reverse: the backward pass, each
    upstream gradient computed once and reused.  weights: how many there are."""

    sizes: tuple
    weights: int
    chains: int
    reverse: int

    @property
    def ratio(self):
        return self.chains / self.reverse


def multiplications(sizes):
    """Counts for a network of these layer widths, e.g. (2, 3, 1) or (784, 128, 10).

    Chains: a weight of layer number `layer` (of L) reaches the loss along
    prod(sizes[layer + 1:]) paths (one node chosen in each later layer).
    Each path multiplies the weight's input, then for every hidden node on it the sigmoid's
    slope a(1 - a) (one multiplication to form) and the weight after it, and finally
    dC/dy_hat = 2(y_hat - y) (one multiplication): 3(L - layer) + 2 multiplications a path.
    Reverse: 2(y_hat - y) for each output; for each hidden layer dC/da = dC/dz_next @ W.T
    (one per weight of the next layer), the slopes and dC/dz = dC/da * a(1 - a) (two per
    node); and dC/dW = a_prev.T @ dC/dz (one per weight).  -> Counts."""
    sizes = _sizes(sizes)
    L = len(sizes) - 1
    weights = [sizes[layer - 1] * sizes[layer] for layer in range(1, L + 1)]
    chains = 0
    for layer in range(1, L + 1):
        paths = int(np.prod(sizes[layer + 1 :], dtype=object)) if layer < L else 1
        chains += weights[layer - 1] * paths * (3 * (L - layer) + 2)
    hidden = sum(weights[layer] + 2 * sizes[layer] for layer in range(1, L))
    reverse = sizes[-1] + sum(weights) + hidden
    return Counts(tuple(sizes), sum(weights), int(chains), int(reverse))


def _sizes(sizes):
    try:
        out = tuple(sizes)
    except TypeError:
        raise TypeError(
            f"sizes must be a sequence of layer widths, got {describe(sizes)}"
        ) from None
    whole = (int, np.integer)
    if len(out) < 2 or not all(
        isinstance(n, whole) and not isinstance(n, bool) and n >= 1 for n in out
    ):
        raise ValueError(f"sizes must be two or more layer widths, whole numbers >= 1, got {out!r}")
    return tuple(int(n) for n in out)

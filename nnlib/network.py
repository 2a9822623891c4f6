"""Networks: MLP, a general vectorized multilayer perceptron, and SeedNetwork, the
article's 2-3-1 network with named weights.  SeedNetwork computes its gradients with
MLP's backprop; its chain_rule() derives the same numbers factor by factor.
Taught in 04_forward_pass.ipynb and 05_chain_rule.ipynb.
"""

import numbers
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._check import as_float, as_float_array, choice, describe, labels_or_one_hot
from .activations import ACTIVATIONS
from .layers import Layer, backward_layers, forward_layers
from .losses import LOSSES

# The network's loss names -> registry entries.  A logit loss's link (softmax for
# cross_entropy) is the output layer's activation, which the loss takes over.
NETWORK_LOSSES = MappingProxyType(
    {"mse": "mse", "cross_entropy": "categorical_cross_entropy_with_logits"}
)


class MLP:
    """A multilayer perceptron for a batch X of shape (N, sizes[0]).

    sizes: layer widths, e.g. [2, 3, 1].
    activations: one name for every hidden layer, or a list with one name per hidden
        layer (len(sizes) - 2), or one per layer including the output (len(sizes) - 1).
        When the output's is not given it is "linear" for mse and "softmax" for
        cross_entropy (which requires softmax).
    loss: "mse" (mean over all elements) or "cross_entropy" (softmax output; Y one-hot
        (N, C) or integer labels (N,)).
    params: [W1, b1, W2, b2, ...] (no b's when bias=False), W of shape (fan_in, fan_out),
        so z = X @ W + b.  These are the arrays the model computes with; layers gives
        the same arrays per layer, by name.
    Taught in 06_numerical_vs_analytic.ipynb and 07_gradient_descent.ipynb.
    """

    def __init__(
        self, sizes, activations="sigmoid", loss="mse", bias=True, seed=None, dtype=np.float64
    ):
        self.sizes = _check_sizes(sizes)
        self.loss_name = choice(loss, "loss", NETWORK_LOSSES)
        self.loss_entry = LOSSES[NETWORK_LOSSES[self.loss_name]]
        self.activations = _check_activations(activations, self.sizes, self.loss_name)
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False, got {describe(bias)}")
        self.bias = bool(bias)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"dtype must be a floating-point type, got {self.dtype}")
        self.params, self._names, self._slots = [], [], []
        rng = np.random.default_rng(seed)
        shapes = zip(self.sizes[:-1], self.sizes[1:], self.activations)
        for k, (fan_in, fan_out, act) in enumerate(shapes, start=1):
            scale = np.sqrt(ACTIVATIONS[act].gain / fan_in)
            W = (rng.standard_normal((fan_in, fan_out)) * scale).astype(self.dtype)
            b = np.zeros(fan_out, dtype=self.dtype) if self.bias else None
            self._slots.append(
                tuple(self._add_param(name, p) for name, p in ((f"W{k}", W), (f"b{k}", b)))
            )

    def _add_param(self, name, p):
        """Append p (None: no parameter) to params; -> its index there, or None."""
        if p is None:
            return None
        self.params.append(p)
        self._names.append(name)
        return len(self.params) - 1

    def __repr__(self):
        return (
            f"MLP(sizes={list(self.sizes)}, activations={list(self.activations)}, "
            f"loss={self.loss_name!r}, bias={self.bias})"
        )

    @property
    def param_names(self):
        """["W1", "b1", "W2", ...], parallel to params (a new list)."""
        return list(self._names)

    @property
    def layers(self):
        """(Layer(W, b, activation), ...), one per layer: views of the arrays in params."""
        p = self.params
        return tuple(
            Layer(p[w], None if b is None else p[b], act)
            for (w, b), act in zip(self._slots, self.activations)
        )

    def _flat(self, per_layer):
        """[LayerGradients(dW, db), ...] per layer -> a list parallel to params."""
        out = [None] * len(self.params)
        for (w, b), grads in zip(self._slots, per_layer):
            out[w] = grads.dW
            if b is not None:
                out[b] = grads.db
        return out

    @property
    def n_params(self):
        """The number of scalar parameters."""
        return sum(p.size for p in self.params)

    def _check_X(self, X):
        X = as_float_array(X, "X", self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X has shape {X.shape} but the first layer expects "
                f"{self.sizes[0]} inputs (shape (N, {self.sizes[0]}))"
            )
        return X

    def _check_Y(self, Y, n):
        out = self.sizes[-1]
        if self.loss_entry.labels:
            return labels_or_one_hot(Y, n, out, self.dtype)
        Y = as_float_array(Y, "Y", self.dtype)
        if out == 1 and Y.shape == (n,):
            return Y.reshape(n, 1)
        if Y.shape != (n, out):
            raise ValueError(
                f"Y has shape {Y.shape} but the network has {out} output(s) and "
                f"X has {n} rows: expected shape ({n}, {out})"
            )
        return Y

    def _forward(self, X):
        """The last layer's output, before the loss's link (logits for cross_entropy), and
        the caches."""
        return forward_layers(X, self.layers, self.loss_entry.link)

    def forward(self, X):
        """The network's outputs (probabilities for cross_entropy).  X: (N, D) -> (N, K)."""
        out, _ = self._forward(self._check_X(X))
        link = self.loss_entry.link
        return out if link is None else ACTIVATIONS[link].kernel(out)

    def loss(self, X, Y):
        """The loss on the batch (a float), by a forward pass only."""
        return self.loss_and_gradients(X, Y, gradients=False)[0]

    def loss_and_gradients(self, X, Y, gradients=True):
        """(loss, [dC/dW1, dC/db1, ...] parallel to params) by one forward and one backward
        pass (loss, None: the forward pass only).  X: (N, D); Y: (N, K) (or (N,) when
        K = 1, or labels (N,) for cross_entropy).  The loss is the registry's kernel."""
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        out, caches = self._forward(X)
        loss, dout = self.loss_entry.kernel(out, Y, gradients)
        if not gradients:
            return loss, None
        return loss, self._flat(backward_layers(dout, caches))


def _check_sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(
            f"sizes must be a list of layer widths such as [2, 3, 1], got {describe(sizes)}"
        )
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least an input and an output width, got {list(sizes)}"
        )
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1:
            raise ValueError(f"sizes must be positive whole numbers, got {list(sizes)}")
    return tuple(int(s) for s in sizes)


def _check_activations(activations, sizes, loss):
    n_layers = len(sizes) - 1
    link = LOSSES[NETWORK_LOSSES[loss]].link
    default_out = link or "linear"
    if isinstance(activations, str):
        names = [activations] * (n_layers - 1) + [default_out]
    elif hasattr(activations, "__len__") and len(activations) == n_layers - 1:
        names = list(activations) + [default_out]
    elif hasattr(activations, "__len__") and len(activations) == n_layers:
        names = list(activations)
    else:
        raise ValueError(
            f"activations must be one name or a list of {n_layers - 1} (hidden "
            f"layers) or {n_layers} (every layer) names, got {describe(activations)}"
        )
    for i, name in enumerate(names):
        choice(name, f"activations[{i}]", ACTIVATIONS)
        if not ACTIVATIONS[name].elementwise and i < n_layers - 1:
            raise ValueError(f"activations[{i}] is {name!r}, which is only for the output layer")
    if link is not None and names[-1] != link:
        raise ValueError(
            f"loss {loss!r} needs a {link} output layer, but the output activation is {names[-1]!r}"
        )
    partner = [k for k, v in NETWORK_LOSSES.items() if LOSSES[v].link == names[-1]]
    if link is None and partner:
        raise ValueError(
            f"the output activation {names[-1]!r} goes with loss {partner[0]!r}, not {loss!r}"
        )
    return tuple(names)


# --- the article's network ------------------------------------------------------

WEIGHT_NAMES = ("w11", "w12", "w13", "w21", "w22", "w23", "w31", "w32", "w33")
ARTICLE_WEIGHTS = {
    "w11": 0.8,
    "w12": 0.4,
    "w13": 0.3,
    "w21": 0.2,
    "w22": 0.9,
    "w23": 0.5,
    "w31": 0.3,
    "w32": 0.5,
    "w33": 0.9,
}
ARTICLE_X = (1.0, 1.0)
ARTICLE_Y = 0.0


class Factor(NamedTuple):
    """One link of the chain rule: its label (e.g. "da11/dh11"), the formula it stands
    for, and its value."""

    label: str
    formula: str
    value: float


class Chain(tuple):
    """The chain-rule factors for one weight; .product is dC/dw."""

    def __new__(cls, weight, factors):
        obj = super().__new__(cls, factors)
        obj.weight = weight
        return obj

    @property
    def product(self):
        out = 1.0
        for f in self:
            out *= f.value
        return out

    def __str__(self):
        lhs = " x ".join(f.label for f in self)
        rhs = " x ".join(f"{f.value:.6g}" for f in self)
        return f"dC/d{self.weight} = {lhs}\n        = {rhs}\n        = {self.product:.6g}"


def _index(name):
    """Where weight name lives: (layer, i, j) into W1 (2, 3) or W2 (3, 1)."""
    if name not in WEIGHT_NAMES:
        raise ValueError(f"weight name must be one of {', '.join(WEIGHT_NAMES)}, got {name!r}")
    row, col = int(name[1]) - 1, int(name[2]) - 1
    return (0, row, col) if row < 2 else (1, col, 0)


class SeedTrace(NamedTuple):
    """One forward and one backward pass of SeedNetwork at (x, y).  Forward: h (3,) the
    pre-activations h1j, a (3,) the activations a1j, y_hat, C.  Backward: gradients, dC/dw
    by name.  The chain rule's factors: dC_dy_hat = 2(y_hat - y), dy_hat_da (3,) = w3j,
    da_dh (3,) = a1j(1 - a1j), dh_dw (2,) = x (dh1j/dwij = xi)."""

    x: np.ndarray
    y: float
    h: np.ndarray
    a: np.ndarray
    y_hat: float
    C: float
    gradients: dict
    dC_dy_hat: float
    dy_hat_da: np.ndarray
    da_dh: np.ndarray
    dh_dw: np.ndarray

    def chain(self, name):
        """The chain rule for dC/d(name) from this pass's factors, as the article derives it.
        For w11: dC/dy_hat * dy_hat/da11 * da11/dh11 * dh11/dw11
               = 2(y_hat - y) * w31 * a11(1 - a11) * x1.
        For w3j: dC/dy_hat * dy_hat/dw3j = 2(y_hat - y) * a1j."""
        layer, i, j = _index(name)
        first = Factor("dC/dy_hat", "2(y_hat - y)", self.dC_dy_hat)
        if layer == 1:
            k = i + 1
            return Chain(name, [first, Factor(f"dy_hat/dw3{k}", f"a1{k}", float(self.a[i]))])
        k, n = j + 1, i + 1
        return Chain(
            name,
            [
                first,
                Factor(f"dy_hat/da1{k}", f"w3{k}", float(self.dy_hat_da[j])),
                Factor(f"da1{k}/dh1{k}", f"a1{k}(1 - a1{k})", float(self.da_dh[j])),
                Factor(f"dh1{k}/d{name}", f"x{n}", float(self.dh_dw[i])),
            ],
        )


class SeedNetwork:
    """The article's network: 2 inputs -> 3 sigmoid hidden nodes -> 1 linear output, no
    biases, loss C = (y_hat - y)^2.  w_ij joins input i to hidden node j; w3j joins hidden
    node j to the output.  h1j = x1 w1j + x2 w2j, a1j = sigmoid(h1j),
    y_hat = sum_j w3j a1j.  weights: a dict overriding some or all of ARTICLE_WEIGHTS.
    x defaults to (1, 1) and y to 0 everywhere.  Taught in 04_forward_pass.ipynb."""

    def __init__(self, weights=None):
        self.mlp = MLP([2, 3, 1], "sigmoid", "mse", bias=False)
        self.set_weights(ARTICLE_WEIGHTS)
        if weights is not None:
            self.set_weights(weights)

    @classmethod
    def from_arrays(cls, W1, W2):
        """A SeedNetwork computing with copies of W1 (2, 3), w_ij at W1[i-1, j-1], and
        W2 (3, 1) or (3,), w3j at W2[j-1]."""
        net = cls()
        checked = []
        for name, arr, layer in zip(("W1", "W2"), (W1, W2), net.layers):
            arr = as_float_array(arr, name)
            if arr.shape != layer.W.shape and arr.shape != (layer.W.size,):
                raise ValueError(f"{name} must have shape {layer.W.shape}, got shape {arr.shape}")
            checked.append(arr.reshape(layer.W.shape))
        for arr, layer in zip(checked, net.layers):
            layer.W[...] = arr
        return net

    def __repr__(self):
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.weights.items())
        return f"SeedNetwork({inner})"

    @property
    def params(self):
        """[W1 (2, 3), W2 (3, 1)]: the arrays the network computes with."""
        return self.mlp.params

    @property
    def layers(self):
        """(Layer(W1, None, "sigmoid"), Layer(W2, None, "linear")), views of params."""
        return self.mlp.layers

    @property
    def weights(self):
        """All nine weights by name, in the order w11 .. w33 (a new dict)."""
        return {name: self[name] for name in WEIGHT_NAMES}

    def __getitem__(self, name):
        layer, i, j = _index(name)
        return float(self.layers[layer].W[i, j])

    def __setitem__(self, name, value):
        layer, i, j = _index(name)
        self.layers[layer].W[i, j] = as_float(value, name)

    def set_weights(self, weights):
        """Set some or all weights from a dict name -> value (checked before any is set)."""
        if not isinstance(weights, dict):
            raise TypeError(
                f"weights must be a dict such as {{'w11': 0.8}}, got {describe(weights)}"
            )
        unknown = [k for k in weights if k not in WEIGHT_NAMES]
        if unknown:
            raise ValueError(
                f"weights has unknown name(s) {unknown}; the names are {', '.join(WEIGHT_NAMES)}"
            )
        checked = {k: as_float(v, f"weights[{k!r}]") for k, v in weights.items()}
        for k, v in checked.items():
            self[k] = v
        return self

    def copy(self):
        """A new SeedNetwork with the same weights."""
        return SeedNetwork.from_arrays(*self.params)

    @staticmethod
    def _xy(x, y):
        x = as_float_array(x, "x")
        if x.shape != (2,):
            raise ValueError(f"x must be the two inputs (x1, x2), got shape {x.shape}")
        return x, as_float(y, "y")

    def trace(self, x=ARTICLE_X, y=ARTICLE_Y):
        """Forward values, gradients and chain-rule factors from one forward and one
        backward pass (MLP's layers and the mse kernel).  -> SeedTrace."""
        x, y = self._xy(x, y)
        out, caches = self.mlp._forward(x[None, :])
        C, dout = self.mlp.loss_entry.kernel(out, np.array([[y]]))
        dC_dy_hat = float(dout[0, 0])
        grads = [layer.dW for layer in backward_layers(dout, caches)]
        hidden = caches[0].activation
        da_dh = hidden.activation.backward(np.ones_like(hidden.a), hidden)[0]
        gradients = {
            name: float(grads[layer][i, j])
            for name, (layer, i, j) in zip(WEIGHT_NAMES, map(_index, WEIGHT_NAMES))
        }
        return SeedTrace(
            x,
            y,
            hidden.z[0].copy(),
            hidden.a[0].copy(),
            float(out[0, 0]),
            C,
            gradients,
            dC_dy_hat,
            self.layers[1].W[:, 0].copy(),
            da_dh,
            x.copy(),
        )

    def forward(self, x=ARTICLE_X, y=ARTICLE_Y):
        """Every intermediate by name: x, y, h (h11, h12, h13), a (a11, a12, a13),
        y_hat and loss."""
        t = self.trace(x, y)
        return {"x": t.x, "y": t.y, "h": t.h, "a": t.a, "y_hat": t.y_hat, "loss": t.C}

    def loss(self, x=ARTICLE_X, y=ARTICLE_Y):
        """C = (y_hat - y)^2, by a forward pass only."""
        x, y = self._xy(x, y)
        return self.mlp.loss(x[None, :], np.array([[y]]))

    def loss_and_gradients(self, x=ARTICLE_X, y=ARTICLE_Y):
        """(C, [dC/dW1 (2, 3), dC/dW2 (3, 1)]) by backprop, parallel to params."""
        x, y = self._xy(x, y)
        return self.mlp.loss_and_gradients(x[None, :], np.array([[y]]))

    def gradients(self, x=ARTICLE_X, y=ARTICLE_Y):
        """dC/dw for every weight by name, by backprop (one forward, one backward pass)."""
        return self.trace(x, y).gradients

    def chain_rule(self, name, x=ARTICLE_X, y=ARTICLE_Y):
        """The chain rule for dC/d(name), factor by factor (SeedTrace.chain), from one
        pass at (x, y).  Taught in 05_chain_rule.ipynb."""
        _index(name)  # a bad name is refused before any computing
        return self.trace(x, y).chain(name)

    def loss_curve(self, name, values, x=ARTICLE_X, y=ARTICLE_Y):
        """C at each value of weight name, the others fixed: one forward pass through a
        stack of K networks that differ only in that weight.  values: (K,) -> (K,)."""
        layer, i, j = _index(name)
        values = as_float_array(values, "values")
        if values.ndim != 1:
            raise ValueError(f"values must be a 1-D array of weights, got shape {values.shape}")
        x, y = self._xy(x, y)
        stack = [
            Layer(np.repeat(lay.W[None], values.shape[0], axis=0), None, lay.activation)
            for lay in self.layers
        ]
        stack[layer].W[:, i, j] = values
        out, _ = forward_layers(x[None, :], stack)  # (K, 1, 1)
        y_hat = out[:, 0, 0]
        return self.mlp.loss_entry.f(y_hat, np.full_like(y_hat, y), reduction="none")

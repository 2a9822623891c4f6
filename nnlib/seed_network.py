"""SeedNetwork, the article's 2-3-1 network with named weights w11 .. w33, its weights
and example (ARTICLE_WEIGHTS, ARTICLE_X, ARTICLE_Y), one pass of it (SeedTrace) and the
chain rule read off that pass (Factor, Chain).  SeedNetwork computes with an MLP's passes
(nnlib.network); its chain_rule() derives the same numbers factor by factor.
Taught in 04_forward_pass.ipynb and 05_chain_rule.ipynb.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

# network.MLP is looked up when a SeedNetwork is built: nnlib.network imports this module
# (to re-export its names) before it defines MLP.
from . import network
from ._check import as_float, as_float_array, describe
from .layers import Layer, overflow_ignored

WEIGHT_NAMES = ("w11", "w12", "w13", "w21", "w22", "w23", "w31", "w32", "w33")
# Read-only: a notebook cell that edits it would change every later SeedNetwork.  For an
# editable copy: dict(ARTICLE_WEIGHTS) or {**ARTICLE_WEIGHTS, "w11": 1.0}.
ARTICLE_WEIGHTS = MappingProxyType(
    {
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
)
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
    y_hat = sum_j w3j a1j.  weights: a mapping (a dict) overriding some or all of
    ARTICLE_WEIGHTS.  x defaults to (1, 1) and y to 0 everywhere.
    Values too large for a float: every method returns inf or nan where they overflow
    (no exception, no warning), so an explorer can show them.
    Taught in 04_forward_pass.ipynb."""

    def __init__(self, weights=None):
        self.mlp = network.MLP([2, 3, 1], "sigmoid", "mse", bias=False)
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
        """Set some or all weights from a mapping (a dict) name -> value, checked before
        any is set."""
        if not isinstance(weights, Mapping):
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
        backward pass (MLP's layers and the mse kernel).  -> SeedTrace.  A value too large
        for a float is inf (inf - inf: nan), with no exception and no warning; loss,
        forward, gradients and chain_rule give the same."""
        x, y = self._xy(x, y)
        with overflow_ignored():
            out, caches = self.mlp._forward(x[None, :])
            C, dout = self.mlp.loss_entry.kernel(out, np.array([[y]]))
            grads = [layer.dW for layer in self.mlp._backward(dout, caches)]
            hidden = caches[0].activation
            da_dh = hidden.activation.backward(np.ones_like(hidden.a), hidden)[0]
        dC_dy_hat = float(dout[0, 0])
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
        return self.objective(x, y)()

    def objective(self, x=ARTICLE_X, y=ARTICLE_Y):
        """loss_and_gradients(x, y) as a function of no arguments (MLP.objective)."""
        x, y = self._xy(x, y)
        return self.mlp.objective(x[None, :], np.array([[y]]))

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
        stack of K networks that differ only in that weight.  values: (K,) -> (K,), inf
        (or nan) where the pass overflows."""
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
        with overflow_ignored():
            out, _ = self.mlp._forward(x[None, :], layers=stack)  # (K, 1, 1)
            y_hat = out[:, 0, 0]
            # The loss checks its inputs are finite: an overflowed y_hat (inf) costs inf,
            # a nan one (inf - inf) nan.
            C = np.where(np.isnan(y_hat), np.nan, np.inf)
            finite = np.isfinite(y_hat)
            C[finite] = self.mlp.loss_entry.f(y_hat[finite], np.full(finite.sum(), y), "none")
        return C

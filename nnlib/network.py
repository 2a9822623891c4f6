"""Networks: MLP, a general vectorized multilayer perceptron, defined here, and
SeedNetwork, the article's 2-3-1 network with named weights, defined with its constants in
nnlib.seed_network and importable from here.  Every pass of either network
(forward_layers, backward_layers) goes through MLP's _forward and _backward.
Taught in 04_forward_pass.ipynb, 05_chain_rule.ipynb, 07_numerical_vs_analytic.ipynb and
08_gradient_descent.ipynb.
"""

import numbers
from types import MappingProxyType

import numpy as np

from ._check import as_float_array, choice, describe, labels_or_one_hot
from .activations import ACTIVATIONS
from .layers import Layer, backward_layers, forward_layers, overflow_ignored
from .losses import LOSSES
from .seed_network import (
    ARTICLE_WEIGHTS,
    ARTICLE_X,
    ARTICLE_Y,
    WEIGHT_NAMES,
    Chain,
    Factor,
    SeedNetwork,
    SeedTrace,
)

__all__ = (
    "ARTICLE_WEIGHTS",
    "ARTICLE_X",
    "ARTICLE_Y",
    "MLP",
    "NETWORK_LOSSES",
    "WEIGHT_NAMES",
    "Chain",
    "Factor",
    "SeedNetwork",
    "SeedTrace",
)

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
    Taught in 07_numerical_vs_analytic.ipynb and 08_gradient_descent.ipynb.
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
        if X.shape[0] == 0:
            raise ValueError(
                f"X has 0 rows: a batch needs at least one example (shape (N, {self.sizes[0]}) "
                "with N >= 1)"
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

    def _forward(self, X, *, layers=None):
        """The last layer's output, before the loss's link (logits for cross_entropy), and
        the caches.  layers: what X passes through, self.layers by default (a stack of
        networks' layers passes X through each of them)."""
        return forward_layers(X, self.layers if layers is None else layers, self.loss_entry.link)

    def _backward(self, dout, caches):
        """Backprop from dout = dC/d(output) through _forward's caches.
        -> [LayerGradients(dW, db), ...] per layer."""
        return backward_layers(dout, caches)

    def forward(self, X):
        """The network's outputs (probabilities for cross_entropy).  X: (N, D) -> (N, K).
        Outputs too large for the float type are inf or nan, without a warning."""
        X = self._check_X(X)
        link = self.loss_entry.link
        with overflow_ignored():
            out, _ = self._forward(X)
            return out if link is None else ACTIVATIONS[link].kernel(out)

    def loss(self, X, Y):
        """The loss on the batch (a float), by a forward pass only."""
        return self.loss_and_gradients(X, Y, gradients=False)[0]

    def loss_and_gradients(self, X, Y, gradients=True):
        """(loss, [dC/dW1, dC/db1, ...] parallel to params) by one forward and one backward
        pass (loss, None: the forward pass only).  X: (N, D); Y: (N, K) (or (N,) when
        K = 1, or labels (N,) for cross_entropy).  The loss is the registry's kernel.
        Values too large for the float type are inf or nan, without a warning."""
        return self.objective(X, Y, gradients)()

    def objective(self, X, Y, gradients=True):
        """loss_and_gradients(X, Y) as a function of no arguments, X and Y checked once
        here: what training calls at every step while the parameters change in place."""
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])

        def loss_and_gradients():
            with overflow_ignored():
                out, caches = self._forward(X)
                loss, dout = self.loss_entry.kernel(out, Y, gradients)
                if not gradients:
                    return loss, None
                return loss, self._flat(self._backward(dout, caches))

        return loss_and_gradients


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
